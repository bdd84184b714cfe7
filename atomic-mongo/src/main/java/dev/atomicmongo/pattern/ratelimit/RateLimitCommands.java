package dev.atomicmongo.pattern.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;

import com.mongodb.client.model.Projections;
import dev.atomicmongo.collection.Commands;
import dev.atomicmongo.collection.FindAndModifyCommand;
import dev.atomicmongo.collection.FindAndUpdateOptions;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.update.UpdateBuilder;

/**
 * The one command {@link FixedWindowRateLimiter} sends per attempt, compiled with no server: a
 * {@code findAndModify} with upsert on the window's own document, {@code $inc} of the count and
 * {@code $setOnInsert} of the key, the window's start and its expiry.
 */
final class RateLimitCommands {
    private final Commands commands;
    private final String countField;
    private final String keyField;
    private final String windowStartField;
    private final String expiresAtField;

    RateLimitCommands(Commands commands, String countField, String keyField, String windowStartField,
                      String expiresAtField) {
        this.commands = Objects.requireNonNull(commands, "commands");
        this.countField = countField;
        this.keyField = keyField;
        this.windowStartField = windowStartField;
        this.expiresAtField = expiresAtField;
    }

    /**
     * The id of a key's window: {@code key@start/length}, such as
     * {@code "user-42@2024-01-15T10:00:00Z/PT1H"}. The start and the length are both in it, so
     * windows of different lengths that start together never share a count, and the ISO suffix
     * (which has no {@code @}) makes the split at the last {@code @} unambiguous whatever the key holds.
     */
    static String windowId(String key, Instant start, Duration length) {
        return key + "@" + start + "/" + length;
    }

    /** Counts one attempt in the window, creating its document if needed; returns only the count after. */
    FindAndModifyCommand acquire(String key, Instant start, Duration length) {
        UpdateBuilder update = UpdateBuilder.update()
                .inc(countField, 1L)
                .setOnInsert(keyField, key)
                .setOnInsert(windowStartField, Date.from(start))
                .setOnInsert(expiresAtField, Date.from(start.plus(length)));
        return commands.findOneAndUpdate(Conditions.eq("_id", windowId(key, start, length)), update,
                FindAndUpdateOptions.returnAfter().withUpsert(true).withProjection(Projections.include(countField)));
    }
}

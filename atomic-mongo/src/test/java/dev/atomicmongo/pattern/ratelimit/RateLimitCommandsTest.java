package dev.atomicmongo.pattern.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import com.mongodb.client.model.ReturnDocument;
import dev.atomicmongo.collection.Commands;
import dev.atomicmongo.collection.CompiledUpdate;
import dev.atomicmongo.collection.FindAndModifyCommand;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

/** What {@link FixedWindowRateLimiter#tryAcquire} sends, as BSON, with no server. */
class RateLimitCommandsTest {
    private static final Instant TEN = Instant.parse("2024-01-15T10:00:00Z");
    private final RateLimitCommands commands = new RateLimitCommands(Commands.withDefaultCodecs(),
            "count", "key", "windowStart", "expiresAt");

    @Test
    void an_attempt_is_one_upserting_findAndModify_of_the_windows_document() {
        FindAndModifyCommand command = commands.acquire("user-42", TEN, Duration.ofHours(1));

        assertThat(command.filter()).isEqualTo(BsonDocument.parse("{_id: 'user-42@2024-01-15T10:00:00Z/PT1H'}"));
        assertThat(((CompiledUpdate.Operators) command.update()).document()).isEqualTo(BsonDocument.parse(
                "{$inc: {count: {$numberLong: '1'}}, $setOnInsert: {key: 'user-42',"
                        + " windowStart: {$date: '2024-01-15T10:00:00Z'}, expiresAt: {$date: '2024-01-15T11:00:00Z'}}}"));
        assertThat(command.upsert()).isTrue();
        assertThat(command.returnDocument()).isEqualTo(ReturnDocument.AFTER);
        assertThat(command.projection()).isEqualTo(BsonDocument.parse("{count: 1}"));
    }

    @Test
    void windows_of_different_lengths_starting_together_have_different_ids() {
        assertThat(RateLimitCommands.windowId("k", TEN, Duration.ofHours(1)))
                .isEqualTo("k@2024-01-15T10:00:00Z/PT1H")
                .isNotEqualTo(RateLimitCommands.windowId("k", TEN, Duration.ofMinutes(1)));
    }

    @Test
    void a_key_holding_an_at_sign_cannot_collide_with_another_keys_window() {
        String tricky = RateLimitCommands.windowId("a@2024-01-15T10:00:00Z/PT1H", TEN, Duration.ofHours(1));
        String plain = RateLimitCommands.windowId("a", TEN, Duration.ofHours(1));

        assertThat(tricky).isNotEqualTo(plain);
        assertThat(tricky.substring(tricky.lastIndexOf('@') + 1)).isEqualTo("2024-01-15T10:00:00Z/PT1H");
        assertThat(tricky.substring(0, tricky.lastIndexOf('@'))).isEqualTo("a@2024-01-15T10:00:00Z/PT1H");
    }

    @Test
    void configured_field_names_are_the_ones_sent() {
        RateLimitCommands custom = new RateLimitCommands(Commands.withDefaultCodecs(), "n", "k", "from", "ttl");

        FindAndModifyCommand command = custom.acquire("u", TEN, Duration.ofSeconds(10));

        assertThat(((CompiledUpdate.Operators) command.update()).document()).isEqualTo(BsonDocument.parse(
                "{$inc: {n: {$numberLong: '1'}}, $setOnInsert: {k: 'u',"
                        + " from: {$date: '2024-01-15T10:00:00Z'}, ttl: {$date: '2024-01-15T10:00:10Z'}}}"));
        assertThat(command.projection()).isEqualTo(BsonDocument.parse("{n: 1}"));
    }
}

package dev.atomicmongo.pattern.ratelimit;

import dev.atomicmongo.CheckReturnValue;
import dev.atomicmongo.filter.Field;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.collection.StoredValues;
import dev.atomicmongo.filter.Conditions;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * A fixed-window rate limiter: at most {@code limit} attempts per key in each window of time
 * (windows aligned to the epoch, so a one-hour window runs from hh:00 to hh+1:00). Each attempt
 * is one {@code findOneAndUpdate} with upsert on the window's own document, returning the count
 * after the increment:
 *
 * <pre>{@code
 * filter: {_id: "user-42@2024-01-15T10:00:00Z/PT1H"}           // key@start/length
 * update: {$inc: {count: 1},
 *          $setOnInsert: {key: "user-42", windowStart: ISODate(...10:00), expiresAt: ISODate(...11:00)}}
 * }</pre>
 *
 * The attempt is allowed when the returned count is at most the limit. The count is never
 * initialised by a {@code $setOnInsert}: {@code $inc} on a missing field starts from 0, and
 * MongoDB refuses an update that writes one path with two operators (the DynamoDB original
 * pairs an add and a set-if-not-exists on the same attribute). Refused attempts are counted too
 * (the count is the number of attempts in the window), which keeps every attempt one write with
 * no error path: a filter such as {@code count < limit} would turn the refused upsert into a
 * duplicate-key error. Two first attempts of a window racing to insert it are settled by the
 * collection: the loser is retried under its {@link dev.atomicmongo.collection.RetryPolicy} and
 * finds the window.
 *
 * <pre>{@code
 * FixedWindowRateLimiter limiter = FixedWindowRateLimiter.of(db.getCollection("rate_limits"));
 * limiter.ensureIndexes();                                   // TTL index: old windows expire
 * RateLimitDecision d = limiter.tryAcquire("user-42", 100, Duration.ofHours(1));
 * if (d instanceof RateLimitDecision.Limited limited) { reject("retry after " + limited.retryAfter()); }
 * }</pre>
 *
 * <p>Windows are computed from the {@link Clock} (UTC system clock unless
 * {@linkplain #withClock given one}), so application servers should keep their clocks in sync.
 * Each window document gets {@code expiresAt} = the window's end, and the TTL index made by
 * {@link #ensureIndexes()} deletes it after that (MongoDB's TTL monitor runs about once a
 * minute). Immutable and thread-safe.
 */
public final class FixedWindowRateLimiter {
    private final AtomicCollection<BsonDocument> documents;
    private final Clock clock;
    private final String countField;
    private final String keyField;
    private final String windowStartField;
    private final String expiresAtField;
    private final RateLimitCommands commands;

    private FixedWindowRateLimiter(AtomicCollection<BsonDocument> documents, Clock clock, String countField,
                                   String keyField, String windowStartField, String expiresAtField) {
        Field.requireDistinctRoles("count", countField, "key", keyField, "window start", windowStartField, "expires-at", expiresAtField);
        this.documents = documents;
        this.clock = clock;
        this.countField = countField;
        this.keyField = keyField;
        this.windowStartField = windowStartField;
        this.expiresAtField = expiresAtField;
        this.commands = new RateLimitCommands(documents.commands(), countField, keyField, windowStartField, expiresAtField);
    }

    /**
     * A limiter keeping its windows in a collection (and its session, if it has one), with the
     * fields {@code count}, {@code key}, {@code windowStart} and {@code expiresAt}.
     */
    public static FixedWindowRateLimiter of(AtomicCollection<?> collection) {
        return new FixedWindowRateLimiter(Objects.requireNonNull(collection, "collection").withDocumentClass(BsonDocument.class),
                Clock.systemUTC(), "count", "key", "windowStart", "expiresAt");
    }

    /** A limiter over a driver collection. */
    public static FixedWindowRateLimiter of(MongoCollection<?> collection) {
        return of(AtomicCollection.of(Objects.requireNonNull(collection, "collection")));
    }

    /** A copy that reads the time from {@code clock}, for example a fixed clock in tests. */
    @CheckReturnValue
    public FixedWindowRateLimiter withClock(Clock clock) {
        return new FixedWindowRateLimiter(documents, Objects.requireNonNull(clock, "clock"), countField, keyField,
                windowStartField, expiresAtField);
    }

    /** A copy that counts attempts in {@code field}. */
    @CheckReturnValue
    public FixedWindowRateLimiter withCountField(String field) {
        return new FixedWindowRateLimiter(documents, clock, checked(field), keyField, windowStartField, expiresAtField);
    }

    /** A copy that stores the key in {@code field}. */
    @CheckReturnValue
    public FixedWindowRateLimiter withKeyField(String field) {
        return new FixedWindowRateLimiter(documents, clock, countField, checked(field), windowStartField, expiresAtField);
    }

    /** A copy that stores the window's start in {@code field}. */
    @CheckReturnValue
    public FixedWindowRateLimiter withWindowStartField(String field) {
        return new FixedWindowRateLimiter(documents, clock, countField, keyField, checked(field), expiresAtField);
    }

    /** A copy that stores the window's expiry, the field the TTL index is on, in {@code field}. */
    @CheckReturnValue
    public FixedWindowRateLimiter withExpiresAtField(String field) {
        return new FixedWindowRateLimiter(documents, clock, countField, keyField, windowStartField, checked(field));
    }

    /**
     * Counts an attempt for {@code key} in the current window and says whether it is within
     * {@code limit}: one {@code findOneAndUpdate} ({@code $inc} with upsert, returning the new count).
     *
     * @return {@link RateLimitDecision.Allowed}, or {@link RateLimitDecision.Limited} with the
     *         time until the window resets
     * @throws IllegalArgumentException if {@code limit} is negative or {@code window} is shorter than a millisecond
     *     or longer than 100 years
     * @throws dev.atomicmongo.AtomicMongoException if the server fails the write
     */
    public RateLimitDecision tryAcquire(String key, long limit, Duration window) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(window, "window");
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0, got " + limit);
        }
        if (window.compareTo(Duration.ofMillis(1)) < 0 || window.compareTo(Duration.ofDays(36_525)) > 0) {
            throw new IllegalArgumentException("window must be between 1 ms and 100 years, got " + window);
        }
        long windowMillis = window.toMillis();
        long now = clock.millis();
        Instant start = Instant.ofEpochMilli(Math.floorDiv(now, windowMillis) * windowMillis);
        Duration length = Duration.ofMillis(windowMillis);
        Instant reset = start.plus(length);
        long count = countIn(documents.execute(commands.acquire(key, start, length)).orElseThrow());
        return count <= limit ? new RateLimitDecision.Allowed(key, count, limit, start, reset)
                : new RateLimitDecision.Limited(key, count, limit, start, reset, Duration.ofMillis(reset.toEpochMilli() - now));
    }

    /**
     * Creates the TTL index that deletes a window's document once it has expired
     * ({@code {expiresAt: 1}, expireAfterSeconds: 0}) if it does not exist; returns its name.
     *
     * @throws dev.atomicmongo.AtomicMongoException if the server fails to create it
     */
    public List<String> ensureIndexes() {
        return List.of(documents.createIndex(Indexes.ascending(expiresAtField),
                new IndexOptions().expireAfter(0L, TimeUnit.SECONDS)));
    }

    private long countIn(BsonDocument document) {
        BsonValue value = StoredValues.valueAt(document, countField).orElse(null);
        return StoredValues.exactLong(value, countField);
    }

    private static String checked(String field) {
        return Conditions.field(field).path();
    }

    @Override
    public String toString() {
        return "FixedWindowRateLimiter{" + documents.namespace() + ", clock=" + clock + "}";
    }
}

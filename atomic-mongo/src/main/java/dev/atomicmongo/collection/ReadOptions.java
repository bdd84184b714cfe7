package dev.atomicmongo.collection;

import java.util.Objects;

import dev.atomicmongo.CheckReturnValue;
import org.bson.conversions.Bson;

/**
 * Immutable options for {@link AtomicCollection#find(Bson, ReadOptions)}: the fields to return,
 * the order, and how many documents at most. Thread-safe.
 *
 * <pre>{@code
 * List<Document> oldest = events.find(Conditions.exists("pending.0"),
 *         ReadOptions.all().withProjection(Projections.include("_id")).withSort(Sorts.ascending("_id")).withLimit(100));
 * }</pre>
 */
@CheckReturnValue
public final class ReadOptions {
    private static final ReadOptions ALL = new ReadOptions(null, null, 0);

    private final Bson projection;
    private final Bson sort;
    private final int limit;

    private ReadOptions(Bson projection, Bson sort, int limit) {
        this.projection = projection;
        this.sort = sort;
        this.limit = limit;
    }

    /** Every field of every matching document, in the server's natural order. */
    public static ReadOptions all() {
        return ALL;
    }

    /** Return only these fields. */
    public ReadOptions withProjection(Bson projection) {
        return new ReadOptions(Objects.requireNonNull(projection, "projection"), sort, limit);
    }

    /** Return the documents in this order. */
    public ReadOptions withSort(Bson sort) {
        return new ReadOptions(projection, Objects.requireNonNull(sort, "sort"), limit);
    }

    /**
     * Return at most {@code limit} documents; 0 for no limit.
     *
     * @throws IllegalArgumentException if negative
     */
    public ReadOptions withLimit(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0, got " + limit);
        }
        return new ReadOptions(projection, sort, limit);
    }

    Bson projection() {
        return projection;
    }

    Bson sort() {
        return sort;
    }

    int limit() {
        return limit;
    }

    @Override
    public String toString() {
        return "ReadOptions{projection=" + projection + ", sort=" + sort + ", limit=" + limit + "}";
    }
}

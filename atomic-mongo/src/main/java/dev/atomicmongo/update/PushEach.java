package dev.atomicmongo.update;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

import dev.atomicmongo.internal.BsonValues;
import dev.atomicmongo.internal.CheckReturnValue;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonValue;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.conversions.Bson;

/**
 * The values of a {@code $push} with {@code $each}, and its optional {@code $position},
 * {@code $slice} and {@code $sort} modifiers. The modifiers exist only on this type, so a
 * modifier without {@code $each} cannot be written. Immutable and thread-safe.
 *
 * <pre>{@code
 * update().push("recent", PushEach.of(score).withSort(-1).withSlice(10))   // keep the top 10
 * }</pre>
 */
@CheckReturnValue
public final class PushEach {
    private final List<?> values;
    private final Integer position;
    private final Integer slice;
    private final Object sort;

    private PushEach(List<?> values, Integer position, Integer slice, Object sort) {
        this.values = values;
        this.position = position;
        this.slice = slice;
        this.sort = sort;
    }

    /**
     * The values to push, in order; {@code $each} may be empty (useful with {@code $slice}), and
     * null elements are stored as BSON null.
     */
    public static PushEach of(Object... values) {
        Objects.requireNonNull(values, "values");
        return of(Arrays.asList(values));
    }

    /** The values to push, copied from the list; null elements are stored as BSON null. */
    public static PushEach of(List<?> values) {
        Objects.requireNonNull(values, "values");
        return new PushEach(Collections.unmodifiableList(new ArrayList<>(values)), null, null, null);
    }

    /** Inserts at this index ({@code $position}); negative counts from the end. */
    public PushEach withPosition(int position) {
        return new PushEach(values, position, slice, sort);
    }

    /** Keeps only this many elements after the push ({@code $slice}): positive from the front, negative from the back. */
    public PushEach withSlice(int slice) {
        return new PushEach(values, position, slice, sort);
    }

    /** Sorts scalar elements after the push ({@code $sort}): 1 ascending, -1 descending. */
    public PushEach withSort(int direction) {
        if (direction != 1 && direction != -1) {
            throw new IllegalArgumentException("$push $sort: direction must be 1 or -1, got " + direction);
        }
        return new PushEach(values, position, slice, direction);
    }

    /** Sorts document elements after the push ({@code $sort}) by a specification such as {@code {score: -1}}. */
    public PushEach withSort(Bson sortSpecification) {
        Objects.requireNonNull(sortSpecification, "sortSpecification");
        return new PushEach(values, position, slice, sortSpecification);
    }

    List<?> values() {
        return values;
    }

    boolean hasModifiers() {
        return position != null || slice != null || sort != null;
    }

    BsonDocument toBson(CodecRegistry registry) {
        BsonArray each = new BsonArray(values.size());
        for (Object value : values) {
            each.add(BsonValues.encode(value, registry));
        }
        BsonDocument doc = new BsonDocument("$each", each);
        if (position != null) {
            doc.append("$position", new BsonInt32(position));
        }
        if (slice != null) {
            doc.append("$slice", new BsonInt32(slice));
        }
        if (sort instanceof Integer direction) {
            doc.append("$sort", new BsonInt32(direction));
        } else if (sort != null) {
            BsonValue spec = ((Bson) sort).toBsonDocument(BsonDocument.class, registry);
            doc.append("$sort", spec);
        }
        return doc;
    }

    /** Equal when both compile to the same document, BSON number types included. */
    @Override
    public boolean equals(Object o) {
        return o instanceof PushEach other && canonical().equals(other.canonical());
    }

    @Override
    public int hashCode() {
        return canonical().hashCode();
    }

    private String canonical() {
        return BsonValues.canonicalJson(toBson(BsonValues.DEFAULT_REGISTRY));
    }

    /** The compiled {@code $each} document as JSON. */
    @Override
    public String toString() {
        return toBson(BsonValues.DEFAULT_REGISTRY).toJson();
    }
}

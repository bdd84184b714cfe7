package dev.atomicmongo.update;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import dev.atomicmongo.internal.BsonValues;
import dev.atomicmongo.CheckReturnValue;
import dev.atomicmongo.internal.Values;
import org.bson.BsonDocument;
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
        try {
            return new PushEach(Values.freezeAll(values), null, null, null);
        } catch (IllegalArgumentException e) {
            throw Values.at("PushEach.of(values)", e);
        }
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

    /** The {@code $push} of these values and modifiers on {@code path}. */
    Operator.ArrayOperator toOperator(String path) {
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) values;
        return new Operator.ArrayOperator(Op.PUSH, path, list, true, position, slice, sort);
    }

    BsonDocument toBson(CodecRegistry registry) {
        return (BsonDocument) toOperator("each").render(registry);
    }

    /**
     * Equal when the values and modifiers are equal, compared type-sensitively ({@code 1} is not
     * {@code 1L}) and without encoding.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof PushEach other && Objects.equals(position, other.position)
                && Objects.equals(slice, other.slice) && Values.equal(sort, other.sort)
                && Values.equalLists(values, other.values);
    }

    @Override
    public int hashCode() {
        return (Values.hashList(values) * 31 + Objects.hash(position, slice)) * 31 + Values.hash(sort);
    }

    /** The compiled {@code $each} document as JSON. */
    @Override
    public String toString() {
        return toBson(BsonValues.DISPLAY_REGISTRY).toJson();
    }
}

package dev.atomicmongo.filter;

import dev.atomicmongo.internal.BsonValues;
import dev.atomicmongo.CheckReturnValue;
import org.bson.BsonDocument;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.conversions.Bson;

/**
 * An immutable query condition, built by {@link Conditions}, compiled to the filter document the
 * server receives. Implements {@link Bson}, so it can be passed wherever the driver takes a filter,
 * and mixed with the driver's own {@code Filters}. Thread-safe.
 *
 * <p>A condition is a tree of clauses holding the values it was given, frozen (collections, maps,
 * arrays, dates and BSON documents are copied). Values are encoded only when the condition is
 * compiled, with the collection's codec registry. {@link #equals} and {@link #hashCode} compare
 * the tree: they never encode, cost nanoseconds, and work for values that have no codec.
 */
@CheckReturnValue
public final class Condition implements Bson {
    private final Node node;
    private int hash;

    Condition(Node node) {
        this.node = node;
    }

    Node node() {
        return node;
    }

    /** This condition and {@code other} ({@code $and}). */
    public Condition and(Bson other) {
        return Conditions.and(this, other);
    }

    /** This condition or {@code other} ({@code $or}). */
    public Condition or(Bson other) {
        return Conditions.or(this, other);
    }

    /** True if the condition uses {@code $expr} at its top or under {@code $and}/{@code $or}/{@code $nor}. */
    boolean containsExpr() {
        return node.containsExpr();
    }

    /** Compiles with the driver's default codec registry (with POJO and record support). */
    public BsonDocument toBsonDocument() {
        return toBsonDocument(BsonDocument.class, BsonValues.DEFAULT_REGISTRY);
    }

    /**
     * Compiles with {@code registry}.
     *
     * @throws IllegalArgumentException if the registry has no codec for one of the values
     */
    @Override
    public <D> BsonDocument toBsonDocument(Class<D> documentClass, CodecRegistry registry) {
        return node.render(registry);
    }

    /**
     * Equal when built the same way from equal values: the same operators on the same paths,
     * clauses of {@code $and}/{@code $or}/{@code $nor} in the same order, values equal with their
     * types ({@code 1}, {@code 1L} and {@code 1.0} differ) and, for maps and documents, their field
     * order, as the server compares them. Never encodes. Two conditions built differently may
     * compile to the same BSON and still differ, such as
     * {@code field("a").lt(field("b"))} and {@code expr(Expr.lt(Expr.field("a"), Expr.field("b")))}.
     * A {@link Bson} from elsewhere inside a condition compares as described in
     * {@link Conditions#and(Bson...)}.
     */
    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof Condition other && node.equals(other.node);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = node.hashCode();
            hash = h;
        }
        return h;
    }

    /**
     * The compiled filter as JSON with the default codec registry, for example
     * {@code {"sold": {"$lt": 100}}}. A value that registry cannot encode is shown as the string
     * {@code "<no codec for com.example.Money: Money[cents=5]>"} instead of failing; a foreign
     * {@link Bson} whose codec fails while printing (a {@code Document} holding a map with
     * non-String keys) prints the reason.
     */
    @Override
    public String toString() {
        try {
            return node.render(Encoder.DISPLAY).toJson();
        } catch (RuntimeException e) {
            return "Condition{invalid: " + e.getClass().getSimpleName() + ": " + e.getMessage() + "}";
        }
    }
}

package dev.atomicmongo.filter;

import java.util.function.Function;

import dev.atomicmongo.internal.BsonValues;
import dev.atomicmongo.internal.CheckReturnValue;
import org.bson.BsonDocument;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.conversions.Bson;

/**
 * An immutable query condition, built by {@link Conditions}, compiled to the filter document the
 * server receives. Values are encoded when compiled, with the collection's codec registry.
 * Implements {@link Bson}, so it can be passed wherever the driver takes a filter, and mixed with
 * the driver's own {@code Filters}. Thread-safe.
 */
@CheckReturnValue
public final class Condition implements Bson {
    private final Function<CodecRegistry, BsonDocument> renderer;
    private final String fieldPath;

    Condition(String fieldPath, Function<CodecRegistry, BsonDocument> renderer) {
        this.fieldPath = fieldPath;
        this.renderer = renderer;
    }

    /** The field this condition tests, or null for a logical or {@code $expr} condition. */
    String fieldPath() {
        return fieldPath;
    }

    /** This condition and {@code other} ({@code $and}). */
    public Condition and(Bson other) {
        return Conditions.and(this, other);
    }

    /** This condition or {@code other} ({@code $or}). */
    public Condition or(Bson other) {
        return Conditions.or(this, other);
    }

    /** Compiles with the driver's default codec registry (with POJO and record support). */
    public BsonDocument toBsonDocument() {
        return toBsonDocument(BsonDocument.class, BsonValues.DEFAULT_REGISTRY);
    }

    @Override
    public <D> BsonDocument toBsonDocument(Class<D> documentClass, CodecRegistry registry) {
        return renderer.apply(registry);
    }

    /** Equal when both compile to the same filter document, BSON number types included. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Condition other
                && BsonValues.canonicalJson(toBsonDocument()).equals(BsonValues.canonicalJson(other.toBsonDocument()));
    }

    @Override
    public int hashCode() {
        return BsonValues.canonicalJson(toBsonDocument()).hashCode();
    }

    /** The compiled filter as JSON, for example {@code {"sold": {"$lt": 100}}}. */
    @Override
    public String toString() {
        return toBsonDocument().toJson();
    }
}

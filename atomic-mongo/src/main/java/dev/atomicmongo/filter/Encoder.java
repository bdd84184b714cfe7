package dev.atomicmongo.filter;

import dev.atomicmongo.internal.BsonValues;
import dev.atomicmongo.update.Expr;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.conversions.Bson;

/**
 * Encodes the values of a {@link Node} tree with one codec registry. A strict encoder fails as
 * the registry does; the lenient one, used only by {@link Condition#toString()}, shows a value it
 * cannot encode as a string naming its class, so that printing a condition never throws.
 */
final class Encoder {
    /** For {@code toString()}: the default registry, lenient. */
    static final Encoder FOR_DISPLAY = new Encoder(BsonValues.DEFAULT_REGISTRY, true);

    private final CodecRegistry registry;
    private final boolean lenient;

    private Encoder(CodecRegistry registry, boolean lenient) {
        this.registry = registry;
        this.lenient = lenient;
    }

    /** Encodes with {@code registry}, failing as it does. */
    static Encoder strict(CodecRegistry registry) {
        return new Encoder(registry, false);
    }

    BsonValue value(Object value) {
        if (!lenient) {
            return BsonValues.encode(value, registry);
        }
        try {
            return BsonValues.encode(value, registry);
        } catch (RuntimeException e) {
            return unencodable(value);
        }
    }

    BsonValue expr(Expr expression) {
        if (!lenient) {
            return expression.toBsonValue(registry);
        }
        try {
            return expression.toBsonValue(registry);
        } catch (RuntimeException e) {
            return unencodable(expression);
        }
    }

    BsonDocument bson(Bson bson) {
        if (!lenient) {
            return bson.toBsonDocument(BsonDocument.class, registry);
        }
        try {
            return bson.toBsonDocument(BsonDocument.class, registry);
        } catch (RuntimeException e) {
            return new BsonDocument("$unencodable", unencodable(bson));
        }
    }

    /** {@code "<no codec for com.example.Money: Money[cents=5]>"}. */
    private static BsonString unencodable(Object value) {
        String text;
        try {
            text = String.valueOf(value);
        } catch (RuntimeException e) {
            text = value.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(value));
        }
        return new BsonString("<no codec for " + value.getClass().getName() + ": " + text + ">");
    }
}

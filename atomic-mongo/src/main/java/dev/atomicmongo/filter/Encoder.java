package dev.atomicmongo.filter;

import java.lang.reflect.Type;
import java.util.List;

import dev.atomicmongo.internal.BsonValues;
import dev.atomicmongo.update.Expr;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.codecs.Codec;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.conversions.Bson;

/**
 * Encodes the values of a {@link Node} tree with a codec registry, failing as the registry does,
 * except with {@link #DISPLAY}, used only by {@link Condition#toString()}: the default registry,
 * showing a value it cannot encode as a string naming its class, so printing never throws.
 */
final class Encoder {
    /** The default registry, lenient: for {@code toString()}. */
    static final CodecRegistry DISPLAY = new Display(BsonValues.DISPLAY_REGISTRY);

    private Encoder() {
    }

    /**
     * Encodes a frozen value. A BSON document or array is copied, so that changing the compiled
     * filter cannot change the condition it came from.
     */
    static BsonValue value(Object value, CodecRegistry registry) {
        if (value instanceof BsonDocument document) {
            return document.clone();
        }
        if (value instanceof BsonArray array) {
            return array.clone();
        }
        if (!(registry instanceof Display)) {
            return BsonValues.encode(value, registry);
        }
        try {
            return BsonValues.encode(value, registry);
        } catch (RuntimeException e) {
            return unencodable(value);
        }
    }

    static BsonValue expr(Expr expression, CodecRegistry registry) {
        if (!(registry instanceof Display)) {
            try {
                return expression.toBsonValue(registry);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("$expr " + expression + ": " + e.getMessage(), e);
            }
        }
        try {
            return expression.toBsonValue(registry);
        } catch (RuntimeException e) {
            return unencodable(expression);
        }
    }

    /** Renders a foreign {@link Bson}; a {@link BsonDocument} (which renders to itself) is copied. */
    static BsonDocument bson(Bson bson, CodecRegistry registry) {
        if (bson instanceof BsonDocument document) {
            return document.clone();
        }
        if (!(registry instanceof Display)) {
            return bson.toBsonDocument(BsonDocument.class, registry);
        }
        try {
            return bson.toBsonDocument(BsonDocument.class, registry);
        } catch (RuntimeException e) {
            return document("$unencodable", unencodable(bson));
        }
    }

    /**
     * A value's encoding failure with the path it was given for, so that the caller learns where
     * the unencodable value is (the codec's message names only its type).
     */
    static IllegalArgumentException onPath(String path, IllegalArgumentException e) {
        String where = path.isEmpty() ? "array element" : "'" + path + "'";
        return e.getMessage() != null && e.getMessage().contains(where) ? e
                : new IllegalArgumentException("Condition on " + where + ": " + e.getMessage(), e);
    }

    /** {@code {key: value}}, with a hash table sized for one entry (the default allocates sixteen). */
    static BsonDocument document(String key, BsonValue value) {
        BsonDocument document = new BsonDocument(2);
        document.put(key, value);
        return document;
    }

    /** {@code "<no codec for com.example.Money: Money[cents=5]>"}. */
    private static BsonString unencodable(Object value) {
        String text;
        try {
            // an array is frozen as a copy: its contents, not its identity, so equal conditions print alike
            text = value.getClass().isArray() ? java.util.Arrays.deepToString(new Object[] {value}) : String.valueOf(value);
        } catch (RuntimeException e) {
            // not the identity hash: equal conditions must print alike
            text = "(its toString() threw " + e.getClass().getName() + ")";
        }
        return new BsonString("<no codec for " + value.getClass().getName() + ": " + text + ">");
    }

    /** A registry that finds what its delegate finds; its type marks lenient encoding. */
    private static final class Display implements CodecRegistry {
        private final CodecRegistry delegate;

        Display(CodecRegistry delegate) {
            this.delegate = delegate;
        }

        @Override
        public <T> Codec<T> get(Class<T> clazz) {
            return delegate.get(clazz);
        }

        @Override
        public <T> Codec<T> get(Class<T> clazz, List<Type> typeArguments) {
            return delegate.get(clazz, typeArguments);
        }

        @Override
        public <T> Codec<T> get(Class<T> clazz, CodecRegistry registry) {
            return delegate.get(clazz, registry);
        }

        @Override
        public <T> Codec<T> get(Class<T> clazz, List<Type> typeArguments, CodecRegistry registry) {
            return delegate.get(clazz, typeArguments, registry);
        }
    }
}

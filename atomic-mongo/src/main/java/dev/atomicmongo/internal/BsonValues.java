package dev.atomicmongo.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDocumentWriter;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.codecs.Codec;
import org.bson.codecs.EncoderContext;
import org.bson.codecs.configuration.CodecConfigurationException;
import org.bson.codecs.configuration.CodecRegistries;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.codecs.pojo.PojoCodecProvider;
import org.bson.conversions.Bson;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;

import com.mongodb.MongoClientSettings;

/** Turns Java values into {@link BsonValue}s through a codec registry; shared by the DSL packages. */
public final class BsonValues {

    /**
     * The driver's default registry (which includes records) with automatic POJO support last,
     * used when no collection supplies its own registry.
     */
    public static final CodecRegistry DEFAULT_REGISTRY = CodecRegistries.fromRegistries(
            MongoClientSettings.getDefaultCodecRegistry(),
            CodecRegistries.fromProviders(PojoCodecProvider.builder().automatic(true).build()));

    /**
     * For {@code toString()} only: the driver's default registry, which is what a collection of a
     * client with default settings encodes with. A class it has no codec for (a POJO, say) is shown
     * as the string {@code "<com.example.Money: encoded by the collection's codecs>"}, never as the
     * property bag automatic POJO support would make of it, since that is not what would be sent
     * through a collection without such support.
     */
    public static final CodecRegistry DISPLAY_REGISTRY = new DisplayRegistry(MongoClientSettings.getDefaultCodecRegistry());

    private static final EncoderContext CONTEXT = EncoderContext.builder().build();
    private static final JsonWriterSettings CANONICAL = JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();

    private BsonValues() {
    }

    /**
     * Encodes one value; common scalar types take a fast path that gives the same BSON as the
     * driver's codecs, everything else goes through {@code registry}.
     *
     * @throws IllegalArgumentException if the registry has no codec for the value's class
     */
    public static BsonValue encode(Object value, CodecRegistry registry) {
        if (value == null) {
            return BsonNull.VALUE;
        }
        if (value instanceof BsonValue bson) {
            return bson;
        }
        if (value instanceof String s) {
            return new BsonString(s);
        }
        if (value instanceof Integer i) {
            return new BsonInt32(i);
        }
        if (value instanceof Long l) {
            return new BsonInt64(l);
        }
        if (value instanceof Double d) {
            return new BsonDouble(d);
        }
        if (value instanceof Boolean b) {
            return BsonBoolean.valueOf(b);
        }
        if (value instanceof ObjectId id) {
            return new BsonObjectId(id);
        }
        if (value instanceof Date date) {
            return new BsonDateTime(date.getTime());
        }
        if (value instanceof Instant instant) {
            try {
                return new BsonDateTime(instant.toEpochMilli());
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("The java.time.Instant " + instant
                        + " is outside the range of a BSON date (epoch milliseconds in a signed 64-bit integer)", e);
            }
        }
        if (value instanceof Decimal128 decimal) {
            return new BsonDecimal128(decimal);
        }
        if (value instanceof BigDecimal decimal) {
            return new BsonDecimal128(new Decimal128(decimal));
        }
        if (value instanceof Bson bson) {
            try {
                return bson.toBsonDocument(BsonDocument.class, registry);
            } catch (IllegalArgumentException e) {
                throw e;
            } catch (RuntimeException e) {
                throw cannotEncode(value, e);
            }
        }
        return encodeWithCodec(value, registry);
    }

    /**
     * Encodes a value that must become a document (a map, a POJO, a record, a {@link Bson}).
     *
     * @throws IllegalArgumentException naming {@code what} if the value does not encode to a document
     */
    public static BsonDocument encodeDocument(Object value, CodecRegistry registry, String what) {
        BsonValue encoded = encode(value, registry);
        if (!encoded.isDocument()) {
            throw new IllegalArgumentException(what + " must encode to a document, but "
                    + value.getClass().getName() + " encodes to " + encoded.getBsonType());
        }
        return encoded.asDocument();
    }

    private static IllegalArgumentException cannotEncode(Object value, RuntimeException e) {
        return new IllegalArgumentException("Cannot encode a " + value.getClass().getName() + ": "
                + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static BsonValue encodeWithCodec(Object value, CodecRegistry registry) {
        Codec codec;
        try {
            codec = registry.get(value.getClass());
        } catch (CodecConfigurationException e) {
            throw new IllegalArgumentException("No codec for " + value.getClass().getName()
                    + " in the codec registry: " + e.getMessage(), e);
        }
        BsonDocument holder = new BsonDocument();
        BsonDocumentWriter writer = new BsonDocumentWriter(holder);
        writer.writeStartDocument();
        writer.writeName("v");
        try {
            CONTEXT.encodeWithChildContext(codec, writer, value);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            // a codec's refusal (CodecConfigurationException, BSONException, ArithmeticException) or a
            // codec that assumed more than the value gives (a Map with non-String keys: ClassCastException)
            throw cannotEncode(value, e);
        }
        writer.writeEndDocument();
        return holder.get("v");
    }

    /**
     * The document as canonical extended JSON, for {@code equals} and {@code hashCode}: unlike
     * {@link BsonDocument#toJson()} it tells an int32 from an int64 or a double of the same value,
     * and unlike {@link BsonDocument#equals} it keeps field order.
     */
    public static String canonicalJson(BsonDocument document) {
        return document.toJson(CANONICAL);
    }

    /** The value at a dotted path of a document, or null when a segment is missing or not a document. */
    public static BsonValue valueAt(BsonDocument document, String path) {
        BsonValue value = document;
        for (String segment : path.split("\\.")) {
            value = value != null && value.isDocument() ? value.asDocument().get(segment) : null;
        }
        return value;
    }

    /**
     * A BSON number as an exact {@link BigDecimal} (a double by its decimal string, as
     * {@link BigDecimal#valueOf(double)}), or null when the value is not a number.
     */
    public static BigDecimal decimalOf(BsonValue value) {
        if (value.isDecimal128()) {
            return value.asDecimal128().decimal128Value().bigDecimalValue();
        }
        if (value.isDouble()) {
            return BigDecimal.valueOf(value.asDouble().getValue());
        }
        if (value.isNumber()) {
            return BigDecimal.valueOf(value.asNumber().longValue());
        }
        return null;
    }

    /**
     * True if the value, read as an aggregation expression, would not mean itself: a string
     * starting with {@code $}, or a document or array holding one, or a document with a
     * {@code $}-prefixed key.
     */
    public static boolean needsLiteral(BsonValue value) {
        if (value.isString()) {
            return value.asString().getValue().startsWith("$");
        }
        if (value.isDocument()) {
            for (Map.Entry<String, BsonValue> e : value.asDocument().entrySet()) {
                if (e.getKey().startsWith("$") || needsLiteral(e.getValue())) {
                    return true;
                }
            }
            return false;
        }
        if (value.isArray()) {
            for (BsonValue element : (BsonArray) value) {
                if (needsLiteral(element)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * A registry that falls back to a placeholder codec where its delegate has none, for the
     * values looked up through it; codecs the delegate hands out (a {@code Document}'s) look their
     * nested values up in the delegate, so a nested value without a codec still fails there.
     */
    private static final class DisplayRegistry implements CodecRegistry {
        private final CodecRegistry delegate;

        DisplayRegistry(CodecRegistry delegate) {
            this.delegate = delegate;
        }

        @Override
        public <T> Codec<T> get(Class<T> clazz) {
            try {
                Codec<T> codec = delegate.get(clazz);
                return codec != null ? codec : new Placeholder<>(clazz);
            } catch (CodecConfigurationException e) {
                return new Placeholder<>(clazz);
            }
        }

        @Override
        public <T> Codec<T> get(Class<T> clazz, CodecRegistry registry) {
            return delegate.get(clazz, registry);
        }

        @Override
        public <T> Codec<T> get(Class<T> clazz, java.util.List<java.lang.reflect.Type> typeArguments) {
            try {
                Codec<T> codec = delegate.get(clazz, typeArguments);
                return codec != null ? codec : new Placeholder<>(clazz);
            } catch (CodecConfigurationException e) {
                return new Placeholder<>(clazz);
            }
        }

        @Override
        public <T> Codec<T> get(Class<T> clazz, java.util.List<java.lang.reflect.Type> typeArguments, CodecRegistry registry) {
            return delegate.get(clazz, typeArguments, registry);
        }
    }

    /** Writes {@code "<class: encoded by the collection's codecs>"}; never decodes. */
    private record Placeholder<T>(Class<T> type) implements Codec<T> {
        @Override
        public void encode(org.bson.BsonWriter writer, T value, EncoderContext context) {
            writer.writeString("<" + type.getName() + ": encoded by the collection's codecs>");
        }

        @Override
        public T decode(org.bson.BsonReader reader, org.bson.codecs.DecoderContext context) {
            throw new UnsupportedOperationException("a display placeholder does not decode");
        }

        @Override
        public Class<T> getEncoderClass() {
            return type;
        }
    }
}

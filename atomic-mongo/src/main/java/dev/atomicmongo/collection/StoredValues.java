package dev.atomicmongo.collection;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

import dev.atomicmongo.StoredValueException;
import dev.atomicmongo.internal.BsonValues;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * Reads values out of stored documents as read back by {@link AtomicCollection} (with
 * {@code BsonDocument} as the document class): the value at a dotted path, and BSON numbers as
 * exact decimals. For the reads that follow a refused write, to say why it was refused.
 */
public final class StoredValues {
    private StoredValues() {
    }

    /**
     * The value at a dotted path ({@code "stats.views"}), or empty when a segment is missing or
     * not a document. Array indexes are not followed.
     */
    public static Optional<BsonValue> valueAt(BsonDocument document, String path) {
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(path, "path");
        return Optional.ofNullable(BsonValues.valueAt(document, path));
    }

    /**
     * A BSON number (int32, int64, double, decimal128) as an exact {@link BigDecimal}, a double
     * by its shortest decimal string as {@link BigDecimal#valueOf(double)} gives it; empty for a
     * value that is not a number, and for a double or decimal that is NaN or infinite.
     */
    public static Optional<BigDecimal> decimal(BsonValue value) {
        Objects.requireNonNull(value, "value");
        if (value.isDouble() && !Double.isFinite(value.asDouble().getValue())) {
            return Optional.empty();
        }
        if (value.isDecimal128() && (value.asDecimal128().getValue().isNaN() || value.asDecimal128().getValue().isInfinite())) {
            return Optional.empty();
        }
        return Optional.ofNullable(BsonValues.decimalOf(value));
    }

    /**
     * A stored count or quantity as an exact {@code long}: an int32 or int64, or a double or
     * decimal128 holding a whole number within 64 bits. Anything else (a fraction, NaN, infinity,
     * a string, a value beyond 64 bits) is refused rather than truncated.
     *
     * @throws StoredValueException naming {@code path} if the value is not such a whole number
     */
    public static long exactLong(BsonValue value, String path) {
        Objects.requireNonNull(path, "path");
        if (value != null && (value.isInt32() || value.isInt64())) {
            return value.asNumber().longValue();
        }
        BigDecimal exact = value == null ? null : decimal(value).orElse(null);
        if (exact != null) {
            try {
                return exact.longValueExact();
            } catch (ArithmeticException notWhole) {
                // a fraction or beyond 64 bits: refused below
            }
        }
        throw new StoredValueException(path, value, "a whole number within 64 bits");
    }
}

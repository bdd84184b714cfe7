package dev.atomicmongo.pattern.counter;

import java.math.BigDecimal;

import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.StoredValueException;
import dev.atomicmongo.collection.StoredValues;
import dev.atomicmongo.filter.Conditions;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.conversions.Bson;

/** Reads shared by the counter-package patterns: one document, and values at dotted paths. */
final class Documents {
    private Documents() {
    }

    /** The first document matching {@code filter} with only the projected fields, in the collection's session; or null. */
    static BsonDocument find(AtomicCollection<BsonDocument> documents, Bson filter, Bson projection) {
        return documents.findOne(filter, projection).orElse(null);
    }

    /** The value at a dotted path, or null when a segment is missing or not a document. */
    static BsonValue valueAt(BsonDocument document, String path) {
        return StoredValues.valueAt(document, path).orElse(null);
    }

    /**
     * The whole number at a path; 0 when it is missing or null.
     *
     * @throws StoredValueException if it holds a fraction, a non-number or more than 64 bits
     */
    static long longAt(BsonDocument document, String path) {
        BsonValue value = valueAt(document, path);
        if (value == null || value.isNull()) {
            return 0;
        }
        return StoredValues.exactLong(value, path);
    }

    /** The number at a path, exactly; 0 when it is missing or null. */
    static BigDecimal decimalAt(BsonDocument document, String path) {
        BsonValue value = valueAt(document, path);
        if (value == null || value.isNull()) {
            return BigDecimal.ZERO;
        }
        return StoredValues.decimal(value).orElseThrow(() -> new StoredValueException(path, value, "a finite number"));
    }

    /**
     * Validates a field path, as the filter builders do.
     *
     * @throws IllegalArgumentException naming the path and the rule it breaks
     */
    static String checkedPath(String path) {
        return Conditions.field(path).path();
    }
}

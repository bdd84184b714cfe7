package dev.atomicmongo.pattern.counter;

import java.math.BigDecimal;

import dev.atomicmongo.collection.AtomicCollection;
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

    /** The integer at a path; 0 when it is missing or null. */
    static long longAt(BsonDocument document, String path) {
        BsonValue value = valueAt(document, path);
        if (value == null || value.isNull()) {
            return 0;
        }
        if (!value.isNumber() && !value.isDecimal128()) {
            throw new IllegalStateException("Field '" + path + "' holds a " + value.getBsonType() + ", not a number");
        }
        return value.isDecimal128() ? value.asDecimal128().decimal128Value().bigDecimalValue().longValueExact()
                : value.asNumber().longValue();
    }

    /** The number at a path, exactly; 0 when it is missing or null. */
    static BigDecimal decimalAt(BsonDocument document, String path) {
        BsonValue value = valueAt(document, path);
        if (value == null || value.isNull()) {
            return BigDecimal.ZERO;
        }
        return StoredValues.decimal(value).orElseThrow(() -> new IllegalStateException(
                "Field '" + path + "' holds a " + value.getBsonType() + ", not a number"));
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

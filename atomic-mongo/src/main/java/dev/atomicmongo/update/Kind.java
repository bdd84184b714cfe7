package dev.atomicmongo.update;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Collection;
import java.util.Date;
import java.util.Map;

import org.bson.BsonValue;

/**
 * What an expression can evaluate to, known when it is built: enough to refuse, before anything
 * is sent, an argument MongoDB would refuse at run time ({@code $size} of a string). Field paths
 * and variables are {@link #UNKNOWN} and never refused.
 */
enum Kind {
    NUMBER("a number"),
    BOOLEAN("a boolean"),
    STRING("a string"),
    ARRAY("an array"),
    DOCUMENT("a document"),
    DATE("a date"),
    NULL("null"),
    UNKNOWN("of unknown type");

    final String description;

    Kind(String description) {
        this.description = description;
    }

    /** The kind of a frozen literal; a value only a codec can tell (a POJO, an enum, an id) is {@link #UNKNOWN}. */
    static Kind ofLiteral(Object value) {
        if (value == null) {
            return NULL;
        }
        if (value instanceof BsonValue bson) {
            return ofBson(bson);
        }
        if (value instanceof Number) {
            return NUMBER;
        }
        if (value instanceof String) {
            return STRING;
        }
        if (value instanceof Boolean) {
            return BOOLEAN;
        }
        if (value instanceof Map<?, ?>) {
            return DOCUMENT;
        }
        if (value instanceof Collection<?> || value instanceof Object[]
                || value.getClass().isArray() && !(value instanceof byte[])) {
            return ARRAY;
        }
        if (value instanceof Date || value instanceof Instant || value instanceof LocalDateTime || value instanceof LocalDate) {
            return DATE;
        }
        return UNKNOWN;
    }

    private static Kind ofBson(BsonValue value) {
        return switch (value.getBsonType()) {
            case INT32, INT64, DOUBLE, DECIMAL128 -> NUMBER;
            case BOOLEAN -> BOOLEAN;
            case STRING -> STRING;
            case ARRAY -> ARRAY;
            case DOCUMENT -> DOCUMENT;
            case DATE_TIME -> DATE;
            case NULL -> NULL;
            default -> UNKNOWN;
        };
    }
}

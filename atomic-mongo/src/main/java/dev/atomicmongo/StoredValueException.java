package dev.atomicmongo;

import java.util.Objects;

import org.bson.BsonValue;

/**
 * A stored document holds, at a path an operation relies on, a value it cannot use as it is: a
 * count that is not an integer, a number where a string belongs, a quantity beyond 64 bits. The
 * operation refuses it rather than truncating or guessing; what was written before the value was
 * read is said in the message.
 */
public class StoredValueException extends AtomicMongoException {
    private static final long serialVersionUID = 1L;
    private final String path;
    private final transient BsonValue value;

    /** Creates the exception for the value found at {@code path} and what was expected there. */
    public StoredValueException(String path, BsonValue value, String expected) {
        super("The stored '" + Objects.requireNonNull(path, "path") + "' is " + describe(value) + ", not " + expected);
        this.path = path;
        this.value = value;
    }

    /** The dotted path of the value. */
    public String path() {
        return path;
    }

    /** The value found there, as stored. */
    public BsonValue value() {
        return value;
    }

    private static String describe(BsonValue value) {
        if (value == null) {
            return "missing";
        }
        String shown = value.isString() ? "\"" + value.asString().getValue() + "\""
                : value.isNumber() || value.isDecimal128() || value.isBoolean() ? String.valueOf(numberOrBoolean(value))
                : value.getBsonType().name();
        return shown + " (a BSON " + value.getBsonType() + ")";
    }

    private static Object numberOrBoolean(BsonValue value) {
        if (value.isBoolean()) {
            return value.asBoolean().getValue();
        }
        if (value.isDecimal128()) {
            return value.asDecimal128().getValue();
        }
        if (value.isDouble()) {
            return value.asDouble().getValue();
        }
        return value.asNumber().longValue();
    }
}

package dev.atomicmongo.collection;

import java.util.Objects;

import org.bson.BsonString;

/**
 * The identity of one logical operation (a webhook delivery, a message, a client request), chosen
 * by the caller and sent again, unchanged, with every retry of that operation. A guarded update
 * ({@link AtomicCollection#updateOnce}) records it in the document it changes, so a retry that
 * finds it there changes nothing. Stored as a BSON string.
 *
 * <pre>{@code
 * OperationId id = OperationId.of(request.header("Idempotency-Key"));
 * counters.collection().updateOnce(Conditions.eq("_id", user), update().inc("credits", 5), id);
 * }</pre>
 *
 * @param value the id as given: not blank, at most {@value #MAX_LENGTH} characters, no NUL, no
 *              unpaired surrogate (BSON stores one as U+FFFD, so two different ids would become one)
 */
public record OperationId(String value) {
    /** The longest id accepted, in characters; each id is kept in up to a window's worth of documents. */
    public static final int MAX_LENGTH = 256;

    /**
     * Checks the id.
     *
     * @throws NullPointerException if {@code value} is null
     * @throws IllegalArgumentException if it is blank, longer than {@value #MAX_LENGTH} characters, or holds a
     *         NUL or an unpaired surrogate
     */
    public OperationId {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("operation id: must not be blank");
        }
        if (value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("operation id: " + value.length() + " characters, at most "
                    + MAX_LENGTH + " allowed");
        }
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("operation id: must not contain the NUL character");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("operation id: an unpaired surrogate at index " + i
                        + " is not Unicode; BSON would store it as U+FFFD, making different ids equal");
            }
        }
    }

    /** The id {@code value}; see the constructor for the rules. */
    public static OperationId of(String value) {
        return new OperationId(value);
    }

    /** The id as stored in the document. */
    public BsonString toBsonValue() {
        return new BsonString(value);
    }

    @Override
    public String toString() {
        return value;
    }
}

package dev.atomicmongo;

/**
 * The root of every exception atomic-mongo throws for a failed operation.
 *
 * <p>Outcomes a caller is expected to branch on (not found, condition failed, already exists)
 * are returned as values; they become exceptions only when the caller asks for success, for
 * example through {@code ConditionalOutcome.orThrow()}. When a driver exception caused the
 * failure, it is kept as the {@linkplain #getCause() cause}.
 *
 * <p>Invalid arguments to the builders are not operation failures: they fail at build time with
 * {@link NullPointerException} or {@link IllegalArgumentException} naming the field and the rule.
 */
public class AtomicMongoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message. */
    public AtomicMongoException(String message) {
        super(message);
    }

    /** Creates an exception with a message and the exception that caused it. */
    public AtomicMongoException(String message, Throwable cause) {
        super(message, cause);
    }
}

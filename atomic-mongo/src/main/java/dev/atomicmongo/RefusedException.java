package dev.atomicmongo;

/**
 * An operation the caller required to succeed was refused; thrown by {@link Outcome#orThrow()}.
 * Each subclass returns its own refusal record type from {@link #refusal()}, so a handler reads
 * the reason's fields without casts.
 */
public abstract class RefusedException extends AtomicMongoException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message describing the refusal. */
    protected RefusedException(String message) {
        super(message);
    }

    /** The refusal record this exception was made from. */
    public abstract Refusal refusal();
}

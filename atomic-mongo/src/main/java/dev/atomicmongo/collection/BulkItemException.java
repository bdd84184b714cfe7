package dev.atomicmongo.collection;

import dev.atomicmongo.AtomicMongoException;

/**
 * Thrown by {@link BulkOutcome#orThrow()} for an item of a bulk write that was not attempted or
 * whose effect cannot be told ({@link BulkOutcome.NotAttempted}, {@link BulkOutcome.Undetermined}).
 */
public class BulkItemException extends AtomicMongoException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public BulkItemException(String message) {
        super(message);
    }
}

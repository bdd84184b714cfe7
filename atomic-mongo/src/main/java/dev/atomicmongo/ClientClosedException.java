package dev.atomicmongo;

/**
 * The {@code MongoClient} behind a collection was closed before or during an operation. Nothing
 * more will succeed through it; the driver's exception is the {@linkplain #getCause() cause}.
 */
public class ClientClosedException extends AtomicMongoException {
    private static final long serialVersionUID = 1L;

    /** Wraps the driver's report that its client is closed. */
    public ClientClosedException(String operation, RuntimeException cause) {
        super(operation + " failed: the MongoClient is closed", cause);
    }
}

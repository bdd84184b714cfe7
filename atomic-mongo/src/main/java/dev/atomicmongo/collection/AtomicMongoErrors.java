package dev.atomicmongo.collection;

import java.util.Objects;
import java.util.function.Supplier;

import com.mongodb.MongoException;

/**
 * The one translation of driver exceptions into the atomic-mongo hierarchy, for code that calls
 * the driver itself (a transaction's {@code ClientSession}, say), exactly as
 * {@link AtomicCollection} translates its own failures: a {@link MongoException} becomes a
 * {@link dev.atomicmongo.DuplicateKeyException} or a {@link dev.atomicmongo.MongoOperationException}
 * (with the driver's exception as its cause and its error labels), a codec failure a
 * {@link dev.atomicmongo.DocumentCodecException}, a closed client a
 * {@link dev.atomicmongo.ClientClosedException}. Stateless and thread-safe.
 *
 * <pre>{@code
 * ClientSession session = AtomicMongoErrors.translating("startSession", client::startSession);
 * }</pre>
 */
public final class AtomicMongoErrors {
    private AtomicMongoErrors() {
    }

    /**
     * Runs {@code action} and returns its result; a driver failure it throws is translated, any
     * other exception (an atomic-mongo exception, a bug, a bad argument) passes unchanged.
     *
     * @param operation what is being done, for the message ({@code "commitTransaction"})
     * @throws dev.atomicmongo.AtomicMongoException the translation of a driver exception
     */
    public static <T> T translating(String operation, Supplier<T> action) {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(action, "action");
        try {
            return action.get();
        } catch (RuntimeException e) {
            throw Errors.translateAny(operation, e);
        }
    }
}

package dev.atomicmongo;

import java.util.Set;

import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;

/**
 * A driver or server failure that has no more specific type here. The driver's
 * {@link MongoException} is the {@linkplain #getCause() cause}; its error code, its error labels
 * and whether trying again may succeed are exposed.
 */
public class MongoOperationException extends AtomicMongoException {
    private static final long serialVersionUID = 1L;
    private final int code;
    private final Set<String> errorLabels;
    private final boolean isTransient;

    /** Wraps a driver exception, prefixing its message with what was being done. */
    public MongoOperationException(String operation, MongoException cause) {
        super(operation + " failed: " + cause.getMessage(), cause);
        this.code = cause.getCode();
        this.errorLabels = Set.copyOf(cause.getErrorLabels());
        this.isTransient = cause.hasErrorLabel(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL)
                || cause.hasErrorLabel("RetryableWriteError")
                || cause instanceof MongoSocketException
                || cause instanceof MongoConnectionPoolClearedException
                || cause instanceof MongoTimeoutException
                || cause instanceof MongoNotPrimaryException
                || cause instanceof MongoNodeIsRecoveringException;
    }

    /** The server's error code, or -1 when the failure was not reported by the server. */
    public int code() {
        return code;
    }

    /**
     * The error labels the server or driver attached, such as {@code TransientTransactionError}
     * or {@code UnknownTransactionCommitResult}; empty when there are none.
     */
    public Set<String> errorLabels() {
        return errorLabels;
    }

    /** True if the failure carries {@code label}. */
    public boolean hasErrorLabel(String label) {
        return errorLabels.contains(label);
    }

    /**
     * True if the same operation may succeed when tried again: the failure is labelled
     * {@code TransientTransactionError} or {@code RetryableWriteError}, or it is a network error,
     * a connection pool cleared after another operation's network error, a server-selection
     * timeout or a change of primary. Whether a retry is safe (the write may
     * have been applied) is the caller's to judge.
     */
    public boolean isTransient() {
        return isTransient;
    }
}

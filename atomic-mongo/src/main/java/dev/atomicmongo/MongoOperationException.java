package dev.atomicmongo;

import com.mongodb.MongoException;

/**
 * A driver or server failure that has no more specific type here; the driver's
 * {@link MongoException} is the cause and its error code is exposed.
 */
public class MongoOperationException extends AtomicMongoException {
    private static final long serialVersionUID = 1L;
    private final int code;

    /** Wraps a driver exception, prefixing its message with what was being done. */
    public MongoOperationException(String operation, MongoException cause) {
        super(operation + " failed: " + cause.getMessage(), cause);
        this.code = cause.getCode();
    }

    /** The server's error code, or -1 when the failure was not reported by the server. */
    public int code() {
        return code;
    }
}

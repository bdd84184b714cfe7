package dev.atomicmongo.pattern.mailbox;

import java.util.List;

import org.bson.types.ObjectId;

/**
 * Callbacks from a {@link Mailbox}'s workers, for metrics and alerts; every method has an empty
 * default. Called on worker threads, so implementations must be thread-safe and quick. A
 * listener that throws is logged and otherwise ignored.
 */
public interface MailboxListener {

    /** A batch's state and event removal were stored by one guarded write. */
    default void onBatchStored(String key, long token, List<ObjectId> eventIds) {
    }

    /**
     * The lock on {@code key} expired or passed to another owner while this instance held it
     * with {@code token}; the batch's new state ({@code events} events) was not written and
     * the next holder handles those events again. Also logged as a warning.
     */
    default void onLockLost(String key, long token, int events) {
    }

    /**
     * The handler (or a database call) failed on a batch; nothing was written and the lock is
     * kept until it expires, when the batch is retried. Also logged as an error.
     */
    default void onBatchFailed(String key, long token, Throwable error) {
    }
}

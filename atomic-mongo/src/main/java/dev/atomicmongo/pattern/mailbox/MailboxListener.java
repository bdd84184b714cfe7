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
     * The handler (or a database call) failed on a batch, or the handler threw an {@link Error}
     * such as an {@code AssertionError}; nothing of the batch was stored and the lock is kept
     * until it expires, when the batch is retried, or, on its
     * {@linkplain MailboxBuilder#maxAttempts last attempt}, moved to the dead letters (then
     * {@link #onDeadLettered} follows). Logged at ERROR with the stack trace when the mailbox has
     * no listener, at DEBUG when it has one.
     */
    default void onBatchFailed(String key, long token, Throwable error) {
    }

    /**
     * The batch of {@code eventIds} failed its last allowed attempt with {@code error} and was
     * moved to the entity's dead letters ({@link Mailbox#deadLetters(String)}) in one guarded
     * write; the entity goes on with later events. Also logged as a warning.
     */
    default void onDeadLettered(String key, long token, List<ObjectId> eventIds, Throwable error) {
    }
}

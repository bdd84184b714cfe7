package dev.atomicmongo.pattern.mailbox;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

import org.bson.types.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one key's batches while this instance holds its lock: read, handle, one guarded store;
 * again while events wait. Stops on a lost lock (reported), a failure (reported and counted in
 * the document, the lock is kept until it expires; after the last allowed attempt the batch is
 * moved to the dead letters and the runner goes on), or when the mailbox closes (the lock is
 * released).
 */
final class BatchRunner<S, E> {
    private static final Logger LOG = LoggerFactory.getLogger(Mailbox.class);

    final LongAdder batchesStored = new LongAdder();
    final LongAdder eventsStored = new LongAdder();
    final LongAdder locksLost = new LongAdder();
    final LongAdder batchesFailed = new LongAdder();
    final LongAdder eventsDeadLettered = new LongAdder();

    private final EntityStore<S, E> store;
    private final Settings<S, E> settings;
    private final ScheduledExecutorService timer;
    private final BooleanSupplier closing;

    BatchRunner(EntityStore<S, E> store, Settings<S, E> settings, ScheduledExecutorService timer,
                BooleanSupplier closing) {
        this.store = store;
        this.settings = settings;
        this.timer = timer;
        this.closing = closing;
    }

    /**
     * Runs batches of {@code key} with the lock {@code token} until none waits or the lock is gone.
     * Every failure, {@link Error}s included, is reported and contained, except a
     * {@link VirtualMachineError} (out of memory, stack overflow): the JVM may no longer be able to
     * go on, so it is rethrown, after being reported when the handler threw it.
     */
    void run(String key, long token) {
        try {
            runBatches(key, token);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (RuntimeException | Error e) {
            logFailure("Mailbox {}: reading or storing a batch of '{}' failed (token {}); the lock is kept until it "
                    + "expires, then the events are handled again", key, token, e);
            notifyListener(() -> settings.listener().onBatchFailed(key, token, e));
            batchesFailed.increment();
        }
    }

    private void runBatches(String key, long token) {
        while (true) {
            if (closing.getAsBoolean()) {
                store.release(key, token);
                return;
            }
            Batch<S, E> batch = store.read(key, token);
            if (batch == null) {
                lost(key, token, 0, "before reading its events");
                return;
            }
            S next = batch.state();
            List<ObjectId> ids = batch.ids();
            if (!ids.isEmpty()) {
                Heartbeat heartbeat = Heartbeat.start(key, () -> store.renew(key, token),
                        () -> lost(key, token, ids.size(), "while the handler ran"), timer,
                        settings.heartbeatInterval().toMillis());
                Throwable failure = batch.undecodable();
                boolean lostMeanwhile;
                try {
                    if (failure == null) {
                        next = Objects.requireNonNull(settings.handler().handle(key, batch.state(), batch.events()),
                                "the handler returned a null state");
                    }
                } catch (RuntimeException | Error e) {
                    failure = e;
                } finally {
                    lostMeanwhile = heartbeat.stop();
                }
                if (failure != null) {
                    if (!afterFailure(key, token, batch, failure, lostMeanwhile)) {
                        return;
                    }
                    continue;    // dead-lettered: go on with the events behind the batch
                }
                if (lostMeanwhile) {
                    return;
                }
            }
            StoreResult result = store.store(key, token, next, ids, batch.more());
            if (result == StoreResult.LOST) {
                lost(key, token, ids.size(), "when storing the batch");
                return;
            }
            if (!ids.isEmpty()) {
                notifyListener(() -> settings.listener().onBatchStored(key, token, ids));
                eventsStored.add(ids.size());
                batchesStored.increment();
            }
            if (result == StoreResult.RELEASED) {
                return;
            }
        }
    }

    /**
     * Counts and reports a failed attempt; on the last allowed one moves the batch to the dead
     * letters. True if the runner still holds the lock and goes on with later events; false if it
     * stops (the lock is kept until it expires, or was lost). A {@link VirtualMachineError} is
     * reported, not counted, and rethrown.
     */
    private boolean afterFailure(String key, long token, Batch<S, E> batch, Throwable failure, boolean lostMeanwhile) {
        List<ObjectId> ids = batch.ids();
        if (failure instanceof VirtualMachineError error) {
            failed(key, token, ids.size(), error);
            throw error;
        }
        int attempts = batch.failedAttempts() + 1;
        boolean last = attempts >= settings.maxAttempts();
        // Counted before it is reported, so whoever sees the report finds the count stored.
        boolean counted = !lostMeanwhile && !last && recordAttempt(key, token, ids, attempts);
        failed(key, token, ids.size(), failure);
        if (lostMeanwhile) {
            return false;
        }
        if (!last) {
            if (!counted) {
                lost(key, token, ids.size(), "when counting the failed attempt");
            }
            return false;
        }
        return moveAside(key, token, batch, failure, attempts);
    }

    /**
     * Stores the failed attempt's number for the batch led by {@code ids.get(0)}, guarded by the
     * lock. False if the lock was lost; a database failure is logged (the attempt is then not
     * counted, and made again after the lock expires) and counts as done.
     */
    private boolean recordAttempt(String key, long token, List<ObjectId> ids, int attempts) {
        try {
            return store.recordFailure(key, token, ids.get(0), attempts);
        } catch (RuntimeException e) {
            LOG.warn("Mailbox {}: counting failed attempt {} of the batch of '{}' (token {}) failed; the batch is "
                    + "handled again after the lock expires: {}", settings.owner(), attempts, key, token, e.toString());
            return true;
        }
    }

    /**
     * After the last allowed attempt: moves the batch into a dead letter in one guarded write,
     * reports it and renews the lock. True if the runner holds the lock and goes on with later
     * events; false if it must stop (the lock was lost, or the write failed and the lock is kept
     * until it expires, when the last attempt is made again).
     */
    private boolean moveAside(String key, long token, Batch<S, E> batch, Throwable failure, int attempts) {
        List<ObjectId> ids = batch.ids();
        try {
            if (!store.deadLetter(key, token, batch, failure, attempts)) {
                lost(key, token, ids.size(), "when moving the batch to the dead letters");
                return false;
            }
        } catch (RuntimeException e) {
            LOG.warn("Mailbox {}: moving the batch of '{}' (token {}) to the dead letters failed; its last attempt "
                    + "is made again after the lock expires: {}", settings.owner(), key, token, e.toString());
            return false;
        }
        LOG.warn("Mailbox {}: moved {} event(s) of '{}' to the dead letters after {} failed attempt(s) (token {}); "
                + "last error: {}", settings.owner(), ids.size(), key, attempts, token, failure.toString());
        notifyListener(() -> settings.listener().onDeadLettered(key, token, ids, failure));
        eventsDeadLettered.add(ids.size());
        if (!store.renew(key, token)) {
            lost(key, token, 0, "after moving a batch to the dead letters");
            return false;
        }
        return true;
    }

    private void lost(String key, long token, int events, String when) {
        LOG.warn("Mailbox {}: lost the lock on '{}' (token {}) {}; nothing of this batch of {} event(s) was written, "
                + "the next holder handles them", settings.owner(), key, token, when, events);
        notifyListener(() -> settings.listener().onLockLost(key, token, events));
        locksLost.increment();
    }

    private void failed(String key, long token, int events, Throwable e) {
        logFailure("Mailbox {}: the handler failed on '{}' (token {}); nothing of the batch was stored, it is "
                + "handled again after the lock expires or moved to the dead letters after its last attempt",
                key, token, e);
        notifyListener(() -> settings.listener().onBatchFailed(key, token, e));
        batchesFailed.increment();
    }

    /**
     * A failure the user's listener receives is theirs to report: it is logged at DEBUG. Without a
     * listener the log is the only place it shows, at ERROR with the stack trace.
     */
    private void logFailure(String message, String key, long token, Throwable e) {
        if (settings.failuresObserved()) {
            LOG.debug(message, settings.owner(), key, token, e);
        } else {
            LOG.error(message, settings.owner(), key, token, e);
        }
    }

    // Stats are counted after the listener returns, so whoever sees a count also sees its report.
    private void notifyListener(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("Mailbox {}: the listener threw; ignored", settings.owner(), e);
        }
    }
}

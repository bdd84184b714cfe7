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
 * again while events wait. Stops on a lost lock (reported), a failure (reported, the lock is
 * kept until it expires), or when the mailbox closes (the lock is released).
 */
final class BatchRunner<S, E> {
    private static final Logger LOG = LoggerFactory.getLogger(Mailbox.class);

    final LongAdder batchesStored = new LongAdder();
    final LongAdder eventsStored = new LongAdder();
    final LongAdder locksLost = new LongAdder();
    final LongAdder batchesFailed = new LongAdder();

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

    /** Runs batches of {@code key} with the lock {@code token} until none waits or the lock is gone. */
    void run(String key, long token) {
        try {
            runBatches(key, token);
        } catch (RuntimeException e) {
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
            List<ObjectId> ids = batch.events().stream().map(MailboxEvent::id).toList();
            if (!ids.isEmpty()) {
                Heartbeat heartbeat = Heartbeat.start(key, () -> store.renew(key, token),
                        () -> lost(key, token, ids.size(), "while the handler ran"), timer,
                        settings.heartbeatInterval().toMillis());
                RuntimeException failure = null;
                boolean lostMeanwhile;
                try {
                    next = Objects.requireNonNull(settings.handler().handle(key, batch.state(), batch.events()),
                            "the handler returned a null state");
                } catch (RuntimeException e) {
                    failure = e;
                } finally {
                    lostMeanwhile = heartbeat.stop();
                }
                if (failure != null) {
                    failed(key, token, ids.size(), failure);
                    return;
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

    private void lost(String key, long token, int events, String when) {
        LOG.warn("Mailbox {}: lost the lock on '{}' (token {}) {}; nothing of this batch of {} event(s) was written, "
                + "the next holder handles them", settings.owner(), key, token, when, events);
        notifyListener(() -> settings.listener().onLockLost(key, token, events));
        locksLost.increment();
    }

    private void failed(String key, long token, int events, RuntimeException e) {
        logFailure("Mailbox {}: the handler failed on '{}' (token {}); nothing was written, the lock is "
                + "kept until it expires and the batch is then handled again", key, token, e);
        notifyListener(() -> settings.listener().onBatchFailed(key, token, e));
        batchesFailed.increment();
    }

    /**
     * A failure the user's listener receives is theirs to report: it is logged at DEBUG. Without a
     * listener the log is the only place it shows, at ERROR with the stack trace.
     */
    private void logFailure(String message, String key, long token, RuntimeException e) {
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

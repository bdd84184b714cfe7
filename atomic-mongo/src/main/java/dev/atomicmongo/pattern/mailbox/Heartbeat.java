package dev.atomicmongo.pattern.mailbox;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews a lock: while a handler runs (and reports at once when a renewal finds the lock lost),
 * and while a key whose lock was just taken waits in the worker queue. {@link #stop()} waits for
 * a renewal in flight, so no renewal races the write that stores the batch; {@link #cancel()}
 * does not wait (a late renewal of a waiting key is harmless: it is guarded by owner, token and
 * expiry, and fails once the lock is released or taken over).
 */
final class Heartbeat {
    private static final Logger LOG = LoggerFactory.getLogger(Mailbox.class);

    private final String key;
    private final BooleanSupplier renew;
    private final Runnable onLost;
    private volatile ScheduledFuture<?> future;
    private volatile boolean stopped;
    private boolean lost;

    private Heartbeat(String key, BooleanSupplier renew, Runnable onLost) {
        this.key = key;
        this.renew = renew;
        this.onLost = onLost;
    }

    static Heartbeat start(String key, BooleanSupplier renew, Runnable onLost, ScheduledExecutorService timer,
                           long intervalMillis) {
        Heartbeat heartbeat = new Heartbeat(key, renew, onLost);
        synchronized (heartbeat) {
            heartbeat.future = timer.scheduleAtFixedRate(heartbeat::beat, intervalMillis, intervalMillis,
                    TimeUnit.MILLISECONDS);
        }
        return heartbeat;
    }

    private synchronized void beat() {
        if (stopped || lost) {
            return;
        }
        try {
            lost = !renew.getAsBoolean();
        } catch (RuntimeException e) {
            LOG.warn("Mailbox: renewing the lock on '{}' failed, will try again: {}", key, e.toString());
            return;
        }
        if (lost) {
            future.cancel(false);
            onLost.run();
        }
    }

    /** Stops renewing without waiting for a renewal in flight. */
    void cancel() {
        stopped = true;
        future.cancel(false);
    }

    /** Stops renewing; true if a renewal found the lock lost (and reported it). */
    synchronized boolean stop() {
        stopped = true;
        future.cancel(false);
        return lost;
    }
}

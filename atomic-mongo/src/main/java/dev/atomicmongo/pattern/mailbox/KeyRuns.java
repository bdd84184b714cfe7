package dev.atomicmongo.pattern.mailbox;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.LongFunction;

/**
 * Which keys this instance is running, with which lock token, so one key never runs twice at
 * once here; a newer token handed over while a key runs is queued behind it. A token taken but
 * not yet running (waiting in the worker queue, or queued behind its key's run) keeps a
 * heartbeat, so its lock does not expire before its batch is read. Thread-safe.
 */
final class KeyRuns {
    private final Map<String, Long> running = new HashMap<>();
    private final Map<String, Long> queued = new HashMap<>();
    private final Map<Held, Heartbeat> waiting = new HashMap<>();

    private record Held(String key, long token) {
    }

    /**
     * True if the caller must start running {@code key} with {@code token}; else it was queued or
     * is stale. A token run or queued gets {@code heartbeat} (which may return null) until it
     * {@linkplain #dequeued starts running}.
     */
    synchronized boolean start(String key, long token, LongFunction<Heartbeat> heartbeat) {
        Long current = running.get(key);
        if (current == null) {
            running.put(key, token);
            keepAlive(key, token, heartbeat);
            return true;
        }
        if (token > current) {
            Long before = queued.get(key);
            if (before == null || token > before) {
                if (before != null) {
                    cancel(key, before);
                }
                queued.put(key, token);
                keepAlive(key, token, heartbeat);
            }
        }
        return false;
    }

    /** The runner of {@code key} starts running {@code token}: its waiting heartbeat stops. */
    synchronized void dequeued(String key, long token) {
        cancel(key, token);
    }

    /** After {@code finished} ended: the queued newer token to run next, or empty and the key is no longer running. */
    synchronized OptionalLong next(String key, long finished) {
        Long next = queued.remove(key);
        if (next != null && next > finished) {
            running.put(key, next);
            return OptionalLong.of(next);
        }
        if (next != null) {
            cancel(key, next);
        }
        running.remove(key);
        return OptionalLong.empty();
    }

    /** Drops the key after its runner died of an error or its task was rejected; stops its waiting heartbeats. */
    synchronized void forget(String key) {
        Long current = running.remove(key);
        Long next = queued.remove(key);
        if (current != null) {
            cancel(key, current);
        }
        if (next != null) {
            cancel(key, next);
        }
    }

    synchronized boolean isRunning(String key) {
        return running.containsKey(key);
    }

    synchronized int size() {
        return running.size();
    }

    /** Stops every waiting heartbeat (the mailbox closed; its tasks may never run). */
    synchronized void cancelWaitingHeartbeats() {
        waiting.values().forEach(Heartbeat::cancel);
        waiting.clear();
    }

    /** Heartbeats of tokens taken and not yet running. */
    synchronized int waiting() {
        return waiting.size();
    }

    private void keepAlive(String key, long token, LongFunction<Heartbeat> heartbeat) {
        Heartbeat beat = heartbeat.apply(token);
        if (beat != null) {
            waiting.put(new Held(key, token), beat);
        }
    }

    private void cancel(String key, long token) {
        Heartbeat beat = waiting.remove(new Held(key, token));
        if (beat != null) {
            beat.cancel();
        }
    }
}

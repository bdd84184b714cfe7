package dev.atomicmongo.pattern.mailbox;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Which keys this instance is running, with which lock token, so one key never runs twice at
 * once here; a newer token handed over while a key runs is queued behind it. Thread-safe.
 */
final class KeyRuns {
    private final Map<String, Long> running = new HashMap<>();
    private final Map<String, Long> queued = new HashMap<>();

    /** True if the caller must start running {@code key} with {@code token}; else it was queued or is stale. */
    synchronized boolean start(String key, long token) {
        Long current = running.get(key);
        if (current == null) {
            running.put(key, token);
            return true;
        }
        if (token > current) {
            queued.merge(key, token, Math::max);
        }
        return false;
    }

    /** After {@code finished} ended: the queued newer token to run next, or empty and the key is no longer running. */
    synchronized OptionalLong next(String key, long finished) {
        Long next = queued.remove(key);
        if (next != null && next > finished) {
            running.put(key, next);
            return OptionalLong.of(next);
        }
        running.remove(key);
        return OptionalLong.empty();
    }

    /** Drops the key after its runner died of an error. */
    synchronized void forget(String key) {
        running.remove(key);
        queued.remove(key);
    }

    synchronized boolean isRunning(String key) {
        return running.containsKey(key);
    }

    synchronized int size() {
        return running.size();
    }
}

package dev.atomicmongo.pattern.mailbox;

/** Counts the mailbox's tasks handed to an executor, so close can wait for them on any executor. */
final class InFlight {
    private int count;

    synchronized void enter() {
        count++;
    }

    synchronized void exit() {
        if (--count == 0) {
            notifyAll();
        }
    }

    synchronized int size() {
        return count;
    }

    /** Waits until no task is in flight or {@code millis} pass; true if none is. */
    synchronized boolean awaitIdle(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (count > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000L));
        }
        return true;
    }
}

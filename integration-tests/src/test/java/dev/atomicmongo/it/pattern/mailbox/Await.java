package dev.atomicmongo.it.pattern.mailbox;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.opentest4j.AssertionFailedError;

/** Waits for a condition with a deadline: for work done on other threads, never as a timed test. */
final class Await {
    private Await() {
    }

    static void until(String what, BooleanSupplier condition) {
        until(what, Duration.ofSeconds(60), condition);
    }

    static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionFailedError("Timed out after " + timeout + " waiting until " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionFailedError("Interrupted waiting until " + what);
            }
        }
    }
}

package dev.atomicmongo;

import java.time.Duration;

/**
 * An operation that retries under contention (a booking whose guard kept losing to concurrent
 * releases, a list edit whose array kept changing) used up its retry policy's attempts or time
 * without reaching an outcome. Nothing was written by the last attempt.
 */
public class RetriesExhaustedException extends AtomicMongoException {
    private static final long serialVersionUID = 1L;
    private final int attempts;
    private final Duration elapsed;

    /** Creates the exception for an operation, the attempts made and the time they took. */
    public RetriesExhaustedException(String operation, int attempts, Duration elapsed) {
        super(operation + " did not settle after " + attempts + " attempt(s) in " + elapsed.toMillis()
                + " ms: the data kept changing under it");
        this.attempts = attempts;
        this.elapsed = elapsed;
    }

    /** How many attempts were made. */
    public int attempts() {
        return attempts;
    }

    /** How long the attempts and the waits between them took. */
    public Duration elapsed() {
        return elapsed;
    }
}

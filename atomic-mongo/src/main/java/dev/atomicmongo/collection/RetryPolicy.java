package dev.atomicmongo.collection;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

import dev.atomicmongo.AtomicMongoException;
import dev.atomicmongo.RetriesExhaustedException;

/**
 * How an operation that can lose a race tries again: at most {@link #maxAttempts()} attempts and
 * {@link #maxDuration()} in all, waiting between attempts a random time up to a backoff that
 * doubles from {@link #initialBackoff()} to {@link #maxBackoff()} ("full jitter", so contending
 * callers spread out instead of colliding again). Every loop in atomic-mongo runs under one: an
 * upsert that lost a duplicate-key race to a concurrent insert of the same key, a booking whose
 * guard lost to a concurrent release, a list edit whose array changed under it.
 *
 * <pre>{@code
 * RetryPolicy patient = RetryPolicy.builder()
 *         .maxAttempts(20)
 *         .maxDuration(Duration.ofSeconds(2))
 *         .backoff(Duration.ofMillis(5), Duration.ofMillis(200))
 *         .build();
 * CapacityBooking booking = CapacityBooking.of(events.withRetryPolicy(patient));
 * }</pre>
 *
 * <p>Immutable and thread-safe; the builder is not.
 */
public final class RetryPolicy {
    private static final RetryPolicy DEFAULTS = builder().build();
    private static final RetryPolicy NONE = builder().maxAttempts(1).build();

    private final int maxAttempts;
    private final Duration maxDuration;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;

    private RetryPolicy(Builder b, LongSupplier nanoTime, Sleeper sleeper) {
        this.maxAttempts = b.maxAttempts;
        this.maxDuration = b.maxDuration;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    /**
     * The default: up to 50 attempts within 10 seconds, backoff from 1 ms doubling to 100 ms.
     * Races resolve in one or two retries; the bounds only stop pathological contention.
     */
    public static RetryPolicy defaults() {
        return DEFAULTS;
    }

    /** One attempt, no retry: a lost race is reported at once. */
    public static RetryPolicy none() {
        return NONE;
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The most attempts, the first included. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** The most time all attempts and waits may take; no new attempt starts after it. */
    public Duration maxDuration() {
        return maxDuration;
    }

    /** The backoff before the first retry; each later one doubles, up to {@link #maxBackoff()}. */
    public Duration initialBackoff() {
        return initialBackoff;
    }

    /** The largest backoff. */
    public Duration maxBackoff() {
        return maxBackoff;
    }

    /** One attempt of an operation: a final result, or empty to try again. */
    @FunctionalInterface
    public interface Attempt<R> {
        /**
         * Makes attempt number {@code attempt} (1 for the first).
         *
         * @return the final result, or empty if the attempt lost a race and should be retried
         */
        Optional<R> run(int attempt);
    }

    /**
     * Runs attempts until one returns a result.
     *
     * @param operation what is attempted, for the exception's message
     * @throws RetriesExhaustedException if every allowed attempt asked to try again
     * @throws AtomicMongoException if the thread is interrupted while waiting to retry
     */
    public <R> R execute(String operation, Attempt<R> attempt) {
        return execute(operation, attempt, e -> false);
    }

    /**
     * Runs attempts until one returns a result; an attempt that throws an exception matching
     * {@code retryOn} is retried too, and if it was the last allowed attempt its exception is rethrown.
     *
     * @throws RetriesExhaustedException if every allowed attempt asked to try again
     * @throws RuntimeException an attempt's exception that does not match {@code retryOn}, or the last one that does
     */
    public <R> R execute(String operation, Attempt<R> attempt, Predicate<? super RuntimeException> retryOn) {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(attempt, "attempt");
        Objects.requireNonNull(retryOn, "retryOn");
        long start = nanoTime.getAsLong();
        long budget = nanos(maxDuration);
        long backoffCap = nanos(initialBackoff);
        for (int n = 1; ; n++) {
            RuntimeException failure = null;
            try {
                Optional<R> result = attempt.run(n);
                if (result.isPresent()) {
                    return result.get();
                }
            } catch (RuntimeException e) {
                if (!retryOn.test(e)) {
                    throw e;
                }
                failure = e;
            }
            long wait = backoffCap <= 0 ? 0 : ThreadLocalRandom.current().nextLong(backoffCap == Long.MAX_VALUE ? backoffCap : backoffCap + 1);
            long elapsed = nanoTime.getAsLong() - start;
            if (n >= maxAttempts || elapsed > budget - wait) {
                if (failure != null) {
                    throw failure;
                }
                throw new RetriesExhaustedException(operation, n, Duration.ofNanos(elapsed));
            }
            sleep(operation, wait);
            backoffCap = Math.min(nanos(maxBackoff), backoffCap > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : backoffCap * 2);
        }
    }

    /** Nanoseconds, saturating: a duration of centuries means "no bound", not an overflow. */
    private static long nanos(Duration d) {
        return d.compareTo(Duration.ofNanos(Long.MAX_VALUE)) >= 0 ? Long.MAX_VALUE : d.toNanos();
    }

    private void sleep(String operation, long nanos) {
        if (nanos <= 0) {
            return;
        }
        try {
            sleeper.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AtomicMongoException(operation + ": interrupted while waiting to retry", e);
        }
    }

    /** The same policy with a clock and a sleeper of the test's, for unit tests. */
    RetryPolicy withTime(LongSupplier nanoTime, Sleeper sleeper) {
        Builder b = builder().maxAttempts(maxAttempts).maxDuration(maxDuration).backoff(initialBackoff, maxBackoff);
        return new RetryPolicy(b, nanoTime, sleeper);
    }

    /** Waits; a seam for tests. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RetryPolicy other && maxAttempts == other.maxAttempts
                && maxDuration.equals(other.maxDuration) && initialBackoff.equals(other.initialBackoff)
                && maxBackoff.equals(other.maxBackoff);
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxAttempts, maxDuration, initialBackoff, maxBackoff);
    }

    @Override
    public String toString() {
        return "RetryPolicy{maxAttempts=" + maxAttempts + ", maxDuration=" + maxDuration + ", backoff="
                + initialBackoff + ".." + maxBackoff + "}";
    }

    /** Builds a {@link RetryPolicy}; starts from the defaults. Not thread-safe. */
    public static final class Builder {
        private int maxAttempts = 50;
        private Duration maxDuration = Duration.ofSeconds(10);
        private Duration initialBackoff = Duration.ofMillis(1);
        private Duration maxBackoff = Duration.ofMillis(100);

        private Builder() {
        }

        /**
         * The most attempts, the first included.
         *
         * @throws IllegalArgumentException if below 1
         */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        /**
         * The most time the attempts and waits may take.
         *
         * @throws IllegalArgumentException if negative
         */
        public Builder maxDuration(Duration maxDuration) {
            Objects.requireNonNull(maxDuration, "maxDuration");
            if (maxDuration.isNegative()) {
                throw new IllegalArgumentException("maxDuration must not be negative, got " + maxDuration);
            }
            this.maxDuration = maxDuration;
            return this;
        }

        /**
         * The backoff before the first retry, and the largest; zero for none.
         *
         * @throws IllegalArgumentException if negative, or {@code initial > max}
         */
        public Builder backoff(Duration initial, Duration max) {
            Objects.requireNonNull(initial, "initial");
            Objects.requireNonNull(max, "max");
            if (initial.isNegative() || max.isNegative() || initial.compareTo(max) > 0) {
                throw new IllegalArgumentException("backoff must satisfy 0 <= initial <= max, got " + initial + " and " + max);
            }
            this.initialBackoff = initial;
            this.maxBackoff = max;
            return this;
        }

        /** The policy. */
        public RetryPolicy build() {
            return new RetryPolicy(this, System::nanoTime, nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
        }
    }
}

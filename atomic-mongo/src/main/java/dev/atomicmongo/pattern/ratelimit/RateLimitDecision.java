package dev.atomicmongo.pattern.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import dev.atomicmongo.Outcome;
import dev.atomicmongo.Refusal;

/**
 * The answer of {@link FixedWindowRateLimiter#tryAcquire}: {@link Allowed}, or {@link Limited}
 * with how long to wait. Both say how many attempts the current window has seen (this one
 * included, refused ones too) and when it resets.
 *
 * <pre>{@code
 * RateLimitDecision decision = limiter.tryAcquire("user-42", 100, Duration.ofHours(1));
 * if (decision instanceof RateLimitDecision.Limited limited) {
 *     reject(limited.retryAfter());                 // an HTTP Retry-After
 * }
 * limiter.tryAcquire("user-42", 100, Duration.ofHours(1)).orThrow();   // or RateLimitExceededException
 * }</pre>
 */
public sealed interface RateLimitDecision extends Outcome<RateLimitDecision.Allowed> {

    /** The key the attempt was counted for. */
    String key();

    /** Attempts in this window so far, including this one. */
    long count();

    /** The most attempts a window allows. */
    long limit();

    /** When the current window began. */
    Instant windowStart();

    /** When the next window begins, and the count starts again from zero. */
    Instant resetAt();

    /** True if the attempt is within the limit. */
    default boolean isAllowed() {
        return this instanceof Allowed;
    }

    /** How many more attempts this window allows; 0 once the limit is reached. */
    default long remaining() {
        return Math.max(0, limit() - count());
    }

    /**
     * The decision, if the attempt is allowed.
     *
     * @throws RateLimitExceededException if it is over the limit
     */
    @Override
    Allowed orThrow();

    /** The attempt is within the limit: it is attempt {@code count} of at most {@code limit} in the window. */
    record Allowed(String key, long count, long limit, Instant windowStart, Instant resetAt) implements RateLimitDecision {
        /** Checks the fields. */
        public Allowed {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(windowStart, "windowStart");
            Objects.requireNonNull(resetAt, "resetAt");
        }

        @Override
        public Allowed orThrow() {
            return this;
        }
    }

    /**
     * The attempt is over the limit (it was counted all the same); {@code retryAfter} is the time
     * from the decision to {@code resetAt}, when the next window allows attempts again.
     */
    record Limited(String key, long count, long limit, Instant windowStart, Instant resetAt, Duration retryAfter)
            implements RateLimitDecision, Refusal {
        /** Checks the fields. */
        public Limited {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(windowStart, "windowStart");
            Objects.requireNonNull(resetAt, "resetAt");
            Objects.requireNonNull(retryAfter, "retryAfter");
        }

        @Override
        public Allowed orThrow() {
            throw toException();
        }

        /** The typed exception {@link #orThrow()} throws, carrying this refusal. */
        @Override
        public RateLimitExceededException toException() {
            return new RateLimitExceededException(this);
        }
    }
}

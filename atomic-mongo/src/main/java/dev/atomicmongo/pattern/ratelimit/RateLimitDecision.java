package dev.atomicmongo.pattern.ratelimit;

import java.time.Instant;

/**
 * The answer of {@link FixedWindowRateLimiter#tryAcquire}: whether this attempt may proceed, how
 * many attempts the current window has seen (this one included, refused ones too), and when the
 * window resets.
 *
 * @param allowed     true if the attempt is within the limit
 * @param count       attempts in this window so far, including this one
 * @param limit       the most attempts a window allows
 * @param windowStart when the current window began
 * @param resetAt     when the next window begins, and the count starts again from zero
 */
public record RateLimitDecision(boolean allowed, long count, long limit, Instant windowStart, Instant resetAt) {

    /** How many more attempts this window allows; 0 once the limit is reached. */
    public long remaining() {
        return Math.max(0, limit - count);
    }
}

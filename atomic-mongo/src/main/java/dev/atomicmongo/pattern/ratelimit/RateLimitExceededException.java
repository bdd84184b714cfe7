package dev.atomicmongo.pattern.ratelimit;

import java.util.Objects;

import dev.atomicmongo.RefusedException;

/**
 * An attempt the caller required to be allowed was over its key's limit; thrown by
 * {@link RateLimitDecision#orThrow()}. {@link #refusal()} says when to retry.
 */
public class RateLimitExceededException extends RefusedException {
    private static final long serialVersionUID = 1L;
    private final transient RateLimitDecision.Limited refusal;

    /** Creates the exception for a refusal, with a message naming the key, the limit and when to retry. */
    public RateLimitExceededException(RateLimitDecision.Limited refusal) {
        super("Rate limit of " + Objects.requireNonNull(refusal, "refusal").limit() + " per window exceeded for '"
                + refusal.key() + "': attempt " + refusal.count() + " in the window from " + refusal.windowStart()
                + "; retry after " + refusal.retryAfter() + " (at " + refusal.resetAt() + ")");
        this.refusal = refusal;
    }

    /** The refusal: the count, the limit, the window and when to retry. */
    @Override
    public RateLimitDecision.Limited refusal() {
        return refusal;
    }
}

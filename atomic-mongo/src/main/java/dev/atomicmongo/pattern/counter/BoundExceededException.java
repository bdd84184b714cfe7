package dev.atomicmongo.pattern.counter;

import dev.atomicmongo.ConditionFailedException;

/**
 * A bounded change of {@link Counters} would have taken the value past its floor or ceiling, so
 * nothing was written; thrown by {@link BoundedChange#orThrow()}. {@link #refusal()} holds the
 * value read right after, the bound and the guard.
 */
public class BoundExceededException extends ConditionFailedException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception for a refusal, with a message naming the guard and the current value. */
    public BoundExceededException(BoundedChange.Refused<?> refusal) {
        super(refusal);
    }

    /** The refusal: the current value, the bound and the guard that failed. */
    @Override
    public BoundedChange.Refused<?> refusal() {
        return (BoundedChange.Refused<?>) super.refusal();
    }
}

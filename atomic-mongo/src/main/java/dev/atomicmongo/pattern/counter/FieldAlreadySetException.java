package dev.atomicmongo.pattern.counter;

import dev.atomicmongo.ConditionFailedException;

/**
 * {@link Fields#setIfMissing} found the field already set, so its value was kept; thrown by
 * {@link FillOutcome#orThrow()}. {@link #refusal()} holds the value found.
 */
public class FieldAlreadySetException extends ConditionFailedException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception for a refusal, with a message naming the field's condition and its value. */
    public FieldAlreadySetException(FillOutcome.AlreadySet refusal) {
        super(refusal);
    }

    /** The refusal: the condition {@code {field: null}} and the value found. */
    @Override
    public FillOutcome.AlreadySet refusal() {
        return (FillOutcome.AlreadySet) super.refusal();
    }
}

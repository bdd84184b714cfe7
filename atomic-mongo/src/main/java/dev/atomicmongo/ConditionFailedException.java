package dev.atomicmongo;

import java.util.Objects;

import org.bson.BsonDocument;

/**
 * The document exists but did not meet the condition of an operation the caller required to
 * succeed, so nothing was written. {@link #refusal()} is the record the operation returned (for
 * {@code AtomicCollection.updateIf}, a {@code ConditionalOutcome.ConditionFailed} holding the
 * document as read right after).
 */
public class ConditionFailedException extends RefusedException {
    private static final long serialVersionUID = 1L;
    private final transient ConditionRefusal refusal;

    /** Creates the exception for a refusal, with a message naming its condition. */
    public ConditionFailedException(ConditionRefusal refusal) {
        this(refusal, "Condition " + Objects.requireNonNull(refusal, "refusal").condition().toJson() + " failed for "
                + refusal.current());
    }

    /** Creates the exception for a refusal, with a message of the subclass's choosing. */
    protected ConditionFailedException(ConditionRefusal refusal, String message) {
        super(message);
        this.refusal = Objects.requireNonNull(refusal, "refusal");
    }

    @Override
    public ConditionRefusal refusal() {
        return refusal;
    }

    /** The condition that was not met, as sent. */
    public BsonDocument condition() {
        return refusal.condition();
    }

    /** What was found instead, as the refusal says ({@link ConditionRefusal#current()}). */
    public Object current() {
        return refusal.current();
    }
}

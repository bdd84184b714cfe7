package dev.atomicmongo;

import org.bson.BsonDocument;

/**
 * A refusal because the document exists but did not meet the operation's condition. Its exception
 * is a {@link ConditionFailedException} (or a subclass naming the pattern's reason).
 */
public interface ConditionRefusal extends Refusal {

    /** The condition the document did not meet, as sent. */
    BsonDocument condition();

    /**
     * What was found instead: the document or the value as read right after the refused write
     * (it may have changed since); by default this refusal itself.
     */
    default Object current() {
        return this;
    }

    @Override
    default RefusedException toException() {
        return new ConditionFailedException(this);
    }
}

package dev.atomicmongo;

import org.bson.BsonDocument;

/**
 * The document exists but did not meet the update's condition, so nothing was written.
 * {@link #current()} is the document as read right after the refused update.
 */
public class ConditionFailedException extends AtomicMongoException {
    private static final long serialVersionUID = 1L;
    private final transient BsonDocument condition;
    private final transient Object current;

    /** Creates the exception for a condition and the document that failed it. */
    public ConditionFailedException(BsonDocument condition, Object current) {
        super("Condition " + condition.toJson() + " failed for " + current);
        this.condition = condition;
        this.current = current;
    }

    /** The condition that was not met. */
    public BsonDocument condition() {
        return condition;
    }

    /** The current document, as decoded by the collection; cast to the collection's type. */
    public Object current() {
        return current;
    }
}

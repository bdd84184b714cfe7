package dev.atomicmongo.collection;

import dev.atomicmongo.ConditionFailedException;
import dev.atomicmongo.ConditionRefusal;
import dev.atomicmongo.DocumentNotFoundException;
import dev.atomicmongo.NotFoundRefusal;
import dev.atomicmongo.Outcome;
import org.bson.BsonDocument;

/**
 * The result of {@link AtomicCollection#updateIf}: applied, or why not. The reason is found by
 * one read by the identity filter, made only when the guarded update matched nothing.
 *
 * <pre>{@code
 * ConditionalOutcome<Event> outcome = events.updateIf(eq("_id", id), field("sold").lt(field("capacity")), update().inc("sold", 1));
 * if (outcome instanceof ConditionalOutcome.ConditionFailed<Event> failed) {
 *     show(failed.current());
 * }
 * UpdateOutcome done = outcome.orThrow();   // or DocumentNotFoundException / ConditionFailedException
 * }</pre>
 *
 * @param <T> the collection's document type
 */
public sealed interface ConditionalOutcome<T> extends Outcome<UpdateOutcome> {

    /** True if the update was applied. */
    default boolean isApplied() {
        return this instanceof Applied;
    }

    /**
     * The update's outcome if it was applied.
     *
     * @throws DocumentNotFoundException if no document has the identity
     * @throws ConditionFailedException if the document did not meet the condition
     */
    @Override
    UpdateOutcome orThrow();

    /** The condition held and the update was applied. */
    record Applied<T>(UpdateOutcome outcome) implements ConditionalOutcome<T> {
        @Override
        public UpdateOutcome orThrow() {
            return outcome;
        }
    }

    /** No document matches the identity filter. */
    record NotFound<T>(BsonDocument identity) implements ConditionalOutcome<T>, NotFoundRefusal {
        @Override
        public UpdateOutcome orThrow() {
            throw toException();
        }
    }

    /**
     * The document exists but did not meet the condition; {@code current} is the document as read
     * just after the refused update (it may have changed since).
     */
    record ConditionFailed<T>(BsonDocument condition, T current) implements ConditionalOutcome<T>, ConditionRefusal {
        @Override
        public UpdateOutcome orThrow() {
            throw toException();
        }
    }
}

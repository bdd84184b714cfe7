package dev.atomicmongo.pattern.counter;

import dev.atomicmongo.ConditionRefusal;
import dev.atomicmongo.DocumentNotFoundException;
import dev.atomicmongo.NotFoundRefusal;
import dev.atomicmongo.Outcome;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * What {@link Fields#setIfMissing} did: filled the field, found it already set, or found no
 * document. The update alone cannot say why nothing was written; one read by {@code _id}, made
 * only then, tells {@link AlreadySet} (with the value found) from {@link NotFound}.
 *
 * <pre>{@code
 * FillOutcome outcome = fields.setIfMissing("p1", "highScore", 100);
 * if (outcome instanceof FillOutcome.AlreadySet set) {
 *     show(set.current());                          // the value that was kept
 * }
 * fields.setIfMissing("p2", "highScore", 100).orThrow();   // or FieldAlreadySetException
 * }</pre>
 */
public sealed interface FillOutcome extends Outcome<FillOutcome.Filled> {

    /** True if this call wrote the value. */
    default boolean isFilled() {
        return this instanceof Filled;
    }

    /**
     * The success, if the field was filled.
     *
     * @throws FieldAlreadySetException if the field already had a value
     * @throws DocumentNotFoundException if no document has the id
     */
    @Override
    Filled orThrow();

    /** The field was missing or null and now holds the value. */
    record Filled() implements FillOutcome {
        @Override
        public Filled orThrow() {
            return this;
        }
    }

    /**
     * The field already had a non-null value, which was kept. {@code condition} is
     * {@code {field: null}}, the state the fill needed; {@code current} the value read right after
     * (BSON null if it has been removed since).
     */
    record AlreadySet(BsonDocument condition, BsonValue current) implements FillOutcome, ConditionRefusal {
        @Override
        public Filled orThrow() {
            throw toException();
        }

        /** The typed exception {@link #orThrow()} throws, carrying this refusal. */
        @Override
        public FieldAlreadySetException toException() {
            return new FieldAlreadySetException(this);
        }
    }

    /** No document matches {@code identity}; none was created. */
    record NotFound(BsonDocument identity) implements FillOutcome, NotFoundRefusal {
        @Override
        public Filled orThrow() {
            throw toException();
        }
    }
}

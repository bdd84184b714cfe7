package dev.atomicmongo.collection;

import java.util.Objects;
import java.util.Optional;

import dev.atomicmongo.ConditionFailedException;
import dev.atomicmongo.ConditionRefusal;
import dev.atomicmongo.DocumentNotFoundException;
import dev.atomicmongo.NotFoundRefusal;
import dev.atomicmongo.Outcome;
import org.bson.BsonDocument;

/**
 * The result of a guarded update ({@link AtomicCollection#updateOnce}): applied now, already
 * applied by an earlier call with the same {@link OperationId} (a retry), or refused because the
 * document is missing or fails the condition. {@link Applied} and {@link Duplicate} are both
 * {@link Done}: the operation's effect is in the document exactly once, so a caller that retries
 * treats them alike.
 *
 * <pre>{@code
 * OnceOutcome<Account> outcome = accounts.updateOnce(eq("_id", id), update().inc("credits", 5), OperationId.of(eventId));
 * if (outcome instanceof OnceOutcome.Duplicate<Account> dup) {
 *     log.info("redelivered {}", dup.operationId());
 * }
 * OnceOutcome.Done<Account> done = outcome.orThrow();   // or DocumentNotFoundException / ConditionFailedException
 * }</pre>
 *
 * @param <T> the collection's document type
 */
public sealed interface OnceOutcome<T> extends Outcome<OnceOutcome.Done<T>> {

    /** The operation's id. */
    OperationId operationId();

    /** True if this call applied the update. */
    default boolean isApplied() {
        return this instanceof Applied;
    }

    /** True if an earlier call with the same id applied it, so this one changed nothing. */
    default boolean isDuplicate() {
        return this instanceof Duplicate;
    }

    /** True if the effect is in the document: applied now or before. */
    default boolean isDone() {
        return this instanceof Done;
    }

    /**
     * This outcome if the operation is done (applied now or before).
     *
     * @throws DocumentNotFoundException if no document has the identity
     * @throws ConditionFailedException if the document did not meet the condition
     */
    @Override
    Done<T> orThrow();

    /** The operation's effect is in the document, exactly once. */
    sealed interface Done<T> extends OnceOutcome<T> {
        /**
         * The document: as {@code findOneAndUpdateOnce} returned it when applied (empty for
         * {@code updateOnce}), or as read after a duplicate was found.
         */
        Optional<T> document();

        @Override
        default Done<T> orThrow() {
            return this;
        }
    }

    /**
     * This call applied the update and recorded the id.
     *
     * @param operationId the id
     * @param inserted    true if an upsert inserted the document (a {@code findAndModify} upsert
     *                    returning the document AFTER cannot tell, and says false)
     * @param document    the document {@code findOneAndUpdateOnce} returned; empty otherwise
     */
    record Applied<T>(OperationId operationId, boolean inserted, Optional<T> document) implements Done<T> {
        /** Checks the components. */
        public Applied {
            Objects.requireNonNull(operationId, "operationId");
            Objects.requireNonNull(document, "document");
        }
    }

    /**
     * The document had already seen the id: an earlier call applied the update, this one wrote nothing.
     *
     * @param operationId the id
     * @param current     the document as read just after this call's write matched nothing
     */
    record Duplicate<T>(OperationId operationId, T current) implements Done<T> {
        /** Checks the components. */
        public Duplicate {
            Objects.requireNonNull(operationId, "operationId");
            Objects.requireNonNull(current, "current");
        }

        @Override
        public Optional<T> document() {
            return Optional.of(current);
        }
    }

    /** No document has the identity (and the command was no upsert). */
    record NotFound<T>(OperationId operationId, BsonDocument identity) implements OnceOutcome<T>, NotFoundRefusal {
        @Override
        public Done<T> orThrow() {
            throw toException();
        }
    }

    /**
     * The document has not seen the id but did not meet the condition; {@code current} is the
     * document as read just after the refused write (it may have changed since).
     */
    record ConditionFailed<T>(OperationId operationId, BsonDocument condition, T current)
            implements OnceOutcome<T>, ConditionRefusal {
        @Override
        public Done<T> orThrow() {
            throw toException();
        }
    }
}

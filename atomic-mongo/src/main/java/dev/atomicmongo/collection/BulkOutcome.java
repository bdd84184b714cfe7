package dev.atomicmongo.collection;

import java.util.Objects;

import dev.atomicmongo.ConditionRefusal;
import dev.atomicmongo.DuplicateKeyException;
import dev.atomicmongo.MongoOperationException;
import dev.atomicmongo.NotFoundRefusal;
import dev.atomicmongo.Outcome;
import dev.atomicmongo.Refusal;
import dev.atomicmongo.RefusedException;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * What one item of a {@link AtomicCollection#bulkWrite bulk write} did, at the item's index in
 * {@link BulkResult#outcomes()}. Successes: {@link Applied}, {@link Inserted}, and
 * {@link DuplicateOperation} (a guarded item an earlier call applied). Refusals (values,
 * never thrown by the bulk): {@link NotFound}, {@link ConditionFailed}, {@link AlreadyExists}.
 * Per-item server errors: {@link DuplicateKey}, {@link WriteFailed}. And {@link NotAttempted}
 * (an ordered bulk stopped before the item) and {@link Undetermined} (see there).
 * {@link #orThrow()} returns the outcome itself on success and throws otherwise.
 *
 * @param <T> the collection's document type
 */
public sealed interface BulkOutcome<T> extends Outcome<BulkOutcome<T>> {

    /**
     * True for {@link Applied}, {@link Inserted} and {@link DuplicateOperation}: the item's effect
     * is in the database (a duplicate's from an earlier call, exactly once). Count
     * {@code Applied} to know what this bulk itself applied.
     */
    default boolean isSuccess() {
        return this instanceof Applied || this instanceof Inserted || this instanceof DuplicateOperation;
    }

    /** The item's update matched its document and was applied (an upsert that found its document included). */
    record Applied<T>() implements BulkOutcome<T> {
        @Override
        public BulkOutcome<T> orThrow() {
            return this;
        }
    }

    /** The item (an upsert or insert-once) inserted a document with this {@code _id}. */
    record Inserted<T>(BsonValue id) implements BulkOutcome<T> {
        /** Checks the id. */
        public Inserted {
            Objects.requireNonNull(id, "id");
        }

        @Override
        public BulkOutcome<T> orThrow() {
            return this;
        }
    }

    /**
     * A guarded item ({@link BulkItem.Once}) whose document has already seen its operation id: an
     * earlier call applied it, so this one applied nothing. {@code current} is the document as read
     * after the bulk write. Like {@link OnceOutcome.Duplicate}, a success: {@link #orThrow()}
     * returns it.
     */
    record DuplicateOperation<T>(OperationId operationId, T current) implements BulkOutcome<T> {
        /** Checks the id. */
        public DuplicateOperation {
            Objects.requireNonNull(operationId, "operationId");
        }

        @Override
        public BulkOutcome<T> orThrow() {
            return this;
        }
    }

    /** No document matches the conditional update's identity. */
    record NotFound<T>(BsonDocument identity) implements BulkOutcome<T>, NotFoundRefusal {
        @Override
        public BulkOutcome<T> orThrow() {
            throw toException();
        }
    }

    /**
     * The document exists and did not meet the condition; {@code current} is the document as read
     * after the bulk write (it may have changed since).
     */
    record ConditionFailed<T>(BsonDocument condition, T current) implements BulkOutcome<T>, ConditionRefusal {
        @Override
        public BulkOutcome<T> orThrow() {
            throw toException();
        }
    }

    /** An insert-once found a document with its key, left untouched; {@code existingId} is its {@code _id}. */
    record AlreadyExists<T>(BsonDocument key, BsonValue existingId) implements BulkOutcome<T>, Refusal {
        @Override
        public BulkOutcome<T> orThrow() {
            throw toException();
        }

        @Override
        public RefusedException toException() {
            return new AlreadyExistsException(new UpsertOutcome.AlreadyExists(key, existingId));
        }
    }

    /**
     * A unique index refused the item's write (E11000): for example an upsert that lost a race to a
     * concurrent insert of its key, or an update setting a value another document has. Not retried
     * by the bulk; the other items are unaffected (unordered).
     */
    record DuplicateKey<T>(DuplicateKeyException error) implements BulkOutcome<T> {
        @Override
        public BulkOutcome<T> orThrow() {
            throw error;
        }
    }

    /** The server failed the item's write with another error (document validation, immutable field, ...). */
    record WriteFailed<T>(MongoOperationException error) implements BulkOutcome<T> {
        @Override
        public BulkOutcome<T> orThrow() {
            throw error;
        }
    }

    /** An ordered bulk stopped at the failed item {@code failedIndex}, before this one: nothing was written. */
    record NotAttempted<T>(int failedIndex) implements BulkOutcome<T> {
        @Override
        public BulkOutcome<T> orThrow() {
            throw new BulkItemException("not attempted: the ordered bulk stopped at the failed item " + failedIndex);
        }
    }

    /**
     * The conditional update's document exists, but whether the update applied cannot be told: the
     * server reports how many updates of a bulk matched, not which, and the read after the write
     * could not attribute them (several refused and applied items whose condition no longer holds
     * after the update, such as a version check). Read the document, or run such items alone.
     */
    record Undetermined<T>(BsonDocument condition, T current) implements BulkOutcome<T> {
        @Override
        public BulkOutcome<T> orThrow() {
            throw new BulkItemException("undetermined: the server matched some of the bulk's conditional updates "
                    + "and the read after it cannot tell whether this one (condition " + condition.toJson() + ") did");
        }
    }
}

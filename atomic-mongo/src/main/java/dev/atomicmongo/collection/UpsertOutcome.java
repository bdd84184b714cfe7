package dev.atomicmongo.collection;

import dev.atomicmongo.Outcome;
import dev.atomicmongo.Refusal;
import dev.atomicmongo.RefusedException;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * The result of an insert-once write ({@link AtomicCollection#upsertByField}, which despite its
 * name never updates): either this call inserted the document, or one with the same key already
 * existed and was left untouched, and its {@code _id} is here. Both are known from the one round
 * trip of the write.
 */
public sealed interface UpsertOutcome extends Outcome<UpsertOutcome.Inserted> {

    /** True if this call inserted the document. */
    default boolean isInserted() {
        return this instanceof Inserted;
    }

    /**
     * This outcome if the document was inserted.
     *
     * @throws AlreadyExistsException if a document with the key already existed
     */
    @Override
    Inserted orThrow();

    /** This call inserted the document with this id. */
    record Inserted(BsonValue id) implements UpsertOutcome {
        @Override
        public Inserted orThrow() {
            return this;
        }
    }

    /**
     * A document with the key already existed; it was not modified.
     *
     * @param key        the key filter, for example {@code {url: "https://a"}}
     * @param existingId the {@code _id} of the document that has the key
     */
    record AlreadyExists(BsonDocument key, BsonValue existingId) implements UpsertOutcome, Refusal {
        @Override
        public Inserted orThrow() {
            throw toException();
        }

        @Override
        public RefusedException toException() {
            return new AlreadyExistsException(this);
        }
    }
}

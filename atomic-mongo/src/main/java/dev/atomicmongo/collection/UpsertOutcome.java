package dev.atomicmongo.collection;

import org.bson.BsonValue;

/**
 * The result of an insert-once upsert ({@link AtomicCollection#upsertByField}): either this call
 * inserted the document, or one with the same key already existed and was left untouched.
 */
public sealed interface UpsertOutcome {

    /** True if this call inserted the document. */
    default boolean isInserted() {
        return this instanceof Inserted;
    }

    /** This call inserted the document with this id. */
    record Inserted(BsonValue id) implements UpsertOutcome {
    }

    /** A document with the key already existed; it was not modified. */
    record AlreadyExists() implements UpsertOutcome {
    }
}

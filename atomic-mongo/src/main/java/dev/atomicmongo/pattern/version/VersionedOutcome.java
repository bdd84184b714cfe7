package dev.atomicmongo.pattern.version;

import dev.atomicmongo.ConditionRefusal;
import dev.atomicmongo.DocumentNotFoundException;
import dev.atomicmongo.NotFoundRefusal;
import dev.atomicmongo.Outcome;
import org.bson.BsonDocument;
import org.bson.BsonInt64;

/**
 * What a versioned write did: written at a new version, or refused because the version moved on
 * or the document does not exist. Returned by {@link OptimisticVersioning}; branch on it with
 * {@code instanceof} (or a pattern {@code switch} on Java 21), or call {@link #orThrow()}.
 *
 * <pre>{@code
 * VersionedOutcome outcome = articles.update(eq("_id", id), 4, update().set("title", "New"));
 * if (outcome instanceof VersionedOutcome.Conflict c) {
 *     reload(c.currentVersion());                       // someone else wrote version 5 first
 * } else {
 *     long version = outcome.orThrow();                 // 5, or DocumentNotFoundException
 * }
 * }</pre>
 */
public sealed interface VersionedOutcome extends Outcome<Long> {

    /** True if the document was written (updated or inserted). */
    default boolean isWritten() {
        return this instanceof Updated || this instanceof Inserted;
    }

    /**
     * The document's new version if it was written.
     *
     * @throws VersionConflictException if the stored version was not the expected one
     * @throws DocumentNotFoundException if no document has the identity
     */
    @Override
    Long orThrow();

    /** An existing document was changed; {@code version} is its new version. */
    record Updated(long version) implements VersionedOutcome {
        @Override
        public Long orThrow() {
            return version;
        }
    }

    /** An upsert inserted the document at {@link OptimisticVersioning#FIRST_VERSION}. */
    record Inserted(long version) implements VersionedOutcome {
        @Override
        public Long orThrow() {
            return version;
        }
    }

    /**
     * The document exists but another writer moved its version on; nothing was written.
     * {@code currentVersion} is the version read right after the refused write (0 when the
     * document has no version field).
     */
    record Conflict(BsonDocument identity, String versionField, long expectedVersion, long currentVersion)
            implements VersionedOutcome, ConditionRefusal {
        /** The version check the document failed, {@code {versionField: expectedVersion}}. */
        @Override
        public BsonDocument condition() {
            return new BsonDocument(versionField, new BsonInt64(expectedVersion));
        }

        @Override
        public VersionConflictException toException() {
            return new VersionConflictException(this);
        }

        @Override
        public Long orThrow() {
            throw toException();
        }
    }

    /** No document matches the identity filter; nothing was written. */
    record NotFound(BsonDocument identity) implements VersionedOutcome, NotFoundRefusal {
        @Override
        public Long orThrow() {
            throw toException();
        }
    }
}

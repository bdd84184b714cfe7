package dev.atomicmongo.collection;

import java.util.Optional;

import com.mongodb.client.result.UpdateResult;
import org.bson.BsonValue;

/**
 * What an acknowledged update did: how many documents matched and changed, and the id of an
 * inserted document. The {@code isX} methods answer the questions callers usually ask.
 *
 * @param matchedCount  documents that matched the filter
 * @param modifiedCount documents actually changed (a matched document may already have the values)
 * @param upsertedId    the id of the document an upsert inserted, or null
 */
public record UpdateOutcome(long matchedCount, long modifiedCount, BsonValue upsertedId) {

    static UpdateOutcome of(UpdateResult result) {
        if (!result.wasAcknowledged()) {
            throw new IllegalStateException("The write was unacknowledged (write concern w:0), so its outcome is "
                    + "unknown; use an acknowledged write concern with AtomicCollection");
        }
        return new UpdateOutcome(result.getMatchedCount(), result.getModifiedCount(), result.getUpsertedId());
    }

    /** True if an upsert inserted a new document. */
    public boolean isInserted() {
        return upsertedId != null;
    }

    /** True if an existing document was changed. */
    public boolean isUpdated() {
        return modifiedCount > 0;
    }

    /** True if a document matched the filter (whether or not it changed). */
    public boolean isMatched() {
        return matchedCount > 0;
    }

    /** True if a document matched but already had the values, so nothing changed. */
    public boolean isUnchanged() {
        return matchedCount > 0 && modifiedCount == 0;
    }

    /** The inserted document's id, if an upsert inserted one. */
    public Optional<BsonValue> insertedId() {
        return Optional.ofNullable(upsertedId);
    }
}

package dev.atomicmongo.pattern.counter;

import java.util.Objects;

import com.mongodb.client.MongoCollection;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.collection.ConditionalOutcome;
import dev.atomicmongo.collection.UpdateOutcome;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.update.Expr;
import dev.atomicmongo.update.PipelineUpdate;
import dev.atomicmongo.update.UpdateBuilder;
import org.bson.BsonDocument;

/**
 * Sets a field of an existing document only where it has no value yet, in documents keyed by
 * {@code _id}: DynamoDB's {@code if_not_exists}.
 *
 * <p><b>Not the same as {@code $setOnInsert}.</b> {@code $setOnInsert} writes only when an upsert
 * inserts a new document; it never fills a field missing from a document that already exists.
 * {@link #setIfMissing} fills it in an existing document (missing and null count alike), and
 * never inserts a document.
 *
 * <pre>{@code
 * Fields fields = Fields.of(db.getCollection("players"));
 * fields.setIfMissing("p1", "highScore", 100);   // FILLED the first time
 * fields.setIfMissing("p1", "highScore", 500);   // ALREADY_SET: still 100
 * }</pre>
 *
 * <p>Where the server runs pipeline updates it is one {@code updateOne} with
 * {@code [{$set: {field: {$ifNull: ["$field", value]}}}]}, and the outcome comes from the
 * matched and modified counts. Elsewhere it is one {@code updateOne} guarded by
 * {@code {field: null}} (which matches missing and null) with a {@code $set}, and one read only
 * when nothing matched. Both are atomic. To fill several fields independently in one update,
 * or together with other changes, write the {@code $ifNull} into a {@link PipelineUpdate}
 * yourself. Immutable and thread-safe.
 */
public final class Fields {
    private final AtomicCollection<BsonDocument> documents;

    private Fields(AtomicCollection<BsonDocument> documents) {
        this.documents = documents;
    }

    /** Fields of a collection (and its session, if it has one). */
    public static Fields of(AtomicCollection<?> collection) {
        return new Fields(Objects.requireNonNull(collection, "collection").withDocumentClass(BsonDocument.class));
    }

    /** Fields of a driver collection. */
    public static Fields of(MongoCollection<?> collection) {
        return of(AtomicCollection.of(Objects.requireNonNull(collection, "collection")));
    }

    /**
     * Sets {@code field} to {@code value} if the document has no value there (missing or null).
     *
     * @throws NullPointerException if {@code value} is null
     * @throws dev.atomicmongo.AtomicMongoException if the server fails the write
     */
    public FillOutcome setIfMissing(Object id, String field, Object value) {
        Objects.requireNonNull(id, "id");
        Documents.checkedPath(field);
        Objects.requireNonNull(value, () -> "setIfMissing on '" + field + "': value must not be null");
        if (documents.supportsPipelineUpdates()) {
            UpdateOutcome outcome = documents.updateOne(Conditions.eq("_id", id), PipelineUpdate.pipeline()
                    .set(field, Expr.ifNull(Expr.field(field), Expr.literal(value))));
            return !outcome.isMatched() ? FillOutcome.NOT_FOUND
                    : outcome.isUpdated() ? FillOutcome.FILLED : FillOutcome.ALREADY_SET;
        }
        ConditionalOutcome<BsonDocument> outcome = documents.updateIf(Conditions.eq("_id", id),
                Conditions.eq(field, null), UpdateBuilder.update().set(field, value));
        return outcome.isApplied() ? FillOutcome.FILLED
                : outcome instanceof ConditionalOutcome.NotFound ? FillOutcome.NOT_FOUND : FillOutcome.ALREADY_SET;
    }

    @Override
    public String toString() {
        return "Fields{" + documents.namespace() + "}";
    }
}

package dev.atomicmongo.pattern.counter;

import java.util.Objects;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Projections;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.collection.ConditionalOutcome;
import dev.atomicmongo.collection.UpdateOutcome;
import dev.atomicmongo.update.PipelineUpdate;
import org.bson.BsonDocument;
import org.bson.BsonNull;
import org.bson.BsonValue;

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
 * fields.setIfMissing("p1", "highScore", 100);   // Filled the first time
 * fields.setIfMissing("p1", "highScore", 500);   // AlreadySet[current=100]: still 100
 * }</pre>
 *
 * <p>Where the server runs pipeline updates it is one {@code updateOne} with
 * {@code [{$set: {field: {$ifNull: ["$field", value]}}}]}, and the outcome comes from the
 * matched and modified counts, plus one read of the kept value only when the field was already
 * set. Elsewhere it is one {@code updateOne} guarded by {@code {field: null}} (which matches
 * missing and null) with a {@code $set}, and one read by {@code _id} only when nothing matched,
 * to tell {@link FillOutcome.AlreadySet} from {@link FillOutcome.NotFound}. Both are atomic. To fill several fields independently in one update,
 * or together with other changes, write the {@code $ifNull} into a {@link PipelineUpdate}
 * yourself. Immutable and thread-safe.
 */
public final class Fields {
    private static final FillOutcome.Filled FILLED = new FillOutcome.Filled();

    private final AtomicCollection<BsonDocument> documents;
    private final FieldCommands commands;

    private Fields(AtomicCollection<BsonDocument> documents) {
        this.documents = documents;
        this.commands = new FieldCommands(documents.commands());
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
            UpdateOutcome outcome = documents.execute(commands.fillPipeline(id, field, value));
            if (outcome.isMatched() && outcome.isUpdated()) {
                return FILLED;
            }
            BsonDocument current = outcome.isMatched()
                    ? Documents.find(documents, FieldCommands.identity(id), Projections.include(field)) : null;
            return current == null ? new FillOutcome.NotFound(commands.compiled(FieldCommands.identity(id)))
                    : alreadySet(field, current);
        }
        ConditionalOutcome<BsonDocument> outcome = documents.execute(commands.fillGuarded(id, field, value));
        if (outcome instanceof ConditionalOutcome.NotFound<BsonDocument> notFound) {
            return new FillOutcome.NotFound(notFound.identity());
        }
        return outcome instanceof ConditionalOutcome.ConditionFailed<BsonDocument> failed
                ? alreadySet(field, failed.current()) : FILLED;
    }

    private FillOutcome alreadySet(String field, BsonDocument current) {
        BsonValue value = Documents.valueAt(current, field);
        return new FillOutcome.AlreadySet(commands.compiled(FieldCommands.missing(field)),
                value == null ? BsonNull.VALUE : value);
    }

    @Override
    public String toString() {
        return "Fields{" + documents.namespace() + "}";
    }
}

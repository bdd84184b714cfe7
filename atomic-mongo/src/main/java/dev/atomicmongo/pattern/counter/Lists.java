package dev.atomicmongo.pattern.counter;

import dev.atomicmongo.CheckReturnValue;
import java.util.Objects;
import java.util.Optional;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Projections;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.collection.ConditionalOutcome;
import dev.atomicmongo.collection.RetryPolicy;
import dev.atomicmongo.collection.UpdateOutcome;
import dev.atomicmongo.filter.Condition;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Atomic changes to arrays used as lists, in documents keyed by {@code _id}: append, prepend,
 * replace or remove the element at an index. Appending and prepending are one {@code $push};
 * the index operations are guarded so that an index past the end is refused rather than padded
 * with nulls (which a plain {@code $set} on {@code "list.7"} would do).
 *
 * <pre>{@code
 * Lists lists = Lists.of(db.getCollection("audit"));
 * lists.append("order-1", "events", "shipped", "delivered");
 * lists.prepend("order-1", "events", "paid");
 * lists.setAt("order-1", "events", 0, "payment confirmed");
 * lists.removeAt("order-1", "events", 2);
 * }</pre>
 *
 * <p><b>How {@link #removeAt} stays atomic.</b> MongoDB has no operator that removes an element
 * by index. Where the server runs pipeline updates (MongoDB 4.2+), it is one {@code updateOne}
 * whose pipeline rebuilds the array from the slices before and after the index, guarded by
 * "the index exists". Where it does not (such as the embedded test server), it is an optimistic
 * two-step: read the array, then write the array without the element with a filter requiring
 * the array to be exactly as read ({@code $expr $eq}); if anyone changed the array in between,
 * the write matches nothing and the two steps start again, under the collection's
 * {@link RetryPolicy} (bounded attempts and time, jittered backoff; {@link #withRetryPolicy} or
 * {@link AtomicCollection#withRetryPolicy} to change it). Either way no concurrent change is
 * lost or overwritten. Immutable and thread-safe.
 */
public final class Lists {
    private static final Logger LOG = LoggerFactory.getLogger(Lists.class);

    private final AtomicCollection<BsonDocument> documents;
    private final ListCommands commands;

    private Lists(AtomicCollection<BsonDocument> documents) {
        this.documents = documents;
        this.commands = new ListCommands(documents.commands());
    }

    /** Lists over a collection (and its session, if it has one). */
    public static Lists of(AtomicCollection<?> collection) {
        return new Lists(Objects.requireNonNull(collection, "collection").withDocumentClass(BsonDocument.class));
    }

    /** Lists over a driver collection. */
    public static Lists of(MongoCollection<?> collection) {
        return of(AtomicCollection.of(Objects.requireNonNull(collection, "collection")));
    }

    /** A copy whose two-step {@link #removeAt} starts again under {@code policy} when the array keeps changing. */
    @CheckReturnValue
    public Lists withRetryPolicy(RetryPolicy policy) {
        return new Lists(documents.withRetryPolicy(policy));
    }

    /** Appends the values in order ({@code $push} with {@code $each}); a missing array is created, a missing document is not. */
    public UpdateOutcome append(Object id, String path, Object... values) {
        return documents.execute(commands.append(id, path, values));
    }

    /** Puts the values, in order, before the first element ({@code $push} with {@code $each} and {@code $position: 0}). */
    public UpdateOutcome prepend(Object id, String path, Object... values) {
        return documents.execute(commands.prepend(id, path, values));
    }

    /**
     * Replaces the element at {@code index}, only if the array has one there: one
     * {@code updateOne} of {@code path.index} guarded by {@code {"path.index": {$exists: true}}}.
     *
     * @return {@link ConditionalOutcome.Applied}, {@link ConditionalOutcome.ConditionFailed}
     *         (the index is past the end, or the field is not an array) or {@link ConditionalOutcome.NotFound}
     * @throws IllegalArgumentException if {@code index} is negative
     */
    public ConditionalOutcome<BsonDocument> setAt(Object id, String path, int index, Object value) {
        requireIndex(path, index);
        return documents.execute(commands.setAt(id, path, index, value));
    }

    /**
     * Removes the element at {@code index}, shifting the later ones down, only if the array has
     * one there. One pipeline {@code updateOne} where the server supports pipeline updates, else
     * the guarded read-then-write described in the class documentation.
     *
     * @return {@link ConditionalOutcome.Applied}, {@link ConditionalOutcome.ConditionFailed}
     *         (the index is past the end, or the field is not an array) or {@link ConditionalOutcome.NotFound}
     * @throws IllegalArgumentException if {@code index} is negative
     * @throws dev.atomicmongo.RetriesExhaustedException if the two-step lost to concurrent changes
     *         of the array on every attempt its retry policy allows
     * @throws dev.atomicmongo.AtomicMongoException if the server fails
     */
    public ConditionalOutcome<BsonDocument> removeAt(Object id, String path, int index) {
        requireIndex(path, index);
        if (documents.supportsPipelineUpdates()) {
            return documents.execute(commands.removeAtPipeline(id, path, index));
        }
        LOG.debug("removeAt on {}: no pipeline updates, using the guarded read-then-write", documents.namespace());
        return documents.retryPolicy().execute("removeAt(" + id + ", " + path + ", " + index + ") on "
                + documents.namespace(), attempt -> removeAtOnce(id, path, index));
    }

    /** One read-then-write; empty when the array changed in between, to be tried again. */
    private Optional<ConditionalOutcome<BsonDocument>> removeAtOnce(Object id, String path, int index) {
        Condition identity = ListCommands.identity(id);
        BsonDocument current = Documents.find(documents, identity, Projections.include(path));
        if (current == null) {
            return Optional.of(new ConditionalOutcome.NotFound<>(commands.compiled(identity)));
        }
        BsonValue array = Documents.valueAt(current, path);
        if (array == null || !array.isArray() || array.asArray().size() <= index) {
            return Optional.of(new ConditionalOutcome.ConditionFailed<>(
                    commands.compiled(ListCommands.hasIndex(path, index)), current));
        }
        BsonArray without = new BsonArray(array.asArray().getValues());
        without.remove(index);
        UpdateOutcome written = documents.execute(commands.replaceIfUnchanged(id, path, array.asArray(), without));
        return written.isMatched() ? Optional.of(new ConditionalOutcome.Applied<>(written)) : Optional.empty();
    }

    private static void requireIndex(String path, int index) {
        Documents.checkedPath(path);
        if (index < 0) {
            throw new IllegalArgumentException("Index into '" + path + "' must be >= 0, got " + index);
        }
    }

    @Override
    public String toString() {
        return "Lists{" + documents.namespace() + "}";
    }
}

package dev.atomicmongo.pattern.counter;

import java.util.Objects;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Projections;
import dev.atomicmongo.AtomicMongoException;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.collection.ConditionalOutcome;
import dev.atomicmongo.collection.UpdateOutcome;
import dev.atomicmongo.filter.Condition;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.update.Expr;
import dev.atomicmongo.update.PipelineUpdate;
import dev.atomicmongo.update.PushEach;
import dev.atomicmongo.update.UpdateBuilder;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonType;
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
 * the write matches nothing and the two steps start again. Either way no concurrent change is
 * lost or overwritten. Immutable and thread-safe.
 */
public final class Lists {
    private static final Logger LOG = LoggerFactory.getLogger(Lists.class);
    /** How often the two-step {@link #removeAt} starts again when the array keeps changing under it. */
    static final int MAX_ATTEMPTS = 1000;

    private final AtomicCollection<BsonDocument> documents;

    private Lists(AtomicCollection<BsonDocument> documents) {
        this.documents = documents;
    }

    /** Lists over a collection (and its session, if it has one). */
    public static Lists of(AtomicCollection<?> collection) {
        return new Lists(Objects.requireNonNull(collection, "collection").withDocumentClass(BsonDocument.class));
    }

    /** Lists over a driver collection. */
    public static Lists of(MongoCollection<?> collection) {
        return of(AtomicCollection.of(Objects.requireNonNull(collection, "collection")));
    }

    /** Appends the values in order ({@code $push} with {@code $each}); a missing array is created, a missing document is not. */
    public UpdateOutcome append(Object id, String path, Object... values) {
        return documents.updateOne(identity(id), UpdateBuilder.update().push(path, PushEach.of(values)));
    }

    /** Puts the values, in order, before the first element ({@code $push} with {@code $each} and {@code $position: 0}). */
    public UpdateOutcome prepend(Object id, String path, Object... values) {
        return documents.updateOne(identity(id), UpdateBuilder.update().push(path, PushEach.of(values).withPosition(0)));
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
        return documents.updateIf(identity(id), hasIndex(path, index), UpdateBuilder.update().setAt(path, index, value));
    }

    /**
     * Removes the element at {@code index}, shifting the later ones down, only if the array has
     * one there. One pipeline {@code updateOne} where the server supports pipeline updates, else
     * the guarded read-then-write described in the class documentation.
     *
     * @return {@link ConditionalOutcome.Applied}, {@link ConditionalOutcome.ConditionFailed}
     *         (the index is past the end, or the field is not an array) or {@link ConditionalOutcome.NotFound}
     * @throws IllegalArgumentException if {@code index} is negative
     * @throws dev.atomicmongo.AtomicMongoException if the server fails, or the two-step lost to
     *         concurrent changes {@value #MAX_ATTEMPTS} times in a row
     */
    public ConditionalOutcome<BsonDocument> removeAt(Object id, String path, int index) {
        requireIndex(path, index);
        Condition identity = identity(id);
        if (documents.supportsPipelineUpdates()) {
            Expr array = Expr.field(path);
            Expr after = Expr.slice(array, Expr.literal(index + 1), Expr.size(array));
            Expr rebuilt = index == 0 ? after : Expr.concatArrays(Expr.slice(array, index), after);
            return documents.updateIf(identity, hasIndex(path, index), PipelineUpdate.pipeline().set(path, rebuilt));
        }
        LOG.debug("removeAt on {}: no pipeline updates, using the guarded read-then-write", documents.namespace());
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            BsonDocument current = Documents.find(documents, identity, Projections.include(path));
            if (current == null) {
                return new ConditionalOutcome.NotFound<>(render(identity));
            }
            BsonValue array = Documents.valueAt(current, path);
            if (array == null || !array.isArray() || array.asArray().size() <= index) {
                return new ConditionalOutcome.ConditionFailed<>(render(hasIndex(path, index)), current);
            }
            BsonArray without = new BsonArray(array.asArray().getValues());
            without.remove(index);
            Condition unchanged = Conditions.expr(Expr.eq(Expr.field(path), Expr.literal(array)));
            ConditionalOutcome<BsonDocument> outcome = documents.updateIf(identity, unchanged,
                    UpdateBuilder.update().set(path, without));
            if (!(outcome instanceof ConditionalOutcome.ConditionFailed)) {
                return outcome;
            }
        }
        throw new AtomicMongoException("removeAt(" + id + ", " + path + ", " + index + ") on "
                + documents.namespace() + ": the array changed under each of " + MAX_ATTEMPTS + " attempts");
    }

    private static Condition hasIndex(String path, int index) {
        return Conditions.and(Conditions.type(path, BsonType.ARRAY), Conditions.exists(path + "." + index));
    }

    private static void requireIndex(String path, int index) {
        Documents.checkedPath(path);
        if (index < 0) {
            throw new IllegalArgumentException("Index into '" + path + "' must be >= 0, got " + index);
        }
    }

    private static Condition identity(Object id) {
        return Conditions.eq("_id", Objects.requireNonNull(id, "id"));
    }

    private BsonDocument render(Condition filter) {
        return filter.toBsonDocument(BsonDocument.class, documents.collection().getCodecRegistry());
    }

    @Override
    public String toString() {
        return "Lists{" + documents.namespace() + "}";
    }
}

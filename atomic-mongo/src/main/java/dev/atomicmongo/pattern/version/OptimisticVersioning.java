package dev.atomicmongo.pattern.version;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToLongFunction;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Projections;
import dev.atomicmongo.internal.BsonValues;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.collection.ConditionalOutcome;
import dev.atomicmongo.collection.FindAndUpdateOptions;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.update.UpdateBuilder;
import org.bson.BsonDocument;
import org.bson.BsonDocumentWrapper;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Optimistic concurrency with a version number: a write names the version it read, and is
 * applied only if the document is still at that version, incrementing it in the same update.
 * One {@code updateOne} whose filter is {@code {$and: [identity, {version: expected}]}} and whose
 * update adds {@code $inc: {version: 1}} to the caller's change; when nothing matched, one read
 * tells {@link VersionedOutcome.Conflict} (with the current version) from
 * {@link VersionedOutcome.NotFound}.
 *
 * <pre>{@code
 * OptimisticVersioning<Article> articles = OptimisticVersioning.of(db.getCollection("articles", Article.class));
 * Article read = ...;                                       // read at version 4
 * VersionedOutcome outcome = articles.update(Conditions.eq("_id", read.id()), read.version(),
 *         UpdateBuilder.update().set("title", "Atomic updates"));
 * // Updated[version=5], or Conflict[expectedVersion=4, currentVersion=6], or NotFound
 * }</pre>
 *
 * <p><b>Versions.</b> A document inserted by {@link #upsert} starts at version
 * {@value #FIRST_VERSION}: the {@code $inc} alone creates the missing field, so no
 * {@code $setOnInsert} of the version is needed (and MongoDB would refuse both on one path).
 * Version 0 stands for "never versioned": expecting 0 matches a document whose version field is
 * 0, null or missing. The version field is {@code "version"}, the member marked {@link Version}
 * on the collection's document class, or the name given to {@link #withVersionField}; a dotted
 * path is allowed.
 *
 * <p>Immutable and thread-safe; {@code withX} methods return copies.
 *
 * @param <T> the collection's document type
 */
public final class OptimisticVersioning<T> {
    /** The version of a document inserted by {@link #upsert}. */
    public static final long FIRST_VERSION = 1;

    private final AtomicCollection<T> typed;
    private final AtomicCollection<BsonDocument> documents;
    private final String versionField;
    private final ToLongFunction<? super T> accessor;

    private OptimisticVersioning(AtomicCollection<T> typed, String versionField, ToLongFunction<? super T> accessor) {
        this.typed = typed;
        this.documents = typed.withDocumentClass(BsonDocument.class);
        this.versionField = versionField;
        this.accessor = accessor;
    }

    /**
     * Versioning over a collection (and its session, if it has one); the version field is the
     * document class's {@link Version} member, else {@code "version"}.
     *
     * @throws IllegalArgumentException if the document class has more than one {@code @Version} member
     */
    public static <T> OptimisticVersioning<T> of(AtomicCollection<T> collection) {
        Objects.requireNonNull(collection, "collection");
        return new OptimisticVersioning<>(collection, VersionFields.of(collection.collection().getDocumentClass()), null);
    }

    /** Versioning over a driver collection; see {@link #of(AtomicCollection)}. */
    public static <T> OptimisticVersioning<T> of(MongoCollection<T> collection) {
        return of(AtomicCollection.of(Objects.requireNonNull(collection, "collection")));
    }

    /**
     * A copy that stores the version in {@code field}.
     *
     * @throws IllegalArgumentException if the path is blank, has an empty segment or a {@code $}-prefixed segment
     */
    public OptimisticVersioning<T> withVersionField(String field) {
        Conditions.field(field); // validates the path
        return new OptimisticVersioning<>(typed, field, accessor);
    }

    /**
     * A copy that reads a document's version with {@code accessor} (for example
     * {@code Article::version}) instead of encoding the document with the collection's codecs.
     */
    public OptimisticVersioning<T> withVersionAccessor(ToLongFunction<? super T> accessor) {
        return new OptimisticVersioning<>(typed, versionField, Objects.requireNonNull(accessor, "accessor"));
    }

    /** The stored name of the version field. */
    public String versionField() {
        return versionField;
    }

    /**
     * Applies {@code change} and increments the version, only if the document is at
     * {@code expectedVersion}. One {@code updateOne}; one more read only when nothing matched.
     *
     * @param identity        the document's identity filter, usually {@code Conditions.eq("_id", id)}
     * @param expectedVersion the version the caller read; 0 also matches a missing version
     * @param change          the caller's change; it must not write the version field
     * @return {@link VersionedOutcome.Updated} with the new version, {@link VersionedOutcome.Conflict}
     *         or {@link VersionedOutcome.NotFound}
     * @throws IllegalArgumentException if {@code expectedVersion} is negative or {@code change}
     *         writes the version field
     * @throws dev.atomicmongo.AtomicMongoException if the server fails the write
     */
    public VersionedOutcome update(Bson identity, long expectedVersion, UpdateBuilder change) {
        Objects.requireNonNull(identity, "identity");
        if (expectedVersion < 0) {
            throw new IllegalArgumentException("expectedVersion must be >= 0, got " + expectedVersion);
        }
        UpdateBuilder update = withVersionIncrement(change);
        Bson condition = expectedVersion == 0
                ? Conditions.in(versionField, 0, null)
                : Conditions.eq(versionField, expectedVersion);
        ConditionalOutcome<BsonDocument> outcome = documents.updateIf(identity, condition, update);
        if (outcome instanceof ConditionalOutcome.ConditionFailed<BsonDocument> failed) {
            return new VersionedOutcome.Conflict(render(identity), versionField, expectedVersion,
                    versionIn(failed.current()));
        }
        if (outcome instanceof ConditionalOutcome.NotFound<BsonDocument> notFound) {
            return new VersionedOutcome.NotFound(notFound.identity());
        }
        return new VersionedOutcome.Updated(expectedVersion + 1);
    }

    /**
     * Applies {@code change} to the document and increments its version whatever it is, or
     * inserts the document at version {@value #FIRST_VERSION} when none matches; the
     * {@code setOnInsert} parts of {@code change} apply only to the insert. One
     * {@code findOneAndUpdate} with upsert, returning the old version.
     *
     * <p>Without a unique index on the identity's fields (as {@code _id} has), two concurrent
     * first upserts may insert two documents.
     *
     * @return {@link VersionedOutcome.Inserted} or {@link VersionedOutcome.Updated} with the new version
     * @throws IllegalArgumentException if {@code change} writes the version field or the identity uses {@code $expr}
     * @throws dev.atomicmongo.AtomicMongoException if the server fails the write
     */
    public VersionedOutcome upsert(Bson identity, UpdateBuilder change) {
        Objects.requireNonNull(identity, "identity");
        UpdateBuilder update = withVersionIncrement(change);
        Optional<BsonDocument> before = documents.findOneAndUpdate(identity, update,
                FindAndUpdateOptions.returnBefore().withUpsert(true).withProjection(Projections.include(versionField)));
        return before.<VersionedOutcome>map(d -> new VersionedOutcome.Updated(versionIn(d) + 1))
                .orElseGet(() -> new VersionedOutcome.Inserted(FIRST_VERSION));
    }

    /**
     * Reads the document, computes a change from it and writes it at the version read, retrying
     * from a fresh read while another writer got there first: the read-modify-write loop of
     * optimistic locking. {@code change} may be called several times and should have no side effects.
     *
     * <pre>{@code
     * articles.updateWithRetry(Conditions.eq("_id", id), 10,
     *         a -> UpdateBuilder.update().set("tags", merge(a.tags(), "java")));
     * }</pre>
     *
     * @param maxAttempts how many writes to try, at least 1
     * @return {@link VersionedOutcome.Updated}, {@link VersionedOutcome.NotFound}, or the last
     *         {@link VersionedOutcome.Conflict} when every attempt lost
     * @throws IllegalArgumentException if {@code maxAttempts} is below 1 or a change writes the version field
     * @throws dev.atomicmongo.AtomicMongoException if the server fails a read or write
     */
    public VersionedOutcome updateWithRetry(Bson identity, int maxAttempts, Function<? super T, UpdateBuilder> change) {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(change, "change");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
        }
        VersionedOutcome outcome = null;
        for (int attempt = 0; attempt < maxAttempts; attempt++) {
            T current = find(identity);
            if (current == null) {
                return new VersionedOutcome.NotFound(render(identity));
            }
            outcome = update(identity, versionOf(current), Objects.requireNonNull(change.apply(current), "change result"));
            if (!(outcome instanceof VersionedOutcome.Conflict)) {
                return outcome;
            }
        }
        return outcome;
    }

    /**
     * The version of a document of this collection: from the accessor if one was given, else by
     * encoding it with the collection's codecs; 0 when it has no version.
     *
     * @throws IllegalArgumentException if the version field is not a number
     */
    public long versionOf(T document) {
        Objects.requireNonNull(document, "document");
        if (accessor != null) {
            return accessor.applyAsLong(document);
        }
        BsonDocument encoded = document instanceof BsonDocument bson ? bson
                : BsonDocumentWrapper.asBsonDocument(document, typed.collection().getCodecRegistry());
        return versionIn(encoded);
    }

    private UpdateBuilder withVersionIncrement(UpdateBuilder change) {
        Objects.requireNonNull(change, "change");
        if (change.writes(versionField)) {
            throw new IllegalArgumentException("The change writes the version field '" + versionField
                    + "'; OptimisticVersioning increments it itself");
        }
        return change.inc(versionField, 1L);
    }

    private long versionIn(BsonDocument document) {
        BsonValue value = BsonValues.valueAt(document, versionField);
        if (value == null || value.isNull()) {
            return 0;
        }
        if (!value.isNumber()) {
            throw new IllegalArgumentException("The version field '" + versionField + "' holds a "
                    + value.getBsonType() + ", not a number");
        }
        return value.asNumber().longValue();
    }

    private T find(Bson identity) {
        return typed.findOne(identity).orElse(null);
    }

    private BsonDocument render(Bson identity) {
        return identity.toBsonDocument(Document.class, typed.collection().getCodecRegistry());
    }

    @Override
    public String toString() {
        return "OptimisticVersioning{" + typed.namespace() + ", versionField=" + versionField + "}";
    }
}

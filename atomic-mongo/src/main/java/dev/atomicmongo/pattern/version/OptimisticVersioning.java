package dev.atomicmongo.pattern.version;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToLongFunction;

import com.mongodb.client.MongoCollection;
import dev.atomicmongo.CheckReturnValue;
import dev.atomicmongo.RetriesExhaustedException;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.collection.ConditionalOutcome;
import dev.atomicmongo.collection.RetryPolicy;
import dev.atomicmongo.collection.StoredValues;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.update.UpdateBuilder;
import org.bson.BsonDocument;
import org.bson.BsonDocumentWrapper;
import org.bson.BsonValue;
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
 * <p><b>Retries.</b> {@link #updateWithRetry} re-reads and writes again under the collection's
 * {@link RetryPolicy} ({@link AtomicCollection#retryPolicy()}, or the one given to
 * {@link #withRetryPolicy}): bounded attempts and time, jittered backoff between lost races.
 *
 * <p>Immutable and thread-safe; {@code withX} methods return copies. What it sends is compiled by a
 * package-private {@code VersioningCommands} and run with {@link AtomicCollection#execute}.
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
    private final VersioningCommands commands;

    private OptimisticVersioning(AtomicCollection<T> typed, String versionField, ToLongFunction<? super T> accessor) {
        this.typed = typed;
        this.documents = typed.withDocumentClass(BsonDocument.class);
        this.versionField = versionField;
        this.accessor = accessor;
        this.commands = new VersioningCommands(typed.commands(), versionField);
    }

    /**
     * Versioning over a collection (its session and retry policy); the version field is the
     * document class's {@link Version} member, else {@code "version"}.
     *
     * @throws IllegalArgumentException if the document class has more than one {@code @Version} member
     */
    public static <T> OptimisticVersioning<T> of(AtomicCollection<T> collection) {
        Objects.requireNonNull(collection, "collection");
        return new OptimisticVersioning<>(collection, VersionFields.of(collection.documentClass()), null);
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
    @CheckReturnValue
    public OptimisticVersioning<T> withVersionField(String field) {
        return new OptimisticVersioning<>(typed, Conditions.field(field).path(), accessor);
    }

    /**
     * A copy that reads a document's version with {@code accessor} (for example
     * {@code Article::version}) instead of encoding the document with the collection's codecs.
     */
    @CheckReturnValue
    public OptimisticVersioning<T> withVersionAccessor(ToLongFunction<? super T> accessor) {
        return new OptimisticVersioning<>(typed, versionField, Objects.requireNonNull(accessor, "accessor"));
    }

    /** A copy whose {@link #updateWithRetry} retries lost races under {@code policy}. */
    @CheckReturnValue
    public OptimisticVersioning<T> withRetryPolicy(RetryPolicy policy) {
        return new OptimisticVersioning<>(typed.withRetryPolicy(policy), versionField, accessor);
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
        Objects.requireNonNull(change, "change");
        if (expectedVersion < 0) {
            throw new IllegalArgumentException("expectedVersion must be >= 0, got " + expectedVersion);
        }
        ConditionalOutcome<BsonDocument> outcome = documents.execute(commands.update(identity, expectedVersion, change));
        if (outcome instanceof ConditionalOutcome.ConditionFailed<BsonDocument> failed) {
            return new VersionedOutcome.Conflict(commands.identity(identity), versionField, expectedVersion,
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
     * {@code findOneAndUpdate} with upsert, returning the old version; a lost duplicate-key race
     * of two first upserts is retried by the collection.
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
        Objects.requireNonNull(change, "change");
        Optional<BsonDocument> before = documents.execute(commands.upsert(identity, change));
        return before.<VersionedOutcome>map(d -> new VersionedOutcome.Updated(versionIn(d) + 1))
                .orElseGet(() -> new VersionedOutcome.Inserted(FIRST_VERSION));
    }

    /**
     * Reads the document, computes a change from it and writes it at the version read, retrying
     * from a fresh read under the retry policy while another writer got there first: the
     * read-modify-write loop of optimistic locking. {@code change} may be called several times
     * and should have no side effects.
     *
     * <pre>{@code
     * articles.withRetryPolicy(RetryPolicy.builder().maxAttempts(10).build())
     *         .updateWithRetry(Conditions.eq("_id", id), a -> UpdateBuilder.update().set("tags", merge(a.tags(), "java")));
     * }</pre>
     *
     * @return {@link VersionedOutcome.Updated} or {@link VersionedOutcome.NotFound}, never a conflict
     * @throws IllegalArgumentException if a change writes the version field
     * @throws RetriesExhaustedException if every attempt the retry policy allowed lost to another writer
     * @throws dev.atomicmongo.AtomicMongoException if the server fails a read or write
     */
    public VersionedOutcome updateWithRetry(Bson identity, Function<? super T, UpdateBuilder> change) {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(change, "change");
        return typed.retryPolicy().execute("updateWithRetry(" + commands.identity(identity).toJson() + ") on "
                + typed.namespace(), attempt -> {
            Optional<T> current = typed.findOne(identity);
            if (current.isEmpty()) {
                return Optional.of(new VersionedOutcome.NotFound(commands.identity(identity)));
            }
            VersionedOutcome outcome = update(identity, versionOf(current.get()),
                    Objects.requireNonNull(change.apply(current.get()), "change result"));
            return outcome instanceof VersionedOutcome.Conflict ? Optional.empty() : Optional.of(outcome);
        });
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
                : BsonDocumentWrapper.asBsonDocument(document, typed.commands().codecRegistry());
        return versionIn(encoded);
    }

    private long versionIn(BsonDocument document) {
        BsonValue value = StoredValues.valueAt(document, versionField).orElse(null);
        if (value == null || value.isNull()) {
            return 0;
        }
        return StoredValues.exactLong(value, versionField);
    }

    @Override
    public String toString() {
        return "OptimisticVersioning{" + typed.namespace() + ", versionField=" + versionField + ", retry="
                + typed.retryPolicy() + "}";
    }
}

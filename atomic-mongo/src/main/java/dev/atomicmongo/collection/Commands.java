package dev.atomicmongo.collection;

import java.util.Objects;

import com.mongodb.client.model.ReturnDocument;
import dev.atomicmongo.internal.BsonValues;
import dev.atomicmongo.update.Update;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.conversions.Bson;

/**
 * Compiles filters and updates into {@link Command}s with one codec registry: a pure step that
 * touches no server, so a unit test can assert exactly what an operation will send. Every
 * {@link AtomicCollection} operation is a command from {@link AtomicCollection#commands()} (the
 * collection's registry) followed by {@link AtomicCollection#execute}. Immutable and thread-safe.
 *
 * <pre>{@code
 * Commands commands = Commands.withDefaultCodecs();
 * ConditionalUpdateCommand book = commands.updateIf(
 *         Conditions.eq("_id", "concert"),
 *         Conditions.field("sold").lt(Conditions.field("capacity")),
 *         UpdateBuilder.update().inc("sold", 1));
 * book.filter();   // {"$and": [{"_id": "concert"}, {"$expr": {"$lt": ["$sold", "$capacity"]}}]}
 * }</pre>
 *
 * <p>Filters are any {@link Bson}: {@code Conditions}, the driver's {@code Filters}, a
 * {@code Document}. Every method throws {@link IllegalArgumentException} for what the server
 * would refuse (an empty update, a {@code $[identifier]} without its array filter, an upsert
 * whose filter uses {@code $expr}, a value without a codec) and {@link NullPointerException} for
 * a null argument.
 */
public final class Commands {
    private static final Commands DEFAULT = new Commands(BsonValues.DEFAULT_REGISTRY);

    private final CodecRegistry registry;

    private Commands(CodecRegistry registry) {
        this.registry = registry;
    }

    /** Commands whose values are encoded with {@code registry}. */
    public static Commands using(CodecRegistry registry) {
        return new Commands(Objects.requireNonNull(registry, "registry"));
    }

    /** Commands encoded with the driver's default registry, plus automatic POJO support. */
    public static Commands withDefaultCodecs() {
        return DEFAULT;
    }

    /** The registry values are encoded with. */
    public CodecRegistry codecRegistry() {
        return registry;
    }

    /** {@code updateOne}: the update applied to the first document matching the filter. */
    public UpdateCommand updateOne(Bson filter, Update update) {
        return updateOne(filter, update, WriteOptions.none());
    }

    /** {@link #updateOne(Bson, Update)} with hint, collation, let and comment. */
    public UpdateCommand updateOne(Bson filter, Update update, WriteOptions options) {
        return new UpdateCommand(filter(filter), compile(update), false, false, options(options));
    }

    /**
     * {@code updateOne} with {@code upsert: true}: inserts a document built from the filter's
     * equality fields and the update when none matches.
     *
     * @throws IllegalArgumentException also if the filter uses {@code $expr}
     */
    public UpdateCommand upsertOne(Bson filter, Update update) {
        return upsertOne(filter, update, WriteOptions.none());
    }

    /**
     * {@link #upsertOne(Bson, Update)} with hint, collation, let and comment.
     *
     * @throws IllegalArgumentException also if the filter uses {@code $expr}
     */
    public UpdateCommand upsertOne(Bson filter, Update update, WriteOptions options) {
        return new UpdateCommand(filter(filter), compile(update), true, false, options(options));
    }

    /** {@code updateMany}: the update applied to every matching document (each atomically, not the set). */
    public UpdateCommand updateMany(Bson filter, Update update) {
        return updateMany(filter, update, WriteOptions.none());
    }

    /** {@link #updateMany(Bson, Update)} with hint, collation, let and comment. */
    public UpdateCommand updateMany(Bson filter, Update update, WriteOptions options) {
        return new UpdateCommand(filter(filter), compile(update), false, true, options(options));
    }

    /**
     * {@code updateMany} with {@code upsert: true}: updates every matching document, or inserts
     * one document built from the filter's equality fields and the update when none matches.
     *
     * @throws IllegalArgumentException also if the filter uses {@code $expr}
     */
    public UpdateCommand upsertMany(Bson filter, Update update) {
        return upsertMany(filter, update, WriteOptions.none());
    }

    /**
     * {@link #upsertMany(Bson, Update)} with hint, collation, let and comment.
     *
     * @throws IllegalArgumentException also if the filter uses {@code $expr}
     */
    public UpdateCommand upsertMany(Bson filter, Update update, WriteOptions options) {
        return new UpdateCommand(filter(filter), compile(update), true, true, options(options));
    }

    /** An {@code updateOne} on {@code {$and: [identity, condition]}}; see {@link ConditionalUpdateCommand}. */
    public ConditionalUpdateCommand updateIf(Bson identity, Bson condition, Update update) {
        return updateIf(identity, condition, update, WriteOptions.none());
    }

    /**
     * {@link #updateIf(Bson, Bson, Update)} with hint, collation, let and comment, which apply to
     * the update and to the read by {@code identity} that tells why nothing matched.
     */
    public ConditionalUpdateCommand updateIf(Bson identity, Bson condition, Update update, WriteOptions options) {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(condition, "condition");
        return new ConditionalUpdateCommand(filter(identity), filter(condition), compile(update), options(options));
    }

    /** {@code findAndModify} with the update, returning the document as {@code options} say. */
    public FindAndModifyCommand findOneAndUpdate(Bson filter, Update update, FindAndUpdateOptions options) {
        Objects.requireNonNull(options, "options");
        return new FindAndModifyCommand(filter(filter), compile(update), options.returnDocument(), options.isUpsert(),
                options.projection() == null ? null : document(options.projection(), "projection"),
                options.sort() == null ? null : document(options.sort(), "sort"), options.writeOptions());
    }

    /**
     * An insert-once bulk item: inserts {@code document} unless a document has
     * {@code field == value}, never modifying one. The key follows the rules of
     * {@link AtomicCollection#upsertByField(String, Object, Object)}; the document gets a new
     * {@code ObjectId} here when it has none (or a null one), so that its insert is known by it.
     *
     * @param document a value the registry encodes as a document (a POJO, a {@code Map}, a {@code Document}, ...)
     * @throws IllegalArgumentException as {@code upsertByField} does, or if the document does not encode
     */
    public BulkItem.InsertOnce insertOnce(String field, Object value, Object document) {
        Objects.requireNonNull(document, "document");
        BsonDocument fields = dev.atomicmongo.internal.BsonValues.encodeDocument(document, registry, "insertOnce(document)");
        BsonValue key = value == null ? null : dev.atomicmongo.internal.BsonValues.encode(value, registry);
        KeyedWrite write = KeyedWrite.of("insertOnce", field, key, fields);
        return new BulkItem.InsertOnce(write.keyDocument(), write.filter(), write.documentWithId());
    }

    /**
     * An update applied at most once per operation id: {@code updateOne} on
     * {@code {$and: [identity, {_ops: {$ne: id}}]}} that also pushes the id into the document's
     * bounded list of recent ids; see {@link OnceUpdateCommand} and {@link OperationGuard}.
     *
     * @throws IllegalArgumentException if the update writes the guard's field (or a pipeline
     *         replaces the document)
     */
    public OnceUpdateCommand updateOnce(Bson identity, Update update, OperationId id) {
        return updateOnce(identity, new BsonDocument(), update, id, OperationGuard.defaults(), WriteOptions.none());
    }

    /** {@link #updateOnce(Bson, Update, OperationId)} with the ids kept as {@code guard} says. */
    public OnceUpdateCommand updateOnce(Bson identity, Update update, OperationId id, OperationGuard guard) {
        return updateOnce(identity, new BsonDocument(), update, id, guard, WriteOptions.none());
    }

    /**
     * {@link #updateOnce(Bson, Update, OperationId)} applied only if the document also meets
     * {@code condition}, as {@link #updateIf} does.
     *
     * @throws IllegalArgumentException if the update writes the guard's field
     */
    public OnceUpdateCommand updateOnce(Bson identity, Bson condition, Update update, OperationId id) {
        return updateOnce(identity, condition, update, id, OperationGuard.defaults(), WriteOptions.none());
    }

    /**
     * {@link #updateOnce(Bson, Bson, Update, OperationId)} with the ids kept as {@code guard}
     * says, and hint, collation and comment for the write and the read that classifies a miss.
     * An empty {@code condition} is no condition.
     *
     * @throws IllegalArgumentException if the update writes the guard's field
     */
    public OnceUpdateCommand updateOnce(Bson identity, Bson condition, Update update, OperationId id,
                                        OperationGuard guard, WriteOptions options) {
        return once(identity, condition, update, id, guard, false, null, null, options);
    }

    /**
     * Insert once, update once: {@link #updateOnce(Bson, Update, OperationId)} with upsert, which
     * inserts the document from {@code identity}'s equality fields when none has the identity.
     * A retry whose id the document has seen fails the insert on the identity's unique index
     * ({@code _id}, or one you create), which {@link AtomicCollection#execute(OnceUpdateCommand)}
     * reports as {@link OnceOutcome.Duplicate}: without a unique index on the identity's field a
     * retry would insert a second document.
     *
     * @throws IllegalArgumentException also if {@code identity} uses {@code $expr}
     */
    public OnceUpdateCommand upsertOnce(Bson identity, Update update, OperationId id) {
        return upsertOnce(identity, update, id, OperationGuard.defaults());
    }

    /** {@link #upsertOnce(Bson, Update, OperationId)} with the ids kept as {@code guard} says. */
    public OnceUpdateCommand upsertOnce(Bson identity, Update update, OperationId id, OperationGuard guard) {
        return once(identity, new BsonDocument(), update, id, guard, true, null, null, WriteOptions.none());
    }

    /**
     * {@link #updateOnce(Bson, Update, OperationId)} as a {@code findAndModify} that returns the
     * document as it was before or after the update.
     */
    public OnceUpdateCommand findOneAndUpdateOnce(Bson identity, Update update, OperationId id,
                                                  ReturnDocument returnDocument) {
        Objects.requireNonNull(returnDocument, "returnDocument");
        return once(identity, new BsonDocument(), update, id, OperationGuard.defaults(), false, returnDocument, null,
                WriteOptions.none());
    }

    /**
     * {@link #findOneAndUpdateOnce(Bson, Update, OperationId, ReturnDocument)} with upsert,
     * projection, hint, collation and comment from {@code options} (a sort is refused: the
     * identity names one document) and the ids kept as {@code guard} says. An upsert whose id was
     * seen is reported as {@link OnceOutcome.Duplicate} as for {@link #upsertOnce}.
     *
     * @throws IllegalArgumentException also if {@code options} carry a sort
     */
    public OnceUpdateCommand findOneAndUpdateOnce(Bson identity, Update update, OperationId id,
                                                  FindAndUpdateOptions options, OperationGuard guard) {
        Objects.requireNonNull(options, "options");
        if (options.sort() != null || options.writeOptions().sort().isPresent()) {
            throw new IllegalArgumentException("findOneAndUpdateOnce: no sort; the identity names one document");
        }
        return once(identity, new BsonDocument(), update, id, guard, options.isUpsert(), options.returnDocument(),
                options.projection() == null ? null : document(options.projection(), "projection"),
                options.writeOptions());
    }

    private OnceUpdateCommand once(Bson identity, Bson condition, Update update, OperationId id, OperationGuard guard,
                                   boolean upsert, ReturnDocument returnDocument, BsonDocument projection,
                                   WriteOptions options) {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(guard, "guard");
        return new OnceUpdateCommand(filter(identity), filter(condition), compile(update), id, guard, upsert,
                returnDocument, projection, options(options));
    }

    private static WriteOptions options(WriteOptions options) {
        return Objects.requireNonNull(options, "options");
    }

    /**
     * Compiles a filter alone (for a read, or to report it in a refusal); a read-only document.
     *
     * @throws IllegalArgumentException if a value has no codec
     */
    public BsonDocument filter(Bson filter) {
        return document(filter, "filter");
    }

    /** Compiles an update alone. */
    public CompiledUpdate compile(Update update) {
        return CompiledUpdate.of(update, registry);
    }

    private BsonDocument document(Bson bson, String what) {
        Objects.requireNonNull(bson, what);
        BsonDocument document = Bsons.encoding(what, () -> Bsons.frozen(bson.toBsonDocument(BsonDocument.class, registry)));
        if (document == null) {
            throw new IllegalArgumentException(what + " " + bson + " compiled to null");
        }
        return document;
    }

    @Override
    public String toString() {
        return "Commands{" + (this == DEFAULT ? "default codecs" : registry) + "}";
    }
}

package dev.atomicmongo.collection;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.mongodb.MongoNamespace;
import com.mongodb.client.ClientSession;
import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.result.UpdateResult;
import dev.atomicmongo.AtomicMongoException;
import dev.atomicmongo.Capability;
import dev.atomicmongo.DuplicateKeyException;
import dev.atomicmongo.MissingCapabilityException;
import dev.atomicmongo.MongoOperationException;
import dev.atomicmongo.internal.BsonValues;
import dev.atomicmongo.internal.Paths;
import dev.atomicmongo.update.Update;
import dev.atomicmongo.update.UpdateBuilder;
import org.bson.BsonDocument;
import org.bson.BsonDocumentReader;
import org.bson.BsonInt32;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.codecs.DecoderContext;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A thin wrapper over the driver's {@link MongoCollection} that runs atomic-mongo updates and
 * returns typed outcomes. Every write is a {@link Command}, compiled by {@link #commands()} (a
 * pure step, nothing sent) and run by {@link #execute}; the convenience methods do both. It keeps
 * the collection's codec registry, read and write concerns, and the {@link ClientSession} given
 * to {@link #withSession}. Immutable and thread-safe, like the collection it wraps.
 *
 * <pre>{@code
 * AtomicCollection<Event> events = AtomicCollection.of(db.getCollection("events", Event.class));
 * UpsertOutcome r = events.upsertByField("url", event.url(), event);   // insert once, never modify
 * Optional<Event> after = events.findOneAndUpdate(
 *         Conditions.eq("_id", id),
 *         UpdateBuilder.update().inc("views", 1).addToSet("tags", "hot"),
 *         ReturnDocument.AFTER);
 * }</pre>
 *
 * <p><b>Errors.</b> Every failure of the driver or the server is translated, in one place, into an
 * {@link AtomicMongoException} (a duplicate key is a {@link DuplicateKeyException}, any other a
 * {@link dev.atomicmongo.MongoOperationException} exposing the error code, labels and whether it
 * is transient), with the driver's exception as its cause. What the server would refuse is
 * refused when the command is built, with an {@link IllegalArgumentException}.
 *
 * <p><b>Retries.</b> An upsert that loses a duplicate-key race to a concurrent insert of the same
 * key (the filter pins every field of the duplicated key) is tried again under the collection's
 * {@link RetryPolicy} ({@link RetryPolicy#defaults()} unless {@link #withRetryPolicy} says
 * otherwise): the second try finds the document and updates it. Patterns built on this collection
 * run their own loops under the same policy.
 *
 * <p><b>State.</b> What is learned about the server (whether it runs pipeline updates, which
 * unique indexes were looked for) is kept by this collection and shared with its copies, never
 * process-wide. At DEBUG level, the logger {@code dev.atomicmongo.collection.AtomicCollection}
 * prints each command.
 *
 * @param <T> the document type
 */
public final class AtomicCollection<T> {
    private static final Logger LOG = LoggerFactory.getLogger(AtomicCollection.class);
    private static final BsonDocument ID_ONLY = Bsons.frozen(new BsonDocument("_id", new BsonInt32(1)));

    private final MongoCollection<T> collection;
    private final ClientSession session;
    private final ServerState state;
    private final RetryPolicy retryPolicy;
    private final Commands commands;

    private AtomicCollection(MongoCollection<T> collection, ClientSession session, ServerState state,
                             RetryPolicy retryPolicy) {
        this.collection = collection;
        this.session = session;
        this.state = state;
        this.retryPolicy = retryPolicy;
        this.commands = Commands.using(collection.getCodecRegistry());
    }

    /** Wraps a collection; what is learned about its server is kept by the result and its copies. */
    public static <T> AtomicCollection<T> of(MongoCollection<T> collection) {
        return new AtomicCollection<>(Objects.requireNonNull(collection, "collection"), null, new ServerState(),
                RetryPolicy.defaults());
    }

    /** A copy that runs every operation in {@code session} (for example inside a transaction). */
    public AtomicCollection<T> withSession(ClientSession session) {
        return new AtomicCollection<>(collection, Objects.requireNonNull(session, "session"), state, retryPolicy);
    }

    /**
     * A copy that decodes documents as {@code documentClass} (for example {@code BsonDocument}),
     * keeping the session, the retry policy and what was learned about the server; the driver's
     * {@link MongoCollection#withDocumentClass}.
     */
    public <D> AtomicCollection<D> withDocumentClass(Class<D> documentClass) {
        Objects.requireNonNull(documentClass, "documentClass");
        return new AtomicCollection<>(collection.withDocumentClass(documentClass), session, state, retryPolicy);
    }

    /** A copy whose lost races (and the loops of patterns built on it) are retried under {@code policy}. */
    public AtomicCollection<T> withRetryPolicy(RetryPolicy policy) {
        return new AtomicCollection<>(collection, session, state, Objects.requireNonNull(policy, "policy"));
    }

    /** The wrapped driver collection, for what atomic-mongo does not cover. */
    public MongoCollection<T> collection() {
        return collection;
    }

    /** The session operations run in, if any. */
    public Optional<ClientSession> session() {
        return Optional.ofNullable(session);
    }

    /** The collection's namespace. */
    public MongoNamespace namespace() {
        return collection.getNamespace();
    }

    /** The class documents are decoded into. */
    public Class<T> documentClass() {
        return collection.getDocumentClass();
    }

    /** The policy lost races are retried under. */
    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    /** The compiler of this collection's commands, with its codec registry; pure, nothing is sent. */
    public Commands commands() {
        return commands;
    }

    /**
     * True if the server applies pipeline updates ({@code PipelineUpdate}, MongoDB 4.2+). Asked
     * once with a harmless probe (a pipeline update of this collection whose filter matches no
     * document) and kept by this collection and its copies; a probe that got no answer (network
     * failure, timeout) is not kept, so the next call asks again.
     *
     * @throws dev.atomicmongo.MongoOperationException if the server cannot be reached
     */
    public boolean supportsPipelineUpdates() {
        Boolean known = state.pipelineUpdates();
        if (known == null) {
            known = ServerCapabilities.probePipelineUpdates(collection);
            state.pipelineUpdates(known);
        }
        return known;
    }

    // ---- running commands ------------------------------------------------------------------

    /**
     * Runs an update command. An upsert that loses a duplicate-key race on its filter's key is
     * tried again under the {@linkplain #retryPolicy() retry policy}.
     *
     * @throws MissingCapabilityException if the update is a pipeline and the server runs none
     * @throws AtomicMongoException if the server fails the write
     */
    public UpdateOutcome execute(UpdateCommand command) {
        return execute(command, true);
    }

    /** Runs an update command; an upsert's duplicate-key error is thrown at once (for {@link OnceExecution}). */
    UpdateOutcome executeWithoutRetry(UpdateCommand command) {
        return execute(command, false);
    }

    private UpdateOutcome execute(UpdateCommand command, boolean retryDuplicateKeys) {
        Objects.requireNonNull(command, "command");
        UpdateOptions options = new UpdateOptions().upsert(command.upsert());
        WriteOptions extra = command.options();
        extra.applyShared(options::hint, options::hintString, options::collation, options::let, options::comment,
                options::sort);
        extra.bypassDocumentValidation().ifPresent(options::bypassDocumentValidation);
        Supplier<UpdateOutcome> write = () -> {
            requireCapabilities(command);
            log(command);
            try {
                UpdateResult result;
                if (command.update() instanceof CompiledUpdate.Operators ops) {
                    if (!ops.arrayFilters().isEmpty()) {
                        options.arrayFilters(ops.arrayFilters());
                    }
                    result = command.multi()
                            ? (session == null ? collection.updateMany(command.filter(), ops.document(), options)
                                    : collection.updateMany(session, command.filter(), ops.document(), options))
                            : (session == null ? collection.updateOne(command.filter(), ops.document(), options)
                                    : collection.updateOne(session, command.filter(), ops.document(), options));
                } else {
                    List<BsonDocument> stages = command.pipeline().stages();
                    result = command.multi()
                            ? (session == null ? collection.updateMany(command.filter(), stages, options)
                                    : collection.updateMany(session, command.filter(), stages, options))
                            : (session == null ? collection.updateOne(command.filter(), stages, options)
                                    : collection.updateOne(session, command.filter(), stages, options));
                }
                return UpdateOutcome.of(result);
            } catch (RuntimeException e) {
                throw Errors.translateAny(command.name() + " on " + namespace(), e);
            }
        };
        return command.upsert() && retryDuplicateKeys ? retryingDuplicateKeys(command.name(), command.filter(), write)
                : write.get();
    }

    /**
     * Runs a conditional update: one {@code updateOne} on {@code {$and: [identity, condition]}},
     * and only when it matched nothing, one read by {@code identity} to tell
     * {@link ConditionalOutcome.NotFound} from {@link ConditionalOutcome.ConditionFailed}. The
     * command's options apply to both: the read uses the same collation (so {@code identity}
     * matches the same documents: a case-insensitive {@code _id} found by the update is found by
     * the read), the same hint (a sparse or partial index hides the same documents from both),
     * the same {@code let} variables and the same comment. The price: a hinted index that does not
     * lead with the identity's fields makes that read scan the index, on misses only.
     *
     * @throws MissingCapabilityException if the update is a pipeline and the server runs none
     * @throws AtomicMongoException if the server fails the write or the read
     */
    public ConditionalOutcome<T> execute(ConditionalUpdateCommand command) {
        Objects.requireNonNull(command, "command");
        UpdateOutcome outcome = execute(new UpdateCommand(command.filter(), command.update(), false, false,
                command.options()));
        if (outcome.isMatched()) {
            return new ConditionalOutcome.Applied<>(outcome);
        }
        T current = find(command.identity(), ReadOptions.all(), command.options());
        return current == null ? new ConditionalOutcome.NotFound<>(command.identity())
                : new ConditionalOutcome.ConditionFailed<>(command.condition(), current);
    }

    /**
     * Runs a {@code findAndModify}: the document before or after the update, or empty if nothing
     * matched (or, returning BEFORE, if an upsert inserted). An upsert that loses a duplicate-key
     * race on its filter's key is tried again under the retry policy.
     *
     * @throws MissingCapabilityException if the update is a pipeline and the server runs none
     * @throws AtomicMongoException if the server fails the write
     */
    public Optional<T> execute(FindAndModifyCommand command) {
        return execute(command, true);
    }

    /** Runs a {@code findAndModify}; an upsert's duplicate-key error is thrown at once (for {@link OnceExecution}). */
    Optional<T> executeWithoutRetry(FindAndModifyCommand command) {
        return execute(command, false);
    }

    private Optional<T> execute(FindAndModifyCommand command, boolean retryDuplicateKeys) {
        Objects.requireNonNull(command, "command");
        FindOneAndUpdateOptions options = new FindOneAndUpdateOptions()
                .returnDocument(command.returnDocument())
                .upsert(command.upsert())
                .projection(command.projection())
                .sort(command.sort());
        WriteOptions extra = command.options();
        extra.applyShared(options::hint, options::hintString, options::collation, options::let, options::comment,
                sort -> {
                    if (command.sort() == null) {
                        options.sort(sort);
                    }
                });
        extra.bypassDocumentValidation().ifPresent(options::bypassDocumentValidation);
        extra.maxTime().ifPresent(t -> options.maxTime(t.toMillis(), TimeUnit.MILLISECONDS));
        Supplier<Optional<T>> write = () -> {
            requireCapabilities(command);
            log(command);
            try {
                T result;
                if (command.update() instanceof CompiledUpdate.Operators ops) {
                    if (!ops.arrayFilters().isEmpty()) {
                        options.arrayFilters(ops.arrayFilters());
                    }
                    result = session == null ? collection.findOneAndUpdate(command.filter(), ops.document(), options)
                            : collection.findOneAndUpdate(session, command.filter(), ops.document(), options);
                } else {
                    List<BsonDocument> stages = command.pipeline().stages();
                    result = session == null ? collection.findOneAndUpdate(command.filter(), stages, options)
                            : collection.findOneAndUpdate(session, command.filter(), stages, options);
                }
                return Optional.ofNullable(result);
            } catch (RuntimeException e) {
                throw Errors.translateAny("findOneAndUpdate on " + namespace(), e);
            }
        };
        return command.upsert() && retryDuplicateKeys ? retryingDuplicateKeys("findOneAndUpdate", command.filter(), write)
                : write.get();
    }

    // ---- updates -------------------------------------------------------------------------

    /** Applies the update to the first document matching the filter ({@code updateOne}). */
    public UpdateOutcome updateOne(Bson filter, Update update) {
        return execute(commands.updateOne(filter, update));
    }

    /**
     * {@link #updateOne(Bson, Update)} with a hint, a collation, {@code let} variables or a comment.
     *
     * <pre>{@code
     * events.updateOne(Conditions.eq("name", "ABC"), update().inc("n", 1),
     *         WriteOptions.none().withCollation(Collation.builder().locale("en")
     *                 .collationStrength(CollationStrength.SECONDARY).build()));
     * }</pre>
     */
    public UpdateOutcome updateOne(Bson filter, Update update, WriteOptions options) {
        return execute(commands.updateOne(filter, update, options));
    }

    /**
     * Applies the update to the first matching document, or inserts one built from the filter's
     * equality fields and the update ({@code updateOne} with {@code upsert: true}). A lost
     * duplicate-key race on the filter's key is retried, so concurrent first upserts of one key
     * end with one document, updated by each.
     *
     * @throws IllegalArgumentException if the filter uses {@code $expr}, which an upsert cannot insert from
     */
    public UpdateOutcome upsertOne(Bson filter, Update update) {
        return execute(commands.upsertOne(filter, update));
    }

    /**
     * {@link #upsertOne(Bson, Update)} with a hint, a collation, {@code let} variables or a comment.
     *
     * @throws IllegalArgumentException if the filter uses {@code $expr}
     */
    public UpdateOutcome upsertOne(Bson filter, Update update, WriteOptions options) {
        return execute(commands.upsertOne(filter, update, options));
    }

    /** Applies the update to every matching document ({@code updateMany}); each document is updated atomically, not the set. */
    public UpdateOutcome updateMany(Bson filter, Update update) {
        return execute(commands.updateMany(filter, update));
    }

    /** {@link #updateMany(Bson, Update)} with a hint, a collation, {@code let} variables or a comment. */
    public UpdateOutcome updateMany(Bson filter, Update update, WriteOptions options) {
        return execute(commands.updateMany(filter, update, options));
    }

    /**
     * Applies the update to every matching document, or, when none matches, inserts one document
     * built from the filter's equality fields and the update ({@code updateMany} with
     * {@code upsert: true}). A method of its own, like {@link #upsertOne}, rather than an option:
     * whether a write may insert is what the caller decides first, and an upsert refuses an
     * {@code $expr} filter when it is built. A lost duplicate-key race on the filter's key is
     * retried.
     *
     * @throws IllegalArgumentException if the filter uses {@code $expr}
     */
    public UpdateOutcome upsertMany(Bson filter, Update update) {
        return execute(commands.upsertMany(filter, update));
    }

    /**
     * {@link #upsertMany(Bson, Update)} with a hint, a collation, {@code let} variables or a comment.
     *
     * @throws IllegalArgumentException if the filter uses {@code $expr}
     */
    public UpdateOutcome upsertMany(Bson filter, Update update, WriteOptions options) {
        return execute(commands.upsertMany(filter, update, options));
    }

    /**
     * Applies the update only if the document identified by {@code identity} meets
     * {@code condition}, in one atomic {@code updateOne} on {@code {$and: [identity, condition]}}.
     * Only when nothing matched, the document is read once by {@code identity} to tell
     * {@link ConditionalOutcome.NotFound} from {@link ConditionalOutcome.ConditionFailed}.
     *
     * <pre>{@code
     * events.updateIf(Conditions.eq("_id", id),
     *                 Conditions.field("sold").lt(Conditions.field("capacity")),
     *                 update().inc("sold", 1))
     *       .orThrow();
     * }</pre>
     */
    public ConditionalOutcome<T> updateIf(Bson identity, Bson condition, Update update) {
        return execute(commands.updateIf(identity, condition, update));
    }

    /**
     * {@link #updateIf(Bson, Bson, Update)} with a hint, a collation, {@code let} variables or a
     * comment, applied to the update and to the read that tells why nothing matched (see
     * {@link #execute(ConditionalUpdateCommand)}).
     */
    public ConditionalOutcome<T> updateIf(Bson identity, Bson condition, Update update, WriteOptions options) {
        return execute(commands.updateIf(identity, condition, update, options));
    }

    /**
     * Applies the update to the first matching document and returns it as it was before or after
     * ({@code findOneAndUpdate}); empty if nothing matched (or, returning BEFORE, if an upsert inserted).
     */
    public Optional<T> findOneAndUpdate(Bson filter, Update update, ReturnDocument returnDocument) {
        return findOneAndUpdate(filter, update, FindAndUpdateOptions.returning(returnDocument));
    }

    /** {@code findOneAndUpdate} with upsert, projection, sort, and hint, collation, let and comment. */
    public Optional<T> findOneAndUpdate(Bson filter, Update update, FindAndUpdateOptions options) {
        return execute(commands.findOneAndUpdate(filter, update, options));
    }

    // ---- bulk ----------------------------------------------------------------------------

    /**
     * Runs many conditional updates, upserts and insert-once items in one unordered
     * {@code bulkWrite}, and returns one outcome per item, in input order; see
     * {@link #bulkWrite(List, BulkOrder)}.
     */
    public BulkResult<T> bulkWrite(List<? extends BulkItem> items) {
        return bulkWrite(items, BulkOrder.UNORDERED);
    }

    /**
     * Runs the items in one {@code bulkWrite} and returns one {@link BulkOutcome} per item, in
     * input order. Round trips: one when every conditional update matched and no insert-once found
     * its key; otherwise one more, a single read of the items' documents by identity
     * ({@code $in} per identity field) that also tests each unmatched candidate's condition. The
     * driver splits a bulk larger than the server's {@code maxWriteBatchSize} (100,000 by default)
     * or 48 MB message into several messages: one more round trip each, outcomes still at their
     * input index. A write error on one item (a duplicate key) is that item's outcome; a failure of
     * the whole batch (network, write concern) is an exception, and the items may have been
     * partly applied.
     *
     * <pre>{@code
     * Commands c = orders.commands();
     * BulkResult<Order> result = orders.bulkWrite(List.of(
     *         BulkItem.of(c.updateIf(Conditions.eq("_id", 1), Conditions.eq("status", "open"), update().inc("n", 1))),
     *         c.insertOnce("sku", "A-1", Map.of("qty", 5))));
     * }</pre>
     *
     * @throws IllegalArgumentException if the list is empty or longer than 100,000 items
     * @throws NullPointerException if the list or an item is null
     * @throws MissingCapabilityException if an item is a pipeline update and the server runs none
     * @throws AtomicMongoException if the batch fails as a whole, or the read after it fails
     */
    public BulkResult<T> bulkWrite(List<? extends BulkItem> items, BulkOrder order) {
        Objects.requireNonNull(order, "order");
        List<BulkItem> checked = BulkRunner.validate(items);
        for (BulkItem item : checked) {
            if (item instanceof BulkItem.UpdateIf c) {
                requireCapabilities(c.command());
            } else if (item instanceof BulkItem.Upsert u) {
                requireCapabilities(u.command());
            }
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("bulkWrite of {} items ({}) on {}", checked.size(), order, namespace());
        }
        return new BulkRunner<>(collection, session, state).run(checked, order);
    }

    // ---- exactly once under retries ----------------------------------------------------------

    /**
     * Runs a guarded update (see {@link OnceUpdateCommand}): one write, which applies the update
     * and records the operation id only if the document has not seen it; only when it wrote
     * nothing, one read by the identity tells {@link OnceOutcome.Duplicate} from
     * {@link OnceOutcome.NotFound} and {@link OnceOutcome.ConditionFailed}. An upsert that hits the
     * identity's unique index is a duplicate when the stored document has seen the id, and is
     * tried again under the retry policy when another operation inserted it first.
     *
     * @throws AtomicMongoException if the server fails the write or the read (then the write may
     *         or may not have been applied: call again with the same id)
     */
    public OnceOutcome<T> execute(OnceUpdateCommand command) {
        Objects.requireNonNull(command, "command");
        return OnceExecution.run(this, command);
    }

    /**
     * Applies the update to the document named by {@code identity} at most once per operation id:
     * a retry with the same id (after a timeout, a dropped connection, a redelivered message)
     * changes nothing and returns {@link OnceOutcome.Duplicate}. The id is recorded in the same
     * write, in the document's list of the last {@value OperationGuard#DEFAULT_WINDOW} ids
     * ({@code _ops}); an id older than that window could apply again. One round trip when applied.
     *
     * <pre>{@code
     * accounts.updateOnce(Conditions.eq("_id", user), update().inc("credits", 5), OperationId.of(eventId))
     *         .orThrow();   // Applied or Duplicate; DocumentNotFoundException if there is no such user
     * }</pre>
     *
     * @throws IllegalArgumentException if the update is a pipeline or writes {@code _ops}
     */
    public OnceOutcome<T> updateOnce(Bson identity, Update update, OperationId id) {
        return execute(commands.updateOnce(identity, update, id));
    }

    /**
     * {@link #updateOnce(Bson, Update, OperationId)} applied only if the document meets
     * {@code condition}; a refused update is {@link OnceOutcome.ConditionFailed}.
     */
    public OnceOutcome<T> updateOnce(Bson identity, Bson condition, Update update, OperationId id) {
        return execute(commands.updateOnce(identity, condition, update, id));
    }

    /**
     * {@link #updateOnce(Bson, Update, OperationId)} that inserts the document (from the
     * identity's equality fields and the update) when none has the identity: insert once, update
     * once. The identity's field must have a unique index ({@code _id} has one; else
     * {@link #ensureUniqueIndex}): a retry whose id was seen is refused by it and reported as
     * {@link OnceOutcome.Duplicate}; without it, that retry would insert a second document.
     *
     * @throws IllegalArgumentException also if {@code identity} uses {@code $expr}
     */
    public OnceOutcome<T> upsertOnce(Bson identity, Update update, OperationId id) {
        return execute(commands.upsertOnce(identity, update, id));
    }

    /**
     * {@link #updateOnce(Bson, Update, OperationId)} that returns the document as it was before or
     * after the update ({@code findAndModify}) in {@link OnceOutcome.Done#document()}; a duplicate
     * carries the document as read.
     */
    public OnceOutcome<T> findOneAndUpdateOnce(Bson identity, Update update, OperationId id,
                                               ReturnDocument returnDocument) {
        return execute(commands.findOneAndUpdateOnce(identity, update, id, returnDocument));
    }

    /** The document matching {@code filter} as BSON, read with the options' hint, collation and comment. */
    Optional<BsonDocument> findRaw(BsonDocument filter, WriteOptions options) {
        return Optional.ofNullable(withDocumentClass(BsonDocument.class).find(filter, ReadOptions.all(), options));
    }

    /** Decodes a document read as BSON into this collection's document class. */
    @SuppressWarnings("unchecked")
    T decode(BsonDocument document) {
        if (documentClass().isInstance(document)) {
            return (T) document;
        }
        try {
            return collection.getCodecRegistry().get(documentClass())
                    .decode(new BsonDocumentReader(document), DecoderContext.builder().build());
        } catch (RuntimeException e) {
            throw Errors.translateAny("decoding a document of " + namespace(), e);
        }
    }

    // ---- reads ---------------------------------------------------------------------------

    /**
     * The first document matching the filter, read in this collection's session if it has one;
     * for the reads that patterns pair with their atomic writes.
     */
    public Optional<T> findOne(Bson filter) {
        return Optional.ofNullable(find(commands.filter(filter), ReadOptions.all()));
    }

    /** {@link #findOne(Bson)} returning only the fields of {@code projection}. */
    public Optional<T> findOne(Bson filter, Bson projection) {
        return Optional.ofNullable(find(commands.filter(filter), ReadOptions.all().withProjection(projection)));
    }

    /**
     * The documents matching the filter, with the options' projection, sort and limit, read in
     * this collection's session if it has one; all at once, so keep it for bounded results.
     */
    public List<T> find(Bson filter, ReadOptions options) {
        Objects.requireNonNull(options, "options");
        BsonDocument compiled = commands.filter(filter);
        try {
            return iterate(compiled, options).into(new ArrayList<>());
        } catch (RuntimeException e) {
            throw Errors.translateAny("find on " + namespace(), e);
        }
    }

    // ---- insert once / insert or update by a key field -------------------------------------

    /**
     * Inserts the document unless one with {@code field == value} exists: insert if absent. Despite
     * its name it <b>never updates</b> an existing document (for that, see
     * {@link #insertOrUpdateByField} and {@link #replaceOrInsertByField}). One atomic
     * {@code findAndModify} with upsert whose update is {@code $setOnInsert} only and which returns
     * the document as it was, projected to its {@code _id}: the outcome is
     * {@link UpsertOutcome.Inserted} with the new id (generated here when the document has none) or
     * {@link UpsertOutcome.AlreadyExists} with the existing document's id, from that one round trip.
     *
     * <p>Two concurrent calls with the same key may both try to insert; the loser gets a
     * duplicate-key error from the unique index, is retried under the retry policy and ends as
     * {@link UpsertOutcome.AlreadyExists}, never as an exception. Without a unique index on
     * {@code field} both inserts could succeed: create one with {@link #ensureUniqueIndex(String)}.
     * The first call per field on this collection (and its copies) lists the indexes once and
     * logs a warning when that index is missing.
     *
     * <p>The key is compared as a value, whatever its shape: a map such as {@code {"$ne": 1}} or a
     * regular expression is sent as {@code {field: {$eq: value}}}, never as an operator or a pattern.
     * {@code field} may be a dotted path: the document's value there must equal the key, and where
     * the document has none the key is put there. A null {@code _id} in the document is left out so
     * that the server generates one.
     *
     * @throws IllegalArgumentException if the key is null (the filter {@code {field: null}} would match
     *     every document lacking the field), if the document's value at {@code field} differs from it,
     *     or if a parent of {@code field} in the document is not a document
     */
    public UpsertOutcome upsertByField(String field, Object value, T document) {
        Objects.requireNonNull(document, "document");
        return upsertByKey(field, value, encode(document, "upsertByField"));
    }

    /** {@link #upsertByField(String, Object, Object)} with the fields given as a map (null values left out). */
    public UpsertOutcome upsertByField(String field, Object value, Map<String, ?> fields) {
        Objects.requireNonNull(fields, "fields");
        return upsertByKey(field, value, encodeMap(fields));
    }

    /**
     * Inserts the document if none has {@code field == value}, otherwise sets its fields on the
     * existing document ({@code $set} of every top-level field that is not null, so a null in the
     * document never erases a stored value; {@code _id} only in {@code $setOnInsert}, and left out
     * when null). Unlike {@link #upsertByField}, this modifies an existing document. The key follows
     * the rules of {@link #upsertByField(String, Object, Object)}; duplicate-key races are retried as
     * there.
     *
     * @throws IllegalArgumentException as {@link #upsertByField(String, Object, Object)} does
     */
    public UpdateOutcome insertOrUpdateByField(String field, Object value, T document) {
        Objects.requireNonNull(document, "document");
        return insertOrUpdateByKey(field, value, encode(document, "insertOrUpdateByField"));
    }

    /** {@link #insertOrUpdateByField(String, Object, Object)} with the fields given as a map (null values left out). */
    public UpdateOutcome insertOrUpdateByField(String field, Object value, Map<String, ?> fields) {
        Objects.requireNonNull(fields, "fields");
        return insertOrUpdateByKey(field, value, encodeMap(fields));
    }

    /**
     * Replaces the whole document that has {@code field == value} with {@code document}, or inserts
     * {@code document} when none has: one {@code replaceOne} with upsert. Fields the stored document
     * has and {@code document} lacks are removed (unlike {@link #insertOrUpdateByField}, which sets
     * only the given fields, and {@link #upsertByField}, which never touches an existing document).
     * The outcome says which happened: {@link UpdateOutcome#isInserted()}, {@link UpdateOutcome#isUpdated()},
     * or {@link UpdateOutcome#isUnchanged()} when the stored document was already equal. The key
     * follows the rules of {@link #upsertByField(String, Object, Object)}; duplicate-key races are
     * retried as there. A document with an {@code _id} replaces only a document with the same
     * {@code _id}: a different stored {@code _id} fails with the server's immutable-field error
     * ({@link dev.atomicmongo.MongoOperationException}, code 66); leave {@code _id} out (or null)
     * to keep the stored one.
     *
     * @throws IllegalArgumentException as {@link #upsertByField(String, Object, Object)} does
     */
    public UpdateOutcome replaceOrInsertByField(String field, Object value, T document) {
        Objects.requireNonNull(document, "document");
        return replaceOrInsertByKey(field, value, encode(document, "replaceOrInsertByField"));
    }

    /** {@link #replaceOrInsertByField(String, Object, Object)} with the fields given as a map (null values left out). */
    public UpdateOutcome replaceOrInsertByField(String field, Object value, Map<String, ?> fields) {
        Objects.requireNonNull(fields, "fields");
        return replaceOrInsertByKey(field, value, encodeMap(fields));
    }

    /**
     * Creates a unique ascending index on {@code field} if it does not exist, and returns its name.
     * Needed by {@link #upsertByField} for exactly-once inserts under concurrency.
     */
    public String ensureUniqueIndex(String field) {
        Paths.filter(field, "ensureUniqueIndex");
        String name = createIndex(new BsonDocument(field, new BsonInt32(1)), new IndexOptions().unique(true));
        state.indexKnown(namespace() + "#" + field);
        return name;
    }

    /**
     * Creates an index if it does not exist ({@code createIndexes}), and returns its name. The
     * options are read, never kept.
     */
    public String createIndex(Bson keys, IndexOptions options) {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(options, "options");
        try {
            return session == null ? collection.createIndex(keys, options) : collection.createIndex(session, keys, options);
        } catch (RuntimeException e) {
            throw Errors.translateAny("createIndex on " + namespace(), e);
        }
    }

    private UpsertOutcome upsertByKey(String field, Object value, BsonDocument fields) {
        KeyedWrite write = KeyedWrite.of("upsertByField", field, encodeKey(value), fields);
        warnIfNoUniqueIndex("upsertByField", field);
        // the id is chosen here when the document has none, so that an insert is known by it; the
        // document as it was before (only its _id) tells an existing one apart, in the same round trip
        BsonDocument document = write.documentWithId();
        BsonValue id = document.get("_id");
        FindAndModifyCommand command = new FindAndModifyCommand(write.filter(),
                commands.compile(UpdateBuilder.update().setOnInsert(document)), ReturnDocument.BEFORE, true,
                ID_ONLY, null, WriteOptions.none());
        Optional<BsonDocument> before = withDocumentClass(BsonDocument.class).execute(command);
        return before.isEmpty() ? new UpsertOutcome.Inserted(id)
                : new UpsertOutcome.AlreadyExists(Bsons.frozen(write.keyDocument()), before.get().get("_id"));
    }

    private UpdateOutcome replaceOrInsertByKey(String field, Object value, BsonDocument fields) {
        KeyedWrite write = KeyedWrite.of("replaceOrInsertByField", field, encodeKey(value), fields);
        warnIfNoUniqueIndex("replaceOrInsertByField", field);
        BsonDocument filter = write.filter();
        BsonDocument replacement = write.document();
        ReplaceOptions options = new ReplaceOptions().upsert(true);
        return retryingDuplicateKeys("replaceOrInsertByField", filter, () -> {
            try {
                UpdateResult result = session == null
                        ? collection.withDocumentClass(BsonDocument.class).replaceOne(filter, replacement, options)
                        : collection.withDocumentClass(BsonDocument.class).replaceOne(session, filter, replacement, options);
                return UpdateOutcome.of(result);
            } catch (RuntimeException e) {
                throw Errors.translateAny("replaceOrInsertByField on " + namespace(), e);
            }
        });
    }

    private UpdateOutcome insertOrUpdateByKey(String field, Object value, BsonDocument fields) {
        KeyedWrite write = KeyedWrite.of("insertOrUpdateByField", field, encodeKey(value), fields);
        UpdateBuilder update = UpdateBuilder.update();
        for (Map.Entry<String, BsonValue> e : write.document().entrySet()) {
            if (e.getValue().isNull()) {
                continue;
            }
            if (e.getKey().equals("_id")) {
                update = update.setOnInsert("_id", e.getValue());
            } else if (!e.getKey().equals(field)) {
                update = update.set(e.getKey(), e.getValue());
            }
        }
        if (update.isEmpty()) {
            update = update.setOnInsert(field, write.key());
        }
        warnIfNoUniqueIndex("insertOrUpdateByField", field);
        return execute(commands.upsertOne(write.filter(), update));
    }

    private BsonValue encodeKey(Object value) {
        return value == null ? null : BsonValues.encode(value, collection.getCodecRegistry());
    }

    /**
     * Looks once for a unique index on {@code field} and warns when there is none. A server that
     * refuses to list indexes (permissions) leaves the write to go ahead; a server that does not
     * answer fails the operation here, once, instead of making the write wait for it again.
     */
    private void warnIfNoUniqueIndex(String operation, String field) {
        String key = namespace() + "#" + field;
        if ("_id".equals(field) || !state.firstIndexCheck(key)) {
            return;
        }
        try {
            for (Document index : session == null ? collection.listIndexes() : collection.listIndexes(session)) {
                Document indexKey = index.get("key", Document.class);
                if (Boolean.TRUE.equals(index.getBoolean("unique")) && indexKey != null && indexKey.size() == 1
                        && indexKey.containsKey(field)) {
                    return;
                }
            }
            LOG.warn("{} on {}: no unique index on '{}', so two concurrent first upserts of one key can "
                    + "both insert. Create it once with ensureUniqueIndex(\"{}\").", operation, namespace(), field, field);
        } catch (RuntimeException e) {
            RuntimeException translated = Errors.translateAny(operation + " on " + namespace() + " (listing indexes)", e);
            if (translated instanceof MongoOperationException failure && !failure.isTransient()
                    && failure.code() > 0) {
                LOG.debug("Could not list the indexes of {}: {}", namespace(), e.getMessage());
                return;
            }
            state.forgetIndexCheck(key);
            throw translated;
        }
    }

    // ---- execution helpers -------------------------------------------------------------------

    private void requireCapabilities(Command command) {
        if (command.needsPipelineUpdates() && !supportsPipelineUpdates()) {
            throw new MissingCapabilityException(Capability.PIPELINE_UPDATES,
                    "the server behind " + namespace() + " refused the pipeline-update probe");
        }
    }

    /** Runs an upsert, trying it again while it loses duplicate-key races on its filter's key. */
    private <R> R retryingDuplicateKeys(String operation, BsonDocument filter, Supplier<R> write) {
        return retryPolicy.execute(operation + " on " + namespace(), attempt -> {
            R result = write.get();
            if (attempt > 1) {
                LOG.debug("{} on {}: attempt {} after a duplicate-key race succeeded", operation, namespace(), attempt);
            }
            return Optional.of(result);
        }, e -> e instanceof DuplicateKeyException dup
                && dup.keyValue().map(key -> FilterChecks.pinsKey(filter, key)).orElse(true));
    }

    private FindIterable<T> iterate(BsonDocument filter, ReadOptions options) {
        FindIterable<T> found = session == null ? collection.find(filter) : collection.find(session, filter);
        return found.projection(options.projection()).sort(options.sort()).limit(options.limit());
    }

    private T find(BsonDocument filter, ReadOptions options) {
        return find(filter, options, WriteOptions.none());
    }

    private T find(BsonDocument filter, ReadOptions options, WriteOptions extra) {
        try {
            FindIterable<T> found = iterate(filter, options);
            extra.applyShared(found::hint, found::hintString, found::collation, found::let, found::comment, found::sort);
            return found.first();
        } catch (RuntimeException e) {
            throw Errors.translateAny("find on " + namespace(), e);
        }
    }

    private BsonDocument encode(T document, String operation) {
        return BsonValues.encodeDocument(document, collection.getCodecRegistry(), operation + "(document)");
    }

    private BsonDocument encodeMap(Map<String, ?> fields) {
        BsonDocument doc = new BsonDocument();
        for (Map.Entry<String, ?> e : fields.entrySet()) {
            if (e.getKey() == null) {
                throw new IllegalArgumentException("fields: a key is null");
            }
            if (e.getValue() != null) {
                doc.append(e.getKey(), BsonValues.encode(e.getValue(), collection.getCodecRegistry()));
            }
        }
        return doc;
    }

    private void log(Command command) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} on {}", command, namespace());
        }
    }

    @Override
    public String toString() {
        return "AtomicCollection{" + namespace() + (session != null ? ", in session" : "") + "}";
    }
}

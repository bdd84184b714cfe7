package dev.atomicmongo.collection;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import com.mongodb.MongoException;
import com.mongodb.MongoNamespace;
import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.result.UpdateResult;
import dev.atomicmongo.AtomicMongoException;
import dev.atomicmongo.MissingCapabilityException;
import dev.atomicmongo.internal.BsonValues;
import dev.atomicmongo.internal.Paths;
import dev.atomicmongo.update.PipelineUpdate;
import dev.atomicmongo.update.Update;
import dev.atomicmongo.update.UpdateBuilder;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A thin wrapper over the driver's {@link MongoCollection} that runs atomic-mongo updates and
 * returns typed outcomes. It keeps the collection's codec registry, read and write concerns, and
 * the {@link ClientSession} given to {@link #withSession}. Immutable and thread-safe, like the
 * collection it wraps.
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
 * <p>Every failure is an {@link AtomicMongoException} (a duplicate key is a
 * {@link dev.atomicmongo.DuplicateKeyException}) with the driver's exception as its cause. Filters
 * are any {@link Bson}: {@code Conditions}, the driver's {@code Filters}, or a {@code Document}.
 * At DEBUG level, the logger {@code dev.atomicmongo.collection.AtomicCollection} prints each
 * compiled command.
 *
 * @param <T> the document type
 */
public final class AtomicCollection<T> {
    private static final Logger LOG = LoggerFactory.getLogger(AtomicCollection.class);
    /** How often a concurrent insert-once upsert that lost a duplicate-key race is retried. */
    static final int DUPLICATE_KEY_RETRIES = 3;
    private static final Set<String> UNIQUE_INDEX_CHECKED = ConcurrentHashMap.newKeySet();

    private final MongoCollection<T> collection;
    private final ClientSession session;
    private final AtomicReference<Boolean> pipelineUpdates;

    private AtomicCollection(MongoCollection<T> collection, ClientSession session,
                             AtomicReference<Boolean> pipelineUpdates) {
        this.collection = collection;
        this.session = session;
        this.pipelineUpdates = pipelineUpdates;
    }

    /** Wraps a collection. */
    public static <T> AtomicCollection<T> of(MongoCollection<T> collection) {
        return new AtomicCollection<>(Objects.requireNonNull(collection, "collection"), null, new AtomicReference<>());
    }

    /** A copy that runs every operation in {@code session} (for example inside a transaction). */
    public AtomicCollection<T> withSession(ClientSession session) {
        return new AtomicCollection<>(collection, Objects.requireNonNull(session, "session"), pipelineUpdates);
    }

    /**
     * A copy that decodes documents as {@code documentClass} (for example {@code BsonDocument}),
     * keeping the session and the cached capability answers; the driver's
     * {@link MongoCollection#withDocumentClass}.
     */
    public <D> AtomicCollection<D> withDocumentClass(Class<D> documentClass) {
        Objects.requireNonNull(documentClass, "documentClass");
        return new AtomicCollection<>(collection.withDocumentClass(documentClass), session, pipelineUpdates);
    }

    /** The wrapped driver collection. */
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

    /**
     * True if the server applies pipeline updates ({@link PipelineUpdate}, MongoDB 4.2+). Asked
     * once with a harmless probe (a pipeline update of this collection whose filter matches no
     * document) and cached for this collection and its {@link #withSession} copies.
     * {@link ServerCapabilities#probe} asks about every capability.
     */
    public boolean supportsPipelineUpdates() {
        Boolean known = pipelineUpdates.get();
        if (known == null) {
            known = ServerCapabilities.probePipelineUpdates(collection);
            pipelineUpdates.compareAndSet(null, known);
        }
        return known;
    }

    // ---- updates -------------------------------------------------------------------------

    /** Applies the update to the first document matching the filter ({@code updateOne}). */
    public UpdateOutcome updateOne(Bson filter, Update update) {
        return update("updateOne", filter, update, false, false);
    }

    /**
     * Applies the update to the first matching document, or inserts one built from the filter's
     * equality fields and the update ({@code updateOne} with {@code upsert: true}).
     *
     * @throws IllegalArgumentException if the filter uses {@code $expr}, which an upsert cannot insert from
     */
    public UpdateOutcome upsertOne(Bson filter, Update update) {
        return update("upsertOne", filter, update, true, false);
    }

    /** Applies the update to every matching document ({@code updateMany}); each document is updated atomically, not the set. */
    public UpdateOutcome updateMany(Bson filter, Update update) {
        return update("updateMany", filter, update, false, true);
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
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(condition, "condition");
        CodecRegistry registry = collection.getCodecRegistry();
        BsonDocument id = render(identity, registry);
        BsonDocument guard = render(condition, registry);
        BsonDocument filter = new BsonDocument("$and", new BsonArray(List.of(id, guard)));
        UpdateOutcome outcome = update("updateIf", filter, update, false, false);
        if (outcome.isMatched()) {
            return new ConditionalOutcome.Applied<>(outcome);
        }
        T current = find(id, null);
        return current == null ? new ConditionalOutcome.NotFound<>(id)
                : new ConditionalOutcome.ConditionFailed<>(guard, current);
    }

    /**
     * Applies the update to the first matching document and returns it as it was before or after
     * ({@code findOneAndUpdate}); empty if nothing matched (or, returning BEFORE, if an upsert inserted).
     */
    public Optional<T> findOneAndUpdate(Bson filter, Update update, ReturnDocument returnDocument) {
        return findOneAndUpdate(filter, update, FindAndUpdateOptions.returning(returnDocument));
    }

    /** {@code findOneAndUpdate} with upsert, projection and sort. */
    public Optional<T> findOneAndUpdate(Bson filter, Update update, FindAndUpdateOptions options) {
        Objects.requireNonNull(options, "options");
        Compiled c = compile(filter, update, options.isUpsert());
        FindOneAndUpdateOptions driverOptions = new FindOneAndUpdateOptions()
                .returnDocument(options.returnDocument())
                .upsert(options.isUpsert())
                .projection(options.projection())
                .sort(options.sort());
        if (c.arrayFilters != null) {
            driverOptions.arrayFilters(c.arrayFilters);
        }
        log("findOneAndUpdate", c);
        try {
            T result;
            if (c.pipeline != null) {
                result = session == null ? collection.findOneAndUpdate(c.filter, c.pipeline, driverOptions)
                        : collection.findOneAndUpdate(session, c.filter, c.pipeline, driverOptions);
            } else {
                result = session == null ? collection.findOneAndUpdate(c.filter, c.update, driverOptions)
                        : collection.findOneAndUpdate(session, c.filter, c.update, driverOptions);
            }
            return Optional.ofNullable(result);
        } catch (MongoException e) {
            throw Errors.translate("findOneAndUpdate on " + namespace(), e);
        }
    }

    // ---- reads ---------------------------------------------------------------------------

    /**
     * The first document matching the filter, read in this collection's session if it has one;
     * for the reads that patterns pair with their atomic writes.
     */
    public Optional<T> findOne(Bson filter) {
        Objects.requireNonNull(filter, "filter");
        return Optional.ofNullable(find(filter, null));
    }

    /** {@link #findOne(Bson)} returning only the fields of {@code projection}. */
    public Optional<T> findOne(Bson filter, Bson projection) {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(projection, "projection");
        return Optional.ofNullable(find(filter, projection));
    }

    // ---- insert once / insert or update by a key field -------------------------------------

    /**
     * Inserts the document unless one with {@code field == value} exists; an existing document is
     * never modified. One atomic upsert whose update is {@code $setOnInsert} only.
     *
     * <p>Two concurrent calls with the same key may both try to insert; the loser gets a
     * duplicate-key error from the unique index, is retried (up to {@value #DUPLICATE_KEY_RETRIES}
     * times) and ends as {@link UpsertOutcome.AlreadyExists}, never as an exception. Without a
     * unique index on {@code field} both inserts could succeed: create one with
     * {@link #ensureUniqueIndex(String)}. The first call per collection and field in a JVM lists
     * the indexes once and logs a warning when that index is missing.
     *
     * @throws IllegalArgumentException if the document's own {@code field} differs from {@code value}
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
     * existing document ({@code $set} of every non-null field; {@code _id} only in
     * {@code $setOnInsert}). Unlike {@link #upsertByField}, this modifies an existing document.
     * Duplicate-key races are retried as in {@code upsertByField}.
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
     * Creates a unique ascending index on {@code field} if it does not exist, and returns its name.
     * Needed by {@link #upsertByField} for exactly-once inserts under concurrency.
     */
    public String ensureUniqueIndex(String field) {
        Paths.filter(field, "ensureUniqueIndex");
        try {
            String name = collection.createIndex(new BsonDocument(field, new BsonInt32(1)), new IndexOptions().unique(true));
            UNIQUE_INDEX_CHECKED.add(namespace() + "#" + field);
            return name;
        } catch (MongoException e) {
            throw Errors.translate("createIndex on " + namespace(), e);
        }
    }

    private UpsertOutcome upsertByKey(String field, Object value, BsonDocument fields) {
        BsonDocument filter = keyFilter(field, value, fields, "upsertByField");
        UpdateBuilder update = UpdateBuilder.update().setOnInsert(fields);
        warnIfNoUniqueIndex(field);
        UpdateOutcome outcome = withDuplicateKeyRetry(field, () -> update("upsertByField", filter, update, true, false));
        return outcome.isInserted() ? new UpsertOutcome.Inserted(outcome.upsertedId()) : new UpsertOutcome.AlreadyExists();
    }

    private UpdateOutcome insertOrUpdateByKey(String field, Object value, BsonDocument fields) {
        BsonDocument filter = keyFilter(field, value, fields, "insertOrUpdateByField");
        UpdateBuilder update = UpdateBuilder.update();
        for (Map.Entry<String, BsonValue> e : fields.entrySet()) {
            if (e.getKey().equals("_id")) {
                update = update.setOnInsert("_id", e.getValue());
            } else if (!e.getKey().equals(field)) {
                update = update.set(e.getKey(), e.getValue());
            }
        }
        if (update.isEmpty()) {
            update = update.setOnInsert(field, filter.get(field));
        }
        UpdateBuilder finalUpdate = update;
        warnIfNoUniqueIndex(field);
        return withDuplicateKeyRetry(field, () -> update("insertOrUpdateByField", filter, finalUpdate, true, false));
    }

    private BsonDocument keyFilter(String field, Object value, BsonDocument fields, String operation) {
        Paths.filter(field, operation);
        BsonValue key = BsonValues.encode(value, collection.getCodecRegistry());
        BsonValue own = fields.get(field);
        if (own != null && !own.equals(key)) {
            throw new IllegalArgumentException(operation + ": the document's '" + field + "' is " + own
                    + " but the key value is " + key + "; they must be equal");
        }
        return new BsonDocument(field, key);
    }

    private UpdateOutcome withDuplicateKeyRetry(String field, java.util.function.Supplier<UpdateOutcome> write) {
        for (int attempt = 0; ; attempt++) {
            try {
                return write.get();
            } catch (dev.atomicmongo.DuplicateKeyException e) {
                boolean onThisKey = e.keyValue().map(k -> k.containsKey(field)).orElse(true);
                if (!onThisKey || attempt >= DUPLICATE_KEY_RETRIES) {
                    throw e;
                }
                LOG.debug("Duplicate key on {}.{} (a concurrent insert won); retrying as an update, attempt {}",
                        namespace(), field, attempt + 1);
            }
        }
    }

    private void warnIfNoUniqueIndex(String field) {
        if ("_id".equals(field) || !UNIQUE_INDEX_CHECKED.add(namespace() + "#" + field)) {
            return;
        }
        try {
            for (Document index : session == null ? collection.listIndexes() : collection.listIndexes(session)) {
                Document key = index.get("key", Document.class);
                if (Boolean.TRUE.equals(index.getBoolean("unique")) && key != null && key.size() == 1
                        && key.containsKey(field)) {
                    return;
                }
            }
            LOG.warn("upsertByField on {}: no unique index on '{}', so two concurrent first upserts of one key can "
                    + "both insert. Create it once with ensureUniqueIndex(\"{}\").", namespace(), field, field);
        } catch (MongoException e) {
            LOG.debug("Could not list the indexes of {}: {}", namespace(), e.getMessage());
        }
    }

    // ---- compilation and execution -------------------------------------------------------

    private UpdateOutcome update(String operation, Bson filter, Update update, boolean upsert, boolean many) {
        Compiled c = compile(filter, update, upsert);
        UpdateOptions options = new UpdateOptions().upsert(upsert);
        if (c.arrayFilters != null) {
            options.arrayFilters(c.arrayFilters);
        }
        log(operation, c);
        try {
            UpdateResult result;
            if (c.pipeline != null) {
                result = many
                        ? (session == null ? collection.updateMany(c.filter, c.pipeline, options)
                                : collection.updateMany(session, c.filter, c.pipeline, options))
                        : (session == null ? collection.updateOne(c.filter, c.pipeline, options)
                                : collection.updateOne(session, c.filter, c.pipeline, options));
            } else {
                result = many
                        ? (session == null ? collection.updateMany(c.filter, c.update, options)
                                : collection.updateMany(session, c.filter, c.update, options))
                        : (session == null ? collection.updateOne(c.filter, c.update, options)
                                : collection.updateOne(session, c.filter, c.update, options));
            }
            return UpdateOutcome.of(result);
        } catch (MongoException e) {
            throw Errors.translate(operation + " on " + namespace(), e);
        }
    }

    private Compiled compile(Bson filter, Update update, boolean upsert) {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(update, "update");
        CodecRegistry registry = collection.getCodecRegistry();
        BsonDocument compiledFilter = render(filter, registry);
        if (upsert && containsExpr(compiledFilter)) {
            throw new IllegalArgumentException("An upsert's filter must not use $expr: the server cannot build the "
                    + "inserted document from it (filter " + compiledFilter.toJson() + ")");
        }
        if (update instanceof UpdateBuilder builder) {
            List<BsonDocument> arrayFilters = builder.arrayFilters(registry);
            return new Compiled(compiledFilter, builder.toBsonDocument(BsonDocument.class, registry), null,
                    arrayFilters.isEmpty() ? null : arrayFilters);
        }
        PipelineUpdate pipeline = (PipelineUpdate) update;
        List<BsonDocument> stages = pipeline.toPipeline(registry);
        if (!supportsPipelineUpdates()) {
            throw new MissingCapabilityException(Capability.PIPELINE_UPDATES.description(),
                    "the server behind " + namespace() + " refused the pipeline-update probe");
        }
        return new Compiled(compiledFilter, null, stages, null);
    }

    private static BsonDocument render(Bson bson, CodecRegistry registry) {
        return bson instanceof BsonDocument doc ? doc : bson.toBsonDocument(BsonDocument.class, registry);
    }

    private static boolean containsExpr(BsonDocument filter) {
        for (Map.Entry<String, BsonValue> e : filter.entrySet()) {
            if (e.getKey().equals("$expr")) {
                return true;
            }
            if (e.getValue().isArray() && (e.getKey().equals("$and") || e.getKey().equals("$or")
                    || e.getKey().equals("$nor"))) {
                for (BsonValue clause : e.getValue().asArray()) {
                    if (clause.isDocument() && containsExpr(clause.asDocument())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private T find(Bson filter, Bson projection) {
        try {
            return (session == null ? collection.find(filter) : collection.find(session, filter))
                    .projection(projection).first();
        } catch (MongoException e) {
            throw Errors.translate("find on " + namespace(), e);
        }
    }

    private BsonDocument encode(T document, String operation) {
        return BsonValues.encodeDocument(document, collection.getCodecRegistry(), operation + "(document)");
    }

    private BsonDocument encodeMap(Map<String, ?> fields) {
        BsonDocument doc = new BsonDocument();
        CodecRegistry registry = collection.getCodecRegistry();
        for (Map.Entry<String, ?> e : fields.entrySet()) {
            if (e.getValue() != null) {
                doc.append(e.getKey(), BsonValues.encode(e.getValue(), registry));
            }
        }
        return doc;
    }

    private void log(String operation, Compiled c) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} {} filter={} update={}{}", operation, namespace(), c.filter.toJson(),
                    c.update != null ? c.update.toJson() : new BsonArray(c.pipeline),
                    c.arrayFilters != null ? " arrayFilters=" + new BsonArray(c.arrayFilters) : "");
        }
    }

    private record Compiled(BsonDocument filter, BsonDocument update, List<BsonDocument> pipeline,
                            List<BsonDocument> arrayFilters) {
    }

    @Override
    public String toString() {
        return "AtomicCollection{" + namespace() + (session != null ? ", in session" : "") + "}";
    }
}

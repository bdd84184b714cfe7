package dev.atomicmongo.test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.ArrayFilters;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DatabaseResolver;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryParameters;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import de.bwaldvogel.mongo.backend.aggregation.Expression;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.exception.ErrorCode;
import de.bwaldvogel.mongo.exception.MongoServerError;
import de.bwaldvogel.mongo.exception.MongoServerException;
import de.bwaldvogel.mongo.oplog.NoopOplog;
import de.bwaldvogel.mongo.oplog.Oplog;
import io.netty.channel.Channel;

/**
 * A memory-backend database that runs, besides everything the embedded server runs, the
 * {@code update} and {@code findAndModify} commands whose update is a pipeline or uses
 * {@code $bit}, and every ordered {@code update} batch of several statements (the embedded server
 * goes on after a failed statement of an ordered batch; MongoDB stops there). Each statement runs while holding the collection's monitor, the lock the server
 * takes for its own writes, so it is atomic per document as on MongoDB. Other commands, and
 * statements the server runs itself, are left to the server. Its {@code _id} index is an
 * {@link IdIndex}, which serves any filter with an {@code _id} equality conjunct, as MongoDB's does.
 */
final class EmulatingDatabase extends MemoryDatabase {
    private static final String ID = "_id";

    EmulatingDatabase(String databaseName, CursorRegistry cursorRegistry) {
        super(databaseName, cursorRegistry);
    }

    /** The {@code _id} index as an {@link IdIndex}; every other unique index as the memory backend makes it. */
    @Override
    protected Index<Integer> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
        return IdIndex.isIdIndex(keys, sparse) ? new IdIndex(indexName, keys)
                : super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse);
    }

    @Override
    public Document handleCommand(Channel channel, String command, Document query, DatabaseResolver databaseResolver, Oplog oplog) {
        if (command.equalsIgnoreCase("update") && query.get("updates") instanceof List<?> updates
                && (updates.stream().anyMatch(u -> u instanceof Document statement && emulates(statement.get("u")))
                    || updates.size() > 1 && !Boolean.FALSE.equals(query.get("ordered")))) {
            // an ordered batch too: the embedded server goes on after a failed statement, MongoDB stops
            return update(channel, query, databaseResolver, oplog);
        }
        if (command.equalsIgnoreCase("findAndModify") && emulates(query.get("update"))) {
            clearLastStatus(channel);
            return findAndModify(query, oplog);
        }
        return super.handleCommand(channel, command, query, databaseResolver, oplog);
    }

    private static boolean emulates(Object update) {
        return UpdatePipeline.isPipeline(update) || BitUpdate.uses(update);
    }

    private Document update(Channel channel, Document query, DatabaseResolver databaseResolver, Oplog oplog) {
        String name = query.get("update").toString();
        checkWritable(name);
        MongoCollection<?> collection = resolveOrCreateCollection(name);
        boolean ordered = !Boolean.FALSE.equals(query.get("ordered"));
        Map<String, Object> commandVariables = variables(query.get("let"));
        @SuppressWarnings("unchecked")
        List<Document> statements = (List<Document>) query.get("updates");
        int matched = 0;
        int modified = 0;
        List<Document> upserted = new ArrayList<>();
        List<Document> writeErrors = new ArrayList<>();
        for (int i = 0; i < statements.size(); i++) {
            Document statement = statements.get(i);
            try {
                Document result;
                synchronized (collection) {
                    result = emulates(statement.get("u"))
                            ? updateStatement(collection, statement, commandVariables, oplog)
                            : serverUpdate(channel, name, statement, databaseResolver, oplog);
                }
                if (result.containsKey("upserted")) {
                    upserted.add(new Document("index", i).append(ID, result.get("upserted")));
                } else {
                    matched += ((Number) result.get("n")).intValue();
                }
                modified += ((Number) result.get("nModified")).intValue();
            } catch (MongoServerException e) {
                writeErrors.add(writeError(i, e));
                if (ordered) {
                    break;
                }
            }
        }
        Document response = new Document("n", matched + upserted.size()).append("nModified", modified);
        if (!upserted.isEmpty()) {
            response.put("upserted", upserted);
        }
        if (!writeErrors.isEmpty()) {
            response.put("writeErrors", writeErrors);
        }
        Utils.markOkay(response);
        clearLastStatus(channel);
        putLastResult(channel, response);
        return response;
    }

    private Document updateStatement(MongoCollection<?> collection, Document statement,
                                     Map<String, Object> commandVariables, Oplog oplog) {
        Document filter = statement.get("q") instanceof Document q ? q : new Document();
        Object update = statement.get("u");
        boolean multi = Utils.isTrue(statement.get("multi"));
        boolean upsert = Utils.isTrue(statement.get("upsert"));
        Map<String, Object> variables = new HashMap<>(commandVariables);
        variables.putAll(variables(statement.get("c")));
        Writer writer = writer(update, statement.get("arrayFilters"), variables);
        int matched = 0;
        int modified = 0;
        for (Document target : targets(collection, filter, null, multi ? 0 : 1)) {
            matched++;
            modified += writer.update(collection, target, oplog);
        }
        Document result = new Document("n", matched).append("nModified", modified);
        if (matched == 0 && upsert) {
            result.put("upserted", writer.upsert(collection, filter, oplog));
        }
        return result;
    }

    /** A statement the server runs itself, in a batch with emulated ones: its result, or its error thrown. */
    private Document serverUpdate(Channel channel, String name, Document statement, DatabaseResolver databaseResolver, Oplog oplog) {
        Document single = new Document("update", name).append("ordered", true).append("updates", List.of(statement));
        Document reply = super.handleCommand(channel, "update", single, databaseResolver, oplog);
        if (reply.get("writeErrors") instanceof List<?> errors && !errors.isEmpty()) {
            Document error = (Document) errors.get(0);
            throw new MongoServerError(error.get("code") instanceof Number code ? code.intValue() : 8,
                    error.get("codeName") instanceof String codeName ? codeName : "UnknownError",
                    String.valueOf(error.get("errmsg")));
        }
        Document result = new Document("n", reply.get("n")).append("nModified", reply.get("nModified"));
        if (reply.get("upserted") instanceof List<?> upserted && !upserted.isEmpty()) {
            result.put("upserted", ((Document) upserted.get(0)).get(ID));
        }
        return result;
    }

    private Document findAndModify(Document query, Oplog oplog) {
        String name = query.get("findAndModify") != null ? query.get("findAndModify").toString()
                : query.get("findandmodify").toString();
        checkWritable(name);
        if (Utils.isTrue(query.get("remove"))) {
            throw new MongoServerError(ErrorCode.FailedToParse, "Cannot specify both an update and remove=true");
        }
        MongoCollection<?> collection = resolveOrCreateCollection(name);
        Document filter = query.get("query") instanceof Document q ? q : new Document();
        Document sort = query.get("sort") instanceof Document s && !s.isEmpty() ? s : null;
        boolean returnNew = Utils.isTrue(query.get("new"));
        Writer writer = writer(query.get("update"), query.get("arrayFilters"), variables(query.get("let")));
        Document lastErrorObject;
        Document value;
        synchronized (collection) {
            List<Document> found = targets(collection, filter, sort, 1);
            if (!found.isEmpty()) {
                Document before = found.get(0);
                writer.update(collection, before, oplog);
                value = returnNew ? stored(collection, before.get(ID)) : before;
                lastErrorObject = new Document("n", 1).append("updatedExisting", true);
            } else if (Utils.isTrue(query.get("upsert"))) {
                Object id = writer.upsert(collection, filter, oplog);
                value = returnNew ? stored(collection, id) : null;
                lastErrorObject = new Document("n", 1).append("updatedExisting", false).append("upserted", id);
            } else {
                value = null;
                lastErrorObject = new Document("n", 0).append("updatedExisting", false);
            }
        }
        if (value != null && query.get("fields") instanceof Document fields && !fields.isEmpty()) {
            value = project(value, fields, collection);
        }
        Document response = new Document("lastErrorObject", lastErrorObject).append("value", value);
        Utils.markOkay(response);
        return response;
    }

    private Writer writer(Object update, Object arrayFilters, Map<String, Object> variables) {
        if (UpdatePipeline.isPipeline(update)) {
            if (arrayFilters != null) {
                throw new MongoServerError(ErrorCode.InvalidOptions, "arrayFilters may not be specified for pipeline-style updates");
            }
            return new PipelineWriter(UpdatePipeline.parse(update, variables));
        }
        if (arrayFilters instanceof List<?> filters && !filters.isEmpty()) {
            throw UpdatePipeline.internalError("the embedded server's $bit emulation does not take arrayFilters");
        }
        return new BitWriter((Document) update);
    }

    /** Copies of the documents matching {@code filter}, in {@code sort} order, at most {@code limit} (0: all). */
    private static List<Document> targets(MongoCollection<?> collection, Document filter, Document sort, int limit) {
        Document selector = new Document("query", filter);
        if (sort != null) {
            selector.put("orderby", sort);
        }
        List<Document> copies = new ArrayList<>();
        for (Document document : collection.handleQuery(new QueryParameters(selector, 0, limit))) {
            copies.add(document.cloneDeeply());
        }
        return copies;
    }

    private static Document stored(MongoCollection<?> collection, Object id) {
        List<Document> found = targets(collection, new Document(ID, id), null, 1);
        return found.isEmpty() ? null : found.get(0);
    }

    private Document project(Document document, Document fields, MongoCollection<?> collection) {
        Aggregation projection = Aggregation.fromPipeline(List.of(new Document("$project", fields)), null, this, collection, NoopOplog.get());
        return projection.runStages(Stream.of(document)).get(0);
    }

    /** {@code $$NOW} and {@code $$CLUSTER_TIME}, one value per command as on MongoDB, plus {@code let} or {@code c}. */
    private static Map<String, Object> variables(Object let) {
        Instant now = Instant.now();
        Map<String, Object> variables = new HashMap<>();
        variables.put("NOW", now);
        variables.put("CLUSTER_TIME", new BsonTimestamp(now, 1));
        if (let instanceof Document declared) {
            declared.forEach((name, expression) ->
                    variables.put(name, Expression.evaluateDocument(expression, new Document())));
        }
        return variables;
    }

    private static void checkWritable(String collectionName) {
        if (collectionName.startsWith("system.")) {
            throw new MongoServerError(10156, "cannot update system collection");
        }
    }

    private static Document writeError(int index, MongoServerException e) {
        Document error = new Document("index", index);
        if (e instanceof MongoServerError serverError) {
            error.put("code", serverError.getCode());
            error.putIfNotNull("codeName", serverError.getCodeName());
        } else {
            error.put("code", 8);
            error.put("codeName", "UnknownError");
        }
        error.put("errmsg", e.getMessageWithoutErrorCode());
        return error;
    }

    /** How an emulated update changes one stored document, or makes the upserted one. */
    private interface Writer {
        /** Updates the stored document of which {@code target} is a copy; 1 if it changed, else 0. */
        int update(MongoCollection<?> collection, Document target, Oplog oplog);

        /** Inserts the document an upsert with {@code filter} makes; its {@code _id}. */
        Object upsert(MongoCollection<?> collection, Document filter, Oplog oplog);
    }

    private final class PipelineWriter implements Writer {
        private final UpdatePipeline pipeline;

        PipelineWriter(UpdatePipeline pipeline) {
            this.pipeline = pipeline;
        }

        @Override
        public int update(MongoCollection<?> collection, Document target, Oplog oplog) {
            Document replacement = pipeline.apply(target, EmulatingDatabase.this, collection);
            // a replacement: the server keeps a missing _id, refuses a changed one (66), checks unique indexes (11000)
            Document result = collection.updateDocuments(new Document(ID, target.get(ID)), replacement,
                    ArrayFilters.empty(), false, false, oplog);
            return ((Number) result.get("nModified")).intValue();
        }

        @Override
        public Object upsert(MongoCollection<?> collection, Document filter, Oplog oplog) {
            Document seed = UpsertSeed.of(filter);
            Document produced = pipeline.apply(seed, EmulatingDatabase.this, collection);
            Object seedId = seed.get(ID);
            Object id = produced.containsKey(ID) ? produced.get(ID) : seedId != null ? seedId : new ObjectId();
            if (seed.containsKey(ID) && !Objects.equals(seedId, id)) {
                throw new MongoServerError(ErrorCode.ImmutableField, "After applying the update, the (immutable) field '_id'"
                        + " was found to have been altered to _id: " + id);
            }
            Document inserted = new Document(ID, id);
            produced.forEach((key, value) -> {
                if (!key.equals(ID)) {
                    inserted.put(key, value);
                }
            });
            Utils.validateFieldNames(inserted);
            collection.addDocument(inserted);
            return id;
        }
    }

    private static final class BitWriter implements Writer {
        private final Document update;

        BitWriter(Document update) {
            this.update = update;
        }

        @Override
        public int update(MongoCollection<?> collection, Document target, Oplog oplog) {
            Document result = collection.updateDocuments(new Document(ID, target.get(ID)), BitUpdate.rewrite(update, target),
                    ArrayFilters.empty(), false, false, oplog);
            return ((Number) result.get("nModified")).intValue();
        }

        @Override
        public Object upsert(MongoCollection<?> collection, Document filter, Oplog oplog) {
            Document result = collection.updateDocuments(filter, BitUpdate.rewrite(update, UpsertSeed.of(filter)),
                    ArrayFilters.empty(), false, true, oplog);
            return result.get("upserted");
        }
    }
}

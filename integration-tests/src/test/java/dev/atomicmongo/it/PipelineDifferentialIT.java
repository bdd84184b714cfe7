package dev.atomicmongo.it;

import static dev.atomicmongo.update.UpdateBuilder.update;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.it.pattern.mailbox.Journal;
import dev.atomicmongo.it.pattern.mailbox.Note;
import dev.atomicmongo.pattern.counter.Fields;
import dev.atomicmongo.pattern.counter.Lists;
import dev.atomicmongo.pattern.lease.Lease;
import dev.atomicmongo.pattern.lease.LeaseOutcome;
import dev.atomicmongo.pattern.lease.Leases;
import dev.atomicmongo.pattern.mailbox.Mailbox;
import dev.atomicmongo.test.TestMongo;
import dev.atomicmongo.update.Expr;
import dev.atomicmongo.update.PipelineUpdate;
import org.bson.BsonArray;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * Every pipeline update the library's patterns send, and a handful written as in the MongoDB
 * manual, run two ways on the same documents: through the update path (the embedded server's
 * pipeline-update emulation) and through the server's {@code aggregate}
 * ({@code [{$match: filter}, {$sort}, {$limit: 1}, ...stages]}), which must give the same
 * documents. The pipelines are recorded from the commands the public operations send, with the
 * collection as it was when each was sent; each is replayed at two fixed instants for
 * {@code $$NOW} (now, and an hour later, when every lock has expired).
 *
 * <p>The aggregate side runs each {@code $set} as "copy the stage's input, unset the fields, then
 * set every field from the copy, dotted paths as nested documents", because the engine's own
 * {@code $addFields} reads fields it has just set, merges document values and takes a dotted
 * path for one field name, where MongoDB reads the stage's input, replaces the field and
 * follows the path.
 */
class PipelineDifferentialIT {
    private static final String INPUT = "__stageInput";
    private static TestMongo server;
    private static final List<Recorded> recorded = Collections.synchronizedList(new ArrayList<>());
    private static MongoClient recording;
    private static MongoDatabase db;

    /** One pipeline command as sent, and the collection's documents just before it. */
    record Recorded(String scenario, BsonDocument command, List<BsonDocument> before) {
    }

    private static volatile String scenario = "";

    @BeforeAll
    static void start() {
        server = TestMongo.embedded(true);
        recording = server.newClient(new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                BsonDocument command = event.getCommand();
                String name = event.getCommandName();
                boolean pipeline = name.equals("update")
                        ? command.getArray("updates").stream().anyMatch(u -> u.asDocument().get("u").isArray())
                        : name.equals("findAndModify") && command.containsKey("update") && command.get("update").isArray();
                if (pipeline && !command.getString(name).getValue().equals("atomicmongo.probe")) {
                    List<BsonDocument> before = server.database(event.getDatabaseName())
                            .getCollection(command.getString(name).getValue(), BsonDocument.class)
                            .find().into(new ArrayList<>());
                    recorded.add(new Recorded(scenario, command.clone(), before));
                }
            }
        });
        db = recording.getDatabase(server.freshDatabase("differential").getName());
    }

    @AfterAll
    static void stop() {
        recording.close();
        server.close();
    }

    @Test
    void every_recorded_pipeline_gives_the_same_documents_through_update_and_through_aggregate(TestReporter reporter) throws Exception {
        runLeases();
        runFields();
        runLists();
        runMailbox();
        runManualExamples();

        List<String> differences = new ArrayList<>();
        int compared = 0;
        int matchedSome = 0;
        Map<String, Integer> perScenario = new LinkedHashMap<>();
        List<Recorded> all;
        synchronized (recorded) {
            all = List.copyOf(recorded);
        }
        for (Recorded r : all) {
            perScenario.merge(r.scenario(), 1, Integer::sum);
            for (Instant now : List.of(Instant.now(), Instant.now().plus(Duration.ofHours(1)))) {
                Replay replay = replay(r, now);
                compared++;
                if (replay.matched()) {
                    matchedSome++;
                }
                if (!replay.viaUpdate().equals(replay.viaAggregate())) {
                    differences.add(r.scenario() + ": " + r.command().toJson() + "\n  on " + r.before()
                            + "\n  update:    " + replay.viaUpdate() + "\n  aggregate: " + replay.viaAggregate());
                }
            }
        }
        reporter.publishEntry("pipelines recorded per scenario", perScenario.toString());
        reporter.publishEntry("replays", compared + " (" + matchedSome + " matching a document)");
        System.out.println("PipelineDifferentialIT: pipelines recorded " + perScenario + ", " + compared
                + " replays (" + matchedSome + " changing a matched document), " + differences.size() + " differences");

        assertThat(perScenario.keySet()).containsExactly("lease", "setIfMissing", "removeAt", "mailbox", "manual");
        assertThat(matchedSome).as("replays that changed a matched document").isGreaterThan(compared / 3);
        assertThat(differences).as("documents differing between update and aggregate").isEmpty();
    }

    // ---- the scenarios: public operations, recorded ------------------------------------------

    private static void runLeases() {
        scenario = "lease";
        Leases leases = Leases.on(db.getCollection("leases"));
        Duration ttl = Duration.ofMinutes(5);
        Lease first = ((LeaseOutcome.Acquired) leases.acquire("job", "runner-a", ttl)).lease();
        leases.acquire("job", "runner-b", ttl);                 // refused: held
        leases.renew(first, ttl);
        leases.release(first);
        leases.acquire("job", "runner-b", ttl);                 // free again
        db.getCollection("leases").updateOne(new Document("_id", "job"),
                new Document("$set", new Document("lock.until", Date.from(Instant.now().minusSeconds(60)))));
        leases.acquire("job", "runner-c", ttl);                 // expired: taken over
    }

    private static void runFields() {
        scenario = "setIfMissing";
        MongoCollection<Document> profiles = db.getCollection("profiles");
        profiles.insertOne(new Document("_id", "p1").append("name", "ann"));
        Fields fields = Fields.of(profiles);
        fields.setIfMissing("p1", "nickname", "annie");
        fields.setIfMissing("p1", "nickname", "other");
        fields.setIfMissing("p1", "address.city", "Oslo");
    }

    private static void runLists() {
        scenario = "removeAt";
        MongoCollection<Document> logs = db.getCollection("logs");
        logs.insertOne(new Document("_id", "order").append("events", List.of("a", "b", "c", "d")));
        Lists lists = Lists.of(logs);
        lists.removeAt("order", "events", 0);
        lists.removeAt("order", "events", 1);
        lists.removeAt("order", "events", 1);
        lists.removeAt("order", "events", 7);
    }

    private static void runMailbox() throws InterruptedException {
        scenario = "mailbox";
        CountDownLatch applied = new CountDownLatch(4);
        try (Mailbox<Journal, Note> mailbox = Mailbox.builder(db.getCollection("journals"), Journal.class, Note.class)
                .owner("runner")
                .initialState(() -> new Journal(List.of(), List.of()))
                .handler((key, state, events) -> {
                    List<String> ids = new ArrayList<>(state.eventIds());
                    List<String> texts = new ArrayList<>(state.texts());
                    events.forEach(e -> {
                        ids.add(e.id().toHexString());
                        texts.add(e.event().text());
                        applied.countDown();
                    });
                    return new Journal(ids, texts);
                })
                .build()) {
            mailbox.post("k1", new Note("one"));
            mailbox.post("k1", new Note("two"));
            mailbox.post("k2", new Note("$literal-looking"));
            mailbox.post("k1", new Note("three"));
            assertThat(applied.await(30, TimeUnit.SECONDS)).as("the four events were applied").isTrue();
        }
    }

    /** Update pipelines in the style of the MongoDB manual's examples. */
    private static void runManualExamples() {
        scenario = "manual";
        MongoCollection<Document> students = db.getCollection("students");
        students.insertMany(List.of(
                Document.parse("{_id: 1, name: 'ann', tests: [95, 92, 90], misc: 'x', quiz: 7}"),
                Document.parse("{_id: 2, name: 'bob', tests: [70, 61, 80], extra: {a: 1}}"),
                Document.parse("{_id: 3, name: 'cid', tests: [], items: [{sku: 'a', qty: 0}, {sku: 'b', qty: 2}]}")));
        // (an array literal of expressions, ['$misc', '$name'], is left out: the 1.47 engine's aggregate returns it
        // unevaluated, so it cannot be the reference; PipelineUpdateEmulationTest checks the emulation evaluates it)
        students.updateOne(new Document("_id", 1), pipeline("{$set: {status: 'Modified', comment: '$misc'}}",
                "{$unset: ['misc']}"));
        students.updateMany(new Document(), pipeline("{$replaceRoot: {newRoot: {$mergeObjects: [{quiz: 0, extra: {}}, '$$ROOT']}}}",
                "{$set: {modified: '$$NOW'}}"));
        students.updateMany(new Document(), pipeline(
                "{$set: {average: {$avg: '$tests'}, total: {$sum: '$tests'}, count: {$size: '$tests'}}}",
                "{$set: {grade: {$cond: [{$gte: ['$average', 90]}, 'A', {$cond: [{$gte: ['$average', 70]}, 'B', 'F']}]}}}"));
        students.updateMany(new Document("tests", new Document("$ne", List.of())),
                pipeline("{$set: {tests: {$concatArrays: ['$tests', [100]]}, name: {$toUpper: '$name'}}}"));
        students.updateOne(new Document("_id", 3), pipeline(
                "{$set: {items: {$filter: {input: '$items', cond: {$gt: ['$$this.qty', 0]}}}}}"));
        students.updateOne(new Document("_id", 2), pipeline("{$set: {name: '$quiz', quiz: '$name', extra: '$tests'}}"));
        students.updateOne(new Document("_id", 9), pipeline("{$set: {created: '$$NOW', n: {$add: [{$ifNull: ['$n', 0]}, 1]}}}"),
                new UpdateOptions().upsert(true));
        students.findOneAndUpdate(new Document("quiz", new Document("$gte", 0)), pipeline("{$set: {quiz: {$add: ['$quiz', 1]}}}"));
        AtomicCollection.of(students).updateOne(Conditions.eq("_id", 1), PipelineUpdate.pipeline()
                .set("best", Expr.max(Expr.field("quiz"), Expr.literal(10)))
                .set("seen", Expr.now()));
        AtomicCollection.of(students).updateOne(Conditions.eq("_id", 1), update().inc("quiz", 1)); // not a pipeline: not recorded
    }

    private static List<BsonDocument> pipeline(String... stages) {
        return java.util.Arrays.stream(stages).map(BsonDocument::parse).toList();
    }

    // ---- the replay ----------------------------------------------------------------------------

    record Replay(boolean matched, Map<BsonValue, BsonDocument> viaUpdate, Map<BsonValue, BsonDocument> viaAggregate) {
    }

    private static final java.util.concurrent.atomic.AtomicInteger REPLAYS = new java.util.concurrent.atomic.AtomicInteger();

    private static Replay replay(Recorded r, Instant now) {
        BsonDocument command = (BsonDocument) fixNow(r.command(), now);
        boolean findAndModify = command.containsKey("findAndModify");
        BsonDocument statement = findAndModify ? command : command.getArray("updates").get(0).asDocument();
        BsonDocument filter = statement.getDocument(findAndModify ? "query" : "q", new BsonDocument());
        BsonArray stages = statement.getArray(findAndModify ? "update" : "u");
        boolean multi = !findAndModify && statement.getBoolean("multi", org.bson.BsonBoolean.FALSE).getValue();
        boolean upsert = statement.getBoolean("upsert", org.bson.BsonBoolean.FALSE).getValue();
        assertThat(findAndModify || command.getArray("updates").size() == 1).as("one statement per command").isTrue();

        // the update path
        MongoCollection<BsonDocument> viaUpdate = scratch(r.before());
        String verb = findAndModify ? "findAndModify" : "update";
        BsonDocument sent = new BsonDocument(verb, new BsonString(viaUpdate.getNamespace().getCollectionName()));
        command.forEach((key, value) -> {
            if (!key.equals(verb) && !key.startsWith("$") && !key.equals("lsid") && !key.equals("txnNumber")) {
                sent.put(key, value);
            }
        });
        BsonDocument reply = server.database(viaUpdate.getNamespace().getDatabaseName()).runCommand(sent, BsonDocument.class);
        assertThat(reply.containsKey("writeErrors")).as("update path of %s: %s", r.scenario(), reply).isFalse();

        // the aggregate path
        MongoCollection<BsonDocument> viaAggregate = scratch(r.before());
        List<BsonDocument> aggregation = new ArrayList<>();
        aggregation.add(new BsonDocument("$match", filter));
        if (findAndModify && command.containsKey("sort")) {
            aggregation.add(new BsonDocument("$sort", command.getDocument("sort")));
        }
        if (!multi) {
            aggregation.add(new BsonDocument("$limit", new BsonInt32(1)));
        }
        stages.forEach(stage -> aggregation.addAll(engineStages(stage.asDocument())));
        List<BsonDocument> changed = viaAggregate.aggregate(aggregation).into(new ArrayList<>());
        Map<BsonValue, BsonDocument> expected = byId(r.before());
        if (changed.isEmpty() && upsert) {
            BsonDocument seed = seed(filter);
            MongoCollection<BsonDocument> seedOnly = scratch(List.of(seed));
            List<BsonDocument> fromSeed = new ArrayList<>();
            stages.forEach(stage -> fromSeed.addAll(engineStages(stage.asDocument())));
            BsonDocument created = seedOnly.aggregate(fromSeed).into(new ArrayList<>()).get(0);
            if (!created.containsKey("_id")) {
                // the update path's new ObjectId: the one document it added
                created.put("_id", newIds(viaUpdate, expected).get(0));
            }
            changed = List.of(created);
        }
        for (BsonDocument after : changed) {
            expected.put(after.get("_id"), after);
        }
        return new Replay(!changed.isEmpty(), byId(viaUpdate.find().into(new ArrayList<>())), expected);
    }

    /** One update stage as the engine's aggregate runs it with MongoDB's semantics. */
    private static List<BsonDocument> engineStages(BsonDocument stage) {
        String name = stage.getFirstKey();
        BsonValue spec = clampSlices(stage.get(name));
        return switch (name) {
            case "$set", "$addFields" -> {
                BsonDocument fields = spec.asDocument();
                BsonArray paths = new BsonArray();
                fields.keySet().forEach(path -> paths.add(new BsonString(path)));
                BsonDocument reading = new BsonDocument();
                fields.forEach((path, expression) -> nest(reading, path.split("\\."), fromInput(expression)));
                yield List.of(new BsonDocument("$addFields", new BsonDocument(INPUT, new BsonString("$$ROOT"))),
                        new BsonDocument("$unset", paths),
                        new BsonDocument("$addFields", reading),
                        new BsonDocument("$unset", new BsonString(INPUT)));
            }
            case "$replaceWith" -> List.of(new BsonDocument("$replaceRoot", new BsonDocument("newRoot", spec)));
            default -> List.of(stage);
        };
    }

    /**
     * {@code $slice: [array, position, n]} with n beyond any array's length bounded to 2^24: the
     * 1.47 engine overflows on position + n (the emulation does the same, see UpdatePipeline).
     */
    private static BsonValue clampSlices(BsonValue value) {
        if (value.isDocument()) {
            BsonDocument document = value.asDocument();
            if (document.containsKey("$literal")) {
                return document;
            }
            BsonDocument copy = new BsonDocument();
            document.forEach((k, v) -> copy.put(k, clampSlices(v)));
            if (copy.size() == 1 && copy.containsKey("$slice") && copy.get("$slice").isArray()
                    && copy.getArray("$slice").size() == 3 && copy.getArray("$slice").get(2).isNumber()
                    && copy.getArray("$slice").get(2).asNumber().longValue() > (1 << 24)) {
                copy.getArray("$slice").set(2, new BsonInt32(1 << 24));
            }
            return copy;
        }
        if (value.isArray()) {
            BsonArray copy = new BsonArray();
            value.asArray().forEach(v -> copy.add(clampSlices(v)));
            return copy;
        }
        return value;
    }

    /** Puts a dotted path as nested documents: the engine's $addFields reads "a.b" as one field name. */
    private static void nest(BsonDocument target, String[] path, BsonValue value) {
        BsonDocument current = target;
        for (int i = 0; i < path.length - 1; i++) {
            if (!current.containsKey(path[i])) {
                current.put(path[i], new BsonDocument());
            }
            current = current.getDocument(path[i]);
        }
        current.put(path[path.length - 1], value);
    }

    /** The expression reading the copy of the stage's input instead of the document being built. */
    private static BsonValue fromInput(BsonValue expression) {
        if (expression.isString()) {
            String s = expression.asString().getValue();
            if (s.equals("$$ROOT") || s.equals("$$CURRENT")) {
                return new BsonString("$" + INPUT);
            }
            if (s.startsWith("$$ROOT.") || s.startsWith("$$CURRENT.")) {
                return new BsonString("$" + INPUT + s.substring(s.indexOf('.')));
            }
            if (s.startsWith("$") && !s.startsWith("$$")) {
                return new BsonString("$" + INPUT + "." + s.substring(1));
            }
            return expression;
        }
        if (expression.isDocument()) {
            BsonDocument document = expression.asDocument();
            if (document.containsKey("$literal")) {
                return document;
            }
            BsonDocument copy = new BsonDocument();
            document.forEach((k, v) -> copy.put(k, fromInput(v)));
            return copy;
        }
        if (expression.isArray()) {
            BsonArray copy = new BsonArray();
            expression.asArray().forEach(v -> copy.add(fromInput(v)));
            return copy;
        }
        return expression;
    }

    /** The command with every {@code $$NOW} replaced by {@code now}, so both paths see one instant. */
    private static BsonValue fixNow(BsonValue value, Instant now) {
        if (value.isString() && value.asString().getValue().equals("$$NOW")) {
            return new BsonDocument("$literal", new BsonDateTime(now.toEpochMilli()));
        }
        if (value.isDocument()) {
            BsonDocument copy = new BsonDocument();
            value.asDocument().forEach((k, v) -> copy.put(k, fixNow(v, now)));
            return copy;
        }
        if (value.isArray()) {
            BsonArray copy = new BsonArray();
            value.asArray().forEach(v -> copy.add(fixNow(v, now)));
            return copy;
        }
        return value;
    }

    /** The equality fields of an upsert's filter (top level and inside $and), as MongoDB seeds the new document. */
    private static BsonDocument seed(BsonDocument filter) {
        BsonDocument seed = new BsonDocument();
        filter.forEach((key, value) -> {
            if (key.equals("$and")) {
                value.asArray().forEach(clause -> seed.putAll(seed(clause.asDocument())));
            } else if (!key.startsWith("$") && !key.contains(".")
                    && !(value.isDocument() && value.asDocument().keySet().stream().anyMatch(k -> k.startsWith("$")))) {
                seed.put(key, value);
            } else if (!key.startsWith("$") && !key.contains(".") && value.isDocument() && value.asDocument().containsKey("$eq")) {
                seed.put(key, value.asDocument().get("$eq"));
            }
        });
        return seed;
    }

    private static List<BsonValue> newIds(MongoCollection<BsonDocument> collection, Map<BsonValue, BsonDocument> before) {
        return collection.find().map(d -> d.get("_id")).into(new ArrayList<>()).stream()
                .filter(id -> !before.containsKey(id)).toList();
    }

    private static MongoCollection<BsonDocument> scratch(List<BsonDocument> documents) {
        MongoCollection<BsonDocument> collection = server.database("differential_replays")
                .getCollection("r" + REPLAYS.incrementAndGet(), BsonDocument.class);
        if (!documents.isEmpty()) {
            collection.insertMany(documents.stream().map(BsonDocument::clone).toList());
        }
        return collection;
    }

    private static Map<BsonValue, BsonDocument> byId(List<BsonDocument> documents) {
        Map<BsonValue, BsonDocument> map = new LinkedHashMap<>();
        documents.forEach(d -> map.put(d.get("_id"), d));
        return map;
    }
}

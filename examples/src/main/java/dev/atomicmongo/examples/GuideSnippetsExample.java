package dev.atomicmongo.examples;

import static dev.atomicmongo.filter.Conditions.*;
import static dev.atomicmongo.update.UpdateBuilder.update;

import java.math.BigInteger;
import java.time.Instant;

import java.util.List;
import java.util.Map;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Collation;
import com.mongodb.client.model.CollationStrength;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.collection.BulkItem;
import dev.atomicmongo.collection.BulkOutcome;
import dev.atomicmongo.collection.BulkResult;
import dev.atomicmongo.collection.Commands;
import dev.atomicmongo.collection.ConditionalOutcome;
import dev.atomicmongo.collection.FindAndModifyCommand;
import dev.atomicmongo.collection.FindAndUpdateOptions;
import dev.atomicmongo.collection.UpdateOutcome;
import dev.atomicmongo.collection.UpsertOutcome;
import dev.atomicmongo.collection.WriteOptions;
import dev.atomicmongo.filter.Condition;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.pattern.booking.CapacityBooking;
import dev.atomicmongo.pattern.booking.ReservationOutcome;
import dev.atomicmongo.test.ServerSource;
import dev.atomicmongo.test.TestMongo;
import dev.atomicmongo.update.Expr;
import dev.atomicmongo.update.PipelineUpdate;
import dev.atomicmongo.update.Projection;
import dev.atomicmongo.update.UpdateBuilder;
import org.bson.BsonDocument;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Java snippets of README.md and the guides in docs/, as they are written there, compiled and
 * run with a check after each: a guide cannot show code that does not compile or does not do what
 * it says.
 */
public final class GuideSnippetsExample {
    private static final Logger log = LoggerFactory.getLogger(GuideSnippetsExample.class);

    private GuideSnippetsExample() {
    }

    public static void main(String[] args) {
        try (TestMongo mongo = TestMongo.start(ServerSource.URI, ServerSource.EMBEDDED)) {
            System.out.println("Server: " + mongo.description());
            MongoDatabase db = mongo.database("demo");
            db.drop();
            updateDsl();
            conditions("u1");
            readme(db);
            atomicCollection(db);
            arraysAndMatchAll(db);
            pipelineStages();
            writeOptions(db);
            bulk(db);
        }
    }

    /** docs/update-dsl.md. */
    private static void updateDsl() {
        UpdateBuilder base = update().currentDate("updatedAt");
        UpdateBuilder view = base.inc("views", 1);          // base is unchanged
        System.out.println(view);
        Examples.check(base.toString().equals("{\"$currentDate\": {\"updatedAt\": true}}")
                && view.toString().equals("{\"$currentDate\": {\"updatedAt\": true}, \"$inc\": {\"views\": 1}}"),
                "update-dsl: a builder is immutable, " + view);

        Runnable sameTwice = () -> update().set("a", 1).inc("a", 1);
        Runnable inside = () -> update().set("a", 1).set("a.b", 2);
        Runnable incAndInsert = () -> update().inc("n", 1).setOnInsert("n", 1);
        Runnable emptySegment = () -> update().set("a..b", 1);
        Runnable dollar = () -> update().set("$x", 1);
        Runnable bigInteger = () -> update().inc("n", BigInteger.ONE);
        Runnable id = () -> update().unset("_id");
        Runnable positional = () -> update().setOnInsert("items.$", 1);
        Runnable nul = () -> update().set("a\u0000b", 1);
        refused(sameTwice, "Path 'a' is written by both $set and $inc: an update may write each path only once");
        refused(inside, "Paths 'a' ($set) and 'a.b' ($set) overlap: an update may not write a path and a path inside it");
        refused(incAndInsert, "Path 'n' is written by both $inc and $setOnInsert: an update may write each path only once.");
        refused(emptySegment, "$set on 'a..b': a path must not have an empty segment");
        refused(dollar, "$set on '$x': segment '$x' starts with '$'");
        refused(bigInteger, "$inc on 'n': the amount must be a Byte, Short, Integer, Long, Float, Double, Decimal128 or BigDecimal, got java.math.BigInteger");
        refused(id, "$unset on '_id': _id is immutable, the server refuses every update that would remove it");
        refused(positional, "$setOnInsert on 'items.$': a positional operator ('$') has no array element to point at when the update inserts");
        refused(nul, "$set on 'a\\0b': a path must not contain the NUL character (field names cannot hold it)");

        MediaEvent event = new MediaEvent("e1", "m1", "Talk", "https://conf.example/talk");
        UpdateBuilder insertOnce = update().setOnInsert(event)                 // every non-null field, on insert only
                .set("lastSeen", Instant.now())     // on insert and on every update
                .inc("hits", 1);
        Examples.check(insertOnce.toString().startsWith("{\"$setOnInsert\": "), "update-dsl: setOnInsert of a record");

        UpdateBuilder matched = update().set("tags.$", "B");                          // the element the filter matched
        UpdateBuilder every = update().inc("grades.$[].score", 1);                  // every element
        UpdateBuilder selected = update().set("grades.$[g].ok", true)
                .arrayFilter(Conditions.gte("g.score", 60));  // the elements the filter selects
        Examples.check(matched.toString().equals("{\"$set\": {\"tags.$\": \"B\"}}")
                && every.toString().equals("{\"$inc\": {\"grades.$[].score\": 1}}")
                && selected.toString().contains("\"arrayFilters\": [{\"g.score\": {\"$gte\": 60}}]"),
                "update-dsl: positional paths and array filters, " + selected);
    }

    /** docs/conditions.md. */
    private static void conditions(String userId) {
        Condition canBook = and(
                eq("_id", "e1"),
                ne("registration_ids", userId),
                field("tickets_sold").lt(field("capacity")));
        System.out.println(canBook);
        Examples.check(canBook.toString().equals("{\"$and\": [{\"_id\": \"e1\"}, {\"registration_ids\": {\"$ne\": \"u1\"}}, "
                + "{\"$expr\": {\"$lt\": [\"$tickets_sold\", \"$capacity\"]}}]}"), "conditions: the booking guard");
    }

    /** README.md. */
    private static void readme(MongoDatabase db) {
        MediaEvent event = new MediaEvent("e2", "m2", "Keynote", "https://conf.example/keynote");
        Instant now = Instant.now();
        System.out.println(update().setOnInsert(event).set("lastSeen", now).inc("views", 1));
        Runnable twice = () -> update().inc("n", 1).setOnInsert("n", 1);
        refused(twice, "Path 'n' is written by both $inc and $setOnInsert");

        AtomicCollection<Document> events = AtomicCollection.of(db.getCollection("concerts"));
        CapacityBooking booking = CapacityBooking.of(events);
        booking.ensureIndexes();                                   // the multikey index on holders
        booking.create("concert", 1);                              // {_id: "concert", capacity: 1, sold: 0, holders: []}
        ReservationOutcome outcome = booking.reserve("concert", "alice");   // Reserved, AlreadyReserved, Full or NotFound
        Examples.check(outcome.equals(new ReservationOutcome.Reserved("concert", "alice", 1))
                && booking.reserve("concert", "bob") instanceof ReservationOutcome.Full,
                "README: one seat, alice gets it, bob finds it full");
    }

    /** docs/atomic-collection.md. */
    private static void atomicCollection(MongoDatabase db) {
        AtomicCollection<MediaEvent> events = AtomicCollection.of(db.getCollection("media", MediaEvent.class));
        MediaEvent event = new MediaEvent("e3", "m3", "Panel", "https://conf.example/panel");
        events.ensureUniqueIndex("url");                       // once, at start-up
        UpsertOutcome r = events.upsertByField("url", event.url(), event);
        if (r instanceof UpsertOutcome.Inserted inserted) {
            System.out.println("inserted " + inserted.id());
        }
        Examples.check(r.isInserted() && !events.upsertByField("url", event.url(), event).isInserted(),
                "atomic-collection: inserted once");

        AtomicCollection<Document> orders = AtomicCollection.of(db.getCollection("orders"));
        db.getCollection("orders").insertOne(new Document("_id", "o1").append("status", "pending"));
        ConditionalOutcome<Document> outcome = orders.updateIf(
                Conditions.eq("_id", "o1"),                         // identity: which document
                Conditions.eq("status", "pending"),                 // condition: when to change it
                update().set("status", "cancelled"));

        if (outcome instanceof ConditionalOutcome.ConditionFailed<Document> failed) {
            log.info("not pending any more: {}", failed.current());
        }
        UpdateOutcome applied = outcome.orThrow();   // or: success, else an exception
        Examples.check(applied.isMatched() && orders.findOne(Conditions.eq("_id", "o1")).orElseThrow()
                .getString("status").equals("cancelled"), "atomic-collection: cancelled while pending");
        Examples.check(orders.updateIf(Conditions.eq("_id", "o1"), Conditions.eq("status", "pending"),
                update().set("status", "cancelled")) instanceof ConditionalOutcome.ConditionFailed<Document>,
                "atomic-collection: a second cancel finds the condition failed");
    }

    /** docs/update-dsl.md (arrays) and docs/conditions.md (element in/nin, matchAll). */
    private static void arraysAndMatchAll(MongoDatabase db) {
        UpdateBuilder dropVotes = update().pull("votes", Conditions.element().in(7, 8));
        // {"$pull": {"votes": {"$in": [7, 8]}}}
        UpdateBuilder lowerStd = update().inc("grades.$[e].std", -1)
                .arrayFilter(Conditions.and(Conditions.field("e.grade").gte(80),
                                            Conditions.field("e.std").gt(5)));
        // arrayFilters: [{"e.grade": {"$gte": 80}, "e.std": {"$gt": 5}}], one document as servers accept it
        Examples.check(dropVotes.toString().equals("{\"$pull\": {\"votes\": {\"$in\": [7, 8]}}}"),
                "update-dsl: pull with element().in, " + dropVotes);
        Examples.check(lowerStd.toString().contains("\"arrayFilters\": [{\"e.grade\": {\"$gte\": 80}, \"e.std\": {\"$gt\": 5}}]"),
                "update-dsl: two conditions on one identifier in one array filter, " + lowerStd);

        db.getCollection("events").insertOne(new Document("_id", "e9").append("archived", false));
        AtomicCollection<Document> events = AtomicCollection.of(db.getCollection("events"));
        events.updateMany(matchAll(), update().set("archived", true));   // every document, on purpose
        Condition open = and(matchAll(), eq("status", "open"));          // the same as eq("status", "open")
        Examples.check(open.equals(eq("status", "open"))
                && events.findOne(eq("_id", "e9")).orElseThrow().getBoolean("archived"),
                "conditions: matchAll() matches every document and drops out of and(...)");
    }

    /** docs/atomic-collection.md, write options. */
    private static void writeOptions(MongoDatabase db) {
        AtomicCollection<Document> tasks = AtomicCollection.of(db.getCollection("tasks"));
        tasks.createIndex(Indexes.ascending("status"), new com.mongodb.client.model.IndexOptions());
        db.getCollection("tasks").insertMany(List.of(new Document("_id", 1).append("status", "pending"),
                new Document("_id", 2).append("status", "pending"), new Document("_id", 3).append("status", "done")));

        WriteOptions nightly = WriteOptions.none()
                .withHint(Indexes.ascending("status"))                // {hint: {status: 1}}: use this index
                .withCollation(Collation.builder().locale("en")
                        .collationStrength(CollationStrength.SECONDARY).build())  // "PENDING" would match too
                .withComment("nightly clean-up");                     // shown in the server's logs and profiler
        UpdateOutcome expired = tasks.updateMany(Conditions.eq("status", "pending"),
                update().set("status", "expired"), nightly);
        Examples.check(expired.modifiedCount() == 2, "atomic-collection: two pending tasks expired, " + expired);

        UpdateOutcome seeded = tasks.upsertMany(Conditions.eq("queue", "mail"),
                update().setOnInsert("status", "pending").inc("runs", 1));   // updates every match, or inserts one
        Examples.check(seeded.isInserted(), "atomic-collection: upsertMany inserted the mail task");

        FindAndUpdateOptions cherry = FindAndUpdateOptions.returnAfter()
                .withLet("target", "cherry")                          // $$target, for $expr and pipeline updates
                .withComment("flavour of the day");
        FindAndModifyCommand command = tasks.commands().findOneAndUpdate(
                Filters.expr(new Document("$eq", List.of("$flavor", "$$target"))),
                update().set("flavor", "orange"), cherry);
        System.out.println(command.options());
        // WriteOptions{"let": {"target": "cherry"}, "comment": "flavour of the day"}
        Examples.check(command.options().toBsonDocument().equals(
                BsonDocument.parse("{let: {target: 'cherry'}, comment: 'flavour of the day'}")),
                "atomic-collection: let and comment travel in the command, " + command);
    }

    private static void refused(Runnable build, String messageStart) {
        try {
            build.run();
        } catch (IllegalArgumentException e) {
            Examples.check(e.getMessage().startsWith(messageStart), "refused: " + e.getMessage());
            return;
        }
        Examples.check(false, "expected a refusal starting with: " + messageStart);
    }
    /** docs/update-dsl.md, pipeline stages and expressions. */
    private static void pipelineStages() {
        PipelineUpdate grades = PipelineUpdate.pipeline()
                .set("average", Expr.trunc(Expr.avg(Expr.field("tests")), 0))
                .nextStage()
                .set("grade", Expr.switchCase(Expr.gte(Expr.field("average"), Expr.literal(90)), Expr.literal("A"))
                        .when(Expr.gte(Expr.field("average"), Expr.literal(80)), Expr.literal("B"))
                        .otherwise(Expr.literal("F")));
        Examples.check(grades.toString().equals("[{\"$set\": {\"average\": {\"$trunc\": [{\"$avg\": \"$tests\"}, 0]}}},"
                + " {\"$set\": {\"grade\": {\"$switch\": {\"branches\": [{\"case\": {\"$gte\": [\"$average\", 90]},"
                + " \"then\": \"A\"}, {\"case\": {\"$gte\": [\"$average\", 80]}, \"then\": \"B\"}], \"default\": \"F\"}}}}]"),
                "update-dsl: average and $switch grade, " + grades);

        PipelineUpdate withDefaults = PipelineUpdate.pipeline()
                .replaceWith(Expr.mergeObjects(
                        Expr.object("quiz", Expr.literal(0), "homework", Expr.literal(0)),
                        Expr.root()))
                .set("modified", Expr.now());
        Examples.check(withDefaults.toString().equals("[{\"$replaceWith\": {\"$mergeObjects\": [{\"quiz\": 0, \"homework\": 0},"
                + " \"$$ROOT\"]}}, {\"$set\": {\"modified\": \"$$NOW\"}}]"), "update-dsl: defaults, " + withDefaults);

        PipelineUpdate comments = PipelineUpdate.pipeline()
                .set("comments", Expr.array(Expr.field("misc1"), Expr.field("misc2")))
                .unset("misc1", "misc2")
                .project(Projection.exclude("draft"));
        Examples.check(comments.toString().equals("[{\"$set\": {\"comments\": [\"$misc1\", \"$misc2\"]}},"
                + " {\"$unset\": [\"misc1\", \"misc2\"]}, {\"$project\": {\"draft\": 0}}]"), "update-dsl: comments, " + comments);

        Runnable sizeOfText = () -> Expr.size(Expr.literal("abc"));
        refused(sizeOfText, "$size: argument 1 must be an array, but the value given is a string literal");
        Runnable mixed = () -> Projection.include("name").andExclude("draft");
        refused(mixed, "$project on 'draft': cannot exclude a field in an inclusion projection");
    }

    /** docs/atomic-collection.md, bulk. */
    private static void bulk(MongoDatabase db) {
        AtomicCollection<Document> orders = AtomicCollection.of(db.getCollection("bulk_orders"));
        orders.collection().insertOne(new Document("_id", "o1").append("status", "pending"));
        Commands c = orders.commands();
        List<BulkItem> items = List.of(
                BulkItem.of(c.updateIf(Conditions.eq("_id", "o1"), Conditions.eq("status", "pending"),
                        update().set("status", "paid"))),
                BulkItem.of(c.upsertOne(Conditions.eq("_id", "daily"), update().inc("orders", 1))),
                c.insertOnce("sku", "A-1", Map.of("qty", 5)));
        BulkResult<Document> result = orders.bulkWrite(items);
        for (BulkOutcome<Document> outcome : result.outcomes()) {
            if (outcome instanceof BulkOutcome.ConditionFailed<Document> failed) {
                log.info("not pending any more: {}", failed.current());
            }
        }
        Examples.check(result.allSucceeded() && result.get(1) instanceof BulkOutcome.Inserted<Document>,
                "bulk: three items applied or inserted, " + result);
    }
}

package dev.atomicmongo.it.manual;

import static dev.atomicmongo.update.UpdateBuilder.update;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Collation;
import com.mongodb.client.model.CollationStrength;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import dev.atomicmongo.MissingCapabilityException;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.collection.Command;
import dev.atomicmongo.collection.FindAndUpdateOptions;
import dev.atomicmongo.collection.UpdateOutcome;
import dev.atomicmongo.collection.WriteOptions;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.test.MongoTest;
import dev.atomicmongo.test.ServerSource;
import dev.atomicmongo.test.TestMongo;
import dev.atomicmongo.update.Expr;
import dev.atomicmongo.update.PipelineUpdate;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonValue;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The examples of the MongoDB manual (8.0) that use write options, on the pages
 * {@code db.collection.updateOne()}, {@code db.collection.updateMany()} and
 * {@code db.collection.findOneAndUpdate()}: each inserts the page's start documents, writes the
 * page's call with the DSL, compares the command atomic-mongo sends (captured by a
 * {@link CommandListener}) with the command the manual's call sends, up to field order, number
 * types and fields at their default value ({@code ordered: true}, {@code multi: false},
 * {@code upsert: false}, {@code new: false}), an {@code $and} of conditions on distinct fields
 * being the same query as the implicit and the shell writes ({@code Conditions.and} always writes
 * {@code $and}), and checks the documented result on the server when
 * it has what the example needs. The embedded mongo-java-server ignores collations and runs
 * neither {@code let} variables nor pipeline updates: those examples compare the BSON only and say
 * so in an assumption message after the comparison.
 */
@MongoTest
class ManualOptionExamplesIT {
    private static final Collation FRENCH_PRIMARY = Collation.builder().locale("fr")
            .collationStrength(CollationStrength.PRIMARY).build();

    private final Sent sent = new Sent();
    private final MongoClient client;
    private final MongoDatabase db;

    ManualOptionExamplesIT(MongoDatabase database, TestMongo mongo) {
        client = mongo.newClient(sent);
        db = client.getDatabase(database.getName());
    }

    @AfterEach
    void closeClient() {
        client.close();
    }

    // ---- db.collection.updateOne() -------------------------------------------------------------

    /** updateOne page, "Specify hint for Update Operations". */
    @Test
    void updateOne_with_a_hint_by_index_keys() {
        AtomicCollection<Document> students = students();

        UpdateOutcome outcome = sent.capture(() -> students.updateOne(
                Conditions.and(Conditions.lte("points", 20), Conditions.eq("grade", "F")),
                update().set("comments1", "failed class"),
                WriteOptions.none().withHint(Indexes.ascending("grade"))));

        sent.requireSame("{update: 'students', updates: [{q: {points: {$lte: 20}, grade: 'F'},"
                + " u: {$set: {comments1: 'failed class'}}, hint: {grade: 1}}]}");
        // documented: { acknowledged: true, matchedCount: 1, modifiedCount: 1 }
        assertThat(outcome.matchedCount()).isEqualTo(1);
        assertThat(outcome.modifiedCount()).isEqualTo(1);
    }

    /** updateOne page, "Specify Collation". */
    @Test
    void updateOne_with_a_french_collation_of_strength_1() {
        AtomicCollection<Document> myColl = myColl();

        UpdateOutcome outcome = sent.capture(() -> myColl.updateOne(Conditions.eq("category", "cafe"),
                update().set("status", "Updated"), WriteOptions.none().withCollation(FRENCH_PRIMARY)));

        sent.requireSame("{update: 'myColl', updates: [{q: {category: 'cafe'}, u: {$set: {status: 'Updated'}},"
                + " collation: {locale: 'fr', strength: 1}}]}");
        assertThat(outcome.matchedCount()).isEqualTo(1);
        assumeCollation(myColl.collection());
        // documented: the first document, category "café", is the one updated
        assertThat(myColl.collection().find(Filters.eq("_id", 1)).first().getString("status")).isEqualTo("Updated");
    }

    /** updateOne page, "Update with Upsert" (the filter matches nothing; $set gives the _id). */
    @Test
    void updateOne_with_upsert_inserts_the_restaurant() {
        AtomicCollection<Document> restaurant = collection("restaurant",
                "{_id: 1, name: 'Central Perk Cafe', Borough: 'Manhattan'}",
                "{_id: 2, name: 'Rock A Feller Bar and Grill', Borough: 'Queens', violations: 2}",
                "{_id: 3, name: 'Empire State Pub', Borough: 'Brooklyn', violations: 0}");

        UpdateOutcome outcome = sent.capture(() -> restaurant.upsertOne(Conditions.eq("name", "Pizza Rats Pizzaria"),
                update().set("_id", 4).set("violations", 7).set("borough", "Manhattan")));

        sent.requireSame("{update: 'restaurant', updates: [{q: {name: 'Pizza Rats Pizzaria'},"
                + " u: {$set: {_id: 4, violations: 7, borough: 'Manhattan'}}, upsert: true}]}");
        // documented: { matchedCount: 0, modifiedCount: 0, upsertedId: 4 }
        assertThat(outcome.matchedCount()).isZero();
        assertThat(outcome.upsertedId()).isEqualTo(new org.bson.BsonInt32(4));
        assertThat(restaurant.collection().find(Filters.eq("_id", 4)).first())
                .isEqualTo(Document.parse("{_id: 4, name: 'Pizza Rats Pizzaria', violations: 7, borough: 'Manhattan'}"));
    }

    // ---- db.collection.updateMany() ------------------------------------------------------------

    /** updateMany page, "Specify hint for Update Operations". */
    @Test
    void updateMany_with_a_hint_by_index_keys() {
        AtomicCollection<Document> students = students();

        UpdateOutcome outcome = sent.capture(() -> students.updateMany(
                Conditions.and(Conditions.lte("points", 20), Conditions.eq("grade", "F")),
                update().set("comments1", "failed class"),
                WriteOptions.none().withHint(Indexes.ascending("grade"))));

        sent.requireSame("{update: 'students', updates: [{q: {points: {$lte: 20}, grade: 'F'},"
                + " u: {$set: {comments1: 'failed class'}}, multi: true, hint: {grade: 1}}]}");
        // documented: { matchedCount: 3, modifiedCount: 3 }
        assertThat(outcome.matchedCount()).isEqualTo(3);
        assertThat(outcome.modifiedCount()).isEqualTo(3);
    }

    /** updateMany page, "Specify hint for Update Operations", with the index named instead (the page's note: a name or keys). */
    @Test
    void updateMany_with_a_hint_by_index_name() {
        AtomicCollection<Document> students = students();

        UpdateOutcome outcome = sent.capture(() -> students.updateMany(
                Conditions.and(Conditions.lte("points", 20), Conditions.eq("grade", "F")),
                update().set("comments1", "failed class"), WriteOptions.none().withHint("grade_1")));

        sent.requireSame("{update: 'students', updates: [{q: {points: {$lte: 20}, grade: 'F'},"
                + " u: {$set: {comments1: 'failed class'}}, multi: true, hint: 'grade_1'}]}");
        assertThat(outcome.modifiedCount()).isEqualTo(3);
    }

    /** updateMany page, "Specify Collation". */
    @Test
    void updateMany_with_a_french_collation_of_strength_1() {
        AtomicCollection<Document> myColl = myColl();

        UpdateOutcome outcome = sent.capture(() -> myColl.updateMany(Conditions.eq("category", "cafe"),
                update().set("status", "Updated"), WriteOptions.none().withCollation(FRENCH_PRIMARY)));

        sent.requireSame("{update: 'myColl', updates: [{q: {category: 'cafe'}, u: {$set: {status: 'Updated'}},"
                + " multi: true, collation: {locale: 'fr', strength: 1}}]}");
        assumeCollation(myColl.collection());
        // documented: { matchedCount: 3, modifiedCount: 3 }
        assertThat(outcome.matchedCount()).isEqualTo(3);
        assertThat(outcome.modifiedCount()).isEqualTo(3);
    }

    /** updateMany page, "Update Multiple Documents with Upsert" (nothing matches: one document is inserted). */
    @Test
    void updateMany_with_upsert_inserts_one_inspector() {
        AtomicCollection<Document> inspectors = collection("inspectors",
                "{_id: 92412, inspector: 'F. Drebin', Sector: 1, Patrolled: true}",
                "{_id: 92413, inspector: 'J. Clouseau', Sector: 2, Patrolled: false}",
                "{_id: 92414, inspector: 'J. Clouseau', Sector: 3, Patrolled: true}",
                "{_id: 92415, inspector: 'R. Coltrane', Sector: 3, Patrolled: false}");

        UpdateOutcome outcome = sent.capture(() -> inspectors.upsertMany(
                Conditions.and(Conditions.gt("Sector", 4), Conditions.eq("inspector", "R. Coltrane")),
                update().set("Patrolled", false)));

        sent.requireSame("{update: 'inspectors', updates: [{q: {Sector: {$gt: 4}, inspector: 'R. Coltrane'},"
                + " u: {$set: {Patrolled: false}}, multi: true, upsert: true}]}");
        // documented: { matchedCount: 0, modifiedCount: 0, upsertedId: ObjectId(...) }; the new
        // document has the filter's equality field and the $set field
        assertThat(outcome.matchedCount()).isZero();
        assertThat(outcome.isInserted()).isTrue();
        assertThat(inspectors.collection().find(Filters.eq("_id", outcome.upsertedId()))
                .projection(Projections.excludeId()).first())
                .isEqualTo(Document.parse("{inspector: 'R. Coltrane', Patrolled: false}"));
    }

    // ---- db.collection.findOneAndUpdate() ------------------------------------------------------

    /** findOneAndUpdate page, "Update A Document" (returns the document as it was). */
    @Test
    void findOneAndUpdate_returns_the_original_document() {
        AtomicCollection<Document> grades = grades();

        Optional<Document> before = sent.capture(() -> grades.findOneAndUpdate(Conditions.eq("name", "R. Stiles"),
                update().inc("points", 5), FindAndUpdateOptions.returnBefore()));

        sent.requireSame("{findAndModify: 'grades', query: {name: 'R. Stiles'}, update: {$inc: {points: 5}}}");
        // documented: { _id: 6319, name: "R. Stiles", assignment: 2, points: 12 }
        assertThat(before).contains(Document.parse("{_id: 6319, name: 'R. Stiles', assignment: 2, points: 12}"));
    }

    /** findOneAndUpdate page, "Sort And Update A Document". */
    @Test
    void findOneAndUpdate_updates_the_first_in_sort_order() {
        AtomicCollection<Document> grades = grades();

        Optional<Document> before = sent.capture(() -> grades.findOneAndUpdate(Conditions.eq("name", "A. MacDyver"),
                update().inc("points", 5), FindAndUpdateOptions.returnBefore().withSort(Sorts.ascending("points"))));

        sent.requireSame("{findAndModify: 'grades', query: {name: 'A. MacDyver'}, sort: {points: 1},"
                + " update: {$inc: {points: 5}}}");
        // documented: { _id: 6322, name: "A. MacDyver", assignment: 2, points: 14 }
        assertThat(before).contains(Document.parse("{_id: 6322, name: 'A. MacDyver', assignment: 2, points: 14}"));
    }

    /** findOneAndUpdate page, "Project the Returned Document". */
    @Test
    void findOneAndUpdate_projects_the_returned_document() {
        AtomicCollection<Document> grades = grades();

        Optional<Document> before = sent.capture(() -> grades.findOneAndUpdate(Conditions.eq("name", "A. MacDyver"),
                update().inc("points", 5), FindAndUpdateOptions.returnBefore().withSort(Sorts.ascending("points"))
                        .withProjection(Projections.include("assignment", "points"))));

        sent.requireSame("{findAndModify: 'grades', query: {name: 'A. MacDyver'}, sort: {points: 1},"
                + " fields: {assignment: 1, points: 1}, update: {$inc: {points: 5}}}");
        // documented: { _id: 6322, assignment: 2, points: 14 }
        assertThat(before).contains(Document.parse("{_id: 6322, assignment: 2, points: 14}"));
    }

    /** findOneAndUpdate page, "Update Document with Upsert" (returnNewDocument: true). */
    @Test
    void findOneAndUpdate_upserts_and_returns_the_new_document() {
        AtomicCollection<Document> grades = grades();

        Optional<Document> after = sent.capture(() -> grades.findOneAndUpdate(Conditions.eq("name", "A.B. Abracus"),
                update().set("name", "A.B. Abracus").set("assignment", 5).inc("points", 5),
                FindAndUpdateOptions.returnAfter().withSort(Sorts.ascending("points")).withUpsert(true)));

        sent.requireSame("{findAndModify: 'grades', query: {name: 'A.B. Abracus'}, sort: {points: 1},"
                + " update: {$set: {name: 'A.B. Abracus', assignment: 5}, $inc: {points: 5}}, new: true, upsert: true}");
        // documented: { _id: ObjectId(...), name: "A.B. Abracus", assignment: 5, points: 5 }
        assertThat(after).get().satisfies(d -> {
            d.remove("_id");
            assertThat(d).isEqualTo(Document.parse("{name: 'A.B. Abracus', assignment: 5, points: 5}"));
        });
    }

    /** findOneAndUpdate page, "Specify Collation". */
    @Test
    void findOneAndUpdate_with_a_french_collation_of_strength_1() {
        AtomicCollection<Document> myColl = myColl();

        Optional<Document> before = sent.capture(() -> myColl.findOneAndUpdate(Conditions.eq("category", "cafe"),
                update().set("status", "Updated"), FindAndUpdateOptions.returnBefore().withCollation(FRENCH_PRIMARY)));

        sent.requireSame("{findAndModify: 'myColl', query: {category: 'cafe'}, update: {$set: {status: 'Updated'}},"
                + " collation: {locale: 'fr', strength: 1}}");
        assumeCollation(myColl.collection());
        // documented: { _id: 1, category: "café", status: "A" }
        assertThat(before).contains(Document.parse("{_id: 1, category: 'café', status: 'A'}"));
    }

    /**
     * findOneAndUpdate page, "Use Variables in let": the filter reads the variable with
     * {@code Expr.variable}; the update is a pipeline.
     */
    @Test
    void findOneAndUpdate_with_a_let_variable_in_the_filter() {
        AtomicCollection<Document> cakeFlavors = collection("cakeFlavors",
                "{_id: 1, flavor: 'chocolate'}", "{_id: 2, flavor: 'strawberry'}", "{_id: 3, flavor: 'cherry'}");
        String manual = "{findAndModify: 'cakeFlavors', query: {$expr: {$eq: ['$flavor', '$$targetFlavor']}},"
                + " update: [{$set: {flavor: 'orange'}}], let: {targetFlavor: 'cherry'}}";
        FindAndUpdateOptions options = FindAndUpdateOptions.returnBefore().withLet("targetFlavor", "cherry");

        // the embedded server's query engine knows no let variables: there the command is compared only
        boolean embedded = TestMongo.shared().source() == ServerSource.EMBEDDED;
        Optional<Optional<Document>> before = sent.captureUnlessMissingCapability("cakeFlavors", embedded,
                cakeFlavors.commands().findOneAndUpdate(
                        Conditions.expr(Expr.eq(Expr.field("flavor"), Expr.variable("targetFlavor"))),
                        PipelineUpdate.pipeline().set("flavor", Expr.literal("orange")), options),
                () -> cakeFlavors.findOneAndUpdate(Conditions.expr(Expr.eq(Expr.field("flavor"), Expr.variable("targetFlavor"))),
                        PipelineUpdate.pipeline().set("flavor", Expr.literal("orange")), options));

        sent.requireSame(manual);
        Assumptions.assumeTrue(before.isPresent(), "BSON compared; the documented result needs let variables in a"
                + " filter and pipeline updates, which the test server lacks");
        // documented: the cherry cake, now orange
        assertThat(cakeFlavors.collection().find(Filters.eq("_id", 3)).first().getString("flavor")).isEqualTo("orange");
    }

    // ---- start documents --------------------------------------------------------------------------

    /** The students of the hint examples, with the index on grade the page creates. */
    private AtomicCollection<Document> students() {
        AtomicCollection<Document> students = collection("students",
                "{_id: 1, student: 'Richard', grade: 'F', points: 0}",
                "{_id: 2, student: 'Jane', grade: 'A', points: 60}",
                "{_id: 3, student: 'Adam', grade: 'F', points: 0}",
                "{_id: 4, student: 'Ronan', grade: 'D', points: 20}",
                "{_id: 5, student: 'Noah', grade: 'F', points: 0}",
                "{_id: 6, student: 'Henry', grade: 'A', points: 86}");
        students.collection().createIndex(Indexes.ascending("grade"));
        return students;
    }

    /** The three cafés of the collation examples. */
    private AtomicCollection<Document> myColl() {
        return collection("myColl", "{_id: 1, category: 'café', status: 'A'}",
                "{_id: 2, category: 'cafe', status: 'a'}", "{_id: 3, category: 'cafE', status: 'a'}");
    }

    /** The grades of the findOneAndUpdate examples. */
    private AtomicCollection<Document> grades() {
        return collection("grades",
                "{_id: 6305, name: 'A. MacDyver', assignment: 5, points: 24}",
                "{_id: 6308, name: 'B. Batlock', assignment: 3, points: 22}",
                "{_id: 6312, name: 'M. Tagnum', assignment: 5, points: 30}",
                "{_id: 6319, name: 'R. Stiles', assignment: 2, points: 12}",
                "{_id: 6322, name: 'A. MacDyver', assignment: 2, points: 14}",
                "{_id: 6234, name: 'R. Stiles', assignment: 1, points: 10}");
    }

    private AtomicCollection<Document> collection(String name, String... documents) {
        MongoCollection<Document> raw = db.getCollection(name);
        raw.drop();
        List<Document> start = new ArrayList<>();
        for (String json : documents) {
            start.add(Document.parse(json));
        }
        raw.insertMany(start);
        return AtomicCollection.of(raw);
    }

    private static void assumeCollation(MongoCollection<Document> raw) {
        boolean applied = raw.find(Filters.eq("category", "CAFE")).collation(FRENCH_PRIMARY).first() != null;
        Assumptions.assumeTrue(applied, "BSON compared; the documented result needs a collation, which the test"
                + " server ignores (the embedded mongo-java-server compares binary)");
    }

    /**
     * Records the {@code update} and {@code findAndModify} commands of this test's client, and
     * compares the last one with the manual's.
     */
    private static final class Sent implements CommandListener {
        private static final Set<String> WRITES = Set.of("update", "findAndModify");
        private static final Set<String> SESSION_FIELDS = Set.of("lsid", "$db", "$clusterTime", "txnNumber");

        private final List<BsonDocument> commands = new ArrayList<>();

        @Override
        public synchronized void commandStarted(CommandStartedEvent event) {
            if (WRITES.contains(event.getCommandName())) {
                commands.add(BsonDocument.parse(event.getCommand().toJson()));
            }
        }

        <R> R capture(Supplier<R> action) {
            synchronized (this) {
                commands.clear();
            }
            return action.get();
        }

        /**
         * Runs the action where the server has what the command needs; where it does not
         * ({@link MissingCapabilityException}, raised before anything is sent), records the
         * command document built from the compiled command instead, so the comparison still holds.
         */
        <R> Optional<R> captureUnlessMissingCapability(String collection, boolean compareOnly, Command compiled,
                                                         Supplier<R> action) {
            if (compareOnly) {
                synchronized (this) {
                    commands.add(asSent(collection, compiled));
                }
                return Optional.empty();
            }
            return captureUnlessMissingCapability(collection, compiled, action);
        }

        <R> Optional<R> captureUnlessMissingCapability(String collection, Command compiled, Supplier<R> action) {
            try {
                return Optional.of(capture(action));
            } catch (MissingCapabilityException e) {
                synchronized (this) {
                    commands.add(asSent(collection, compiled));
                }
                return Optional.empty();
            }
        }

        void requireSame(String manualCommand) {
            BsonDocument last;
            synchronized (this) {
                assertThat(commands).as("commands sent").isNotEmpty();
                last = commands.get(commands.size() - 1);
            }
            assertThat(normalized(last)).isEqualTo(normalized(BsonDocument.parse(manualCommand)));
        }

        private static BsonDocument asSent(String collection, Command command) {
            var fam = (dev.atomicmongo.collection.FindAndModifyCommand) command;
            BsonDocument sent = new BsonDocument("findAndModify", new org.bson.BsonString(collection))
                    .append("query", fam.filter());
            sent.append("update", new BsonArray(new ArrayList<>(fam.pipeline().stages())));
            sent.putAll(fam.options().toBsonDocument());
            return sent;
        }

        /** {@code {$and: [{a: ..}, {b: ..}]}} as {@code {a: .., b: ..}} when its members name distinct fields. */
        private static BsonDocument implicitAnd(BsonDocument document) {
            if (document.size() != 1 || !document.containsKey("$and") || !document.get("$and").isArray()) {
                return document;
            }
            BsonDocument merged = new BsonDocument();
            for (BsonValue member : document.getArray("$and")) {
                if (!member.isDocument()) {
                    return document;
                }
                for (Map.Entry<String, BsonValue> e : member.asDocument().entrySet()) {
                    if (e.getKey().startsWith("$") || merged.containsKey(e.getKey())) {
                        return document;
                    }
                    merged.put(e.getKey(), e.getValue());
                }
            }
            return merged;
        }

        /** Without session fields and defaults; every number a double; documents compare without order. */
        private static BsonValue normalizedValue(BsonValue value) {
            if (value.isNumber()) {
                return new BsonDouble(value.asNumber().doubleValue());
            }
            if (value.isDocument()) {
                return normalized(value.asDocument());
            }
            if (value.isArray()) {
                BsonArray array = new BsonArray();
                for (BsonValue element : value.asArray()) {
                    array.add(normalizedValue(element));
                }
                return array;
            }
            return value;
        }

        private static BsonDocument normalized(BsonDocument document) {
            BsonDocument copy = new BsonDocument();
            for (Map.Entry<String, BsonValue> e : implicitAnd(document).entrySet()) {
                BsonValue v = e.getValue();
                boolean defaultValue = switch (e.getKey()) {
                    case "ordered" -> v.isBoolean() && v.asBoolean().getValue();
                    case "multi", "upsert", "new" -> v.isBoolean() && !v.asBoolean().getValue();
                    default -> false;
                };
                if (!SESSION_FIELDS.contains(e.getKey()) && !defaultValue) {
                    copy.put(e.getKey(), normalizedValue(v));
                }
            }
            return copy;
        }
    }
}

package dev.atomicmongo.it.manual;

import static dev.atomicmongo.update.Expr.field;
import static dev.atomicmongo.update.Expr.literal;
import static dev.atomicmongo.update.PipelineUpdate.pipeline;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import dev.atomicmongo.Capability;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.collection.WriteOptions;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.test.MongoTest;
import dev.atomicmongo.test.ServerSource;
import dev.atomicmongo.test.TestMongo;
import dev.atomicmongo.update.Expr;
import dev.atomicmongo.update.PipelineUpdate;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * The pipeline-update examples of the MongoDB manual (8.0), each written with the DSL: its
 * compiled pipeline is compared with the manual's (up to field order and number types), and,
 * where the test server runs pipeline updates, the documented result is checked on it. On a
 * server without them (the embedded one) a test compares the BSON only and publishes a report
 * entry saying so.
 */
@MongoTest
class ManualPipelineExamplesIT {
    private static final boolean RUNS_PIPELINES = TestMongo.shared().has(Capability.PIPELINE_UPDATES);

    private final MongoDatabase db;

    ManualPipelineExamplesIT(MongoDatabase db) {
        this.db = db;
    }

    // ---- page "Updates with Aggregation Pipeline" ---------------------------------------------

    @Test
    void aggregation_pipeline_page_example_1_updateOne_with_set_and_now(TestReporter reporter) {
        // Source: manual page "Updates with Aggregation Pipeline", example "updateOne with $set"
        MongoCollection<Document> students = start("students",
                "{_id: 1, test1: 95, test2: 92, test3: 90, modified: {$date: '2020-01-05T00:00:00Z'}}",
                "{_id: 2, test1: 98, test2: 100, test3: 102, modified: {$date: '2020-01-05T00:00:00Z'}}",
                "{_id: 3, test1: 95, test2: 110, modified: {$date: '2020-01-04T00:00:00Z'}}");
        PipelineUpdate update = pipeline().set("test3", 98).set("modified", Expr.now());

        assertSameAsManual(update, "[{$set: {test3: 98, modified: '$$NOW'}}]");
        if (serverRuns(reporter)) {
            Date before = new Date();
            AtomicCollection.of(students).updateOne(Conditions.eq("_id", 3), update);

            assertDocuments(students, before, List.of("modified"),
                    "{_id: 1, test1: 95, test2: 92, test3: 90, modified: {$date: '2020-01-05T00:00:00Z'}}",
                    "{_id: 2, test1: 98, test2: 100, test3: 102, modified: {$date: '2020-01-05T00:00:00Z'}}",
                    "{_id: 3, test1: 95, test2: 110, test3: 98}");
        }
    }

    @Test
    void aggregation_pipeline_page_example_2_updateMany_with_replaceRoot_of_defaults_merged_with_the_root(TestReporter reporter) {
        // Source: manual page "Updates with Aggregation Pipeline", example "updateMany with $replaceRoot and $set"
        MongoCollection<Document> students2 = start("students2",
                "{_id: 1, quiz1: 8, test2: 100, quiz2: 9, modified: {$date: '2020-01-05T00:00:00Z'}}",
                "{_id: 2, quiz2: 5, test1: 80, test2: 89, modified: {$date: '2020-01-05T00:00:00Z'}}");
        PipelineUpdate update = pipeline()
                .replaceRoot(Expr.mergeObjects(
                        Expr.object(Map.of("quiz1", literal(0), "quiz2", literal(0), "test1", literal(0), "test2", literal(0))),
                        Expr.root()))
                .set("modified", Expr.now());

        assertSameAsManual(update, "[{$replaceRoot: {newRoot: {$mergeObjects: [{quiz1: 0, quiz2: 0, test1: 0, test2: 0},"
                + " '$$ROOT']}}}, {$set: {modified: '$$NOW'}}]");
        if (serverRuns(reporter)) {
            Date before = new Date();
            AtomicCollection.of(students2).updateMany(new Document(), update);

            assertDocuments(students2, before, List.of("modified"),
                    "{_id: 1, quiz1: 8, quiz2: 9, test1: 0, test2: 100}",
                    "{_id: 2, quiz1: 0, quiz2: 5, test1: 80, test2: 89}");
        }
    }

    @Test
    void aggregation_pipeline_page_example_3_updateMany_with_average_and_a_switch_grade(TestReporter reporter) {
        // Source: manual page "Updates with Aggregation Pipeline", example "updateMany with $set" (average, $switch grade)
        MongoCollection<Document> students3 = start("students3", students3("modified"));
        PipelineUpdate update = averageAndGrade("modified");

        assertSameAsManual(update, averageAndGradeJson("modified"));
        if (serverRunsUnlessEmbedded(reporter, "$trunc with a place")) {
            Date before = new Date();
            AtomicCollection.of(students3).updateMany(new Document(), update);

            assertDocuments(students3, before, List.of("modified"),
                    "{_id: 1, tests: [95, 92, 90], average: 92, grade: 'A'}",
                    "{_id: 2, tests: [94, 88, 90], average: 90, grade: 'A'}",
                    "{_id: 3, tests: [70, 75, 82], average: 75, grade: 'C'}");
        }
    }

    @Test
    void aggregation_pipeline_page_example_4_updateOne_appending_with_concatArrays(TestReporter reporter) {
        // Source: manual page "Updates with Aggregation Pipeline", example "updateOne with $set" ($concatArrays)
        MongoCollection<Document> students4 = start("students4",
                "{_id: 1, quizzes: [4, 6, 7]}", "{_id: 2, quizzes: [5]}", "{_id: 3, quizzes: [10, 10, 10]}");
        PipelineUpdate update = pipeline().set("quizzes", Expr.concatArrays(field("quizzes"), literal(List.of(8, 6))));

        assertSameAsManual(update, "[{$set: {quizzes: {$concatArrays: ['$quizzes', [8, 6]]}}}]");
        if (serverRuns(reporter)) {
            AtomicCollection.of(students4).updateOne(Conditions.eq("_id", 2), update);

            assertDocuments(students4, new Date(), List.of(),
                    "{_id: 1, quizzes: [4, 6, 7]}", "{_id: 2, quizzes: [5, 8, 6]}", "{_id: 3, quizzes: [10, 10, 10]}");
        }
    }

    @Test
    void aggregation_pipeline_page_example_5_updateMany_with_addFields_and_map(TestReporter reporter) {
        // Source: manual page "Updates with Aggregation Pipeline", example "updateMany with $addFields" ($map)
        MongoCollection<Document> temperatures = start("temperatures",
                "{_id: 1, date: {$date: '2019-06-23T00:00:00Z'}, tempsC: [4, 12, 17]}",
                "{_id: 2, date: {$date: '2019-07-07T00:00:00Z'}, tempsC: [14, 24, 11]}",
                "{_id: 3, date: {$date: '2019-10-30T00:00:00Z'}, tempsC: [18, 6, 8]}");
        PipelineUpdate update = pipeline().addFields("tempsF", Expr.map(field("tempsC"), "celsius",
                Expr.add(Expr.multiply(Expr.variable("celsius"), literal(9.0 / 5)), literal(32))));

        // the manual writes 9/5, which the shell evaluates to the double 1.8
        assertSameAsManual(update, "[{$addFields: {tempsF: {$map: {input: '$tempsC', as: 'celsius',"
                + " in: {$add: [{$multiply: ['$$celsius', 1.8]}, 32]}}}}}]");
        if (serverRuns(reporter)) {
            AtomicCollection.of(temperatures).updateMany(new Document(), update);

            assertDocuments(temperatures, new Date(), List.of(),
                    "{_id: 1, date: {$date: '2019-06-23T00:00:00Z'}, tempsC: [4, 12, 17], tempsF: [39.2, 53.6, 62.6]}",
                    "{_id: 2, date: {$date: '2019-07-07T00:00:00Z'}, tempsC: [14, 24, 11], tempsF: [57.2, 75.2, 51.8]}",
                    "{_id: 3, date: {$date: '2019-10-30T00:00:00Z'}, tempsC: [18, 6, 8], tempsF: [64.4, 42.8, 46.4]}");
        }
    }

    @Test
    void aggregation_pipeline_page_example_6_updateOne_with_let_variables(TestReporter reporter) {
        // Source: manual page "Updates with Aggregation Pipeline", example "Update with let Variables"
        MongoCollection<Document> cakeFlavors = start("cakeFlavors",
                "{_id: 1, flavor: 'chocolate'}", "{_id: 2, flavor: 'strawberry'}", "{_id: 3, flavor: 'cherry'}");
        BsonDocument filter = Conditions.expr(Expr.eq(field("flavor"), Expr.variable("targetFlavor")))
                .toBsonDocument(BsonDocument.class, MongoClientSettings.getDefaultCodecRegistry());
        PipelineUpdate update = pipeline().set("flavor", Expr.variable("newFlavor"));

        assertThat(filter).isEqualTo(BsonDocument.parse("{$expr: {$eq: ['$flavor', '$$targetFlavor']}}"));
        assertSameAsManual(update, "[{$set: {flavor: '$$newFlavor'}}]");
        if (serverRunsUnlessEmbedded(reporter, "let variables in a filter's $expr (its query engine does not see them)")) {
            AtomicCollection.of(cakeFlavors).updateOne(Conditions.expr(Expr.eq(field("flavor"), Expr.variable("targetFlavor"))),
                    update, WriteOptions.none().withLet("targetFlavor", "cherry").withLet("newFlavor", "orange"));

            assertDocuments(cakeFlavors, new Date(), List.of(),
                    "{_id: 1, flavor: 'chocolate'}", "{_id: 2, flavor: 'strawberry'}", "{_id: 3, flavor: 'orange'}");
        }
    }

    // ---- page "db.collection.updateOne()" ------------------------------------------------------

    @Test
    void updateOne_page_set_an_array_of_two_fields_then_unset_them(TestReporter reporter) {
        // Source: manual page "db.collection.updateOne()", example "Update with an Aggregation Pipeline" (comments)
        MongoCollection<Document> students = start("students", SEMESTER_STUDENTS);
        PipelineUpdate update = pipeline()
                .set("status", "Modified")
                .set("comments", Expr.array(field("commentsSemester1"), field("commentsSemester2")))
                .unset("commentsSemester1", "commentsSemester2");

        assertSameAsManual(update, "[{$set: {status: 'Modified', comments: ['$commentsSemester1', '$commentsSemester2']}},"
                + " {$unset: ['commentsSemester1', 'commentsSemester2']}]");
        if (serverRuns(reporter)) {  // the emulation evaluates array elements the engine leaves as written
            AtomicCollection.of(students).updateOne(Conditions.eq("_id", 1), update);

            assertDocuments(students, new Date(), List.of(),
                    "{_id: 1, student: 'Skye', points: 75, lastUpdate: {$date: '2019-01-01T00:00:00Z'}, status: 'Modified',"
                            + " comments: ['great at math', 'loses temper']}",
                    "{_id: 2, student: 'Elizabeth', points: 60, commentsSemester1: 'well behaved',"
                            + " commentsSemester2: 'needs improvement', lastUpdate: {$date: '2019-01-01T00:00:00Z'}}");
        }
    }

    @Test
    void updateOne_page_average_and_grade_of_one_student(TestReporter reporter) {
        // Source: manual page "db.collection.updateOne()", example "Update with an Aggregation Pipeline" (average, grade)
        MongoCollection<Document> students3 = start("students3", students3("lastUpdate"));
        PipelineUpdate update = averageAndGrade("lastUpdate");

        assertSameAsManual(update, averageAndGradeJson("lastUpdate"));
        if (serverRunsUnlessEmbedded(reporter, "$trunc with a place")) {
            Date before = new Date();
            AtomicCollection.of(students3).updateOne(Conditions.eq("_id", 3), update);

            assertDocuments(students3, before, List.of("lastUpdate"),
                    "{_id: 1, tests: [95, 92, 90], lastUpdate: {$date: '2019-01-01T00:00:00Z'}}",
                    "{_id: 2, tests: [94, 88, 90], lastUpdate: {$date: '2019-01-01T00:00:00Z'}}",
                    "{_id: 3, tests: [70, 75, 82], average: 75, grade: 'C'}");
        }
    }

    // ---- page "db.collection.updateMany()" -----------------------------------------------------

    @Test
    void updateMany_page_comments_array_status_and_now_then_unset(TestReporter reporter) {
        // Source: manual page "db.collection.updateMany()", example "Update with an Aggregation Pipeline" (comments)
        MongoCollection<Document> students = start("students", SEMESTER_STUDENTS);
        PipelineUpdate update = pipeline()
                .set("status", "Modified")
                .set("comments", Expr.array(field("commentsSemester1"), field("commentsSemester2")))
                .set("lastUpdate", Expr.now())
                .unset("commentsSemester1", "commentsSemester2");

        assertSameAsManual(update, "[{$set: {status: 'Modified', comments: ['$commentsSemester1', '$commentsSemester2'],"
                + " lastUpdate: '$$NOW'}}, {$unset: ['commentsSemester1', 'commentsSemester2']}]");
        if (serverRuns(reporter)) {  // the emulation evaluates array elements the engine leaves as written
            Date before = new Date();
            AtomicCollection.of(students).updateMany(new Document(), update);

            assertDocuments(students, before, List.of("lastUpdate"),
                    "{_id: 1, student: 'Skye', points: 75, status: 'Modified', comments: ['great at math', 'loses temper']}",
                    "{_id: 2, student: 'Elizabeth', points: 60, status: 'Modified',"
                            + " comments: ['well behaved', 'needs improvement']}");
        }
    }

    @Test
    void updateMany_page_average_and_grade_of_every_student(TestReporter reporter) {
        // Source: manual page "db.collection.updateMany()", example "Update with an Aggregation Pipeline" (average, grade)
        MongoCollection<Document> students3 = start("students3", students3("lastUpdate"));
        PipelineUpdate update = averageAndGrade("lastUpdate");

        assertSameAsManual(update, averageAndGradeJson("lastUpdate"));
        if (serverRunsUnlessEmbedded(reporter, "$trunc with a place")) {
            Date before = new Date();
            AtomicCollection.of(students3).updateMany(new Document(), update);

            assertDocuments(students3, before, List.of("lastUpdate"),
                    "{_id: 1, tests: [95, 92, 90], average: 92, grade: 'A'}",
                    "{_id: 2, tests: [94, 88, 90], average: 90, grade: 'A'}",
                    "{_id: 3, tests: [70, 75, 82], average: 75, grade: 'C'}");
        }
    }

    // ---- pages "db.collection.findOneAndUpdate()" and "db.collection.findAndModify()" ----------

    @Test
    void findOneAndUpdate_page_total_of_the_grades_returned_after_the_update(TestReporter reporter) {
        // Source: manual page "db.collection.findOneAndUpdate()", example "Update with an Aggregation Pipeline"
        MongoCollection<Document> students2 = start("students2", GRADES);
        PipelineUpdate update = pipeline().set("total", Expr.sum(field("grades.grade")));

        assertSameAsManual(update, "[{$set: {total: {$sum: '$grades.grade'}}}]");
        if (serverRuns(reporter)) {
            Optional<Document> after = AtomicCollection.of(students2)
                    .findOneAndUpdate(Conditions.eq("_id", 1), update, ReturnDocument.AFTER);

            assertThat(after).get().satisfies(d -> assertThat(d.get("total", Number.class).intValue()).isEqualTo(250));
            assertThat(students2.find(new Document("_id", 2)).first()).doesNotContainKey("total");
        }
    }

    @Test
    void findAndModify_page_total_of_the_grades_with_new_true(TestReporter reporter) {
        // Source: manual page "db.collection.findAndModify()", example "Update with an Aggregation Pipeline"
        // (findAndModify with new: true is findOneAndUpdate returning AFTER)
        MongoCollection<Document> students2 = start("students2", GRADES);
        PipelineUpdate update = pipeline().set("total", Expr.sum(field("grades.grade")));

        assertSameAsManual(update, "[{$set: {total: {$sum: '$grades.grade'}}}]");
        if (serverRuns(reporter)) {
            Optional<Document> after = AtomicCollection.of(students2)
                    .findOneAndUpdate(Conditions.eq("_id", 2), update, ReturnDocument.AFTER);

            assertThat(after).get().satisfies(d -> assertThat(d.get("total", Number.class).intValue()).isEqualTo(262));
        }
    }

    // ---- page "db.collection.update()" (and the "update" command) ------------------------------

    @Test
    void update_page_members_comments_from_two_fields_with_multi(TestReporter reporter) {
        // Source: manual page "db.collection.update()", example "Update with Aggregation Pipeline" (members, multi: true)
        MongoCollection<Document> members = start("members",
                "{_id: 1, member: 'abc123', status: 'A', points: 2, misc1: 'note to self: confirm status',"
                        + " misc2: 'Need to activate', lastUpdate: {$date: '2019-01-01T00:00:00Z'}}",
                "{_id: 2, member: 'xyz123', status: 'A', points: 60, misc1: 'reminder: ping me at 100pts',"
                        + " misc2: 'Some random comment', lastUpdate: {$date: '2019-01-01T00:00:00Z'}}");
        PipelineUpdate update = pipeline()
                .set("status", "Modified")
                .set("comments", Expr.array(field("misc1"), field("misc2")))
                .set("lastUpdate", Expr.now())
                .unset("misc1", "misc2");

        assertSameAsManual(update, "[{$set: {status: 'Modified', comments: ['$misc1', '$misc2'], lastUpdate: '$$NOW'}},"
                + " {$unset: ['misc1', 'misc2']}]");
        if (serverRuns(reporter)) {  // the emulation evaluates array elements the engine leaves as written
            Date before = new Date();
            AtomicCollection.of(members).updateMany(new Document(), update);

            assertDocuments(members, before, List.of("lastUpdate"),
                    "{_id: 1, member: 'abc123', status: 'Modified', points: 2,"
                            + " comments: ['note to self: confirm status', 'Need to activate']}",
                    "{_id: 2, member: 'xyz123', status: 'Modified', points: 60,"
                            + " comments: ['reminder: ping me at 100pts', 'Some random comment']}");
        }
    }

    @Test
    void replaceWith_form_of_the_defaults_example_gives_the_same_documents(TestReporter reporter) {
        // Source: manual page "$replaceWith (aggregation)": "$replaceWith is an alias of $replaceRoot" with
        // newRoot as its value; the "Updates with Aggregation Pipeline" example 2 written with it
        MongoCollection<Document> students2 = start("students2",
                "{_id: 1, quiz1: 8, test2: 100, quiz2: 9}", "{_id: 2, quiz2: 5, test1: 80, test2: 89}");
        PipelineUpdate update = pipeline().replaceWith(Expr.mergeObjects(
                Expr.object(Map.of("quiz1", literal(0), "quiz2", literal(0), "test1", literal(0), "test2", literal(0))),
                Expr.root()));

        assertSameAsManual(update, "[{$replaceWith: {$mergeObjects: [{quiz1: 0, quiz2: 0, test1: 0, test2: 0}, '$$ROOT']}}]");
        if (serverRuns(reporter)) {
            AtomicCollection.of(students2).updateMany(new Document(), update);

            assertDocuments(students2, new Date(), List.of(),
                    "{_id: 1, quiz1: 8, quiz2: 9, test1: 0, test2: 100}",
                    "{_id: 2, quiz1: 0, quiz2: 5, test1: 80, test2: 89}");
        }
    }

    // ---- the manual's shared start documents and pipelines -------------------------------------

    /** The manual's students3 documents, whose date field is "modified" on one page and "lastUpdate" on others. */
    private static String[] students3(String dateField) {
        return new String[] {
                "{_id: 1, tests: [95, 92, 90], " + dateField + ": {$date: '2019-01-01T00:00:00Z'}}",
                "{_id: 2, tests: [94, 88, 90], " + dateField + ": {$date: '2019-01-01T00:00:00Z'}}",
                "{_id: 3, tests: [70, 75, 82], " + dateField + ": {$date: '2019-01-01T00:00:00Z'}}"};
    }

    private static final String[] SEMESTER_STUDENTS = {
            "{_id: 1, student: 'Skye', points: 75, commentsSemester1: 'great at math', commentsSemester2: 'loses temper',"
                    + " lastUpdate: {$date: '2019-01-01T00:00:00Z'}}",
            "{_id: 2, student: 'Elizabeth', points: 60, commentsSemester1: 'well behaved',"
                    + " commentsSemester2: 'needs improvement', lastUpdate: {$date: '2019-01-01T00:00:00Z'}}"};

    private static final String[] GRADES = {
            "{_id: 1, grades: [{grade: 80, mean: 75, std: 6}, {grade: 85, mean: 90, std: 4}, {grade: 85, mean: 85, std: 6}]}",
            "{_id: 2, grades: [{grade: 90, mean: 75, std: 6}, {grade: 87, mean: 90, std: 3}, {grade: 85, mean: 85, std: 4}]}"};

    /** average = trunc(avg(tests)); then grade by a $switch on the average, in the next stage. */
    private static PipelineUpdate averageAndGrade(String dateField) {
        Expr average = field("average");
        return pipeline()
                .set("average", Expr.trunc(Expr.avg(field("tests")), 0))
                .set(dateField, Expr.now())
                .nextStage()
                .set("grade", Expr.switchCase(Expr.gte(average, literal(90)), literal("A"))
                        .when(Expr.gte(average, literal(80)), literal("B"))
                        .when(Expr.gte(average, literal(70)), literal("C"))
                        .when(Expr.gte(average, literal(60)), literal("D"))
                        .otherwise(literal("F")));
    }

    private static String averageAndGradeJson(String dateField) {
        return "[{$set: {average: {$trunc: [{$avg: '$tests'}, 0]}, " + dateField + ": '$$NOW'}},"
                + " {$set: {grade: {$switch: {branches: ["
                + "{case: {$gte: ['$average', 90]}, then: 'A'}, {case: {$gte: ['$average', 80]}, then: 'B'},"
                + " {case: {$gte: ['$average', 70]}, then: 'C'}, {case: {$gte: ['$average', 60]}, then: 'D'}],"
                + " default: 'F'}}}}]";
    }

    // ---- helpers (this class's own; the other manual-example classes have theirs) --------------

    private MongoCollection<Document> start(String name, String... documents) {
        MongoCollection<Document> collection = db.getCollection(name);
        collection.deleteMany(new Document());
        List<Document> docs = new ArrayList<>();
        for (String json : documents) {
            docs.add(Document.parse(json));
        }
        collection.insertMany(docs);
        return collection;
    }

    private static boolean serverRuns(TestReporter reporter) {
        if (!RUNS_PIPELINES) {
            reporter.publishEntry("server check", "skipped: " + TestMongo.shared().description()
                    + " has no pipeline updates; compared the BSON only");
        }
        return RUNS_PIPELINES;
    }

    /**
     * As {@link #serverRuns}, and not on the embedded server, whose expression engine lacks what
     * the example uses (checked with its aggregation: {@code $trunc} takes no place there, and
     * the elements of an array expression are not evaluated).
     */
    private static boolean serverRunsUnlessEmbedded(TestReporter reporter, String embeddedLacks) {
        if (RUNS_PIPELINES && TestMongo.shared().source() == ServerSource.EMBEDDED) {
            reporter.publishEntry("server check", "skipped on the embedded server, which lacks " + embeddedLacks
                    + "; compared the BSON only");
            return false;
        }
        return serverRuns(reporter);
    }

    private static void assertSameAsManual(PipelineUpdate update, String manualPipeline) {
        List<BsonDocument> ours = update.toPipeline(MongoClientSettings.getDefaultCodecRegistry());
        BsonArray manual = BsonArray.parse(manualPipeline);

        assertThat(canonical(new BsonArray(new ArrayList<>(ours)))).as("%s vs the manual's %s", ours, manualPipeline)
                .isEqualTo(canonical(manual));
    }

    /**
     * The documents of the collection by _id equal the expected ones up to field order and number
     * types. A field of {@code nowFields} that an expected document leaves out must be a date no
     * earlier than {@code before} less a minute of clock skew ($$NOW), and is then left out too.
     */
    private static void assertDocuments(MongoCollection<Document> collection, Date before, List<String> nowFields,
                                        String... expected) {
        List<BsonDocument> stored = collection.find(BsonDocument.class).sort(Sorts.ascending("_id")).into(new ArrayList<>());
        assertThat(stored).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            BsonDocument wanted = BsonDocument.parse(expected[i]);
            BsonDocument actual = stored.get(i);
            for (String f : nowFields) {
                if (!wanted.containsKey(f)) {
                    assertThat(actual.isDateTime(f)).as("%s is a date in %s", f, actual).isTrue();
                    assertThat(actual.getDateTime(f).getValue()).isGreaterThanOrEqualTo(before.getTime() - 60_000);
                    actual.remove(f);
                }
            }
            assertThat(canonical(actual)).as("document %s", actual).isEqualTo(canonical(wanted));
        }
    }

    /** Documents as sorted maps, arrays as lists, every number as a decimal rounded to 9 places. */
    private static Object canonical(BsonValue value) {
        if (value.isDocument()) {
            Map<String, Object> map = new TreeMap<>();
            value.asDocument().forEach((k, v) -> map.put(k, canonical(v)));
            return map;
        }
        if (value.isArray()) {
            List<Object> list = new ArrayList<>();
            value.asArray().forEach(v -> list.add(canonical(v)));
            return list;
        }
        if (value.isNumber()) {
            BigDecimal n = value.isDecimal128() ? value.asDecimal128().decimal128Value().bigDecimalValue()
                    : value.isDouble() ? BigDecimal.valueOf(value.asDouble().getValue())
                    : BigDecimal.valueOf(value.asNumber().longValue());
            return n.setScale(9, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
        }
        return value;
    }
}

package dev.atomicmongo.it.manual;

import static dev.atomicmongo.filter.Conditions.and;
import static dev.atomicmongo.filter.Conditions.eq;
import static dev.atomicmongo.filter.Conditions.field;
import static dev.atomicmongo.filter.Conditions.matchAll;
import static dev.atomicmongo.it.manual.OperatorExample.COMMANDS;
import static dev.atomicmongo.it.manual.OperatorExample.assertEquivalent;
import static dev.atomicmongo.it.manual.OperatorExample.assertSameCommand;
import static dev.atomicmongo.update.UpdateBuilder.update;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import dev.atomicmongo.collection.FindAndModifyCommand;
import dev.atomicmongo.collection.FindAndUpdateOptions;
import dev.atomicmongo.collection.UpdateCommand;
import dev.atomicmongo.collection.UpdateOutcome;
import dev.atomicmongo.test.MongoTest;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

/**
 * The operator-update examples of the manual's write method pages, {@code updateOne},
 * {@code updateMany} (with their upserts) and {@code findOneAndUpdate} (the examples without
 * options), each written with the DSL, its command compared with the manual's, run, and the
 * documents compared with the manual's result. {@code updateMany} with upsert has no method on
 * {@code AtomicCollection} here: the command value is built and run with {@code execute}.
 *
 * <p>Checked against the manual's source (repository mongodb/docs, stored copies of
 * {@code source/reference/method/db.collection.updateOne.txt}, {@code updateMany.txt} and
 * {@code findOneAndUpdate.txt} at commit 019cd674).
 */
@MongoTest
class ManualWriteMethodExamplesIT {
    private static final String UPDATE_ONE = "https://www.mongodb.com/docs/manual/reference/method/db.collection.updateOne/";
    private static final String UPDATE_MANY = "https://www.mongodb.com/docs/manual/reference/method/db.collection.updateMany/";
    private static final String FIND_ONE_AND_UPDATE =
            "https://www.mongodb.com/docs/manual/reference/method/db.collection.findOneAndUpdate/";

    private final MongoDatabase db;

    ManualWriteMethodExamplesIT(MongoDatabase db) {
        this.db = db;
    }

    private static final String[] RESTAURANTS = {
            "{_id: 1, name: 'Central Perk Cafe', Borough: 'Manhattan'}",
            "{_id: 2, name: 'Rock A Feller Bar and Grill', Borough: 'Queens', violations: 2}",
            "{_id: 3, name: 'Empire State Pub', Borough: 'Brooklyn', violations: 0}"};

    // ---- updateOne --------------------------------------------------------------------------

    /** {@value UPDATE_ONE} "Update using Update Operator Expressions": one field of one document. */
    @Test
    void updateOne_sets_a_field_of_the_matching_document() {
        OperatorExample ex = OperatorExample.given(db, "restaurant", RESTAURANTS);
        UpdateCommand cmd = COMMANDS.updateOne(eq("name", "Central Perk Cafe"), update().set("violations", 3));

        assertSameCommand(cmd, "{name: 'Central Perk Cafe'}", "{$set: {violations: 3}}", false, false);
        UpdateOutcome outcome = ex.run(cmd);
        assertThat(outcome.matchedCount()).isEqualTo(1);
        assertThat(outcome.modifiedCount()).isEqualTo(1);
        ex.assertDocuments("{_id: 1, name: 'Central Perk Cafe', Borough: 'Manhattan', violations: 3}", RESTAURANTS[1],
                RESTAURANTS[2]);
    }

    /** The restaurants as the manual's "Update with Upsert" starts: violations 3 on the first, the string "0" on the third. */
    private static final String[] RESTAURANTS_BEFORE_UPSERT = {
            "{_id: 1, name: 'Central Perk Cafe', Borough: 'Manhattan', violations: 3}",
            "{_id: 2, name: 'Rock A Feller Bar and Grill', Borough: 'Queens', violations: 2}",
            "{_id: 3, name: 'Empire State Pub', Borough: 'Brooklyn', violations: '0'}"};

    private static final String PIZZA_RATS = "{_id: 4, name: \"Pizza Rat's Pizzaria\", violations: 7, borough: 'Manhattan'}";

    /**
     * {@value UPDATE_ONE} "Update with Upsert": nothing matches, so the filter's equality and the $set are
     * inserted. The manual prints the collection afterwards with {@code violations: 4} on document 3 and
     * {@code Borough} (capitalised) on the new document; neither follows from its start documents and its
     * command (which sets {@code borough}): the test expects what the command does.
     */
    @Test
    void updateOne_upsert_inserts_from_the_filter_and_the_update() {
        OperatorExample ex = OperatorExample.given(db, "restaurant", RESTAURANTS_BEFORE_UPSERT);
        UpdateCommand cmd = COMMANDS.upsertOne(eq("name", "Pizza Rat's Pizzaria"),
                update().set("_id", 4).set("violations", 7).set("borough", "Manhattan"));

        assertSameCommand(cmd, "{name: \"Pizza Rat's Pizzaria\"}", "{$set: {_id: 4, violations: 7, borough: 'Manhattan'}}",
                true, false);
        UpdateOutcome outcome = ex.run(cmd);
        assertThat(outcome.isInserted()).isTrue();
        ex.assertDocuments(RESTAURANTS_BEFORE_UPSERT[0], RESTAURANTS_BEFORE_UPSERT[1], RESTAURANTS_BEFORE_UPSERT[2],
                PIZZA_RATS);
    }

    /**
     * {@value UPDATE_ONE} "Update with Upsert", second operation, on the collection the first left: a range
     * filter gives the inserted document nothing but the update. (The manual's print of document 4 here,
     * {@code "grade": 7}, is a typo for {@code violations}.)
     */
    @Test
    void updateOne_upsert_with_a_range_filter_inserts_only_the_update() {
        String[] before = {RESTAURANTS_BEFORE_UPSERT[0], RESTAURANTS_BEFORE_UPSERT[1], RESTAURANTS_BEFORE_UPSERT[2],
                PIZZA_RATS};
        OperatorExample ex = OperatorExample.given(db, "restaurant", before);
        UpdateCommand cmd = COMMANDS.upsertOne(field("violations").gt(10), update().set("Closed", true));

        assertSameCommand(cmd, "{violations: {$gt: 10}}", "{$set: {Closed: true}}", true, false);
        assertThat(ex.run(cmd).isInserted()).isTrue();
        ex.assertDocuments(before[0], before[1], before[2], before[3], "{Closed: true}");
    }

    private static final String[] STUDENTS = {
            "{_id: 1, grades: [95, 92, 90]}", "{_id: 2, grades: [98, 100, 102]}", "{_id: 3, grades: [95, 110, 100]}"};

    /** {@value UPDATE_ONE} "Specify arrayFilters for an Array Update Operations": only the first matching document. */
    @Test
    void updateOne_with_an_array_filter() {
        OperatorExample ex = OperatorExample.given(db, "students", STUDENTS);
        UpdateCommand cmd = COMMANDS.updateOne(field("grades").gte(100),
                update().set("grades.$[element]", 100).arrayFilter(field("element").gte(100)));

        assertSameCommand(cmd, "{grades: {$gte: 100}}", "{$set: {'grades.$[element]': 100}}", false, false,
                "{element: {$gte: 100}}");
        ex.run(cmd);
        ex.assertDocuments(STUDENTS[0], "{_id: 2, grades: [98, 100, 100]}", STUDENTS[2]);
    }

    private static final String[] STUDENTS2 = {
            "{_id: 1, grades: [{grade: 80, mean: 75, std: 6}, {grade: 85, mean: 90, std: 4}, {grade: 85, mean: 85, std: 6}]}",
            "{_id: 2, grades: [{grade: 90, mean: 75, std: 6}, {grade: 87, mean: 90, std: 3}, {grade: 85, mean: 85, std: 4}]}"};

    /** {@value UPDATE_ONE} "Update Specific Elements of an Array of Documents": a match-all filter, the first document. */
    @Test
    void updateOne_with_an_array_filter_on_documents() {
        OperatorExample ex = OperatorExample.given(db, "students2", STUDENTS2);
        UpdateCommand cmd = COMMANDS.updateOne(matchAll(),
                update().set("grades.$[elem].mean", 100).arrayFilter(field("elem.grade").gte(85)));

        assertSameCommand(cmd, "{}", "{$set: {'grades.$[elem].mean': 100}}", false, false, "{'elem.grade': {$gte: 85}}");
        ex.run(cmd);
        ex.assertDocuments(
                "{_id: 1, grades: [{grade: 80, mean: 75, std: 6}, {grade: 85, mean: 100, std: 4}, {grade: 85, mean: 100, std: 6}]}",
                STUDENTS2[1]);
    }

    // ---- updateMany -------------------------------------------------------------------------

    /** {@value UPDATE_MANY} "Update Multiple Documents": every document over the threshold. */
    @Test
    void updateMany_sets_a_field_of_every_match() {
        OperatorExample ex = OperatorExample.given(db, "restaurant",
                "{_id: 1, name: 'Central Perk Cafe', violations: 3}",
                "{_id: 2, name: 'Rock A Feller Bar and Grill', violations: 2}",
                "{_id: 3, name: 'Empire State Sub', violations: 5}",
                "{_id: 4, name: \"Pizza Rat's Pizzaria\", violations: 8}");
        UpdateCommand cmd = COMMANDS.updateMany(field("violations").gt(4), update().set("Review", true));

        assertSameCommand(cmd, "{violations: {$gt: 4}}", "{$set: {Review: true}}", false, true);
        UpdateOutcome outcome = ex.run(cmd);
        assertThat(outcome.matchedCount()).isEqualTo(2);
        ex.assertDocuments("{_id: 1, name: 'Central Perk Cafe', violations: 3}",
                "{_id: 2, name: 'Rock A Feller Bar and Grill', violations: 2}",
                "{_id: 3, name: 'Empire State Sub', violations: 5, Review: true}",
                "{_id: 4, name: \"Pizza Rat's Pizzaria\", violations: 8, Review: true}");
    }

    /**
     * {@value UPDATE_MANY} "Update Multiple Documents with Upsert": nothing matches, so one document is
     * inserted from the filter's equality and the update.
     */
    @Test
    void updateMany_upsert_inserts_one_document() {
        String[] inspectors = {
                "{_id: 92412, inspector: 'F. Drebin', Sector: 1, Patrolling: true}",
                "{_id: 92413, inspector: 'J. Clouseau', Sector: 2, Patrolling: false}",
                "{_id: 92414, inspector: 'J. Clouseau', Sector: 3, Patrolling: true}",
                "{_id: 92415, inspector: 'R. Coltrane', Sector: 3, Patrolling: false}"};
        OperatorExample ex = OperatorExample.given(db, "inspectors", inspectors);
        UpdateCommand many = COMMANDS.updateMany(and(field("Sector").gt(4), eq("inspector", "R. Coltrane")),
                update().set("Patrolling", false));
        UpdateCommand cmd = new UpdateCommand(many.filter(), many.update(), true, true);

        assertSameCommand(cmd, "{Sector: {$gt: 4}, inspector: 'R. Coltrane'}", "{$set: {Patrolling: false}}", true, true);
        assertThat(ex.run(cmd).isInserted()).isTrue();
        ex.assertDocuments(inspectors[0], inspectors[1], inspectors[2], inspectors[3],
                "{inspector: 'R. Coltrane', Patrolling: false}");
    }

    /** {@value UPDATE_MANY} "Specify arrayFilters for an Array Update Operations": every matching document. */
    @Test
    void updateMany_with_an_array_filter() {
        OperatorExample ex = OperatorExample.given(db, "students", STUDENTS);
        UpdateCommand cmd = COMMANDS.updateMany(field("grades").gte(100),
                update().set("grades.$[element]", 100).arrayFilter(field("element").gte(100)));

        assertSameCommand(cmd, "{grades: {$gte: 100}}", "{$set: {'grades.$[element]': 100}}", false, true,
                "{element: {$gte: 100}}");
        ex.run(cmd);
        ex.assertDocuments(STUDENTS[0], "{_id: 2, grades: [98, 100, 100]}", "{_id: 3, grades: [95, 100, 100]}");
    }

    // ---- findOneAndUpdate -------------------------------------------------------------------

    private static final String[] GRADES = {
            "{_id: 6305, name: 'A. MacDyver', assignment: 5, points: 24}",
            "{_id: 6308, name: 'B. Batlock', assignment: 3, points: 22}",
            "{_id: 6312, name: 'M. Tagnum', assignment: 5, points: 30}",
            "{_id: 6319, name: 'R. Stiles', assignment: 2, points: 12}",
            "{_id: 6322, name: 'A. MacDyver', assignment: 2, points: 14}",
            "{_id: 6234, name: 'R. Stiles', assignment: 1, points: 10}"};

    /** {@value FIND_ONE_AND_UPDATE} "Update A Document": the first match is updated and returned as it was. */
    @Test
    void findOneAndUpdate_returns_the_document_before_the_update() {
        OperatorExample ex = OperatorExample.given(db, "grades", GRADES);
        FindAndModifyCommand cmd = COMMANDS.findOneAndUpdate(eq("name", "R. Stiles"), update().inc("points", 5),
                FindAndUpdateOptions.returnBefore());

        assertSameCommand(cmd, "{name: 'R. Stiles'}", "{$inc: {points: 5}}");
        Optional<BsonDocument> before = ex.run(cmd);
        assertEquivalent("returned", before.orElseThrow(),
                BsonDocument.parse("{_id: 6319, name: 'R. Stiles', assignment: 2, points: 12}"));
        assertThat(ex.document(6319).getInt32("points").getValue()).isEqualTo(17);
        assertThat(ex.document(6234).getInt32("points").getValue()).isEqualTo(10);
    }

    /** {@value FIND_ONE_AND_UPDATE} "Sort And Update A Document": of two matches, the one with the fewest points. */
    @Test
    void findOneAndUpdate_with_a_sort_updates_the_first_in_that_order() {
        OperatorExample ex = OperatorExample.given(db, "grades", GRADES);
        FindAndModifyCommand cmd = COMMANDS.findOneAndUpdate(eq("name", "A. MacDyver"), update().inc("points", 5),
                FindAndUpdateOptions.returnBefore().withSort(Sorts.ascending("points")));

        assertSameCommand(cmd, "{name: 'A. MacDyver'}", "{$inc: {points: 5}}", "{points: 1}", null, false, false);
        assertEquivalent("returned", ex.run(cmd).orElseThrow(),
                BsonDocument.parse("{_id: 6322, name: 'A. MacDyver', assignment: 2, points: 14}"));
        assertThat(ex.document(6322).getInt32("points").getValue()).isEqualTo(19);
        assertThat(ex.document(6305).getInt32("points").getValue()).isEqualTo(24);
    }

    /** {@value FIND_ONE_AND_UPDATE} "Project the Returned Document": the returned document has only the projected fields and _id. */
    @Test
    void findOneAndUpdate_with_a_projection_returns_only_the_projected_fields() {
        OperatorExample ex = OperatorExample.given(db, "grades", GRADES);
        FindAndModifyCommand cmd = COMMANDS.findOneAndUpdate(eq("name", "A. MacDyver"), update().inc("points", 5),
                FindAndUpdateOptions.returnBefore().withSort(Sorts.ascending("points"))
                        .withProjection(Projections.include("assignment", "points")));

        assertSameCommand(cmd, "{name: 'A. MacDyver'}", "{$inc: {points: 5}}", "{points: 1}",
                "{assignment: 1, points: 1}", false, false);
        assertEquivalent("returned", ex.run(cmd).orElseThrow(), BsonDocument.parse("{_id: 6322, assignment: 2, points: 14}"));
    }

    /**
     * {@value FIND_ONE_AND_UPDATE} "Update Document with Upsert": nothing matches, so the update is
     * inserted and, with {@code returnNewDocument: true}, returned (the manual shows a generated _id).
     */
    @Test
    void findOneAndUpdate_upsert_returns_the_inserted_document() {
        OperatorExample ex = OperatorExample.given(db, "grades", GRADES);
        FindAndModifyCommand cmd = COMMANDS.findOneAndUpdate(eq("name", "A.B. Abracus"),
                update().set("name", "A.B. Abracus").set("assignment", 5).inc("points", 5),
                FindAndUpdateOptions.returnAfter().withSort(Sorts.ascending("points")).withUpsert(true));

        assertSameCommand(cmd, "{name: 'A.B. Abracus'}", "{$set: {name: 'A.B. Abracus', assignment: 5}, $inc: {points: 5}}",
                "{points: 1}", null, true, true);
        BsonDocument returned = ex.run(cmd).orElseThrow();
        returned.remove("_id");
        assertEquivalent("returned", returned, BsonDocument.parse("{name: 'A.B. Abracus', assignment: 5, points: 5}"));
        ex.assertDocuments(GRADES[0], GRADES[1], GRADES[2], GRADES[3], GRADES[4], GRADES[5],
                "{name: 'A.B. Abracus', assignment: 5, points: 5}");
    }

    /** {@value FIND_ONE_AND_UPDATE} "Specify arrayFilters for an Array Update Operations". */
    @Test
    void findOneAndUpdate_with_an_array_filter() {
        OperatorExample ex = OperatorExample.given(db, "students", STUDENTS);
        FindAndModifyCommand cmd = COMMANDS.findOneAndUpdate(field("grades").gte(100),
                update().set("grades.$[element]", 100).arrayFilter(field("element").gte(100)),
                FindAndUpdateOptions.returnBefore());

        assertSameCommand(cmd, "{grades: {$gte: 100}}", "{$set: {'grades.$[element]': 100}}", "{element: {$gte: 100}}");
        assertEquivalent("returned", ex.run(cmd).orElseThrow(), BsonDocument.parse(STUDENTS[1]));
        ex.assertDocuments(STUDENTS[0], "{_id: 2, grades: [98, 100, 100]}", STUDENTS[2]);
    }

    /** {@value FIND_ONE_AND_UPDATE} "Update Specific Elements of an Array of Documents". */
    @Test
    void findOneAndUpdate_with_an_array_filter_on_documents() {
        OperatorExample ex = OperatorExample.given(db, "students2", STUDENTS2);
        FindAndModifyCommand cmd = COMMANDS.findOneAndUpdate(eq("_id", 1),
                update().set("grades.$[elem].mean", 100).arrayFilter(field("elem.grade").gte(85)),
                FindAndUpdateOptions.returnBefore());

        assertSameCommand(cmd, "{_id: 1}", "{$set: {'grades.$[elem].mean': 100}}", "{'elem.grade': {$gte: 85}}");
        assertEquivalent("returned", ex.run(cmd).orElseThrow(), BsonDocument.parse(STUDENTS2[0]));
        ex.assertDocuments(
                "{_id: 1, grades: [{grade: 80, mean: 75, std: 6}, {grade: 85, mean: 100, std: 4}, {grade: 85, mean: 100, std: 6}]}",
                STUDENTS2[1]);
    }
}

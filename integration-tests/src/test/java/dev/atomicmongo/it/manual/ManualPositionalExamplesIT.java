package dev.atomicmongo.it.manual;

import static dev.atomicmongo.filter.Conditions.and;
import static dev.atomicmongo.filter.Conditions.elemMatch;
import static dev.atomicmongo.filter.Conditions.eq;
import static dev.atomicmongo.filter.Conditions.field;
import static dev.atomicmongo.filter.Conditions.matchAll;
import static dev.atomicmongo.filter.Conditions.ne;
import static dev.atomicmongo.it.manual.OperatorExample.COMMANDS;
import static dev.atomicmongo.it.manual.OperatorExample.assertSameCommand;
import static dev.atomicmongo.update.UpdateBuilder.update;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import com.mongodb.client.MongoDatabase;
import dev.atomicmongo.MongoOperationException;
import dev.atomicmongo.collection.UpdateCommand;
import dev.atomicmongo.test.MongoTest;
import org.bson.BsonArray;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The examples of the manual's positional operator pages: {@code $}, {@code $[]} and
 * {@code $[<identifier>]} with its array filters, each written with the DSL, its command compared
 * with the manual's, run, and the documents compared with the manual's result.
 *
 * <p>The manual writes the filter of a {@code $} update as one document
 * ({@code {_id: 1, grades: 80}}); {@code Conditions.and} sends {@code {$and: [...]}}, which
 * matches the same documents (the comparison accepts it) and which the embedded test server,
 * unlike for the implicit form, resolves {@code $} from.
 *
 * <p>Checked against the manual's source (repository mongodb/docs, main branch at commit 96788e8e):
 * {@code content/manual/manual/source/reference/operator/update/positional.txt},
 * {@code positional-all.txt} and {@code positional-filtered.txt}.
 */
@MongoTest
class ManualPositionalExamplesIT {
    private static final String POSITIONAL = "https://www.mongodb.com/docs/manual/reference/operator/update/positional/";
    private static final String ALL = "https://www.mongodb.com/docs/manual/reference/operator/update/positional-all/";
    private static final String FILTERED = "https://www.mongodb.com/docs/manual/reference/operator/update/positional-filtered/";

    private final MongoDatabase db;

    ManualPositionalExamplesIT(MongoDatabase db) {
        this.db = db;
    }

    // ---- $ ----------------------------------------------------------------------------------

    /** {@value POSITIONAL} "Update Values in an Array": the first 80 of document 1 becomes 82. */
    @Test
    void positional_sets_the_first_matching_scalar() {
        OperatorExample ex = OperatorExample.given(db, "students",
                "{_id: 1, grades: [85, 80, 80]}", "{_id: 2, grades: [88, 90, 92]}", "{_id: 3, grades: [85, 100, 90]}");
        UpdateCommand cmd = COMMANDS.updateOne(and(eq("_id", 1), eq("grades", 80)), update().set("grades.$", 82));

        assertSameCommand(cmd, "{_id: 1, grades: 80}", "{$set: {'grades.$': 82}}", false, false);
        ex.run(cmd);
        ex.assertDocuments("{_id: 1, grades: [85, 82, 80]}", "{_id: 2, grades: [88, 90, 92]}", "{_id: 3, grades: [85, 100, 90]}");
    }

    /** {@value POSITIONAL} "Update Documents in an Array": a field of the first matching element. */
    @Test
    void positional_sets_a_field_of_the_first_matching_document() {
        OperatorExample ex = OperatorExample.given(db, "students",
                "{_id: 4, grades: [{grade: 80, mean: 75, std: 8}, {grade: 85, mean: 90, std: 5}, {grade: 85, mean: 85, std: 8}]}");
        UpdateCommand cmd = COMMANDS.updateOne(and(eq("_id", 4), eq("grades.grade", 85)), update().set("grades.$.std", 6));

        assertSameCommand(cmd, "{_id: 4, 'grades.grade': 85}", "{$set: {'grades.$.std': 6}}", false, false);
        ex.run(cmd);
        ex.assertDocuments(
                "{_id: 4, grades: [{grade: 80, mean: 75, std: 8}, {grade: 85, mean: 90, std: 6}, {grade: 85, mean: 85, std: 8}]}");
    }

    /** {@value POSITIONAL} "Update Embedded Documents Using Multiple Field Matches": $elemMatch picks the element. */
    @Test
    void positional_with_elem_match_sets_the_element_meeting_both_conditions() {
        OperatorExample ex = OperatorExample.given(db, "students",
                "{_id: 5, grades: [{grade: 80, mean: 75, std: 8}, {grade: 85, mean: 90, std: 5}, {grade: 90, mean: 85, std: 3}]}");
        UpdateCommand cmd = COMMANDS.updateOne(
                and(eq("_id", 5), elemMatch("grades", and(field("grade").lte(90), field("mean").gt(80)))),
                update().set("grades.$.std", 6));

        assertSameCommand(cmd, "{_id: 5, grades: {$elemMatch: {grade: {$lte: 90}, mean: {$gt: 80}}}}",
                "{$set: {'grades.$.std': 6}}", false, false);
        ex.run(cmd);
        ex.assertDocuments(
                "{_id: 5, grades: [{grade: 80, mean: 75, std: 8}, {grade: 85, mean: 90, std: 6}, {grade: 90, mean: 85, std: 3}]}");
    }

    /**
     * {@value POSITIONAL} "Update with Multiple Array Matches": a filter on three arrays; {@code $}
     * resolves from the last array the query matched ({@code grades}, at index 1), so the manual shows
     * the 2020 of {@code deans_list} replaced, not the 2021 the filter names.
     */
    @Test
    void positional_with_several_array_matches_takes_the_position_of_another_array() {
        OperatorExample ex = OperatorExample.given(db, "students_deans_list",
                "{_id: 8, activity_ids: [1, 2], grades: [90, 95], deans_list: [2021, 2020]}");
        UpdateCommand cmd = COMMANDS.updateOne(and(eq("activity_ids", 1), eq("grades", 95), eq("deans_list", 2021)),
                update().set("deans_list.$", 2022));

        assertSameCommand(cmd, "{activity_ids: 1, grades: 95, deans_list: 2021}", "{$set: {'deans_list.$': 2022}}",
                false, false);
        ex.run(cmd);
        Assumptions.assumeFalse(ex.document(8).getArray("deans_list").equals(BsonArray.parse("[2022, 2020]")),
                "The embedded test server resolves $ from the array the update names (deans_list: 2021, index 0), "
                        + "not from the last array the query matched as MongoDB does; the compiled command was "
                        + "compared with the manual's, the manual's result holds on MongoDB only");
        ex.assertDocuments("{_id: 8, activity_ids: [1, 2], grades: [90, 95], deans_list: [2021, 2022]}");
    }

    // ---- $[] --------------------------------------------------------------------------------

    /** {@value ALL} "Update All Elements in an Array": every grade of every document, with a match-all filter. */
    @Test
    void all_positional_increments_every_element() {
        OperatorExample ex = OperatorExample.given(db, "students",
                "{_id: 1, grades: [85, 82, 80]}", "{_id: 2, grades: [88, 90, 92]}", "{_id: 3, grades: [85, 100, 90]}");
        UpdateCommand cmd = COMMANDS.updateMany(matchAll(), update().inc("grades.$[]", 10));

        assertSameCommand(cmd, "{}", "{$inc: {'grades.$[]': 10}}", false, true);
        ex.run(cmd);
        ex.assertDocuments("{_id: 1, grades: [95, 92, 90]}", "{_id: 2, grades: [98, 100, 102]}", "{_id: 3, grades: [95, 110, 100]}");
    }

    /** {@value ALL} "Update All Documents in an Array": one field of every element. */
    @Test
    void all_positional_changes_a_field_of_every_element() {
        OperatorExample ex = OperatorExample.given(db, "students2",
                "{_id: 1, grades: [{grade: 80, mean: 75, std: 8}, {grade: 85, mean: 90, std: 6}, {grade: 85, mean: 85, std: 8}]}",
                "{_id: 2, grades: [{grade: 90, mean: 75, std: 8}, {grade: 87, mean: 90, std: 5}, {grade: 85, mean: 85, std: 6}]}");
        UpdateCommand cmd = COMMANDS.updateMany(matchAll(), update().inc("grades.$[].std", -2));

        assertSameCommand(cmd, "{}", "{$inc: {'grades.$[].std': -2}}", false, true);
        ex.run(cmd);
        ex.assertDocuments(
                "{_id: 1, grades: [{grade: 80, mean: 75, std: 6}, {grade: 85, mean: 90, std: 4}, {grade: 85, mean: 85, std: 6}]}",
                "{_id: 2, grades: [{grade: 90, mean: 75, std: 6}, {grade: 87, mean: 90, std: 3}, {grade: 85, mean: 85, std: 4}]}");
    }

    /** {@value ALL} "Update Arrays Specified Using a Negation Query Operator": documents without a 100. */
    @Test
    void all_positional_in_documents_selected_by_a_negation() {
        OperatorExample ex = OperatorExample.given(db, "results",
                "{_id: 1, grades: [85, 82, 80]}", "{_id: 2, grades: [88, 90, 92]}", "{_id: 3, grades: [85, 100, 90]}");
        UpdateCommand cmd = COMMANDS.updateMany(ne("grades", 100), update().inc("grades.$[]", 10));

        assertSameCommand(cmd, "{grades: {$ne: 100}}", "{$inc: {'grades.$[]': 10}}", false, true);
        ex.run(cmd);
        ex.assertDocuments("{_id: 1, grades: [95, 92, 90]}", "{_id: 2, grades: [98, 100, 102]}", "{_id: 3, grades: [85, 100, 90]}");
    }

    /**
     * {@value ALL} "upsert": an upsert with {@code $[]} needs an equality on the whole array, from which
     * the inserted document is built and then updated.
     */
    @Test
    void all_positional_in_an_upsert_that_inserts() {
        OperatorExample ex = OperatorExample.given(db, "collection");
        UpdateCommand cmd = COMMANDS.upsertOne(eq("myArray", List.of(5, 8)), update().set("myArray.$[]", 10));

        assertSameCommand(cmd, "{myArray: [5, 8]}", "{$set: {'myArray.$[]': 10}}", true, false);
        ex.run(cmd);
        ex.assertDocuments("{myArray: [10, 10]}");
    }

    /**
     * {@value ALL} "upsert": without an equality on the whole array, an upsert that finds nothing fails
     * (the manual's two {@code emptyCollection} operations).
     */
    @Test
    void all_positional_upsert_without_an_array_equality_fails() {
        OperatorExample ex = OperatorExample.given(db, "emptyCollection");
        UpdateCommand everything = COMMANDS.upsertOne(matchAll(), update().set("myArray.$[]", 10));
        UpdateCommand scalar = COMMANDS.upsertOne(eq("myArray", 5), update().set("myArray.$[]", 10));

        assertSameCommand(everything, "{}", "{$set: {'myArray.$[]': 10}}", true, false);
        assertSameCommand(scalar, "{myArray: 5}", "{$set: {'myArray.$[]': 10}}", true, false);
        assertThatThrownBy(() -> ex.run(everything)).isInstanceOf(MongoOperationException.class);
        assertThatThrownBy(() -> ex.run(scalar)).isInstanceOf(MongoOperationException.class);
        ex.assertDocuments();
    }

    private static final String QUESTIONS = """
            {_id: 1, grades: [{type: 'quiz', questions: [10, 8, 5]}, {type: 'quiz', questions: [8, 9, 6]},
                              {type: 'hw', questions: [5, 4, 3]}, {type: 'exam', questions: [25, 10, 23, 0]}]}""";

    /** {@value ALL} "Update Nested Arrays in Conjunction with $[<identifier>]": every grade, filtered questions. */
    @Test
    void all_positional_nested_with_a_filtered_identifier() {
        OperatorExample ex = OperatorExample.given(db, "students3", QUESTIONS);
        UpdateCommand cmd = COMMANDS.updateMany(matchAll(), update().inc("grades.$[].questions.$[score]", 2)
                .arrayFilter(field("score").gte(8)));

        assertSameCommand(cmd, "{}", "{$inc: {'grades.$[].questions.$[score]': 2}}", false, true, "{score: {$gte: 8}}");
        ex.run(cmd);
        ex.assertDocuments("""
                {_id: 1, grades: [{type: 'quiz', questions: [12, 10, 5]}, {type: 'quiz', questions: [10, 11, 6]},
                                  {type: 'hw', questions: [5, 4, 3]}, {type: 'exam', questions: [27, 12, 25, 0]}]}""");
    }

    // ---- $[<identifier>] --------------------------------------------------------------------

    /** {@value FILTERED} "Update All Array Elements That Match arrayFilters": grades of 100 or more become 100. */
    @Test
    void filtered_positional_caps_matching_scalars() {
        OperatorExample ex = OperatorExample.given(db, "students",
                "{_id: 1, grades: [95, 92, 90]}", "{_id: 2, grades: [98, 100, 102]}", "{_id: 3, grades: [95, 110, 100]}");
        UpdateCommand cmd = COMMANDS.updateMany(matchAll(), update().set("grades.$[element]", 100)
                .arrayFilter(field("element").gte(100)));

        assertSameCommand(cmd, "{}", "{$set: {'grades.$[element]': 100}}", false, true, "{element: {$gte: 100}}");
        ex.run(cmd);
        ex.assertDocuments("{_id: 1, grades: [95, 92, 90]}", "{_id: 2, grades: [98, 100, 100]}", "{_id: 3, grades: [95, 100, 100]}");
    }

    private static final String[] GRADES_STD = {
            "{_id: 1, grades: [{grade: 80, mean: 75, std: 6}, {grade: 85, mean: 90, std: 4}, {grade: 85, mean: 85, std: 6}]}",
            "{_id: 2, grades: [{grade: 90, mean: 75, std: 6}, {grade: 87, mean: 90, std: 3}, {grade: 85, mean: 85, std: 4}]}"};

    /** {@value FILTERED} "Update All Documents That Match arrayFilters in an Array": a field of matching elements. */
    @Test
    void filtered_positional_sets_a_field_of_matching_documents() {
        OperatorExample ex = OperatorExample.given(db, "students2", GRADES_STD);
        UpdateCommand cmd = COMMANDS.updateMany(matchAll(), update().set("grades.$[elem].mean", 100)
                .arrayFilter(field("elem.grade").gte(85)));

        assertSameCommand(cmd, "{}", "{$set: {'grades.$[elem].mean': 100}}", false, true, "{'elem.grade': {$gte: 85}}");
        ex.run(cmd);
        ex.assertDocuments(
                "{_id: 1, grades: [{grade: 80, mean: 75, std: 6}, {grade: 85, mean: 100, std: 4}, {grade: 85, mean: 100, std: 6}]}",
                "{_id: 2, grades: [{grade: 90, mean: 100, std: 6}, {grade: 87, mean: 100, std: 3}, {grade: 85, mean: 100, std: 4}]}");
    }

    /**
     * {@value FILTERED} "Update All Array Elements that Match Multiple Conditions": two conditions on one
     * identifier, joined with {@code and(...)}, sent as the manual's one document (the embedded server
     * refuses {@code $and} at the top of an array filter).
     */
    @Test
    void filtered_positional_with_two_conditions_on_one_identifier() {
        OperatorExample ex = OperatorExample.given(db, "students3",
                "{_id: 1, grades: [{grade: 80, mean: 75, std: 6}, {grade: 85, mean: 100, std: 4}, {grade: 85, mean: 100, std: 6}]}",
                "{_id: 2, grades: [{grade: 90, mean: 100, std: 6}, {grade: 87, mean: 100, std: 3}, {grade: 85, mean: 100, std: 4}]}");
        UpdateCommand cmd = COMMANDS.updateMany(matchAll(), update().inc("grades.$[elem].std", -1)
                .arrayFilter(and(field("elem.grade").gte(80), field("elem.std").gte(5))));

        assertSameCommand(cmd, "{}", "{$inc: {'grades.$[elem].std': -1}}", false, true,
                "{'elem.grade': {$gte: 80}, 'elem.std': {$gte: 5}}");
        ex.run(cmd);
        ex.assertDocuments(
                "{_id: 1, grades: [{grade: 80, mean: 75, std: 5}, {grade: 85, mean: 100, std: 4}, {grade: 85, mean: 100, std: 5}]}",
                "{_id: 2, grades: [{grade: 90, mean: 100, std: 5}, {grade: 87, mean: 100, std: 3}, {grade: 85, mean: 100, std: 4}]}");
    }

    /** {@value FILTERED} "Update Array Elements Using a Negation Operator": a new field on non-Bachelor degrees. */
    @Test
    void filtered_positional_with_a_negation() {
        OperatorExample ex = OperatorExample.given(db, "alumni",
                "{_id: 1, name: 'Christine Franklin', degrees: [{level: 'Master'}, {level: 'Bachelor'}]}",
                "{_id: 2, name: 'Reyansh Sengupta', degrees: [{level: 'Bachelor'}]}");
        UpdateCommand cmd = COMMANDS.updateMany(matchAll(), update().set("degrees.$[degree].gradcampaign", 1)
                .arrayFilter(field("degree.level").ne("Bachelor")));

        assertSameCommand(cmd, "{}", "{$set: {'degrees.$[degree].gradcampaign': 1}}", false, true,
                "{'degree.level': {$ne: 'Bachelor'}}");
        ex.run(cmd);
        ex.assertDocuments(
                "{_id: 1, name: 'Christine Franklin', degrees: [{level: 'Master', gradcampaign: 1}, {level: 'Bachelor'}]}",
                "{_id: 2, name: 'Reyansh Sengupta', degrees: [{level: 'Bachelor'}]}");
    }

    /** {@value FILTERED} "Update Nested Arrays in Conjunction with $[]": two identifiers, one filter each. */
    @Test
    void filtered_positional_nested_with_two_identifiers() {
        OperatorExample ex = OperatorExample.given(db, "students4", QUESTIONS);
        UpdateCommand cmd = COMMANDS.updateMany(matchAll(), update().inc("grades.$[t].questions.$[score]", 2)
                .arrayFilter(eq("t.type", "quiz")).arrayFilter(field("score").gte(8)));

        assertSameCommand(cmd, "{}", "{$inc: {'grades.$[t].questions.$[score]': 2}}", false, true,
                "{'t.type': 'quiz'}", "{score: {$gte: 8}}");
        ex.run(cmd);
        ex.assertDocuments("""
                {_id: 1, grades: [{type: 'quiz', questions: [12, 10, 5]}, {type: 'quiz', questions: [10, 11, 6]},
                                  {type: 'hw', questions: [5, 4, 3]}, {type: 'exam', questions: [25, 10, 23, 0]}]}""");
    }

    /**
     * {@value FILTERED} "upsert": without an equality on the whole array, an upsert that finds nothing
     * fails ("The path 'myArray' must exist in the document in order to apply array updates").
     */
    @Test
    void filtered_positional_upsert_without_an_array_equality_fails() {
        OperatorExample ex = OperatorExample.given(db, "array");
        UpdateCommand cmd = COMMANDS.upsertOne(matchAll(), update().set("myArray.$[element]", 10)
                .arrayFilter(eq("element", 9)));

        assertSameCommand(cmd, "{}", "{$set: {'myArray.$[element]': 10}}", true, false, "{element: 9}");
        assertThatThrownBy(() -> ex.run(cmd)).isInstanceOf(MongoOperationException.class);
        ex.assertDocuments();
    }

    /**
     * {@value FILTERED} "upsert": an upsert with {@code $[<identifier>]} needs an equality on the whole
     * array, from which the inserted document is built and then updated.
     */
    @Test
    void filtered_positional_in_an_upsert_that_inserts() {
        OperatorExample ex = OperatorExample.given(db, "collection");
        UpdateCommand cmd = COMMANDS.upsertOne(eq("myArray", List.of(0, 1)), update().set("myArray.$[element]", 2)
                .arrayFilter(eq("element", 0)));

        assertSameCommand(cmd, "{myArray: [0, 1]}", "{$set: {'myArray.$[element]': 2}}", true, false, "{element: 0}");
        ex.run(cmd);
        ex.assertDocuments("{myArray: [2, 1]}");
    }
}

package dev.atomicmongo.it.manual;

import static dev.atomicmongo.filter.Conditions.and;
import static dev.atomicmongo.filter.Conditions.elemMatch;
import static dev.atomicmongo.filter.Conditions.element;
import static dev.atomicmongo.filter.Conditions.eq;
import static dev.atomicmongo.filter.Conditions.field;
import static dev.atomicmongo.filter.Conditions.matchAll;
import static dev.atomicmongo.it.manual.OperatorExample.COMMANDS;
import static dev.atomicmongo.it.manual.OperatorExample.assertSameCommand;
import static dev.atomicmongo.update.UpdateBuilder.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import dev.atomicmongo.MongoOperationException;
import dev.atomicmongo.collection.UpdateCommand;
import dev.atomicmongo.test.MongoTest;
import dev.atomicmongo.update.PushEach;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * The examples of the manual's array update operator pages ({@code $addToSet}, {@code $pop},
 * {@code $pull}, {@code $push}, {@code $pullAll}) and modifier pages ({@code $each},
 * {@code $position}, {@code $slice}, {@code $sort}), each written with the DSL, its command
 * compared with the manual's, run, and the documents compared with the manual's result.
 *
 * <p>Checked against the manual's source (repository mongodb/docs): the main-branch pages at commit
 * 96788e8e ({@code $pop}, {@code $position}, {@code $pullAll}, {@code $slice}, {@code $sort}), the stored
 * {@code source/reference/operator/update/pull.txt} and {@code source/includes/example-push-*.rst},
 * {@code example-addToSet-each.rst}, and the published 8.0 pages for {@code $addToSet}, {@code $each} and
 * {@code $push} (whose main-branch examples moved to the {@code sample_mflix} data set).
 */
@MongoTest
class ManualArrayOperatorExamplesIT {
    private final MongoDatabase db;

    ManualArrayOperatorExamplesIT(MongoDatabase db) {
        this.db = db;
    }

    private static Document doc(String key, Object value) {
        return new Document(key, value);
    }

    // ---- $addToSet --------------------------------------------------------------------------

    /** https://www.mongodb.com/docs/manual/reference/operator/update/addToSet/ "Field is not an Array": the update fails. */
    @Test
    void addToSet_on_a_field_that_is_not_an_array_fails() {
        OperatorExample ex = OperatorExample.given(db, "pigments", "{_id: 1, colors: 'blue, green, red'}");
        UpdateCommand cmd = COMMANDS.updateOne(eq("_id", 1), update().addToSet("colors", "mauve"));

        assertSameCommand(cmd, "{_id: 1}", "{$addToSet: {colors: 'mauve'}}", false, false);
        assertThatThrownBy(() -> ex.run(cmd)).isInstanceOf(MongoOperationException.class);
        ex.assertDocuments("{_id: 1, colors: 'blue, green, red'}");
    }

    /** https://www.mongodb.com/docs/manual/reference/operator/update/addToSet/ "Value to Add is An Array": added as one element. */
    @Test
    void addToSet_of_an_array_adds_it_as_one_element() {
        OperatorExample ex = OperatorExample.given(db, "alphabet", "{_id: 1, letters: ['a', 'b']}");
        UpdateCommand cmd = COMMANDS.updateOne(eq("_id", 1), update().addToSet("letters", List.of("c", "d")));

        assertSameCommand(cmd, "{_id: 1}", "{$addToSet: {letters: ['c', 'd']}}", false, false);
        ex.run(cmd);
        ex.assertDocuments("{_id: 1, letters: ['a', 'b', ['c', 'd']]}");
    }

    /** https://www.mongodb.com/docs/manual/reference/operator/update/addToSet/ "Add to Array": a new element is appended. */
    @Test
    void addToSet_appends_a_missing_element() {
        OperatorExample ex = OperatorExample.given(db, "inventory",
                "{_id: 1, item: 'polarizing_filter', tags: ['electronics', 'camera']}");
        UpdateCommand cmd = COMMANDS.updateOne(eq("_id", 1), update().addToSet("tags", "accessories"));

        assertSameCommand(cmd, "{_id: 1}", "{$addToSet: {tags: 'accessories'}}", false, false);
        ex.run(cmd);
        ex.assertDocuments("{_id: 1, item: 'polarizing_filter', tags: ['electronics', 'camera', 'accessories']}");
    }

    /** https://www.mongodb.com/docs/manual/reference/operator/update/addToSet/ "Value Already Exists": nothing changes. */
    @Test
    void addToSet_of_a_present_element_changes_nothing() {
        OperatorExample ex = OperatorExample.given(db, "inventory",
                "{_id: 1, item: 'polarizing_filter', tags: ['electronics', 'camera', 'accessories']}");
        UpdateCommand cmd = COMMANDS.updateOne(eq("_id", 1), update().addToSet("tags", "camera"));

        assertSameCommand(cmd, "{_id: 1}", "{$addToSet: {tags: 'camera'}}", false, false);
        assertThat(ex.run(cmd).modifiedCount()).isZero();
        ex.assertDocuments("{_id: 1, item: 'polarizing_filter', tags: ['electronics', 'camera', 'accessories']}");
    }

    /**
     * https://www.mongodb.com/docs/manual/reference/operator/update/addToSet/ "$each Modifier" (also on
     * https://www.mongodb.com/docs/manual/reference/operator/update/each/): only the missing values are added.
     */
    @Test
    void addToSet_each_adds_only_the_missing_values() {
        OperatorExample ex = OperatorExample.given(db, "inventory", "{_id: 2, item: 'cable', tags: ['electronics', 'supplies']}");
        UpdateCommand cmd = COMMANDS.updateOne(eq("_id", 2),
                update().addToSetEach("tags", List.of("camera", "electronics", "accessories")));

        assertSameCommand(cmd, "{_id: 2}", "{$addToSet: {tags: {$each: ['camera', 'electronics', 'accessories']}}}",
                false, false);
        ex.run(cmd);
        ex.assertDocuments("{_id: 2, item: 'cable', tags: ['electronics', 'supplies', 'camera', 'accessories']}");
    }

    // ---- $pop -------------------------------------------------------------------------------

    /** https://www.mongodb.com/docs/manual/reference/operator/update/pop/ "Remove the First Item of an Array". */
    @Test
    void pop_removes_the_first_element() {
        OperatorExample ex = OperatorExample.given(db, "students", "{_id: 1, scores: [8, 9, 10]}");
        UpdateCommand cmd = COMMANDS.updateOne(eq("_id", 1), update().popFirst("scores"));

        assertSameCommand(cmd, "{_id: 1}", "{$pop: {scores: -1}}", false, false);
        ex.run(cmd);
        ex.assertDocuments("{_id: 1, scores: [9, 10]}");
    }

    /** https://www.mongodb.com/docs/manual/reference/operator/update/pop/ "Remove the Last Item of an Array". */
    @Test
    void pop_removes_the_last_element() {
        OperatorExample ex = OperatorExample.given(db, "students", "{_id: 10, scores: [9, 10]}");
        UpdateCommand cmd = COMMANDS.updateOne(eq("_id", 10), update().popLast("scores"));

        assertSameCommand(cmd, "{_id: 10}", "{$pop: {scores: 1}}", false, false);
        ex.run(cmd);
        ex.assertDocuments("{_id: 10, scores: [9]}");
    }

    // ---- $pull ------------------------------------------------------------------------------

    /**
     * https://www.mongodb.com/docs/manual/reference/operator/update/pull/ "Remove All Items That Equal a
     * Specified Value": an $in on one array, a value on another, in every document.
     */
    @Test
    void pull_values_from_two_arrays_of_every_document() {
        OperatorExample ex = OperatorExample.given(db, "stores",
                "{_id: 1, fruits: ['apples', 'pears', 'oranges', 'grapes', 'bananas'], "
                        + "vegetables: ['carrots', 'celery', 'squash', 'carrots']}",
                "{_id: 2, fruits: ['plums', 'kiwis', 'oranges', 'bananas', 'apples'], "
                        + "vegetables: ['broccoli', 'zucchini', 'carrots', 'onions']}");
        UpdateCommand cmd = COMMANDS.updateMany(matchAll(),
                update().pull("fruits", element().in("apples", "oranges")).pull("vegetables", "carrots"));

        assertSameCommand(cmd, "{}", "{$pull: {fruits: {$in: ['apples', 'oranges']}, vegetables: 'carrots'}}", false, true);
        ex.run(cmd);
        ex.assertDocuments("{_id: 1, fruits: ['pears', 'grapes', 'bananas'], vegetables: ['celery', 'squash']}",
                "{_id: 2, fruits: ['plums', 'kiwis', 'bananas'], vegetables: ['broccoli', 'zucchini', 'onions']}");
    }

    /** https://www.mongodb.com/docs/manual/reference/operator/update/pull/ "Remove All Items That Match a Specified $pull Condition". */
    @Test
    void pull_scalars_matching_a_condition() {
        OperatorExample ex = OperatorExample.given(db, "profiles", "{_id: 1, votes: [3, 5, 6, 7, 7, 8]}");
        UpdateCommand cmd = COMMANDS.updateOne(eq("_id", 1), update().pull("votes", element().gte(6)));

        assertSameCommand(cmd, "{_id: 1}", "{$pull: {votes: {$gte: 6}}}", false, false);
        ex.run(cmd);
        ex.assertDocuments("{_id: 1, votes: [3, 5]}");
    }

    /**
     * https://www.mongodb.com/docs/manual/reference/operator/update/pull/ "Remove All Items That Match a
     * Specified $pull Condition With bulkWrite()": the manual sends the insert and its two updates in one
     * {@code bulkWrite}; atomic-mongo has no bulk write, so the two updates (the manual's, compared) run
     * one after the other, which leaves the documented result.
     */
    @Test
    void pull_with_two_successive_conditions_keeps_what_neither_matches() {
        OperatorExample ex = OperatorExample.given(db, "profilesBulkWrite", "{_id: 1, votes: [3, 5, 6, 7, 7, 8]}");
        UpdateCommand high = COMMANDS.updateOne(eq("_id", 1), update().pull("votes", element().gte(6)));
        UpdateCommand low = COMMANDS.updateOne(eq("_id", 1), update().pull("votes", element().lte(3)));

        assertSameCommand(high, "{_id: 1}", "{$pull: {votes: {$gte: 6}}}", false, false);
        assertSameCommand(low, "{_id: 1}", "{$pull: {votes: {$lte: 3}}}", false, false);
        ex.run(high);
        ex.run(low);
        ex.assertDocuments("{_id: 1, votes: [5]}");
    }

    /**
     * Not from the manual: the issue's own case, {@code pull("votes", element().in(7, 8))}, on the start
     * document of the $pull page's "Remove All Items That Match a Specified $pull Condition".
     */
    @Test
    void pull_scalars_in_a_list() {
        OperatorExample ex = OperatorExample.given(db, "profiles", "{_id: 1, votes: [3, 5, 6, 7, 7, 8]}");
        UpdateCommand cmd = COMMANDS.updateOne(eq("_id", 1), update().pull("votes", element().in(7, 8)));

        assertSameCommand(cmd, "{_id: 1}", "{$pull: {votes: {$in: [7, 8]}}}", false, false);
        ex.run(cmd);
        ex.assertDocuments("{_id: 1, votes: [3, 5, 6]}");
    }

    /**
     * https://www.mongodb.com/docs/manual/reference/operator/update/pull/ "Remove Items from an Array of
     * Documents": an element matches when both of its fields do.
     */
    @Test
    void pull_documents_matching_two_fields() {
        OperatorExample ex = OperatorExample.given(db, "survey",
                "{_id: 1, results: [{item: 'A', score: 5}, {item: 'B', score: 8}]}",
                "{_id: 2, results: [{item: 'C', score: 8}, {item: 'B', score: 4}]}");
        UpdateCommand cmd = COMMANDS.updateMany(matchAll(), update().pull("results", and(eq("score", 8), eq("item", "B"))));

        assertSameCommand(cmd, "{}", "{$pull: {results: {score: 8, item: 'B'}}}", false, true);
        ex.run(cmd);
        ex.assertDocuments("{_id: 1, results: [{item: 'A', score: 5}]}",
                "{_id: 2, results: [{item: 'C', score: 8}, {item: 'B', score: 4}]}");
    }

    /**
     * https://www.mongodb.com/docs/manual/reference/operator/update/pull/ "Remove Items from an Array of
     * Documents", the counter-example: an {@code $elemMatch} on the elements themselves pulls nothing,
     * since each element is matched as a top-level document. Written with {@code element().elemMatch(...)}.
     */
    @Test
    void pull_with_elem_match_on_the_elements_pulls_nothing() {
        OperatorExample ex = OperatorExample.given(db, "survey",
                "{_id: 1, results: [{item: 'A', score: 5}, {item: 'B', score: 8}]}",
                "{_id: 2, results: [{item: 'C', score: 8}, {item: 'B', score: 4}]}");
        UpdateCommand cmd = COMMANDS.updateMany(matchAll(),
                update().pull("results", element().elemMatch(and(eq("score", 8), eq("item", "B")))));

        assertSameCommand(cmd, "{}", "{$pull: {results: {$elemMatch: {score: 8, item: 'B'}}}}", false, true);
        assertThat(ex.run(cmd).modifiedCount()).isZero();
        ex.assertDocuments("{_id: 1, results: [{item: 'A', score: 5}, {item: 'B', score: 8}]}",
                "{_id: 2, results: [{item: 'C', score: 8}, {item: 'B', score: 4}]}");
    }

    /**
     * https://www.mongodb.com/docs/manual/reference/operator/update/pull/ "Remove Documents from Nested
     * Arrays": an element whose inner array has an element matching two conditions.
     */
    @Test
    void pull_documents_by_a_nested_array() {
        OperatorExample ex = OperatorExample.given(db, "survey",
                "{_id: 1, results: [{item: 'A', score: 5, answers: [{q: 1, a: 4}, {q: 2, a: 6}]}, "
                        + "{item: 'B', score: 8, answers: [{q: 1, a: 8}, {q: 2, a: 9}]}]}",
                "{_id: 2, results: [{item: 'C', score: 8, answers: [{q: 1, a: 8}, {q: 2, a: 7}]}, "
                        + "{item: 'B', score: 4, answers: [{q: 1, a: 0}, {q: 2, a: 8}]}]}");
        UpdateCommand cmd = COMMANDS.updateMany(matchAll(),
                update().pull("results", elemMatch("answers", and(eq("q", 2), field("a").gte(8)))));

        assertSameCommand(cmd, "{}", "{$pull: {results: {answers: {$elemMatch: {q: 2, a: {$gte: 8}}}}}}", false, true);
        ex.run(cmd);
        ex.assertDocuments("{_id: 1, results: [{item: 'A', score: 5, answers: [{q: 1, a: 4}, {q: 2, a: 6}]}]}",
                "{_id: 2, results: [{item: 'C', score: 8, answers: [{q: 1, a: 8}, {q: 2, a: 7}]}]}");
    }

    // ---- $pullAll ---------------------------------------------------------------------------

    /** https://www.mongodb.com/docs/manual/reference/operator/update/pullAll/ "Example": every instance of each value. */
    @Test
    void pullAll_removes_every_instance_of_each_value() {
        OperatorExample ex = OperatorExample.given(db, "survey", "{_id: 1, scores: [0, 2, 5, 5, 1, 0]}");
        UpdateCommand cmd = COMMANDS.updateOne(eq("_id", 1), update().pullAll("scores", List.of(0, 5)));

        assertSameCommand(cmd, "{_id: 1}", "{$pullAll: {scores: [0, 5]}}", false, false);
        ex.run(cmd);
        ex.assertDocuments("{_id: 1, scores: [2, 1]}");
    }

    // ---- $push ------------------------------------------------------------------------------

    /** https://www.mongodb.com/docs/manual/reference/operator/update/push/ "Append a Value to an Array". */
    @Test
    void push_appends_a_value() {
        OperatorExample ex = OperatorExample.given(db, "students", "{_id: 1, scores: [44, 78, 38, 80]}");
        UpdateCommand cmd = COMMANDS.updateOne(eq("_id", 1), update().push("scores", 89));

        assertSameCommand(cmd, "{_id: 1}", "{$push: {scores: 89}}", false, false);
        ex.run(cmd);
        ex.assertDocuments("{_id: 1, scores: [44, 78, 38, 80, 89]}");
    }

    /** https://www.mongodb.com/docs/manual/reference/operator/update/push/ "Append a Value to Arrays in Multiple Documents". */
    @Test
    void push_appends_to_every_document() {
        OperatorExample ex = OperatorExample.given(db, "students",
                "{_id: 1, scores: [44, 78, 38, 80, 89]}", "{_id: 2, scores: [45, 78, 38, 80, 89]}",
                "{_id: 3, scores: [46, 78, 38, 80, 89]}", "{_id: 4, scores: [47, 78, 38, 80, 89]}");
        UpdateCommand cmd = COMMANDS.updateMany(matchAll(), update().push("scores", 95));

        assertSameCommand(cmd, "{}", "{$push: {scores: 95}}", false, true);
        assertThat(ex.run(cmd).modifiedCount()).isEqualTo(4);
        ex.assertDocuments("{_id: 1, scores: [44, 78, 38, 80, 89, 95]}", "{_id: 2, scores: [45, 78, 38, 80, 89, 95]}",
                "{_id: 3, scores: [46, 78, 38, 80, 89, 95]}", "{_id: 4, scores: [47, 78, 38, 80, 89, 95]}");
    }

    /**
     * https://www.mongodb.com/docs/manual/reference/operator/update/push/ "Append Multiple Values to an
     * Array" (and https://www.mongodb.com/docs/manual/reference/operator/update/each/ "Use $each with $push
     * Operator"): the command is the manual's; the manual shows neither a start document for "joe" nor a
     * result, so the start document and the result are not from the manual.
     */
    @Test
    void push_each_appends_several_values() {
        OperatorExample ex = OperatorExample.given(db, "students", "{_id: 1, name: 'joe', scores: [44]}");
        UpdateCommand cmd = COMMANDS.updateOne(eq("name", "joe"), update().push("scores", PushEach.of(90, 92, 85)));

        assertSameCommand(cmd, "{name: 'joe'}", "{$push: {scores: {$each: [90, 92, 85]}}}", false, false);
        ex.run(cmd);
        ex.assertDocuments("{_id: 1, name: 'joe', scores: [44, 90, 92, 85]}");
    }

    private static final String QUIZZES = """
            {_id: 5, quizzes: [{wk: 1, score: 10}, {wk: 2, score: 8}, {wk: 3, score: 5}, {wk: 4, score: 6}]}""";

    /**
     * https://www.mongodb.com/docs/manual/reference/operator/update/push/ "Use $push Operator with Multiple
     * Modifiers" (also https://www.mongodb.com/docs/manual/reference/operator/update/slice/ "Use $slice with
     * Other $push Modifiers"): $each, $sort and $slice together keep the three best.
     */
    @Test
    void push_with_each_sort_and_slice_keeps_the_top_three() {
        OperatorExample ex = OperatorExample.given(db, "students", QUIZZES);
        UpdateCommand cmd = COMMANDS.updateOne(eq("_id", 5), update().push("quizzes",
                PushEach.of(doc("wk", 5).append("score", 8), doc("wk", 6).append("score", 7), doc("wk", 7).append("score", 6))
                        .withSort(Sorts.descending("score")).withSlice(3)));

        assertSameCommand(cmd, "{_id: 5}", """
                {$push: {quizzes: {$each: [{wk: 5, score: 8}, {wk: 6, score: 7}, {wk: 7, score: 6}],
                                   $sort: {score: -1}, $slice: 3}}}""", false, false);
        ex.run(cmd);
        ex.assertDocuments("{_id: 5, quizzes: [{wk: 1, score: 10}, {wk: 2, score: 8}, {wk: 5, score: 8}]}");
    }

    // ---- $position --------------------------------------------------------------------------

    /** https://www.mongodb.com/docs/manual/reference/operator/update/position/ "Add Elements at the Start of the Array". */
    @Test
    void position_zero_inserts_at_the_start() {
        OperatorExample ex = OperatorExample.given(db, "students", "{_id: 1, scores: [100]}");
        UpdateCommand cmd = COMMANDS.updateOne(eq("_id", 1), update().push("scores", PushEach.of(50, 60, 70).withPosition(0)));

        assertSameCommand(cmd, "{_id: 1}", "{$push: {scores: {$each: [50, 60, 70], $position: 0}}}", false, false);
        ex.run(cmd);
        ex.assertDocuments("{_id: 1, scores: [50, 60, 70, 100]}");
    }

    /** https://www.mongodb.com/docs/manual/reference/operator/update/position/ "Add Elements to the Middle of the Array". */
    @Test
    void position_two_inserts_in_the_middle() {
        OperatorExample ex = OperatorExample.given(db, "students", "{_id: 2, scores: [50, 60, 70, 100]}");
        UpdateCommand cmd = COMMANDS.updateOne(eq("_id", 2), update().push("scores", PushEach.of(20, 30).withPosition(2)));

        assertSameCommand(cmd, "{_id: 2}", "{$push: {scores: {$each: [20, 30], $position: 2}}}", false, false);
        ex.run(cmd);
        ex.assertDocuments("{_id: 2, scores: [50, 60, 20, 30, 70, 100]}");
    }

    /** https://www.mongodb.com/docs/manual/reference/operator/update/position/ "Use a Negative Array Index (Position) to Add Elements". */
    @Test
    void position_negative_counts_from_the_end() {
        OperatorExample ex = OperatorExample.given(db, "students", "{_id: 3, scores: [50, 60, 20, 30, 70, 100]}");
        UpdateCommand cmd = COMMANDS.updateOne(eq("_id", 3), update().push("scores", PushEach.of(90, 80).withPosition(-2)));

        assertSameCommand(cmd, "{_id: 3}", "{$push: {scores: {$each: [90, 80], $position: -2}}}", false, false);
        ex.run(cmd);
        ex.assertDocuments("{_id: 3, scores: [50, 60, 20, 30, 90, 80, 70, 100]}");
    }

    // ---- $slice -----------------------------------------------------------------------------

    /** https://www.mongodb.com/docs/manual/reference/operator/update/slice/ "Slice from the End of the Array". */
    @Test
    void slice_negative_keeps_the_last_elements() {
        OperatorExample ex = OperatorExample.given(db, "students", "{_id: 1, scores: [40, 50, 60]}");
        UpdateCommand cmd = COMMANDS.updateOne(eq("_id", 1), update().push("scores", PushEach.of(80, 78, 86).withSlice(-5)));

        assertSameCommand(cmd, "{_id: 1}", "{$push: {scores: {$each: [80, 78, 86], $slice: -5}}}", false, false);
        ex.run(cmd);
        ex.assertDocuments("{_id: 1, scores: [50, 60, 80, 78, 86]}");
    }

    /** https://www.mongodb.com/docs/manual/reference/operator/update/slice/ "Slice from the Front of the Array". */
    @Test
    void slice_positive_keeps_the_first_elements() {
        OperatorExample ex = OperatorExample.given(db, "students", "{_id: 2, scores: [89, 90]}");
        UpdateCommand cmd = COMMANDS.updateOne(eq("_id", 2), update().push("scores", PushEach.of(100, 20).withSlice(3)));

        assertSameCommand(cmd, "{_id: 2}", "{$push: {scores: {$each: [100, 20], $slice: 3}}}", false, false);
        ex.run(cmd);
        ex.assertDocuments("{_id: 2, scores: [89, 90, 100]}");
    }

    /** https://www.mongodb.com/docs/manual/reference/operator/update/slice/ "Update Array Using Slice Only": an empty $each. */
    @Test
    void slice_with_an_empty_each_only_trims() {
        OperatorExample ex = OperatorExample.given(db, "students", "{_id: 3, scores: [89, 70, 100, 20]}");
        UpdateCommand cmd = COMMANDS.updateOne(eq("_id", 3), update().push("scores", PushEach.of(List.of()).withSlice(-3)));

        assertSameCommand(cmd, "{_id: 3}", "{$push: {scores: {$each: [], $slice: -3}}}", false, false);
        ex.run(cmd);
        ex.assertDocuments("{_id: 3, scores: [70, 100, 20]}");
    }

    // ---- $sort ------------------------------------------------------------------------------

    /** https://www.mongodb.com/docs/manual/reference/operator/update/sort/ "Sort Array of Documents by a Field in the Documents". */
    @Test
    void sort_documents_by_a_field() {
        OperatorExample ex = OperatorExample.given(db, "students", "{_id: 1, quizzes: [{id: 1, score: 6}, {id: 2, score: 9}]}");
        UpdateCommand cmd = COMMANDS.updateOne(eq("_id", 1), update().push("quizzes",
                PushEach.of(doc("id", 3).append("score", 8), doc("id", 4).append("score", 7), doc("id", 5).append("score", 6))
                        .withSort(Sorts.ascending("score"))));

        assertSameCommand(cmd, "{_id: 1}", """
                {$push: {quizzes: {$each: [{id: 3, score: 8}, {id: 4, score: 7}, {id: 5, score: 6}],
                                   $sort: {score: 1}}}}""", false, false);
        ex.run(cmd);
        ex.assertDocuments("""
                {_id: 1, quizzes: [{id: 1, score: 6}, {id: 5, score: 6}, {id: 4, score: 7}, {id: 3, score: 8},
                                   {id: 2, score: 9}]}""");
    }

    /** https://www.mongodb.com/docs/manual/reference/operator/update/sort/ "Sort Array Elements That Are Not Documents". */
    @Test
    void sort_scalars_ascending() {
        OperatorExample ex = OperatorExample.given(db, "students", "{_id: 2, tests: [89, 70, 89, 50]}");
        UpdateCommand cmd = COMMANDS.updateOne(eq("_id", 2), update().push("tests", PushEach.of(40, 60).withSort(1)));

        assertSameCommand(cmd, "{_id: 2}", "{$push: {tests: {$each: [40, 60], $sort: 1}}}", false, false);
        ex.run(cmd);
        ex.assertDocuments("{_id: 2, tests: [40, 50, 60, 70, 89, 89]}");
    }

    /** https://www.mongodb.com/docs/manual/reference/operator/update/sort/ "Update Array Using Sort Only". */
    @Test
    void sort_only_with_an_empty_each() {
        OperatorExample ex = OperatorExample.given(db, "students", "{_id: 3, tests: [89, 70, 100, 20]}");
        UpdateCommand cmd = COMMANDS.updateOne(eq("_id", 3), update().push("tests", PushEach.of(List.of()).withSort(-1)));

        assertSameCommand(cmd, "{_id: 3}", "{$push: {tests: {$each: [], $sort: -1}}}", false, false);
        ex.run(cmd);
        ex.assertDocuments("{_id: 3, tests: [100, 89, 70, 20]}");
    }
}

package dev.atomicmongo.update;

import static dev.atomicmongo.update.UpdateBuilder.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;

import dev.atomicmongo.filter.Conditions;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.Test;

class UpdateBuilderArrayOperatorsTest {

    private static BsonDocument json(String json) {
        return BsonDocument.parse(json);
    }

    @Test
    void addToSet_of_one_value_compiles_without_$each() {
        assertThat(update().addToSet("tags", "hot").toBsonDocument()).isEqualTo(json("{$addToSet: {tags: 'hot'}}"));
    }

    @Test
    void addToSet_of_null_adds_a_bson_null() {
        assertThat(update().addToSet("tags", null).toBsonDocument()).isEqualTo(json("{$addToSet: {tags: null}}"));
    }

    @Test
    void addToSet_of_a_list_value_adds_the_list_as_one_element() {
        assertThat(update().addToSet("pairs", List.of(1, 2)).toBsonDocument())
                .isEqualTo(json("{$addToSet: {pairs: [1, 2]}}"));
    }

    @Test
    void addToSetEach_compiles_to_$each() {
        assertThat(update().addToSetEach("tags", Arrays.asList("a", null, "b")).toBsonDocument())
                .isEqualTo(json("{$addToSet: {tags: {$each: ['a', null, 'b']}}}"));
    }

    @Test
    void addToSetEach_of_an_empty_list_compiles_to_an_empty_$each() {
        assertThat(update().addToSetEach("tags", List.of()).toBsonDocument())
                .isEqualTo(json("{$addToSet: {tags: {$each: []}}}"));
    }

    @Test
    void a_second_addToSet_on_the_same_path_merges_into_$each() {
        UpdateBuilder u = update().addToSet("tags", "a").addToSetEach("tags", List.of("b", "c")).addToSet("tags", "d");

        assertThat(u.toBsonDocument()).isEqualTo(json("{$addToSet: {tags: {$each: ['a', 'b', 'c', 'd']}}}"));
    }

    @Test
    void push_of_one_value_compiles_without_$each() {
        assertThat(update().push("log", new Document("at", 1)).toBsonDocument())
                .isEqualTo(json("{$push: {log: {at: 1}}}"));
    }

    @Test
    void a_second_push_on_the_same_path_merges_into_$each_and_drops_nothing() {
        UpdateBuilder u = update().push("log", 1).push("log", 2).push("log", PushEach.of(3, 4)).push("log", (Object) null);

        assertThat(u.toBsonDocument()).isEqualTo(json("{$push: {log: {$each: [1, 2, 3, 4, null]}}}"));
    }

    @Test
    void push_of_a_literal_null_picks_the_PushEach_overload_and_says_how_to_push_a_null_element() {
        assertThatThrownBy(() -> update().push("log", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("each: to push a null element to 'log' write push(path, (Object) null)");
        assertThat(update().push("log", (Object) null).toBsonDocument()).isEqualTo(json("{$push: {log: null}}"));
    }

    @Test
    void push_given_a_PushEach_as_an_object_takes_the_modifier_overload() {
        Object each = PushEach.of(1).withSlice(-3);

        assertThat(update().push("recent", each).toBsonDocument())
                .isEqualTo(json("{$push: {recent: {$each: [1], $slice: -3}}}"));
    }

    @Test
    void pull_of_a_value_compiles_to_$pull() {
        assertThat(update().pull("tags", "old").toBsonDocument()).isEqualTo(json("{$pull: {tags: 'old'}}"));
    }

    @Test
    void pull_of_an_element_condition_removes_matching_scalars() {
        assertThat(update().pull("scores", Conditions.element().lt(50)).toBsonDocument())
                .isEqualTo(json("{$pull: {scores: {$lt: 50}}}"));
    }

    @Test
    void pull_of_element_in_and_nin_compiles_to_the_manual_form() {
        assertThat(update().pull("votes", Conditions.element().in(7, 8)).toBsonDocument())
                .isEqualTo(json("{$pull: {votes: {$in: [7, 8]}}}"));
        assertThat(update().pull("fruits", Conditions.element().in("apples", "oranges")).pull("vegetables", "carrots")
                .toBsonDocument())
                .isEqualTo(json("{$pull: {fruits: {$in: ['apples', 'oranges']}, vegetables: 'carrots'}}"));
        assertThat(update().pull("votes", Conditions.element().nin(List.of(1, 2))).toBsonDocument())
                .isEqualTo(json("{$pull: {votes: {$nin: [1, 2]}}}"));
    }

    @Test
    void pull_of_two_element_conditions_joined_by_and_is_one_operator_document() {
        assertThat(update().pull("votes", Conditions.and(Conditions.element().gte(6), Conditions.element().lt(9)))
                .toBsonDocument()).isEqualTo(json("{$pull: {votes: {$gte: 6, $lt: 9}}}"));
    }

    @Test
    void pull_of_a_document_condition_removes_matching_documents() {
        UpdateBuilder u = update().pull("items", Conditions.and(Conditions.eq("sku", "x"), Conditions.lte("qty", 0)));

        // sent as one document, as the manual writes it; the same elements match as with $and
        assertThat(u.toBsonDocument()).isEqualTo(json("{$pull: {items: {sku: 'x', qty: {$lte: 0}}}}"));
    }

    @Test
    void a_second_pull_on_the_same_path_is_refused_because_two_conditions_cannot_be_merged_safely() {
        assertThatThrownBy(() -> update().pull("tags", "a").pull("tags", "b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Path 'tags' is written twice by $pull: an update may write each path only once");
    }

    @Test
    void pullAll_compiles_to_an_array() {
        assertThat(update().pullAll("tags", List.of("a", "b")).toBsonDocument())
                .isEqualTo(json("{$pullAll: {tags: ['a', 'b']}}"));
    }

    @Test
    void a_second_pullAll_on_the_same_path_merges_the_values() {
        assertThat(update().pullAll("tags", List.of("a")).pullAll("tags", List.of("b", "c")).toBsonDocument())
                .isEqualTo(json("{$pullAll: {tags: ['a', 'b', 'c']}}"));
    }

    @Test
    void popFirst_and_popLast_compile_to_minus_one_and_one() {
        assertThat(update().popFirst("queue").popLast("stack").toBsonDocument())
                .isEqualTo(json("{$pop: {queue: -1, stack: 1}}"));
    }

    @Test
    void the_list_given_to_addToSetEach_and_pullAll_is_copied() {
        List<Object> values = new java.util.ArrayList<>(List.of("a"));
        UpdateBuilder u = update().addToSetEach("tags", values).pullAll("old", values);

        values.add("b");

        assertThat(u.toBsonDocument()).isEqualTo(json("{$addToSet: {tags: {$each: ['a']}}, $pullAll: {old: ['a']}}"));
    }

    @Test
    void merging_keeps_the_path_at_its_first_position() {
        UpdateBuilder u = update().push("log", 1).set("x", 1).push("log", 2).push("other", 3);

        assertThat(u.toString()).isEqualTo("{\"$push\": {\"log\": {\"$each\": [1, 2]}, \"other\": 3}, \"$set\": {\"x\": 1}}");
    }
}

package dev.atomicmongo.update;

import static dev.atomicmongo.update.UpdateBuilder.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.mongodb.client.model.Sorts;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

class PushEachTest {

    private static BsonDocument json(String json) {
        return BsonDocument.parse(json);
    }

    @Test
    void push_with_every_modifier_compiles_in_the_drivers_order() {
        PushEach each = PushEach.of(5, 7).withSort(-1).withSlice(3).withPosition(0);

        assertThat(update().push("top", each).toBsonDocument())
                .isEqualTo(json("{$push: {top: {$each: [5, 7], $position: 0, $slice: 3, $sort: -1}}}"));
    }

    @Test
    void sort_by_a_document_specification() {
        PushEach each = PushEach.of(List.of(BsonDocument.parse("{score: 3}"))).withSort(Sorts.descending("score"));

        assertThat(update().push("top", each).toBsonDocument())
                .isEqualTo(json("{$push: {top: {$each: [{score: 3}], $sort: {score: -1}}}}"));
    }

    @Test
    void negative_position_and_slice_are_kept() {
        assertThat(update().push("a", PushEach.of(1).withPosition(-1).withSlice(-10)).toBsonDocument())
                .isEqualTo(json("{$push: {a: {$each: [1], $position: -1, $slice: -10}}}"));
    }

    // The issue asks to refuse $slice/$sort/$position without $each. The modifiers exist only on
    // PushEach, which always renders $each, so that update cannot be written: a slice with no
    // values compiles to an empty $each, which is exactly how MongoDB spells "trim only".
    @Test
    void a_modifier_without_values_still_carries_an_empty_$each_so_it_cannot_be_written_without_one() {
        assertThat(update().push("recent", PushEach.of().withSlice(-5)).toBsonDocument())
                .isEqualTo(json("{$push: {recent: {$each: [], $slice: -5}}}"));
        assertThat(update().push("recent", PushEach.of().withSort(1)).toBsonDocument())
                .isEqualTo(json("{$push: {recent: {$each: [], $sort: 1}}}"));
        assertThat(update().push("recent", PushEach.of().withPosition(0)).toBsonDocument())
                .isEqualTo(json("{$push: {recent: {$each: [], $position: 0}}}"));
    }

    @Test
    void null_values_are_pushed_as_bson_null() {
        assertThat(PushEach.of(Arrays.asList(1, null)).toString()).isEqualTo("{\"$each\": [1, null]}");
        assertThat(PushEach.of(1, null).toString()).isEqualTo("{\"$each\": [1, null]}");
    }

    @Test
    void sort_direction_other_than_one_or_minus_one_is_refused() {
        assertThatThrownBy(() -> PushEach.of(1).withSort(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$push $sort: direction must be 1 or -1, got 0");
    }

    @Test
    void null_sort_specification_is_refused() {
        assertThatThrownBy(() -> PushEach.of(1).withSort((org.bson.conversions.Bson) null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("sortSpecification");
    }

    @Test
    void a_second_push_with_modifiers_on_the_same_path_is_refused() {
        assertThatThrownBy(() -> update().push("top", 1).push("top", PushEach.of(2).withSlice(3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Path 'top' already has a $push; put all values and modifiers in one PushEach");
    }

    @Test
    void a_second_push_after_one_with_modifiers_is_refused() {
        assertThatThrownBy(() -> update().push("top", PushEach.of(2).withSlice(3)).push("top", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Path 'top' is written twice by $push: an update may write each path only once");
    }

    @Test
    void a_second_push_of_a_PushEach_without_modifiers_merges() {
        assertThat(update().push("a", PushEach.of(1, 2)).push("a", PushEach.of(3)).toBsonDocument())
                .isEqualTo(json("{$push: {a: {$each: [1, 2, 3]}}}"));
    }

    @Test
    void with_methods_return_a_copy_and_leave_the_original_unchanged() {
        PushEach base = PushEach.of(1);
        PushEach sliced = base.withSlice(2);

        assertThat(base.toString()).isEqualTo("{\"$each\": [1]}");
        assertThat(sliced.toString()).isEqualTo("{\"$each\": [1], \"$slice\": 2}");
    }

    @Test
    void the_values_are_copied_from_the_callers_list_and_array() {
        List<Object> list = new ArrayList<>(List.of(1));
        Object[] array = {1};
        PushEach fromList = PushEach.of(list);
        PushEach fromArray = PushEach.of(array);

        list.add(2);
        array[0] = 9;

        assertThat(fromList.toString()).isEqualTo("{\"$each\": [1]}");
        assertThat(fromArray.toString()).isEqualTo("{\"$each\": [1]}");
    }

    @Test
    void equal_values_and_modifiers_are_equal() {
        assertThat(PushEach.of(1, 2).withSlice(3)).isEqualTo(PushEach.of(List.of(1, 2)).withSlice(3))
                .hasSameHashCodeAs(PushEach.of(List.of(1, 2)).withSlice(3));
        assertThat(PushEach.of(1)).isNotEqualTo(PushEach.of(1).withSlice(1));
    }
}

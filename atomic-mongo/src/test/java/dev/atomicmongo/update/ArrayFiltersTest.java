package dev.atomicmongo.update;

import static dev.atomicmongo.update.UpdateBuilder.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.internal.BsonValues;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

class ArrayFiltersTest {

    @Test
    void an_identifier_with_its_filter_compiles_to_the_array_filter_list() {
        UpdateBuilder u = update().inc("grades.$[g].score", 5).arrayFilter(Conditions.gte("g.score", 60));

        assertThat(u.arrayFilters(BsonValues.DEFAULT_REGISTRY))
                .containsExactly(BsonDocument.parse("{'g.score': {$gte: 60}}"));
        assertThat(u.toBsonDocument()).isEqualTo(BsonDocument.parse("{$inc: {'grades.$[g].score': 5}}"));
    }

    @Test
    void an_identifier_used_by_several_paths_needs_one_filter() {
        UpdateBuilder u = update().set("items.$[i].done", true).inc("items.$[i].version", 1)
                .arrayFilter(Conditions.eq("i.id", 7));

        assertThat(u.arrayFilters(BsonValues.DEFAULT_REGISTRY)).containsExactly(BsonDocument.parse("{'i.id': 7}"));
    }

    @Test
    void filters_are_listed_in_the_order_given() {
        UpdateBuilder u = update().set("a.$[x].b.$[y]", 1)
                .arrayFilter(Conditions.gt("x.n", 1))
                .arrayFilter(Conditions.or(Conditions.eq("y", 2), Conditions.eq("y", 3)));

        assertThat(u.arrayFilters(BsonValues.DEFAULT_REGISTRY)).containsExactly(
                BsonDocument.parse("{'x.n': {$gt: 1}}"),
                BsonDocument.parse("{$or: [{y: 2}, {y: 3}]}"));
    }

    @Test
    void an_update_without_identifiers_has_no_array_filters() {
        assertThat(update().set("a.$[].b", 1).set("c.$", 2).arrayFilters(BsonValues.DEFAULT_REGISTRY)).isEmpty();
    }

    @Test
    void an_identifier_without_a_filter_is_refused_naming_it() {
        UpdateBuilder u = update().set("items.$[item].done", true);

        assertThatThrownBy(() -> u.arrayFilters(BsonValues.DEFAULT_REGISTRY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Path segment $[item] has no arrayFilter for identifier 'item'");
    }

    @Test
    void a_filter_whose_identifier_no_path_uses_is_refused_naming_it() {
        UpdateBuilder u = update().set("items.$[item].done", true)
                .arrayFilter(Conditions.eq("item.id", 1))
                .arrayFilter(Conditions.eq("other.id", 2));

        assertThatThrownBy(() -> u.arrayFilters(BsonValues.DEFAULT_REGISTRY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("arrayFilter: identifier 'other' is not used by any $[other] path of the update");
    }

    @Test
    void two_filters_for_one_identifier_are_refused() {
        UpdateBuilder u = update().set("items.$[item].done", true)
                .arrayFilter(Conditions.eq("item.id", 1))
                .arrayFilter(Conditions.gt("item.qty", 2));

        assertThatThrownBy(() -> u.arrayFilters(BsonValues.DEFAULT_REGISTRY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("arrayFilter: identifier 'item' has more than one filter");
    }

    @Test
    void a_filter_that_names_no_field_is_refused() {
        UpdateBuilder u = update().set("items.$[item].done", true).arrayFilter(new BsonDocument());

        assertThatThrownBy(() -> u.arrayFilters(BsonValues.DEFAULT_REGISTRY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("arrayFilter {} names no field");
    }

    @Test
    void a_null_filter_is_refused() {
        assertThatThrownBy(() -> update().arrayFilter(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("filter");
    }

    @Test
    void toString_shows_the_update_and_its_array_filters() {
        UpdateBuilder u = update().set("a.$[x]", 0).arrayFilter(Conditions.lt("x", 0));

        assertThat(u).hasToString("{\"update\": {\"$set\": {\"a.$[x]\": 0}}, \"arrayFilters\": [{\"x\": {\"$lt\": 0}}]}");
    }

    @Test
    void an_identifier_must_start_with_a_lower_case_letter_to_be_positional() {
        assertThatThrownBy(() -> update().set("a.$[X]", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$set on 'a.$[X]': segment '$[X]' starts with '$'; only the positional operators $, $[]"
                        + " and $[<identifier>] may");
        assertThat(update().set("a.$[x2]", 1).arrayFilter(Conditions.eq("x2", 1)).arrayFilters(BsonValues.DEFAULT_REGISTRY))
                .isEqualTo(List.of(BsonDocument.parse("{x2: 1}")));
    }
}

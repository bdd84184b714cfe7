package dev.atomicmongo.filter;

import static dev.atomicmongo.filter.Conditions.element;
import static dev.atomicmongo.filter.Conditions.field;
import static dev.atomicmongo.filter.Conditions.matchAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.mongodb.client.model.Filters;
import org.bson.BsonDocument;
import org.bson.BsonRegularExpression;
import org.bson.Document;
import org.junit.jupiter.api.Test;

class ElementInAndMatchAllTest {

    private static BsonDocument json(String json) {
        return BsonDocument.parse(json);
    }

    // ---- in / nin on Field ----------------------------------------------------------------------

    @Test
    void element_in_and_nin_compile_to_a_bare_operator_document() {
        assertThat(element().in(7, 8).toBsonDocument()).isEqualTo(json("{$in: [7, 8]}"));
        assertThat(element().nin(List.of("a", "b")).toBsonDocument()).isEqualTo(json("{$nin: ['a', 'b']}"));
        assertThat(element().in().toBsonDocument()).isEqualTo(json("{$in: []}"));
    }

    @Test
    void field_in_and_nin_compile_like_conditions_in_and_nin() {
        assertThat(field("status").in("A", "D")).isEqualTo(Conditions.in("status", "A", "D"));
        assertThat(field("qty").nin(List.of(5, 15)).toBsonDocument()).isEqualTo(json("{qty: {$nin: [5, 15]}}"));
        assertThat(field("status").in("A", "D").toBsonDocument()).isEqualTo(json("{status: {$in: ['A', 'D']}}"));
    }

    @Test
    void field_in_and_nin_compile_as_the_drivers_filters_do() {
        assertThat(field("qty").in(5, 15L, "x").toBsonDocument())
                .isEqualTo(Filters.in("qty", 5, 15L, "x").toBsonDocument());
        assertThat(field("qty").nin(List.of(5, 15)).toBsonDocument())
                .isEqualTo(Filters.nin("qty", List.of(5, 15)).toBsonDocument());
    }

    @Test
    void element_in_refuses_a_regular_expression_naming_element_and_the_index() {
        assertThatThrownBy(() -> element().in(1, Pattern.compile("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$in on element(): value 1 is a regular expression, which $in matches as a pattern, "
                        + "not as a value; use regex(...) for a pattern");
        assertThatThrownBy(() -> field("tags").nin(new BsonRegularExpression("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("$nin on 'tags': value 0 is a regular expression");
    }

    @Test
    void element_in_refuses_null_values_naming_the_operator() {
        assertThatThrownBy(() -> element().in((Object[]) null)).isInstanceOf(NullPointerException.class)
                .hasMessage("$in on element(): values must not be null");
        assertThatThrownBy(() -> element().nin((List<?>) null)).isInstanceOf(NullPointerException.class)
                .hasMessage("$nin on element(): values must not be null");
    }

    @Test
    void element_in_copies_its_values_and_an_operator_shaped_document_stays_a_value() {
        List<Object> values = new ArrayList<>(List.of(1, new Document("$gt", 5)));
        Condition in = element().in(values);
        values.add(3);

        assertThat(in.toBsonDocument()).isEqualTo(json("{$in: [1, {$gt: 5}]}"));
        assertThat(in).isEqualTo(element().in(1, new Document("$gt", 5))).isNotEqualTo(element().in(1L, new Document("$gt", 5)));
    }

    @Test
    void element_in_inside_elem_match_tests_scalar_elements() {
        assertThat(Conditions.elemMatch("votes", element().in(7, 8)).toBsonDocument())
                .isEqualTo(json("{votes: {$elemMatch: {$in: [7, 8]}}}"));
    }

    // ---- matchAll -------------------------------------------------------------------------------

    @Test
    void match_all_compiles_to_the_empty_filter() {
        assertThat(matchAll().toBsonDocument()).isEqualTo(new BsonDocument());
        assertThat(matchAll()).hasToString("{}").isSameAs(matchAll());
    }

    @Test
    void and_leaves_match_all_out() {
        Condition x = Conditions.eq("a", 1);
        assertThat(Conditions.and(matchAll(), x)).isEqualTo(x);
        assertThat(Conditions.and(matchAll(), x).toBsonDocument()).isEqualTo(json("{a: 1}"));
        assertThat(matchAll().and(x)).isEqualTo(x);
        assertThat(Conditions.and(x, matchAll(), Conditions.eq("b", 2)).toBsonDocument())
                .isEqualTo(json("{$and: [{a: 1}, {b: 2}]}"));
        assertThat(Conditions.and(matchAll(), matchAll())).isSameAs(matchAll());
    }

    @Test
    void or_with_match_all_matches_all_and_nor_of_match_all_matches_nothing() {
        assertThat(Conditions.or(Conditions.eq("a", 1), matchAll())).isSameAs(matchAll());
        assertThat(Conditions.nor(matchAll()).toBsonDocument()).isEqualTo(json("{$nor: [{}]}"));
    }

    @Test
    void and_without_match_all_is_unchanged() {
        assertThat(Conditions.and(Conditions.eq("a", 1)).toBsonDocument()).isEqualTo(json("{$and: [{a: 1}]}"));
    }

    @Test
    void not_refuses_match_all() {
        assertThatThrownBy(() -> Conditions.not(matchAll())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not({}): $not applies to one field's condition; MongoDB has no top-level $not, use nor(...)");
    }

    @Test
    void elemMatch_on_a_field_compiles_like_the_driver_and_on_the_element_to_a_bare_elemMatch() {
        assertThat(field("results").elemMatch(Conditions.and(Conditions.eq("score", 8), Conditions.eq("item", "B"))).toBsonDocument())
                .isEqualTo(Filters.elemMatch("results", Filters.and(Filters.eq("score", 8), Filters.eq("item", "B")))
                        .toBsonDocument());
        assertThat(element().elemMatch(Conditions.eq("score", 8)).toBsonDocument())
                .isEqualTo(json("{$elemMatch: {score: 8}}"));
        assertThat(element().elemMatch(Conditions.eq("score", 8))).isEqualTo(element().elemMatch(Conditions.eq("score", 8)));
        assertThatThrownBy(() -> element().elemMatch(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("$elemMatch on");
    }
}

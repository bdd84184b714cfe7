package dev.atomicmongo.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atomicmongo.internal.BsonValues;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

class FieldComparisonTest {

    private static BsonDocument json(String json) {
        return BsonDocument.parse(json);
    }

    @Test
    void a_field_compared_with_another_field_compiles_to_$expr() {
        Field sold = Conditions.field("tickets_sold");
        Field capacity = Conditions.field("capacity");

        assertThat(sold.lt(capacity).toBsonDocument()).isEqualTo(json("{$expr: {$lt: ['$tickets_sold', '$capacity']}}"));
        assertThat(sold.lte(capacity).toBsonDocument()).isEqualTo(json("{$expr: {$lte: ['$tickets_sold', '$capacity']}}"));
        assertThat(sold.gt(capacity).toBsonDocument()).isEqualTo(json("{$expr: {$gt: ['$tickets_sold', '$capacity']}}"));
        assertThat(sold.gte(capacity).toBsonDocument()).isEqualTo(json("{$expr: {$gte: ['$tickets_sold', '$capacity']}}"));
        assertThat(sold.eq(capacity).toBsonDocument()).isEqualTo(json("{$expr: {$eq: ['$tickets_sold', '$capacity']}}"));
        assertThat(sold.ne(capacity).toBsonDocument()).isEqualTo(json("{$expr: {$ne: ['$tickets_sold', '$capacity']}}"));
    }

    @Test
    void nested_paths_are_referenced_with_their_dots() {
        assertThat(Conditions.field("stock.left").gt(Conditions.field("order.qty")).toBsonDocument())
                .isEqualTo(json("{$expr: {$gt: ['$stock.left', '$order.qty']}}"));
    }

    @Test
    void a_field_compared_with_a_value_compiles_to_a_plain_query() {
        Field sold = Conditions.field("sold");

        assertThat(sold.eq(5).toBsonDocument()).isEqualTo(json("{sold: 5}"));
        assertThat(sold.ne(5).toBsonDocument()).isEqualTo(json("{sold: {$ne: 5}}"));
        assertThat(sold.lt(5).toBsonDocument()).isEqualTo(json("{sold: {$lt: 5}}"));
        assertThat(sold.lte(5).toBsonDocument()).isEqualTo(json("{sold: {$lte: 5}}"));
        assertThat(sold.gt(5).toBsonDocument()).isEqualTo(json("{sold: {$gt: 5}}"));
        assertThat(sold.gte(5).toBsonDocument()).isEqualTo(json("{sold: {$gte: 5}}"));
    }

    @Test
    void a_field_value_that_starts_with_a_dollar_is_compared_as_a_string_in_a_plain_query() {
        assertThat(Conditions.field("price").eq("$5").toBsonDocument()).isEqualTo(json("{price: '$5'}"));
    }

    @Test
    void the_booking_guard_combines_a_value_check_and_a_field_comparison() {
        Condition canBook = Conditions.and(
                Conditions.eq("_id", "e1"),
                Conditions.ne("registrations", "u1"),
                Conditions.field("sold").lt(Conditions.field("capacity")));

        assertThat(canBook.toBsonDocument()).isEqualTo(json("{$and: [{_id: 'e1'}, {registrations: {$ne: 'u1'}},"
                + " {$expr: {$lt: ['$sold', '$capacity']}}]}"));
    }

    @Test
    void element_conditions_have_no_path() {
        assertThat(Conditions.element().eq(3).toBsonDocument()).isEqualTo(json("{$eq: 3}"));
        assertThat(Conditions.element().ne(3).toBsonDocument()).isEqualTo(json("{$ne: 3}"));
        assertThat(Conditions.element().gt(3).toBsonDocument()).isEqualTo(json("{$gt: 3}"));
        assertThat(Conditions.element().gte(3).toBsonDocument()).isEqualTo(json("{$gte: 3}"));
        assertThat(Conditions.element().lt(3).toBsonDocument()).isEqualTo(json("{$lt: 3}"));
        assertThat(Conditions.element().lte(3).toBsonDocument()).isEqualTo(json("{$lte: 3}"));
    }

    @Test
    void an_element_cannot_be_compared_with_a_field() {
        assertThatThrownBy(() -> Conditions.element().lt(Conditions.field("max")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("element() cannot be compared with a field; compare it with a value");
        assertThatThrownBy(() -> Conditions.field("max").gt(Conditions.element()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("element() cannot be compared with a field; compare it with a value");
    }

    @Test
    void comparing_with_a_null_field_is_refused() {
        assertThatThrownBy(() -> Conditions.field("a").lt((Field) null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("other");
    }

    @Test
    void a_field_as_an_expression_is_its_dollar_path() {
        assertThat(new BsonDocument("e", Conditions.field("a.b").expr().toBsonValue(BsonValues.DEFAULT_REGISTRY)))
                .isEqualTo(json("{e: '$a.b'}"));
    }

    @Test
    void field_paths_are_validated_when_named() {
        assertThatThrownBy(() -> Conditions.field(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("field: path must not be null");
        assertThatThrownBy(() -> Conditions.field("$sold"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("field on '$sold': segment '$sold' starts with '$'");
        assertThatThrownBy(() -> Conditions.field("a..b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("field on 'a..b': a path must not have an empty segment");
    }

    @Test
    void toString_names_the_field() {
        assertThat(Conditions.field("sold")).hasToString("field(sold)");
        assertThat(Conditions.element()).hasToString("element()");
    }
}

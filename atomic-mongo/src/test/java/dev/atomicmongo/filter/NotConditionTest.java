package dev.atomicmongo.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Pattern;

import dev.atomicmongo.update.Expr;
import org.bson.BsonDocument;
import org.bson.BsonType;
import org.bson.Document;
import org.junit.jupiter.api.Test;

class NotConditionTest {

    private static BsonDocument json(String json) {
        return BsonDocument.parse(json);
    }

    private static BsonDocument not(Condition c) {
        return Conditions.not(c).toBsonDocument();
    }

    @Test
    void not_of_an_equality_becomes_$not_$eq() {
        assertThat(not(Conditions.eq("status", "open"))).isEqualTo(json("{status: {$not: {$eq: 'open'}}}"));
        assertThat(not(Conditions.eq("owner", null))).isEqualTo(json("{owner: {$not: {$eq: null}}}"));
    }

    @Test
    void not_of_an_equality_to_a_document_keeps_the_document_as_the_value() {
        assertThat(not(Conditions.eq("a", new Document("b", 1)))).isEqualTo(json("{a: {$not: {$eq: {b: 1}}}}"));
        assertThat(not(Conditions.eq("a", new Document()))).isEqualTo(json("{a: {$not: {$eq: {}}}}"));
    }

    @Test
    void not_of_each_comparison_wraps_its_operator() {
        assertThat(not(Conditions.ne("a", 1))).isEqualTo(json("{a: {$not: {$ne: 1}}}"));
        assertThat(not(Conditions.gt("a", 1))).isEqualTo(json("{a: {$not: {$gt: 1}}}"));
        assertThat(not(Conditions.gte("a", 1))).isEqualTo(json("{a: {$not: {$gte: 1}}}"));
        assertThat(not(Conditions.lt("a", 1))).isEqualTo(json("{a: {$not: {$lt: 1}}}"));
        assertThat(not(Conditions.lte("a", 1))).isEqualTo(json("{a: {$not: {$lte: 1}}}"));
    }

    @Test
    void not_of_each_array_condition_wraps_its_operator() {
        assertThat(not(Conditions.in("a", 1, 2))).isEqualTo(json("{a: {$not: {$in: [1, 2]}}}"));
        assertThat(not(Conditions.nin("a", 1))).isEqualTo(json("{a: {$not: {$nin: [1]}}}"));
        assertThat(not(Conditions.all("a", 1))).isEqualTo(json("{a: {$not: {$all: [1]}}}"));
        assertThat(not(Conditions.size("a", 2))).isEqualTo(json("{a: {$not: {$size: 2}}}"));
        assertThat(not(Conditions.elemMatch("a", Conditions.eq("b", 1)))).isEqualTo(json("{a: {$not: {$elemMatch: {b: 1}}}}"));
    }

    @Test
    void not_of_exists_and_type() {
        assertThat(not(Conditions.exists("a"))).isEqualTo(json("{a: {$not: {$exists: true}}}"));
        assertThat(not(Conditions.type("a", BsonType.INT32))).isEqualTo(json("{a: {$not: {$type: 16}}}"));
    }

    @Test
    void not_of_a_regex_puts_the_regex_directly_under_$not() {
        assertThat(not(Conditions.regex("name", "^a", "i")))
                .isEqualTo(json("{name: {$not: {$regularExpression: {pattern: '^a', options: 'i'}}}}"));
        assertThat(not(Conditions.regex("name", Pattern.compile("^a"))))
                .isEqualTo(json("{name: {$not: {$regularExpression: {pattern: '^a', options: ''}}}}"));
    }

    @Test
    void not_of_a_field_compared_with_a_value() {
        assertThat(not(Conditions.field("sold").lt(100))).isEqualTo(json("{sold: {$not: {$lt: 100}}}"));
    }

    @Test
    void not_of_isNumber_and_of_an_element_match_on_scalars() {
        assertThat(not(Conditions.isNumber("a"))).isEqualTo(json("{a: {$not: {$type: 'number'}}}"));
        assertThat(not(Conditions.elemMatch("scores", Conditions.element().gte(80))))
                .isEqualTo(json("{scores: {$not: {$elemMatch: {$gte: 80}}}}"));
    }

    @Test
    void not_of_an_equality_to_a_java_pattern_keeps_it_a_value() {
        assertThat(not(Conditions.eq("name", Pattern.compile("^a"))))
                .isEqualTo(json("{name: {$not: {$eq: {$regularExpression: {pattern: '^a', options: ''}}}}}"));
    }

    @Test
    void not_of_an_equality_to_a_document_that_looks_like_operators_keeps_it_a_value() {
        assertThat(not(Conditions.eq("a", new Document("$gt", 1)))).isEqualTo(json("{a: {$not: {$eq: {$gt: 1}}}}"));
    }

    @Test
    void not_is_a_value_equal_to_the_same_negation_and_not_to_its_operand() {
        assertThat(Conditions.not(Conditions.eq("a", 1))).isEqualTo(Conditions.not(Conditions.eq("a", 1)))
                .hasSameHashCodeAs(Conditions.not(Conditions.eq("a", 1)))
                .isNotEqualTo(Conditions.not(Conditions.eq("a", 1L)))
                .isNotEqualTo(Conditions.ne("a", 1));
    }

    @Test
    void not_of_a_not_is_allowed_and_nests() {
        assertThat(not(Conditions.not(Conditions.gt("a", 1)))).isEqualTo(json("{a: {$not: {$not: {$gt: 1}}}}"));
    }

    @Test
    void not_of_and_or_nor_is_refused_because_mongodb_has_no_top_level_$not() {
        assertThatThrownBy(() -> Conditions.not(Conditions.and(Conditions.eq("a", 1), Conditions.eq("b", 2))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not({\"$and\": [{\"a\": 1}, {\"b\": 2}]}): $not applies to one field's condition;"
                        + " MongoDB has no top-level $not, use nor(...)");
        assertThatThrownBy(() -> Conditions.not(Conditions.or(Conditions.eq("a", 1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not({\"$or\": [{\"a\": 1}]}): $not applies to one field's condition;"
                        + " MongoDB has no top-level $not, use nor(...)");
        assertThatThrownBy(() -> Conditions.not(Conditions.nor(Conditions.eq("a", 1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not({\"$nor\": [{\"a\": 1}]}): $not applies to one field's condition;"
                        + " MongoDB has no top-level $not, use nor(...)");
    }

    @Test
    void not_of_an_expr_or_a_field_to_field_comparison_is_refused() {
        assertThatThrownBy(() -> Conditions.not(Conditions.field("sold").lt(Conditions.field("capacity"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not({\"$expr\": {\"$lt\": [\"$sold\", \"$capacity\"]}}): $not applies to one field's"
                        + " condition; MongoDB has no top-level $not, use nor(...)");
        assertThatThrownBy(() -> Conditions.not(Conditions.expr(Expr.literal(true))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not({\"$expr\": true}): $not applies to one field's condition;"
                        + " MongoDB has no top-level $not, use nor(...)");
    }

    @Test
    void not_of_an_element_condition_is_refused() {
        assertThatThrownBy(() -> Conditions.not(Conditions.element().gte(6)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not({\"$gte\": 6}): $not applies to one field's condition;"
                        + " MongoDB has no top-level $not, use nor(...)");
    }

    @Test
    void nor_is_the_way_to_negate_a_logical_condition() {
        Condition c = Conditions.nor(Conditions.and(Conditions.eq("a", 1), Conditions.eq("b", 2)));

        assertThat(c.toBsonDocument()).isEqualTo(json("{$nor: [{$and: [{a: 1}, {b: 2}]}]}"));
    }

    @Test
    void not_of_null_is_refused() {
        assertThatThrownBy(() -> Conditions.not(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("condition");
    }
}

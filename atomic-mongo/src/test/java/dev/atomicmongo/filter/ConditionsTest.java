package dev.atomicmongo.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.mongodb.client.model.Filters;
import org.bson.BsonDocument;
import org.bson.BsonType;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

class ConditionsTest {

    private static BsonDocument json(String json) {
        return BsonDocument.parse(json);
    }

    // ---- comparison --------------------------------------------------------------------------

    @Test
    void eq_compiles_to_a_plain_field_match() {
        assertThat(Conditions.eq("status", "open").toBsonDocument()).isEqualTo(json("{status: 'open'}"));
        assertThat(Conditions.eq("_id", new ObjectId("650000000000000000000001")).toBsonDocument())
                .isEqualTo(json("{_id: {$oid: '650000000000000000000001'}}"));
        assertThat(Conditions.eq("deletedAt", null).toBsonDocument()).isEqualTo(json("{deletedAt: null}"));
        assertThat(Conditions.eq("address.city", new Document("name", "Oslo")).toBsonDocument())
                .isEqualTo(json("{'address.city': {name: 'Oslo'}}"));
    }

    @Test
    void ne_gt_gte_lt_lte_compile_to_their_operators() {
        assertThat(Conditions.ne("a", 1).toBsonDocument()).isEqualTo(json("{a: {$ne: 1}}"));
        assertThat(Conditions.gt("a", 1L).toBsonDocument()).isEqualTo(json("{a: {$gt: {$numberLong: '1'}}}"));
        assertThat(Conditions.gte("a", 1.5).toBsonDocument()).isEqualTo(json("{a: {$gte: 1.5}}"));
        assertThat(Conditions.lt("a", "m").toBsonDocument()).isEqualTo(json("{a: {$lt: 'm'}}"));
        assertThat(Conditions.lte("a", true).toBsonDocument()).isEqualTo(json("{a: {$lte: true}}"));
    }

    // ---- arrays ------------------------------------------------------------------------------

    @Test
    void in_nin_all_compile_from_varargs_and_from_collections() {
        assertThat(Conditions.in("a", 1, 2).toBsonDocument()).isEqualTo(json("{a: {$in: [1, 2]}}"));
        assertThat(Conditions.in("a", List.of("x")).toBsonDocument()).isEqualTo(json("{a: {$in: ['x']}}"));
        assertThat(Conditions.nin("a", 1, null).toBsonDocument()).isEqualTo(json("{a: {$nin: [1, null]}}"));
        assertThat(Conditions.nin("a", Set.of(3)).toBsonDocument()).isEqualTo(json("{a: {$nin: [3]}}"));
        assertThat(Conditions.all("tags", "a", "b").toBsonDocument()).isEqualTo(json("{tags: {$all: ['a', 'b']}}"));
        assertThat(Conditions.all("tags", List.of()).toBsonDocument()).isEqualTo(json("{tags: {$all: []}}"));
    }

    @Test
    void in_of_nothing_is_an_empty_array_which_matches_nothing() {
        assertThat(Conditions.in("a").toBsonDocument()).isEqualTo(json("{a: {$in: []}}"));
    }

    @Test
    void the_values_of_in_are_copied() {
        List<Object> values = new java.util.ArrayList<>(List.of(1));
        Object[] array = {1};
        Condition fromList = Conditions.in("a", values);
        Condition fromArray = Conditions.in("a", array);

        values.add(2);
        array[0] = 9;

        assertThat(fromList.toBsonDocument()).isEqualTo(json("{a: {$in: [1]}}"));
        assertThat(fromArray.toBsonDocument()).isEqualTo(json("{a: {$in: [1]}}"));
    }

    @Test
    void size_compiles_to_$size() {
        assertThat(Conditions.size("tags", 0).toBsonDocument()).isEqualTo(json("{tags: {$size: 0}}"));
    }

    @Test
    void elemMatch_on_documents_names_the_elements_fields() {
        Condition c = Conditions.elemMatch("items", Conditions.and(Conditions.eq("sku", "x"), Conditions.gt("qty", 0)));

        assertThat(c.toBsonDocument()).isEqualTo(json("{items: {$elemMatch: {$and: [{sku: 'x'}, {qty: {$gt: 0}}]}}}"));
    }

    @Test
    void elemMatch_on_scalars_uses_element_conditions() {
        assertThat(Conditions.elemMatch("scores", Conditions.element().gte(80)).toBsonDocument())
                .isEqualTo(json("{scores: {$elemMatch: {$gte: 80}}}"));
    }

    @Test
    void elemMatch_accepts_a_driver_filter() {
        assertThat(Conditions.elemMatch("items", Filters.eq("sku", "x")).toBsonDocument())
                .isEqualTo(json("{items: {$elemMatch: {sku: 'x'}}}"));
    }

    // ---- element -----------------------------------------------------------------------------

    @Test
    void exists_and_type() {
        assertThat(Conditions.exists("a").toBsonDocument()).isEqualTo(json("{a: {$exists: true}}"));
        assertThat(Conditions.exists("a", false).toBsonDocument()).isEqualTo(json("{a: {$exists: false}}"));
        assertThat(Conditions.type("a", BsonType.STRING).toBsonDocument()).isEqualTo(json("{a: {$type: 2}}"));
        assertThat(Conditions.type("a", BsonType.DECIMAL128).toBsonDocument()).isEqualTo(json("{a: {$type: 19}}"));
    }

    // ---- regex -------------------------------------------------------------------------------

    @Test
    void regex_from_a_pattern_string_with_and_without_options() {
        assertThat(Conditions.regex("name", "^Ad").toBsonDocument())
                .isEqualTo(json("{name: {$regularExpression: {pattern: '^Ad', options: ''}}}"));
        assertThat(Conditions.regex("name", "^ad", "i").toBsonDocument())
                .isEqualTo(json("{name: {$regularExpression: {pattern: '^ad', options: 'i'}}}"));
    }

    @Test
    void regex_from_a_java_pattern_translates_its_flags() {
        Pattern p = Pattern.compile("^a.b$", Pattern.CASE_INSENSITIVE | Pattern.MULTILINE | Pattern.DOTALL | Pattern.COMMENTS);

        assertThat(Conditions.regex("name", p).toBsonDocument())
                .isEqualTo(json("{name: {$regularExpression: {pattern: '^a.b$', options: 'imsx'}}}"));
        assertThat(Conditions.regex("name", Pattern.compile("x")).toBsonDocument())
                .isEqualTo(json("{name: {$regularExpression: {pattern: 'x', options: ''}}}"));
    }

    @Test
    void a_literal_pattern_is_quoted_so_its_metacharacters_match_themselves() {
        assertThat(Conditions.regex("name", Pattern.compile("a.b*", Pattern.LITERAL | Pattern.CASE_INSENSITIVE)).toBsonDocument())
                .isEqualTo(json("{name: {$regularExpression: {pattern: '\\\\Qa.b*\\\\E', options: 'i'}}}"));
    }

    // The driver writes UNICODE_CASE as the option 'u', which servers before 6.1 reject; the
    // server matches in Unicode anyway, so ours leaves it out.
    @Test
    void unicode_case_is_implied_and_left_out() {
        assertThat(Conditions.regex("name", Pattern.compile("é", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)).toBsonDocument())
                .isEqualTo(json("{name: {$regularExpression: {pattern: 'é', options: 'i'}}}"));
    }

    // The driver writes these as the options 'c', 'd' and 'gu', which the server rejects; ours refuses
    // them when the condition is built. (LITERAL it writes as 't'; ours quotes the pattern instead.)
    @Test
    void pattern_flags_with_no_mongodb_option_are_refused() {
        assertThatThrownBy(() -> Conditions.regex("name", Pattern.compile("x", Pattern.CANON_EQ)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$regex on 'name': the Pattern flag CANON_EQ has no MongoDB option");
        assertThatThrownBy(() -> Conditions.regex("name", Pattern.compile("x", Pattern.UNIX_LINES)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$regex on 'name': the Pattern flag UNIX_LINES has no MongoDB option");
        assertThatThrownBy(() -> Conditions.regex("name", Pattern.compile("x", Pattern.UNICODE_CHARACTER_CLASS)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$regex on 'name': the Pattern flag UNICODE_CHARACTER_CLASS has no MongoDB option");
    }

    // ---- logical -----------------------------------------------------------------------------

    @Test
    void and_or_nor_compile_to_arrays_of_their_conditions_in_order() {
        Condition a = Conditions.eq("a", 1);
        Condition b = Conditions.gt("b", 2);

        assertThat(Conditions.and(a, b).toBsonDocument()).isEqualTo(json("{$and: [{a: 1}, {b: {$gt: 2}}]}"));
        assertThat(Conditions.or(a, b).toBsonDocument()).isEqualTo(json("{$or: [{a: 1}, {b: {$gt: 2}}]}"));
        assertThat(Conditions.nor(a, b).toBsonDocument()).isEqualTo(json("{$nor: [{a: 1}, {b: {$gt: 2}}]}"));
        assertThat(Conditions.and(a).toBsonDocument()).isEqualTo(json("{$and: [{a: 1}]}"));
    }

    @Test
    void the_instance_and_or_read_left_to_right() {
        Condition c = Conditions.eq("a", 1).and(Conditions.eq("b", 2)).or(Conditions.eq("c", 3));

        assertThat(c.toBsonDocument()).isEqualTo(json("{$or: [{$and: [{a: 1}, {b: 2}]}, {c: 3}]}"));
    }

    @Test
    void logical_conditions_nest_and_mix_with_driver_filters() {
        Condition c = Conditions.or(Conditions.and(Conditions.eq("a", 1), Filters.exists("b")), Conditions.nor(Filters.eq("c", 1)));

        assertThat(c.toBsonDocument())
                .isEqualTo(json("{$or: [{$and: [{a: 1}, {b: {$exists: true}}]}, {$nor: [{c: 1}]}]}"));
    }

    @Test
    void the_conditions_array_is_copied() {
        org.bson.conversions.Bson[] conditions = {Conditions.eq("a", 1)};
        Condition and = Conditions.and(conditions);

        conditions[0] = Conditions.eq("z", 0);

        assertThat(and.toBsonDocument()).isEqualTo(json("{$and: [{a: 1}]}"));
    }

    // ---- $expr -------------------------------------------------------------------------------

    @Test
    void expr_wraps_an_aggregation_expression() {
        Condition c = Conditions.expr(dev.atomicmongo.update.Expr.gt(
                dev.atomicmongo.update.Expr.size(dev.atomicmongo.update.Expr.field("queue")),
                dev.atomicmongo.update.Expr.literal(10)));

        assertThat(c.toBsonDocument()).isEqualTo(json("{$expr: {$gt: [{$size: '$queue'}, 10]}}"));
    }

    @Test
    void expr_literals_that_look_like_paths_are_wrapped() {
        Condition c = Conditions.expr(dev.atomicmongo.update.Expr.eq(
                dev.atomicmongo.update.Expr.field("price"), dev.atomicmongo.update.Expr.literal("$5")));

        assertThat(c.toBsonDocument()).isEqualTo(json("{$expr: {$eq: ['$price', {$literal: '$5'}]}}"));
    }

    // ---- value semantics ---------------------------------------------------------------------

    @Test
    void toString_prints_the_compiled_filter() {
        assertThat(Conditions.lt("sold", 100)).hasToString("{\"sold\": {\"$lt\": 100}}");
    }

    @Test
    void equal_conditions_are_equal_and_number_types_matter() {
        assertThat(Conditions.eq("a", 1)).isEqualTo(Conditions.eq("a", 1)).hasSameHashCodeAs(Conditions.eq("a", 1));
        assertThat(Conditions.eq("a", 1)).isEqualTo(Conditions.field("a").eq(1));
        assertThat(Conditions.eq("a", 1)).isNotEqualTo(Conditions.eq("a", 2));
        assertThat(Conditions.eq("a", 1)).isNotEqualTo(Conditions.eq("a", 1L));
        assertThat(Conditions.in("a", 1, 2)).isNotEqualTo(Conditions.in("a", Arrays.asList(2, 1)));
    }

    @Test
    void a_condition_is_a_driver_bson_usable_inside_driver_filters() {
        assertThat(Filters.and(Conditions.eq("a", 1), Filters.eq("b", 2))
                .toBsonDocument(BsonDocument.class, com.mongodb.MongoClientSettings.getDefaultCodecRegistry()))
                .isEqualTo(json("{$and: [{a: 1}, {b: 2}]}"));
    }
}

package dev.atomicmongo.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;

import dev.atomicmongo.internal.BsonValues;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.Test;

class ExprTest {

    /** Compiles the expression as the value of a one-field document, to compare it with parsed JSON. */
    private static BsonDocument compiled(Expr expr) {
        return new BsonDocument("e", expr.toBsonValue(BsonValues.DEFAULT_REGISTRY));
    }

    private static BsonDocument json(String expression) {
        return BsonDocument.parse("{e: " + expression + "}");
    }

    // ---- references and constants -----------------------------------------------------------

    @Test
    void field_compiles_to_a_dollar_path() {
        assertThat(compiled(Expr.field("lock.until"))).isEqualTo(json("'$lock.until'"));
    }

    @Test
    void now_compiles_to_the_now_variable() {
        assertThat(compiled(Expr.now())).isEqualTo(json("'$$NOW'"));
    }

    @Test
    void a_plain_literal_is_written_as_is() {
        assertThat(compiled(Expr.literal(5))).isEqualTo(json("5"));
        assertThat(compiled(Expr.literal("open"))).isEqualTo(json("'open'"));
        assertThat(compiled(Expr.literal(null))).isEqualTo(json("null"));
        assertThat(compiled(Expr.literal(true))).isEqualTo(json("true"));
        assertThat(compiled(Expr.literal(new Date(7)))).isEqualTo(json("{$date: {$numberLong: '7'}}"));
        assertThat(compiled(Expr.literal(List.of(1, "a")))).isEqualTo(json("[1, 'a']"));
    }

    @Test
    void a_string_starting_with_a_dollar_is_wrapped_in_$literal_so_it_stays_a_string() {
        assertThat(compiled(Expr.literal("$100"))).isEqualTo(json("{$literal: '$100'}"));
        assertThat(compiled(Expr.literal("$$NOW"))).isEqualTo(json("{$literal: '$$NOW'}"));
        assertThat(compiled(Expr.literal("$"))).isEqualTo(json("{$literal: '$'}"));
    }

    @Test
    void a_string_with_a_dollar_elsewhere_is_not_wrapped() {
        assertThat(compiled(Expr.literal("costs $5"))).isEqualTo(json("'costs $5'"));
    }

    @Test
    void every_document_is_wrapped_in_$literal_so_its_values_are_not_evaluated() {
        assertThat(compiled(Expr.literal(new Document("a", 1)))).isEqualTo(json("{$literal: {a: 1}}"));
        assertThat(compiled(Expr.literal(Map.of("$gt", 1)))).isEqualTo(json("{$literal: {$gt: 1}}"));
        assertThat(compiled(Expr.literal(new Document("price", "$5")))).isEqualTo(json("{$literal: {price: '$5'}}"));
    }

    @Test
    void an_array_holding_a_dollar_string_or_a_dollar_document_is_wrapped() {
        assertThat(compiled(Expr.literal(List.of("a", "$b")))).isEqualTo(json("{$literal: ['a', '$b']}"));
        assertThat(compiled(Expr.literal(List.of(new Document("$x", 1))))).isEqualTo(json("{$literal: [{$x: 1}]}"));
        assertThat(compiled(Expr.literal(List.of(List.of("$deep"))))).isEqualTo(json("{$literal: [['$deep']]}"));
        assertThat(compiled(Expr.literal(List.of(new Document("k", "$v"))))).isEqualTo(json("{$literal: [{k: '$v'}]}"));
    }

    @Test
    void an_array_holding_any_document_is_wrapped_since_its_elements_would_be_read_as_expression_objects() {
        assertThat(compiled(Expr.literal(List.of(new Document("k", 1))))).isEqualTo(json("{$literal: [{k: 1}]}"));
        assertThat(compiled(Expr.literal(List.of(1, 2)))).isEqualTo(json("[1, 2]"));
    }

    // ---- operators ---------------------------------------------------------------------------

    @Test
    void cond_compiles_to_a_three_element_array() {
        Expr e = Expr.cond(Expr.lt(Expr.field("sold"), Expr.field("capacity")), Expr.literal("open"), Expr.literal("full"));

        assertThat(compiled(e)).isEqualTo(json("{$cond: [{$lt: ['$sold', '$capacity']}, 'open', 'full']}"));
    }

    @Test
    void ifNull_size_and_add() {
        Expr e = Expr.add(Expr.size(Expr.ifNull(Expr.field("queue"), Expr.literal(List.of()))), Expr.literal(1));

        assertThat(compiled(e)).isEqualTo(json("{$add: [{$size: {$ifNull: ['$queue', []]}}, 1]}"));
    }

    @Test
    void subtract_and_concatArrays() {
        assertThat(compiled(Expr.subtract(Expr.field("a"), Expr.literal(2L))))
                .isEqualTo(json("{$subtract: ['$a', {$numberLong: '2'}]}"));
        assertThat(compiled(Expr.concatArrays(Expr.field("q"), Expr.literal(List.of("$job")))))
                .isEqualTo(json("{$concatArrays: ['$q', {$literal: ['$job']}]}"));
    }

    @Test
    void slice_of_n_and_slice_from_a_position() {
        assertThat(compiled(Expr.slice(Expr.field("q"), -10))).isEqualTo(json("{$slice: ['$q', -10]}"));
        assertThat(compiled(Expr.slice(Expr.field("q"), Expr.literal(2), Expr.literal(3))))
                .isEqualTo(json("{$slice: ['$q', 2, 3]}"));
    }

    @Test
    void comparisons_compile_to_two_element_arrays() {
        Expr a = Expr.field("a");
        Expr one = Expr.literal(1);

        assertThat(compiled(Expr.eq(a, one))).isEqualTo(json("{$eq: ['$a', 1]}"));
        assertThat(compiled(Expr.ne(a, one))).isEqualTo(json("{$ne: ['$a', 1]}"));
        assertThat(compiled(Expr.lt(a, one))).isEqualTo(json("{$lt: ['$a', 1]}"));
        assertThat(compiled(Expr.lte(a, one))).isEqualTo(json("{$lte: ['$a', 1]}"));
        assertThat(compiled(Expr.gt(a, one))).isEqualTo(json("{$gt: ['$a', 1]}"));
        assertThat(compiled(Expr.gte(a, one))).isEqualTo(json("{$gte: ['$a', 1]}"));
    }

    @Test
    void logical_operators_and_in_max_min() {
        Expr t = Expr.literal(true);
        Expr f = Expr.field("flag");

        assertThat(compiled(Expr.and(t, f))).isEqualTo(json("{$and: [true, '$flag']}"));
        assertThat(compiled(Expr.or(t, f))).isEqualTo(json("{$or: [true, '$flag']}"));
        assertThat(compiled(Expr.not(f))).isEqualTo(json("{$not: ['$flag']}"));
        assertThat(compiled(Expr.in(Expr.literal("u1"), Expr.field("users")))).isEqualTo(json("{$in: ['u1', '$users']}"));
        assertThat(compiled(Expr.max(Expr.field("a"), Expr.literal(0)))).isEqualTo(json("{$max: ['$a', 0]}"));
        assertThat(compiled(Expr.min(Expr.field("a"), Expr.literal(9)))).isEqualTo(json("{$min: ['$a', 9]}"));
    }

    @Test
    void the_lock_example_of_the_class_documentation_compiles() {
        Expr until = Expr.cond(
                Expr.lt(Expr.ifNull(Expr.field("lock.until"), Expr.literal(new Date(0))), Expr.now()),
                Expr.add(Expr.now(), Expr.literal(30_000)),
                Expr.field("lock.until"));

        assertThat(compiled(until)).isEqualTo(json("{$cond: [{$lt: [{$ifNull: ['$lock.until', {$date: {$numberLong: '0'}}]},"
                + " '$$NOW']}, {$add: ['$$NOW', 30000]}, '$lock.until']}"));
    }

    @Test
    void the_arguments_array_is_copied() {
        Expr[] terms = {Expr.literal(1), Expr.literal(2)};
        Expr sum = Expr.add(terms);

        terms[0] = Expr.literal(100);

        assertThat(compiled(sum)).isEqualTo(json("{$add: [1, 2]}"));
    }

    // ---- errors ------------------------------------------------------------------------------

    @Test
    void a_field_reference_validates_its_path() {
        assertThatThrownBy(() -> Expr.field(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("Expr.field: path must not be null");
        assertThatThrownBy(() -> Expr.field(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Expr.field: path must not be blank");
        assertThatThrownBy(() -> Expr.field("$a"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Expr.field on '$a': segment '$a' starts with '$'");
        assertThatThrownBy(() -> Expr.field("a..b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Expr.field on 'a..b': a path must not have an empty segment");
    }

    @Test
    void a_null_argument_is_refused_when_the_expression_is_built() {
        assertThatThrownBy(() -> Expr.add(Expr.field("a"), null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("$add: argument must not be null");
        assertThatThrownBy(() -> Expr.cond(null, Expr.literal(1), Expr.literal(2)))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("$cond: argument must not be null");
        assertThatThrownBy(() -> Expr.size(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("$size: argument must not be null");
        assertThatThrownBy(() -> Expr.slice(null, 3))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("$slice: argument must not be null");
        assertThatThrownBy(() -> Expr.and((Expr[]) null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("$and");
    }

    // ---- value semantics ---------------------------------------------------------------------

    @Test
    void toString_prints_the_compiled_expression_inside_a_document() {
        assertThat(Expr.add(Expr.field("a"), Expr.literal(1))).hasToString("{\"expr\": {\"$add\": [\"$a\", 1]}}");
    }

    @Test
    void equal_expressions_are_equal_and_differently_typed_numbers_are_not() {
        assertThat(Expr.literal(1)).isEqualTo(Expr.literal(1)).hasSameHashCodeAs(Expr.literal(1));
        assertThat(Expr.field("a")).isEqualTo(Expr.field("a"));
        assertThat(Expr.literal(1)).isNotEqualTo(Expr.literal(1L));
        assertThat(Expr.literal(Arrays.asList(1, 2))).isNotEqualTo(Expr.literal(List.of(2, 1)));
    }
}

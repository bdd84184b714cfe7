package dev.atomicmongo.update;

import static dev.atomicmongo.update.Expr.field;
import static dev.atomicmongo.update.Expr.literal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.atomicmongo.internal.BsonValues;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** The exact BSON of every operator added for issue 10, and the validation of names and keys. */
class ExprOperatorsTest {

    private static BsonDocument compiled(Expr expr) {
        return new BsonDocument("e", expr.toBsonValue(BsonValues.DEFAULT_REGISTRY));
    }

    private static BsonDocument json(String expression) {
        return BsonDocument.parse("{e: " + expression + "}");
    }

    // ---- arithmetic -------------------------------------------------------------------------------

    @Test
    void binary_and_variadic_arithmetic_compile_to_argument_arrays() {
        assertThat(compiled(Expr.multiply(field("price"), literal(2), field("qty"))))
                .isEqualTo(json("{$multiply: ['$price', 2, '$qty']}"));
        assertThat(compiled(Expr.divide(field("a"), literal(4)))).isEqualTo(json("{$divide: ['$a', 4]}"));
        assertThat(compiled(Expr.mod(field("a"), literal(3)))).isEqualTo(json("{$mod: ['$a', 3]}"));
        assertThat(compiled(Expr.pow(field("a"), literal(2)))).isEqualTo(json("{$pow: ['$a', 2]}"));
        assertThat(compiled(Expr.log(field("a"), literal(2)))).isEqualTo(json("{$log: ['$a', 2]}"));
    }

    @Test
    void one_argument_arithmetic_compiles_to_the_argument_itself() {
        assertThat(compiled(Expr.abs(field("d")))).isEqualTo(json("{$abs: '$d'}"));
        assertThat(compiled(Expr.ceil(field("d")))).isEqualTo(json("{$ceil: '$d'}"));
        assertThat(compiled(Expr.floor(field("d")))).isEqualTo(json("{$floor: '$d'}"));
        assertThat(compiled(Expr.sqrt(field("d")))).isEqualTo(json("{$sqrt: '$d'}"));
        assertThat(compiled(Expr.exp(field("d")))).isEqualTo(json("{$exp: '$d'}"));
        assertThat(compiled(Expr.ln(field("d")))).isEqualTo(json("{$ln: '$d'}"));
        assertThat(compiled(Expr.log10(field("d")))).isEqualTo(json("{$log10: '$d'}"));
        assertThat(compiled(Expr.abs(Expr.subtract(field("a"), field("b"))))).isEqualTo(json("{$abs: {$subtract: ['$a', '$b']}}"));
    }

    @Test
    void round_and_trunc_with_and_without_a_place() {
        assertThat(compiled(Expr.round(field("v")))).isEqualTo(json("{$round: ['$v']}"));
        assertThat(compiled(Expr.round(field("v"), 1))).isEqualTo(json("{$round: ['$v', 1]}"));
        assertThat(compiled(Expr.trunc(field("v")))).isEqualTo(json("{$trunc: ['$v']}"));
        assertThat(compiled(Expr.trunc(field("v"), -1))).isEqualTo(json("{$trunc: ['$v', -1]}"));
    }

    // ---- accumulators ---------------------------------------------------------------------------

    @Test
    void accumulators_of_one_array_take_it_as_their_operand_and_of_several_take_a_list() {
        assertThat(compiled(Expr.sum(field("scores")))).isEqualTo(json("{$sum: '$scores'}"));
        assertThat(compiled(Expr.avg(field("scores")))).isEqualTo(json("{$avg: '$scores'}"));
        assertThat(compiled(Expr.max(field("scores")))).isEqualTo(json("{$max: '$scores'}"));
        assertThat(compiled(Expr.min(field("scores")))).isEqualTo(json("{$min: '$scores'}"));
        assertThat(compiled(Expr.sum(field("a"), field("b"), literal(1)))).isEqualTo(json("{$sum: ['$a', '$b', 1]}"));
        assertThat(compiled(Expr.avg(field("a"), field("b")))).isEqualTo(json("{$avg: ['$a', '$b']}"));
    }

    @Test
    void a_single_array_operand_is_wrapped_so_the_server_does_not_read_its_elements_as_arguments() {
        assertThat(compiled(Expr.sum(literal(List.of(1, 2, 3))))).isEqualTo(json("{$sum: [[1, 2, 3]]}"));
        assertThat(compiled(Expr.sum(Expr.array(field("a"), field("b"))))).isEqualTo(json("{$sum: [['$a', '$b']]}"));
        assertThat(compiled(Expr.size(literal(List.of(1, 2))))).isEqualTo(json("{$size: [[1, 2]]}"));
        assertThat(compiled(Expr.reverseArray(Expr.array(literal(1))))).isEqualTo(json("{$reverseArray: [[1]]}"));
    }

    // ---- $switch ---------------------------------------------------------------------------------

    @Test
    void switch_compiles_branches_in_order_and_the_default() {
        Expr grade = Expr.switchCase(Expr.gte(field("average"), literal(90)), literal("A"))
                .when(Expr.gte(field("average"), literal(80)), literal("B"))
                .otherwise(literal("F"));

        assertThat(compiled(grade)).isEqualTo(json("{$switch: {branches: ["
                + "{case: {$gte: ['$average', 90]}, then: 'A'}, {case: {$gte: ['$average', 80]}, then: 'B'}],"
                + " default: 'F'}}"));
    }

    @Test
    void switch_without_default_has_no_default_key() {
        Expr e = Expr.switchOn().when(field("ok"), literal(1)).noDefault();

        assertThat(compiled(e)).isEqualTo(json("{$switch: {branches: [{case: '$ok', then: 1}]}}"));
    }

    @Test
    void switch_without_a_branch_is_refused() {
        assertThatThrownBy(() -> Expr.switchOn().otherwise(literal(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$switch: needs at least one branch (when(condition, then))");
        assertThatThrownBy(() -> Expr.switchOn().noDefault())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$switch: needs at least one branch (when(condition, then))");
    }

    @Test
    void switch_builders_are_values() {
        Switch one = Expr.switchCase(field("a"), literal(1));
        Switch two = one.when(field("b"), literal(2));

        assertThat(one).isEqualTo(Expr.switchOn().when(field("a"), literal(1)))
                .hasSameHashCodeAs(Expr.switchOn().when(field("a"), literal(1)));
        assertThat(one).isNotEqualTo(two);
        assertThat(compiled(one.otherwise(literal(0)))).isEqualTo(json("{$switch: {branches: [{case: '$a', then: 1}], default: 0}}"));
        assertThat(one).hasToString("{\"$switch\": {\"branches\": [{\"case\": \"$a\", \"then\": 1}]}}");
        assertThat(Expr.switchOn()).hasToString("{\"$switch\": {\"branches\": []}}");
    }

    // ---- arrays and objects of expressions -------------------------------------------------------

    @Test
    void array_elements_are_expressions_not_literals() {
        assertThat(compiled(Expr.array(field("a"), literal("$x"), Expr.now())))
                .isEqualTo(json("['$a', {$literal: '$x'}, '$$NOW']"));
        assertThat(compiled(Expr.array())).isEqualTo(json("[]"));
    }

    @Test
    void object_values_are_expressions_and_keys_keep_their_order() {
        Map<String, Expr> fields = new LinkedHashMap<>();
        fields.put("z", field("a"));
        fields.put("a", literal(new Document("k", 1)));

        assertThat(compiled(Expr.object(fields))).isEqualTo(json("{z: '$a', a: {$literal: {k: 1}}}"));
        assertThat(compiled(Expr.object(fields)).getDocument("e").keySet()).containsExactly("z", "a");
        assertThat(compiled(Expr.object("b", literal(1), "a", field("x"), "c", Expr.now())))
                .isEqualTo(json("{b: 1, a: '$x', c: '$$NOW'}"));
    }

    @Test
    void object_keys_must_be_plain_field_names() {
        assertThatThrownBy(() -> Expr.object("$gt", literal(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Expr.object: key '$gt' must not be empty, start with '$', or hold a '.' or NUL (MongoDB reads"
                        + " such keys as operators or paths); use Expr.literal for such data");
        assertThatThrownBy(() -> Expr.object("a.b", literal(1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Expr.object: key 'a.b' must not");
        assertThatThrownBy(() -> Expr.object("", literal(1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Expr.object: key '' must not");
        assertThatThrownBy(() -> Expr.object("a", literal(1), "a", literal(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Expr.object: key 'a' appears twice");
        assertThatThrownBy(() -> Expr.object(null, literal(1)))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("Expr.object: key must not be null");
        assertThatThrownBy(() -> Expr.object("a", literal(1), null, literal(2)))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("Expr.object: key must not be null");
        assertThatThrownBy(() -> Expr.object("a", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("Expr.object: value of 'a' must not be null; use Expr.literal(null)");
    }

    @Test
    void mergeObjects_of_defaults_and_the_root() {
        Expr e = Expr.mergeObjects(Expr.object("quiz", literal(0), "homework", literal(0)), Expr.root());

        assertThat(compiled(e)).isEqualTo(json("{$mergeObjects: [{quiz: 0, homework: 0}, '$$ROOT']}"));
    }

    // ---- variables -------------------------------------------------------------------------------

    @Test
    void system_variables_compile_to_their_names() {
        assertThat(compiled(Expr.now())).isEqualTo(json("'$$NOW'"));
        assertThat(compiled(Expr.clusterTime())).isEqualTo(json("'$$CLUSTER_TIME'"));
        assertThat(compiled(Expr.root())).isEqualTo(json("'$$ROOT'"));
        assertThat(compiled(Expr.current())).isEqualTo(json("'$$CURRENT'"));
        assertThat(compiled(Expr.remove())).isEqualTo(json("'$$REMOVE'"));
    }

    @Test
    void user_variables_compile_to_a_double_dollar_name_and_may_name_a_field_path() {
        assertThat(compiled(Expr.variable("targetTotal"))).isEqualTo(json("'$$targetTotal'"));
        assertThat(compiled(Expr.variable("item", "qty.n"))).isEqualTo(json("'$$item.qty.n'"));
        assertThat(compiled(Expr.variable("é_1"))).isEqualTo(json("'$$é_1'"));
    }

    @Test
    void user_variable_names_follow_mongodb_rules() {
        assertThatThrownBy(() -> Expr.variable("NOW"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Expr.variable 'NOW': a user variable name must start with a lowercase ASCII letter or a"
                        + " non-ASCII character (system variables: Expr.now(), root(), current(), remove(), clusterTime())");
        assertThatThrownBy(() -> Expr.variable("_x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Expr.variable '_x': a user variable name must start with a lowercase ASCII letter or a"
                        + " non-ASCII character");
        assertThatThrownBy(() -> Expr.variable("a.b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Expr.variable 'a.b': a variable name may hold only ASCII letters, digits, '_' and non-ASCII"
                        + " characters, not '.'");
        assertThatThrownBy(() -> Expr.variable("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Expr.variable: a variable name must not be empty");
        assertThatThrownBy(() -> Expr.variable(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("Expr.variable: name must not be null");
        assertThatThrownBy(() -> Expr.variable("item", "$bad")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Expr.variable on '$bad': segment '$bad' starts with '$'");
    }

    // ---- type and conversion ---------------------------------------------------------------------

    @Test
    void conversions_and_type_checks() {
        assertThat(compiled(Expr.toStringOf(field("a")))).isEqualTo(json("{$toString: '$a'}"));
        assertThat(compiled(Expr.toInt(field("a")))).isEqualTo(json("{$toInt: '$a'}"));
        assertThat(compiled(Expr.toLong(field("a")))).isEqualTo(json("{$toLong: '$a'}"));
        assertThat(compiled(Expr.toDouble(field("a")))).isEqualTo(json("{$toDouble: '$a'}"));
        assertThat(compiled(Expr.toDecimal(field("a")))).isEqualTo(json("{$toDecimal: '$a'}"));
        assertThat(compiled(Expr.toBool(field("a")))).isEqualTo(json("{$toBool: '$a'}"));
        assertThat(compiled(Expr.toDate(field("a")))).isEqualTo(json("{$toDate: '$a'}"));
        assertThat(compiled(Expr.type(field("a")))).isEqualTo(json("{$type: '$a'}"));
        assertThat(compiled(Expr.isNumber(field("a")))).isEqualTo(json("{$isNumber: '$a'}"));
        assertThat(compiled(Expr.isArray(field("a")))).isEqualTo(json("{$isArray: ['$a']}"));
        assertThat(compiled(Expr.cmp(field("a"), literal(1)))).isEqualTo(json("{$cmp: ['$a', 1]}"));
    }

    // ---- strings ---------------------------------------------------------------------------------

    @Test
    void string_operators() {
        assertThat(compiled(Expr.concat(field("first"), literal(" "), field("last"))))
                .isEqualTo(json("{$concat: ['$first', ' ', '$last']}"));
        assertThat(compiled(Expr.toLower(field("s")))).isEqualTo(json("{$toLower: '$s'}"));
        assertThat(compiled(Expr.toUpper(field("s")))).isEqualTo(json("{$toUpper: '$s'}"));
        assertThat(compiled(Expr.strLenCP(field("s")))).isEqualTo(json("{$strLenCP: '$s'}"));
        assertThat(compiled(Expr.substrCP(field("s"), literal(0), literal(3)))).isEqualTo(json("{$substrCP: ['$s', 0, 3]}"));
        assertThat(compiled(Expr.concat(literal("$"), field("price")))).isEqualTo(json("{$concat: [{$literal: '$'}, '$price']}"));
    }

    // ---- arrays ----------------------------------------------------------------------------------

    @Test
    void array_operators() {
        assertThat(compiled(Expr.arrayElemAt(field("q"), -1))).isEqualTo(json("{$arrayElemAt: ['$q', -1]}"));
        assertThat(compiled(Expr.indexOfArray(field("q"), literal("x")))).isEqualTo(json("{$indexOfArray: ['$q', 'x']}"));
        assertThat(compiled(Expr.reverseArray(field("q")))).isEqualTo(json("{$reverseArray: '$q'}"));
        assertThat(compiled(Expr.setUnion(field("a"), literal(List.of("x"))))).isEqualTo(json("{$setUnion: ['$a', ['x']]}"));
        assertThat(compiled(Expr.setDifference(field("a"), field("b")))).isEqualTo(json("{$setDifference: ['$a', '$b']}"));
        assertThat(compiled(Expr.in(literal("u"), Expr.array(field("a"), field("b"))))).isEqualTo(json("{$in: ['u', ['$a', '$b']]}"));
    }

    @Test
    void filter_map_and_reduce_bind_their_variables() {
        assertThat(compiled(Expr.filter(field("items"), "item", Expr.gte(Expr.variable("item", "price"), literal(100)))))
                .isEqualTo(json("{$filter: {input: '$items', as: 'item', cond: {$gte: ['$$item.price', 100]}}}"));
        assertThat(compiled(Expr.filter(field("items"), Expr.gt(Expr.variable("this"), literal(0)))))
                .isEqualTo(json("{$filter: {input: '$items', cond: {$gt: ['$$this', 0]}}}"));
        assertThat(compiled(Expr.map(field("q"), "n", Expr.multiply(Expr.variable("n"), literal(2)))))
                .isEqualTo(json("{$map: {input: '$q', as: 'n', in: {$multiply: ['$$n', 2]}}}"));
        assertThat(compiled(Expr.map(field("q"), Expr.toUpper(Expr.variable("this")))))
                .isEqualTo(json("{$map: {input: '$q', in: {$toUpper: '$$this'}}}"));
        assertThat(compiled(Expr.reduce(field("q"), literal(0), Expr.add(Expr.variable("value"), Expr.variable("this")))))
                .isEqualTo(json("{$reduce: {input: '$q', initialValue: 0, in: {$add: ['$$value', '$$this']}}}"));
    }

    @Test
    void the_as_name_of_filter_and_map_is_validated_as_a_variable_name() {
        assertThatThrownBy(() -> Expr.map(field("q"), "$n", literal(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$map as '$n': a user variable name must start with a lowercase ASCII letter or a non-ASCII"
                        + " character");
    }

    // ---- dates -----------------------------------------------------------------------------------

    @Test
    void date_arithmetic_and_truncation() {
        assertThat(compiled(Expr.dateAdd(Expr.now(), "day", 3)))
                .isEqualTo(json("{$dateAdd: {startDate: '$$NOW', unit: 'day', amount: {$numberLong: '3'}}}"));
        assertThat(compiled(Expr.dateSubtract(field("at"), "hour", field("h"))))
                .isEqualTo(json("{$dateSubtract: {startDate: '$at', unit: 'hour', amount: '$h'}}"));
        assertThat(compiled(Expr.dateTrunc(field("at"), "month"))).isEqualTo(json("{$dateTrunc: {date: '$at', unit: 'month'}}"));
    }

    @Test
    void date_units_are_mongodb_units() {
        assertThatThrownBy(() -> Expr.dateAdd(Expr.now(), "days", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$dateAdd: unit 'days' is not one of year, quarter, month, week, day, hour, minute, second,"
                        + " millisecond");
    }

    // ---- value semantics -------------------------------------------------------------------------

    @Test
    void new_operators_are_compared_structurally() {
        Expr a = Expr.object("x", Expr.multiply(field("a"), literal(2)));

        assertThat(a).isEqualTo(Expr.object("x", Expr.multiply(field("a"), literal(2))))
                .hasSameHashCodeAs(Expr.object("x", Expr.multiply(field("a"), literal(2))));
        assertThat(a).isNotEqualTo(Expr.object("x", Expr.multiply(field("a"), literal(2L))));
        assertThat(Expr.array(field("a"))).isNotEqualTo(literal(List.of("$a")));
        assertThat(Expr.sum(field("a"))).isNotEqualTo(Expr.sum(field("a"), field("b")));
        assertThat(Expr.variable("x")).isEqualTo(Expr.variable("x")).isNotEqualTo(field("x"));
        assertThat(Expr.dateAdd(Expr.now(), "day", 1)).isEqualTo(Expr.dateAdd(Expr.now(), "day", 1))
                .isNotEqualTo(Expr.dateAdd(Expr.now(), "hour", 1));
    }

    @Test
    void toString_shows_the_bson() {
        assertThat(Expr.object("a", Expr.abs(field("b")))).hasToString("{\"expr\": {\"a\": {\"$abs\": \"$b\"}}}");
    }
}

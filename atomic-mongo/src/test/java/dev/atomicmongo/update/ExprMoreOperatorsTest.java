package dev.atomicmongo.update;

import static dev.atomicmongo.update.Expr.field;
import static dev.atomicmongo.update.Expr.literal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.atomicmongo.internal.BsonValues;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

/** The exact BSON of the array, set, string, date, type, trigonometry, bitwise and variable operators beyond the list. */
class ExprMoreOperatorsTest {

    private static BsonDocument compiled(Expr expr) {
        return new BsonDocument("e", expr.toBsonValue(BsonValues.DEFAULT_REGISTRY));
    }

    private static BsonDocument json(String expression) {
        return BsonDocument.parse("{e: " + expression + "}");
    }

    @Test
    void arrays_and_sets() {
        assertThat(compiled(Expr.first(field("q")))).isEqualTo(json("{$first: '$q'}"));
        assertThat(compiled(Expr.last(field("q")))).isEqualTo(json("{$last: '$q'}"));
        assertThat(compiled(Expr.arrayToObject(field("kv")))).isEqualTo(json("{$arrayToObject: '$kv'}"));
        assertThat(compiled(Expr.objectToArray(field("d")))).isEqualTo(json("{$objectToArray: '$d'}"));
        assertThat(compiled(Expr.range(literal(0), field("n")))).isEqualTo(json("{$range: [0, '$n']}"));
        assertThat(compiled(Expr.range(literal(0), literal(10), literal(2)))).isEqualTo(json("{$range: [0, 10, 2]}"));
        assertThat(compiled(Expr.setEquals(field("a"), field("b")))).isEqualTo(json("{$setEquals: ['$a', '$b']}"));
        assertThat(compiled(Expr.setIntersection(field("a"), field("b")))).isEqualTo(json("{$setIntersection: ['$a', '$b']}"));
        assertThat(compiled(Expr.setIsSubset(field("a"), field("b")))).isEqualTo(json("{$setIsSubset: ['$a', '$b']}"));
        assertThat(compiled(Expr.allElementsTrue(field("a")))).isEqualTo(json("{$allElementsTrue: ['$a']}"));
        assertThat(compiled(Expr.anyElementTrue(field("a")))).isEqualTo(json("{$anyElementTrue: ['$a']}"));
    }

    @Test
    void strings() {
        assertThat(compiled(Expr.trim(field("s")))).isEqualTo(json("{$trim: {input: '$s'}}"));
        assertThat(compiled(Expr.ltrim(field("s")))).isEqualTo(json("{$ltrim: {input: '$s'}}"));
        assertThat(compiled(Expr.rtrim(field("s")))).isEqualTo(json("{$rtrim: {input: '$s'}}"));
        assertThat(compiled(Expr.split(field("s"), literal(",")))).isEqualTo(json("{$split: ['$s', ',']}"));
        assertThat(compiled(Expr.strcasecmp(field("s"), literal("A")))).isEqualTo(json("{$strcasecmp: ['$s', 'A']}"));
        assertThat(compiled(Expr.indexOfCP(field("s"), literal("x")))).isEqualTo(json("{$indexOfCP: ['$s', 'x']}"));
        assertThat(compiled(Expr.replaceAll(field("s"), literal("$"), literal("USD "))))
                .isEqualTo(json("{$replaceAll: {input: '$s', find: {$literal: '$'}, replacement: 'USD '}}"));
        assertThat(compiled(Expr.replaceOne(field("s"), literal("a"), literal("b"))))
                .isEqualTo(json("{$replaceOne: {input: '$s', find: 'a', replacement: 'b'}}"));
    }

    @Test
    void date_parts_and_differences() {
        assertThat(compiled(Expr.dateDiff(field("from"), Expr.now(), "day")))
                .isEqualTo(json("{$dateDiff: {startDate: '$from', endDate: '$$NOW', unit: 'day'}}"));
        assertThat(compiled(Expr.year(field("d")))).isEqualTo(json("{$year: '$d'}"));
        assertThat(compiled(Expr.month(field("d")))).isEqualTo(json("{$month: '$d'}"));
        assertThat(compiled(Expr.dayOfMonth(field("d")))).isEqualTo(json("{$dayOfMonth: '$d'}"));
        assertThat(compiled(Expr.dayOfWeek(field("d")))).isEqualTo(json("{$dayOfWeek: '$d'}"));
        assertThat(compiled(Expr.dayOfYear(field("d")))).isEqualTo(json("{$dayOfYear: '$d'}"));
        assertThat(compiled(Expr.hour(field("d")))).isEqualTo(json("{$hour: '$d'}"));
        assertThat(compiled(Expr.minute(field("d")))).isEqualTo(json("{$minute: '$d'}"));
        assertThat(compiled(Expr.second(field("d")))).isEqualTo(json("{$second: '$d'}"));
        assertThat(compiled(Expr.millisecond(field("d")))).isEqualTo(json("{$millisecond: '$d'}"));
        assertThat(compiled(Expr.week(field("d")))).isEqualTo(json("{$week: '$d'}"));
        assertThat(compiled(Expr.isoWeek(field("d")))).isEqualTo(json("{$isoWeek: '$d'}"));
        assertThat(compiled(Expr.isoWeekYear(field("d")))).isEqualTo(json("{$isoWeekYear: '$d'}"));
        assertThat(compiled(Expr.isoDayOfWeek(field("d")))).isEqualTo(json("{$isoDayOfWeek: '$d'}"));
        assertThatThrownBy(() -> Expr.year(literal("2020")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$year: argument 1 must be a date or null, but the value given is a string literal");
    }

    @Test
    void types_and_conversion() {
        assertThat(compiled(Expr.toObjectId(field("id")))).isEqualTo(json("{$toObjectId: '$id'}"));
        assertThat(compiled(Expr.convert(field("n"), "int"))).isEqualTo(json("{$convert: {input: '$n', to: 'int'}}"));
        assertThat(compiled(Expr.convert(field("n"), "int", literal(0), literal(-1))))
                .isEqualTo(json("{$convert: {input: '$n', to: 'int', onError: 0, onNull: -1}}"));
    }

    @Test
    void trigonometry_and_bits() {
        assertThat(compiled(Expr.sin(field("r")))).isEqualTo(json("{$sin: '$r'}"));
        assertThat(compiled(Expr.cos(field("r")))).isEqualTo(json("{$cos: '$r'}"));
        assertThat(compiled(Expr.tan(field("r")))).isEqualTo(json("{$tan: '$r'}"));
        assertThat(compiled(Expr.asin(field("r")))).isEqualTo(json("{$asin: '$r'}"));
        assertThat(compiled(Expr.acos(field("r")))).isEqualTo(json("{$acos: '$r'}"));
        assertThat(compiled(Expr.atan(field("r")))).isEqualTo(json("{$atan: '$r'}"));
        assertThat(compiled(Expr.atan2(field("y"), field("x")))).isEqualTo(json("{$atan2: ['$y', '$x']}"));
        assertThat(compiled(Expr.sinh(field("r")))).isEqualTo(json("{$sinh: '$r'}"));
        assertThat(compiled(Expr.cosh(field("r")))).isEqualTo(json("{$cosh: '$r'}"));
        assertThat(compiled(Expr.tanh(field("r")))).isEqualTo(json("{$tanh: '$r'}"));
        assertThat(compiled(Expr.asinh(field("r")))).isEqualTo(json("{$asinh: '$r'}"));
        assertThat(compiled(Expr.acosh(field("r")))).isEqualTo(json("{$acosh: '$r'}"));
        assertThat(compiled(Expr.atanh(field("r")))).isEqualTo(json("{$atanh: '$r'}"));
        assertThat(compiled(Expr.degreesToRadians(field("d")))).isEqualTo(json("{$degreesToRadians: '$d'}"));
        assertThat(compiled(Expr.radiansToDegrees(field("r")))).isEqualTo(json("{$radiansToDegrees: '$r'}"));
        assertThat(compiled(Expr.bitAnd(field("a"), literal(6)))).isEqualTo(json("{$bitAnd: ['$a', 6]}"));
        assertThat(compiled(Expr.bitOr(field("a"), literal(6)))).isEqualTo(json("{$bitOr: ['$a', 6]}"));
        assertThat(compiled(Expr.bitXor(field("a"), literal(6)))).isEqualTo(json("{$bitXor: ['$a', 6]}"));
        assertThat(compiled(Expr.bitNot(field("a")))).isEqualTo(json("{$bitNot: '$a'}"));
        assertThatThrownBy(() -> Expr.sin(literal("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$sin: argument 1 must be a number, but the value given is a string literal");
    }

    @Test
    void statistics_rand_and_variables() {
        assertThat(compiled(Expr.stdDevPop(field("scores")))).isEqualTo(json("{$stdDevPop: '$scores'}"));
        assertThat(compiled(Expr.stdDevSamp(field("a"), field("b")))).isEqualTo(json("{$stdDevSamp: ['$a', '$b']}"));
        assertThat(compiled(Expr.rand())).isEqualTo(json("{$rand: {}}"));
        assertThat(compiled(Expr.userRoles())).isEqualTo(json("'$$USER_ROLES'"));
    }

    @Test
    void let_binds_variables_in_order() {
        Map<String, Expr> vars = new LinkedHashMap<>();
        vars.put("total", Expr.add(field("price"), field("tax")));
        vars.put("discounted", Expr.cond(field("applyDiscount"), literal(0.9), literal(1)));

        Expr e = Expr.let(vars, Expr.multiply(Expr.variable("total"), Expr.variable("discounted")));

        assertThat(compiled(e)).isEqualTo(json("{$let: {vars: {total: {$add: ['$price', '$tax']},"
                + " discounted: {$cond: ['$applyDiscount', 0.9, 1]}}, in: {$multiply: ['$$total', '$$discounted']}}}"));
        assertThatThrownBy(() -> Expr.let(Map.of(), literal(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$let: bind at least one variable");
        assertThatThrownBy(() -> Expr.let(Map.of("CURRENT", literal(1)), literal(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("$let 'CURRENT': a user variable name must start with a lowercase ASCII letter");
    }
}

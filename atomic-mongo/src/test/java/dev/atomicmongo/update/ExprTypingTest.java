package dev.atomicmongo.update;

import static dev.atomicmongo.update.Expr.field;
import static dev.atomicmongo.update.Expr.literal;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Date;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Arguments MongoDB refuses at run time are refused when the expression is built; unknown ones never are. */
class ExprTypingTest {

    @Test
    void size_of_a_literal_that_is_not_an_array_is_refused() {
        assertThatThrownBy(() -> Expr.size(literal("abc")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$size: argument 1 must be an array, but the value given is a string literal");
        assertThatThrownBy(() -> Expr.size(literal(null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$size: argument 1 must be an array, but the value given is a null literal");
    }

    @Test
    void add_of_a_string_or_boolean_is_refused_and_of_two_dates_too() {
        assertThatThrownBy(() -> Expr.add(field("a"), literal("1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$add: argument 2 must be a number or a date, but the value given is a string literal");
        assertThatThrownBy(() -> Expr.add(literal(true)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$add: argument 1 must be a number or a date, but the value given is a boolean literal");
        assertThatThrownBy(() -> Expr.add(Expr.now(), literal(new Date(0))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$add: at most one argument may be a date, but 2 are");
    }

    @Test
    void subtract_of_a_date_from_a_number_is_refused() {
        assertThatThrownBy(() -> Expr.subtract(literal(5), Expr.now()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$subtract: a date cannot be subtracted from a number (argument 2 is a date, argument 1 a number)");
    }

    @Test
    void arithmetic_on_an_object_an_array_or_a_comparison_is_refused_naming_the_operator_that_made_it() {
        assertThatThrownBy(() -> Expr.multiply(Expr.object("a", literal(1)), literal(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$multiply: argument 1 must be a number, but the value given is a document (Expr.object)");
        assertThatThrownBy(() -> Expr.abs(Expr.concatArrays(field("a"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$abs: argument 1 must be a number, but the value given is an array ($concatArrays)");
        assertThatThrownBy(() -> Expr.divide(literal(1), Expr.eq(field("a"), literal(1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$divide: argument 2 must be a number, but the value given is a boolean ($eq)");
        assertThatThrownBy(() -> Expr.round(Expr.now(), 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$round: argument 1 must be a number, but the value given is a date ($$NOW)");
    }

    @Test
    void concatArrays_of_a_literal_number_is_refused() {
        assertThatThrownBy(() -> Expr.concatArrays(field("a"), literal(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$concatArrays: argument 2 must be an array or null, but the value given is a number literal");
    }

    @Test
    void mergeObjects_of_a_literal_array_is_refused() {
        assertThatThrownBy(() -> Expr.mergeObjects(Expr.root(), literal(List.of(1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$mergeObjects: argument 2 must be a document or null, but the value given is an array literal");
    }

    @Test
    void string_operators_refuse_what_cannot_be_a_string() {
        assertThatThrownBy(() -> Expr.concat(literal("a"), literal(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$concat: argument 2 must be a string or null, but the value given is a number literal");
        assertThatThrownBy(() -> Expr.strLenCP(literal(null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$strLenCP: argument 1 must be a string, but the value given is a null literal");
        assertThatThrownBy(() -> Expr.toUpper(Expr.array()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$toUpper: argument 1 must be a string, number, date or null, but the value given is an array (Expr.array)");
    }

    @Test
    void array_operators_refuse_what_cannot_be_an_array() {
        assertThatThrownBy(() -> Expr.in(field("a"), literal(null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$in: argument 2 must be an array, but the value given is a null literal");
        assertThatThrownBy(() -> Expr.filter(literal(Map.of("a", 1)), literal(true)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$filter: input must be an array or null, but the value given is a document literal");
        assertThatThrownBy(() -> Expr.arrayElemAt(field("a"), literal("0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$arrayElemAt: argument 2 must be a number, but the value given is a string literal");
        assertThatThrownBy(() -> Expr.slice(literal("abc"), 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$slice: argument 1 must be an array or null, but the value given is a string literal");
    }

    @Test
    void date_operators_refuse_a_start_that_cannot_be_a_date() {
        assertThatThrownBy(() -> Expr.dateAdd(literal(5), "day", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$dateAdd: startDate must be a date or null, but the value given is a number literal");
        assertThatThrownBy(() -> Expr.dateAdd(Expr.now(), "day", literal("1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$dateAdd: amount must be a number, but the value given is a string literal");
    }

    @Test
    void date_operators_accept_a_null_literal_since_mongodb_returns_null_for_it() {
        assertThatCode(() -> {
            Expr.dateAdd(literal(null), "day", 1);
            Expr.dateTrunc(literal(null), "day");
            Expr.dateDiff(literal(null), Expr.now(), "day");
            Expr.year(literal(null));
        }).doesNotThrowAnyException();
    }

    @Test
    void field_paths_and_variables_are_never_refused() {
        assertThatCode(() -> {
            Expr.size(field("s"));
            Expr.size(Expr.variable("x"));
            Expr.multiply(field("a"), Expr.variable("b"), Expr.arrayElemAt(field("c"), 0));
            Expr.concat(field("a"), Expr.toStringOf(field("b")));
            Expr.mergeObjects(field("a"), Expr.current(), literal(null));
            Expr.dateAdd(field("at"), "day", field("n"));
            Expr.add(Expr.now(), Expr.multiply(field("days"), literal(86_400_000)));
            Expr.size(Expr.cond(field("c"), Expr.array(), field("q")));
            Expr.size(Expr.ifNull(field("q"), literal(List.of())));
        }).doesNotThrowAnyException();
    }

    @Test
    void the_kind_of_a_result_follows_from_the_operator() {
        assertThatThrownBy(() -> Expr.size(Expr.ifNull(literal(null), literal(5))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$size: argument 1 must be an array, but the value given is a number ($ifNull)");
        assertThatThrownBy(() -> Expr.concatArrays(Expr.cond(field("c"), literal(1), literal(2))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$concatArrays: argument 1 must be an array or null, but the value given is a number ($cond)");
        assertThatThrownBy(() -> Expr.size(Expr.switchCase(field("c"), literal("a")).otherwise(literal("b"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$size: argument 1 must be an array, but the value given is a string ($switch)");
        assertThatThrownBy(() -> Expr.multiply(Expr.dateAdd(Expr.now(), "day", 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$multiply: argument 1 must be a number, but the value given is a date ($dateAdd)");
    }
}

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

/** The exact BSON of the operators written with a specification document ({@code {input: ..., n: ...}}). */
class ExprSpecOperatorsTest {

    private static BsonDocument compiled(Expr expr) {
        return new BsonDocument("e", expr.toBsonValue(BsonValues.DEFAULT_REGISTRY));
    }

    private static BsonDocument json(String expression) {
        return BsonDocument.parse("{e: " + expression + "}");
    }

    @Test
    void n_element_array_operators() {
        assertThat(compiled(Expr.firstN(field("q"), literal(2)))).isEqualTo(json("{$firstN: {n: 2, input: '$q'}}"));
        assertThat(compiled(Expr.lastN(field("q"), literal(2)))).isEqualTo(json("{$lastN: {n: 2, input: '$q'}}"));
        assertThat(compiled(Expr.maxN(field("q"), literal(3)))).isEqualTo(json("{$maxN: {n: 3, input: '$q'}}"));
        assertThat(compiled(Expr.minN(field("q"), field("k")))).isEqualTo(json("{$minN: {n: '$k', input: '$q'}}"));
        assertThatThrownBy(() -> Expr.firstN(field("q"), literal(null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$firstN: n must be a number, but the value given is a null literal");
    }

    @Test
    void sortArray_of_scalars_and_of_documents() {
        Map<String, Integer> sortBy = new LinkedHashMap<>();
        sortBy.put("age", -1);
        sortBy.put("name.last", 1);

        assertThat(compiled(Expr.sortArray(field("q"), -1))).isEqualTo(json("{$sortArray: {input: '$q', sortBy: -1}}"));
        assertThat(compiled(Expr.sortArray(field("team"), sortBy)))
                .isEqualTo(json("{$sortArray: {input: '$team', sortBy: {age: -1, 'name.last': 1}}}"));
        assertThatThrownBy(() -> Expr.sortArray(field("q"), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$sortArray: sortBy must be 1 or -1, not 0");
        assertThatThrownBy(() -> Expr.sortArray(field("q"), Map.of("$a", 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$sortArray on '$a': segment '$a' starts with '$'");
        assertThatThrownBy(() -> Expr.sortArray(field("q"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$sortArray: sortBy must name at least one field");
    }

    @Test
    void zip_transposes_arrays() {
        assertThat(compiled(Expr.zip(field("a"), field("b")))).isEqualTo(json("{$zip: {inputs: ['$a', '$b']}}"));
    }

    @Test
    void fields_by_exact_name_even_dollar_or_dotted_ones() {
        assertThat(compiled(Expr.getField("$price"))).isEqualTo(json("{$getField: {field: {$literal: '$price'}, input: '$$CURRENT'}}"));
        assertThat(compiled(Expr.getField("a.b", field("doc")))).isEqualTo(json("{$getField: {field: 'a.b', input: '$doc'}}"));
        assertThat(compiled(Expr.setField("$x", Expr.root(), literal(1))))
                .isEqualTo(json("{$setField: {field: {$literal: '$x'}, input: '$$ROOT', value: 1}}"));
        assertThat(compiled(Expr.unsetField("a.b", Expr.root()))).isEqualTo(json("{$unsetField: {field: 'a.b', input: '$$ROOT'}}"));
        assertThatThrownBy(() -> Expr.getField("a", literal(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$getField: input must be a document or null, but the value given is a number literal");
    }

    @Test
    void sizes_and_byte_strings() {
        assertThat(compiled(Expr.binarySize(field("s")))).isEqualTo(json("{$binarySize: '$s'}"));
        assertThat(compiled(Expr.bsonSize(Expr.root()))).isEqualTo(json("{$bsonSize: '$$ROOT'}"));
        assertThat(compiled(Expr.strLenBytes(field("s")))).isEqualTo(json("{$strLenBytes: '$s'}"));
        assertThat(compiled(Expr.indexOfBytes(field("s"), literal("x")))).isEqualTo(json("{$indexOfBytes: ['$s', 'x']}"));
        assertThat(compiled(Expr.substrBytes(field("s"), literal(0), literal(2)))).isEqualTo(json("{$substrBytes: ['$s', 0, 2]}"));
    }

    @Test
    void regular_expressions_with_and_without_options() {
        assertThat(compiled(Expr.regexMatch(field("s"), "^ab", "i")))
                .isEqualTo(json("{$regexMatch: {input: '$s', regex: '^ab', options: 'i'}}"));
        assertThat(compiled(Expr.regexFind(field("s"), "[0-9]+", ""))).isEqualTo(json("{$regexFind: {input: '$s', regex: '[0-9]+'}}"));
        assertThat(compiled(Expr.regexFindAll(field("s"), "$x", "m")))
                .isEqualTo(json("{$regexFindAll: {input: '$s', regex: {$literal: '$x'}, options: 'm'}}"));
        assertThatThrownBy(() -> Expr.regexMatch(field("s"), "a", "g"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$regexMatch: option 'g' is not one of i, m, s, x");
    }

    @Test
    void dates_to_and_from_strings_and_parts() {
        assertThat(compiled(Expr.dateToString(field("d"), "%Y-%m-%d")))
                .isEqualTo(json("{$dateToString: {date: '$d', format: '%Y-%m-%d'}}"));
        assertThat(compiled(Expr.dateFromString(field("s")))).isEqualTo(json("{$dateFromString: {dateString: '$s'}}"));
        assertThat(compiled(Expr.dateFromString(field("s"), "%d/%m/%Y")))
                .isEqualTo(json("{$dateFromString: {dateString: '$s', format: '%d/%m/%Y'}}"));
        assertThat(compiled(Expr.dateFromParts(field("y"), literal(1), literal(31))))
                .isEqualTo(json("{$dateFromParts: {year: '$y', month: 1, day: 31}}"));
        assertThat(compiled(Expr.dateToParts(field("d")))).isEqualTo(json("{$dateToParts: {date: '$d'}}"));
    }

    @Test
    void median_and_percentile_are_approximate() {
        assertThat(compiled(Expr.median(field("t")))).isEqualTo(json("{$median: {input: '$t', method: 'approximate'}}"));
        assertThat(compiled(Expr.percentile(field("t"), 0.5, 0.95)))
                .isEqualTo(json("{$percentile: {input: '$t', p: [0.5, 0.95], method: 'approximate'}}"));
        assertThatThrownBy(() -> Expr.percentile(field("t"), Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$percentile: p must be in [0, 1], not NaN");
        assertThatThrownBy(() -> Expr.percentile(field("t")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$percentile: p must hold at least one fraction");
    }
}

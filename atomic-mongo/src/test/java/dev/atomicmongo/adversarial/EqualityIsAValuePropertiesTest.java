package dev.atomicmongo.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import dev.atomicmongo.collection.Commands;
import dev.atomicmongo.filter.Condition;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.internal.BsonValues;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.junit.jupiter.api.Test;

/**
 * Equality operators take values: whatever a caller hands {@code eq}, {@code ne}, {@code in} or
 * {@code nin} (an operator-shaped map from a request, a regular expression, a document with a
 * {@code $} key deep inside), the compiled filter compares it as a value and never lets it act as
 * an operator or a pattern. The driver's {@code Filters.eq} sends such maps bare (see
 * {@code EqualityIsAValueTest}, which records the deliberate difference).
 */
class EqualityIsAValuePropertiesTest {
    private static final Commands COMMANDS = Commands.withDefaultCodecs();

    private static final Gen<Cases.Two<String, Object>> PATH_AND_VALUE = Gen.zip(Hostile.plainPath(), Hostile.value());

    /** The value as the library encodes it, or null when it cannot be encoded (then the property is about refusal). */
    private static BsonValue encoded(Object value) {
        try {
            return BsonValues.encode(value, COMMANDS.codecRegistry());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static BsonDocument compiled(Condition condition) {
        try {
            return COMMANDS.filter(condition);
        } catch (IllegalArgumentException e) {
            return null; // refused (no codec, NUL key): nothing is sent, so nothing is injected
        }
    }

    private static void assertComparedAsValue(BsonValue underPath, BsonValue value, String what) {
        if (underPath.isDocument() && underPath.asDocument().containsKey("$eq")) {
            assertThat(underPath.asDocument().keySet()).as(what).containsExactly("$eq");
            assertThat(underPath.asDocument().get("$eq")).as(what).isEqualTo(value);
            return;
        }
        assertThat(underPath).as(what).isEqualTo(value);
        assertThat(underPath.isRegularExpression()).as(what + ": a bare regex would match as a pattern").isFalse();
        if (underPath.isDocument()) {
            for (String key : underPath.asDocument().keySet()) {
                assertThat(key).as(what + ": a bare document key would act as an operator").doesNotStartWith("$");
            }
        }
    }

    @Test
    void eq_and_field_eq_compare_any_value_as_a_value() {
        Cases.forAll(1_001L, PATH_AND_VALUE, input -> eqAndFieldEqCompareAsAValue(input.first(), input.second()));
    }

    private static void eqAndFieldEqCompareAsAValue(String path, Object generated) {
        Object value = Hostile.materialize(generated);
        List<Condition> conditions;
        try {
            conditions = List.of(Conditions.eq(path, value), Conditions.field(path).eq(value));
        } catch (IllegalArgumentException refused) {
            return; // refused when built (nested too deep, contains itself): nothing is sent
        }
        BsonValue expected = encoded(value);
        for (Condition condition : conditions) {
            BsonDocument filter = compiled(condition);
            if (filter == null || expected == null) {
                continue;
            }
            assertThat(filter.keySet()).containsExactly(path);
            assertComparedAsValue(filter.get(path), expected, "eq(" + path + ", " + Calls.describe(value) + ")");
        }
        BsonDocument not = compiled(Conditions.not(Conditions.eq(path, value)));
        if (not != null && expected != null) {
            BsonDocument negated = not.getDocument(path);
            assertThat(negated.keySet()).containsExactly("$not");
            assertThat(negated.getDocument("$not")).isEqualTo(new BsonDocument("$eq", expected));
        }
    }

    @Test
    void ne_in_and_nin_keep_every_element_a_value() {
        Cases.forAll(1_002L, PATH_AND_VALUE, input -> neInAndNinKeepEveryElementAValue(input.first(), input.second()));
    }

    private static void neInAndNinKeepEveryElementAValue(String path, Object generated) {
        Object value = Hostile.materialize(generated);
        Condition neCondition;
        try {
            neCondition = Conditions.ne(path, value);
        } catch (IllegalArgumentException refused) {
            return; // refused when built (nested too deep, contains itself): nothing is sent
        }
        BsonValue expected = encoded(value);
        BsonDocument ne = compiled(neCondition);
        if (ne != null && expected != null) {
            assertThat(ne.getDocument(path)).isEqualTo(new BsonDocument("$ne", expected));
        }
        List<Object> values = new ArrayList<>();
        values.add(value);
        values.add("plain");
        for (String operator : List.of("$in", "$nin")) {
            Condition condition;
            try {
                condition = operator.equals("$in") ? Conditions.in(path, values) : Conditions.nin(path, values);
            } catch (IllegalArgumentException e) {
                // a regular expression, which $in/$nin would match as a pattern, is refused when built,
                // and so is a value nested past MongoDB's 100 levels
                assertThat(e.getMessage()).containsAnyOf("regular expression", "levels deep");
                continue;
            }
            BsonDocument filter = compiled(condition);
            if (filter == null || expected == null) {
                continue;
            }
            BsonDocument test = filter.getDocument(path);
            assertThat(test.keySet()).containsExactly(operator);
            BsonArray elements = test.getArray(operator);
            assertThat(elements).hasSize(2);
            assertThat(elements.get(0)).isEqualTo(expected);
            assertThat(elements.get(0).isRegularExpression()).as("an element matched as a pattern").isFalse();
        }
    }
}

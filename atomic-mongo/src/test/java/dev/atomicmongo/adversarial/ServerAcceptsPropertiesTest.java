package dev.atomicmongo.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.atomicmongo.collection.Commands;
import dev.atomicmongo.collection.CompiledUpdate;
import dev.atomicmongo.update.UpdateBuilder;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.junit.jupiter.api.Test;

/**
 * An update the builder accepts and {@link Commands} compiles is one MongoDB accepts, by the
 * rules of the manual's update-operator pages: only known operators; no field path with a NUL
 * character or an empty segment; no {@code $}-prefixed segment other than the positional
 * {@code $}, {@code $[]} and {@code $[identifier]}; at most one {@code $} positional per path;
 * no two operators writing the same path or one inside the other; no positional path in
 * {@code $setOnInsert}; no operator but {@code $set}, {@code $setOnInsert}, {@code $min} and
 * {@code $max} on {@code _id} or inside it (nor a {@code $rename} to it).
 */
class ServerAcceptsPropertiesTest {
    private static final Commands COMMANDS = Commands.withDefaultCodecs();
    private static final Set<String> OPERATORS = Set.of("$set", "$unset", "$inc", "$mul", "$min", "$max", "$currentDate",
            "$rename", "$setOnInsert", "$addToSet", "$push", "$pull", "$pullAll", "$pop", "$bit");

    @Test
    void every_accepted_update_compiles_to_what_the_server_accepts() {
        Cases.forAll(4_001L, Calls.updateCalls(), ServerAcceptsPropertiesTest::compilesToWhatTheServerAccepts);
    }

    private static void compilesToWhatTheServerAccepts(List<Calls.UpdateCall> calls) {
        UpdateBuilder update = UpdateBuilder.update();
        for (Calls.UpdateCall call : calls) {
            try {
                update = call.apply(update);
            } catch (IllegalArgumentException | NullPointerException refused) {
                // refused when built: nothing to send
            }
        }
        CompiledUpdate.Operators compiled;
        try {
            compiled = (CompiledUpdate.Operators) COMMANDS.compile(update);
        } catch (IllegalArgumentException refused) {
            return; // refused when compiled: nothing to send
        }
        List<String[]> written = new ArrayList<>();
        for (Map.Entry<String, BsonValue> group : compiled.document().entrySet()) {
            String operator = group.getKey();
            assertThat(OPERATORS).as("operator").contains(operator);
            assertThat(group.getValue().isDocument()).isTrue();
            for (Map.Entry<String, BsonValue> field : group.getValue().asDocument().entrySet()) {
                String path = field.getKey();
                String[] segments = checkPath(operator, path);
                written.add(segments);
                assertThat(operator.equals("$setOnInsert") && List.of(segments).stream().anyMatch(p -> p.startsWith("$")))
                        .as("positional $setOnInsert " + path).isFalse();
                assertThat(!Set.of("$set", "$setOnInsert", "$min", "$max").contains(operator) && isId(path))
                        .as(operator + " of _id (only $set, $setOnInsert, $min, $max may name it)").isFalse();
                if (operator.equals("$rename")) {
                    String target = field.getValue().asString().getValue();
                    written.add(checkPath(operator + " target", target));
                    assertThat(isId(target)).as("$rename to _id").isFalse();
                }
            }
        }
        for (int i = 0; i < written.size(); i++) {
            for (int j = i + 1; j < written.size(); j++) {
                assertThat(overlap(written.get(i), written.get(j)))
                        .as("%s and %s are written by two operators of %s", String.join(".", written.get(i)),
                                String.join(".", written.get(j)), compiled)
                        .isFalse();
            }
        }
        for (BsonDocument filter : compiled.arrayFilters()) {
            assertThat(filter.keySet()).isNotEmpty();
        }
    }

    private static String[] checkPath(String operator, String path) {
        String what = operator + " path '" + path + "'";
        assertThat(path).as(what).doesNotContain("\u0000");
        String[] segments = path.split("\\.", -1);
        int dollars = 0;
        for (String segment : segments) {
            assertThat(segment).as(what + ": empty segment").isNotEmpty();
            if (segment.startsWith("$")) {
                assertThat(segment.equals("$") || segment.equals("$[]") || segment.matches("\\$\\[[a-z][A-Za-z0-9]*]"))
                        .as(what + ": $-prefixed segment '" + segment + "' is not positional").isTrue();
                dollars += segment.equals("$") ? 1 : 0;
            }
        }
        assertThat(dollars).as(what + ": more than one positional $").isLessThanOrEqualTo(1);
        return segments;
    }

    private static boolean isId(String path) {
        return path.equals("_id") || path.startsWith("_id.");
    }

    private static boolean overlap(String[] a, String[] b) {
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            if (!a[i].equals(b[i])) {
                return false;
            }
        }
        return true;
    }
}

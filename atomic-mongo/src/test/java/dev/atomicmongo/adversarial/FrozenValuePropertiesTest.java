package dev.atomicmongo.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.atomicmongo.collection.Commands;
import dev.atomicmongo.filter.Condition;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.update.Expr;
import dev.atomicmongo.update.PipelineUpdate;
import dev.atomicmongo.update.PushEach;
import dev.atomicmongo.update.Update;
import dev.atomicmongo.update.UpdateBuilder;
import org.junit.jupiter.api.Test;

/**
 * Built values are frozen: changing a list, map, Document, Date, array or BSON container after
 * handing it to a builder never changes the compiled BSON, {@code equals}, {@code hashCode} or
 * {@code toString()} of what was built.
 */
class FrozenValuePropertiesTest {
    private static final Commands COMMANDS = Commands.withDefaultCodecs();

    private static final Map<String, Function<Object, Update>> UPDATES = Map.ofEntries(
            Map.entry("set", v -> UpdateBuilder.update().set("a", v)),
            Map.entry("setOnInsert", v -> UpdateBuilder.update().setOnInsert("a", v)),
            Map.entry("setOnInsertDocument", v -> UpdateBuilder.update().setOnInsert(Map.of("doc", v)).inc("n", 1)),
            Map.entry("min", v -> UpdateBuilder.update().min("a", v)),
            Map.entry("push", v -> UpdateBuilder.update().push("a", v)),
            Map.entry("pushEach", v -> UpdateBuilder.update().push("a", PushEach.of(v, v))),
            Map.entry("pushEachList", v -> UpdateBuilder.update().push("a", PushEach.of(v instanceof List<?> l ? l : List.of(v)))),
            Map.entry("addToSet", v -> UpdateBuilder.update().addToSet("a", v)),
            Map.entry("addToSetEach", v -> UpdateBuilder.update().addToSetEach("a", v instanceof List<?> l ? l : List.of(v))),
            Map.entry("pull", v -> UpdateBuilder.update().pull("a", v)),
            Map.entry("pullAll", v -> UpdateBuilder.update().pullAll("a", v instanceof List<?> l ? l : List.of(v))),
            Map.entry("arrayFilter", v -> UpdateBuilder.update().set("a.$[e]", 1).arrayFilter(Conditions.eq("e", v))),
            Map.entry("pipelineLiteral", v -> PipelineUpdate.pipeline().set("a", v)),
            Map.entry("pipelineExpr", v -> PipelineUpdate.pipeline().set("a", Expr.ifNull(Expr.field("b"), Expr.literal(v)))));

    private static final Map<String, Function<Object, Condition>> CONDITIONS = Map.of(
            "eq", v -> Conditions.eq("a", v),
            "ne", v -> Conditions.ne("a", v),
            "fieldEq", v -> Conditions.field("a").eq(v),
            "in", v -> Conditions.in("a", v instanceof List<?> l ? l : List.of(v)),
            "all", v -> Conditions.all("a", v instanceof List<?> l ? l : List.of(v)),
            "elemMatch", v -> Conditions.elemMatch("a", Conditions.eq("b", v)),
            "and", v -> Conditions.and(Conditions.gt("a", v), Conditions.exists("b")),
            "expr", v -> Conditions.expr(Expr.eq(Expr.field("a"), Expr.literal(v))));

    @Test
    void mutating_a_value_after_building_an_update_changes_nothing_built() {
        Gen<String> method = Gen.elements(UPDATES.keySet().stream().sorted().toList());
        Cases.forAll(3_001L, Gen.zip(method, Hostile.mutableContainer()),
                input -> updateIsFrozen(input.first(), input.second()));
    }

    @Test
    void mutating_a_value_after_building_a_condition_changes_nothing_built() {
        Gen<String> method = Gen.elements(CONDITIONS.keySet().stream().sorted().toList());
        Cases.forAll(3_002L, Gen.zip(method, Hostile.mutableContainer()),
                input -> conditionIsFrozen(input.first(), input.second()));
    }

    private static void updateIsFrozen(String method, Object container) {
        Object original = Hostile.copy(container);
        Update built = UPDATES.get(method).apply(container);
        Update twin = UPDATES.get(method).apply(original);
        Object before = COMMANDS.compile(built);
        int hash = built.hashCode();
        String printed = built.toString();

        Hostile.mutate(container);

        assertThat(COMMANDS.compile(built)).as("compiled after the caller's change").isEqualTo(before);
        assertThat(built.hashCode()).isEqualTo(hash);
        assertThat(built.toString()).isEqualTo(printed);
        assertThat(built).isEqualTo(twin);
        assertThat(built.hashCode()).isEqualTo(twin.hashCode());
    }

    private static void conditionIsFrozen(String method, Object container) {
        Object original = Hostile.copy(container);
        Condition built = CONDITIONS.get(method).apply(container);
        Condition twin = CONDITIONS.get(method).apply(original);
        Object before = COMMANDS.filter(built);
        int hash = built.hashCode();
        String printed = built.toString();

        Hostile.mutate(container);

        assertThat(COMMANDS.filter(built)).as("compiled after the caller's change").isEqualTo(before);
        assertThat(built.hashCode()).isEqualTo(hash);
        assertThat(built.toString()).isEqualTo(printed);
        assertThat(built).isEqualTo(twin);
        assertThat(built.hashCode()).isEqualTo(twin.hashCode());
    }
}

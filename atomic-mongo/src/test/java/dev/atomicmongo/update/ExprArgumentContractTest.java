package dev.atomicmongo.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;

import dev.atomicmongo.internal.BsonValues;
import org.junit.jupiter.api.Test;

/**
 * Every Expr factory taking only expressions, called with every kind of argument in every
 * position: it either builds an expression that compiles, or throws an IllegalArgumentException
 * naming the operator; never anything else. Field paths are accepted everywhere.
 */
class ExprArgumentContractTest {
    private static final List<Expr> KINDS = List.of(Expr.literal(1), Expr.literal("s"), Expr.literal(true),
            Expr.literal(List.of(1)), Expr.literal(Map.of("a", 1)), Expr.literal(new Date(0)), Expr.literal(null),
            Expr.object("a", Expr.literal(1)), Expr.array(Expr.literal(1)), Expr.now(), Expr.field("f"));

    private static List<Method> factories() {
        List<Method> methods = new ArrayList<>();
        for (Method m : Expr.class.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers()) && m.getReturnType() == Expr.class
                    && m.getParameterCount() > 0
                    && Arrays.stream(m.getParameterTypes()).allMatch(t -> t == Expr.class || t == Expr[].class)) {
                methods.add(m);
            }
        }
        return methods;
    }

    @Test
    void there_are_many_factories_to_check() {
        assertThat(factories()).hasSizeGreaterThan(90);
    }

    @Test
    void every_argument_kind_in_every_position_builds_or_is_refused_naming_the_operator() throws Exception {
        int built = 0;
        int refused = 0;
        for (Method m : factories()) {
            int n = m.getParameterCount();
            for (int position = 0; position < n; position++) {
                for (Expr kind : KINDS) {
                    Object[] args = new Object[n];
                    for (int i = 0; i < n; i++) {
                        Expr value = i == position ? kind : Expr.field("f");
                        args[i] = m.getParameterTypes()[i] == Expr[].class ? new Expr[] {value, Expr.field("g")} : value;
                    }
                    try {
                        Expr e = (Expr) m.invoke(null, args);
                        assertThat(e.toBsonValue(BsonValues.DEFAULT_REGISTRY)).isNotNull();
                        assertThat(e.toString()).doesNotContain("invalid");
                        built++;
                    } catch (InvocationTargetException wrapped) {
                        Throwable t = wrapped.getCause();
                        if (!(t instanceof IllegalArgumentException) || !t.getMessage().startsWith("$")) {
                            fail(m.getName() + " with " + kind + " at " + position + " threw " + t, t);
                        }
                        assertThat(kind.toString()).doesNotContain("\"$f\"");
                        refused++;
                    }
                }
            }
        }
        assertThat(built).isGreaterThan(500);
        assertThat(refused).isGreaterThan(100);
    }
}

package dev.atomicmongo.adversarial;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.atomicmongo.filter.Condition;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.update.Expr;
import dev.atomicmongo.update.PipelineUpdate;
import dev.atomicmongo.update.PushEach;
import dev.atomicmongo.update.UpdateBuilder;
import org.assertj.core.api.Assertions;
import org.bson.BsonType;
import org.bson.Document;

/**
 * Builder calls as data, so that the suite can generate and print them: one record per call
 * of a public builder method, with the arguments it was given.
 */
final class Calls {
    private Calls() {
    }

    /**
     * A key with a NUL character inside a value (a map's key) is named by the BSON writer's message,
     * which quotes the key: accepted as naming the argument at fault.
     */
    static final String NUL_KEY = "contains a null character";

    /** The exceptions the contract allows out of a build-time method. */
    static boolean allowed(Throwable t) {
        return t instanceof IllegalArgumentException || t instanceof NullPointerException;
    }

    /**
     * Asserts that {@code t} is what the contract allows: an {@link IllegalArgumentException} or
     * {@link NullPointerException} with a message that names one of {@code names} (the path, or
     * the argument when the path is not at fault).
     */
    static void assertContract(Throwable t, String call, List<String> names) {
        if (!allowed(t)) {
            throw new AssertionError(call + " threw " + t.getClass().getName() + " outside the contract", t);
        }
        String message = t.getMessage();
        Assertions.assertThat(message).as("message of %s from %s", t.getClass().getSimpleName(), call).isNotNull();
        boolean named = names.stream().anyMatch(n -> n != null && message.contains(n));
        if (!named) {
            throw new AssertionError(call + " threw " + t.getClass().getSimpleName() + " whose message names none of "
                    + abbreviate(names) + ": " + abbreviate(message), t);
        }
    }

    static String abbreviate(Object o) {
        String s = String.valueOf(o);
        return s.length() > 200 ? s.substring(0, 200) + "...(" + s.length() + " chars)" : s;
    }

    // ---- update builder ---------------------------------------------------------------------------

    /** One call of an {@link UpdateBuilder} method. */
    record UpdateCall(String method, String path, String other, Object value, int n) {
        /** The value, with a {@link Hostile.Marker} turned into what it stands for. */
        @Override
        public Object value() {
            return Hostile.materialize(value);
        }

        UpdateBuilder apply(UpdateBuilder b) {
            Object value = value();
            return switch (method) {
                case "set" -> b.set(path, value);
                case "setAt" -> b.setAt(path, n, value);
                case "unset" -> b.unset(path);
                case "inc" -> b.inc(path, number());
                case "dec" -> b.dec(path, number());
                case "mul" -> b.mul(path, number());
                case "min" -> b.min(path, value);
                case "max" -> b.max(path, value);
                case "currentDate" -> b.currentDate(path);
                case "currentTimestamp" -> b.currentTimestamp(path);
                case "rename" -> b.rename(path, other);
                case "setOnInsert" -> b.setOnInsert(path, value);
                case "setOnInsertMap" -> b.setOnInsert(map());
                case "setOnInsertDocument" -> b.setOnInsert(value);
                case "addToSet" -> b.addToSet(path, value);
                case "addToSetEach" -> b.addToSetEach(path, list());
                case "push" -> b.push(path, value);
                case "pushEach" -> b.push(path, pushEach());
                case "pull" -> b.pull(path, value);
                case "pullAll" -> b.pullAll(path, list());
                case "popFirst" -> b.popFirst(path);
                case "popLast" -> b.popLast(path);
                case "bitAnd" -> b.bitAnd(path, n);
                case "bitOr" -> b.bitOr(path, (long) n << 33);
                case "bitXor" -> b.bitXor(path, n);
                case "arrayFilter" -> b.arrayFilter(value instanceof Condition c ? c : Conditions.eq(other + "." + path, value));
                default -> throw new IllegalStateException(method);
            };
        }

        private Number number() {
            Object value = value();
            return value instanceof Number number ? number : value == null ? null : n;
        }

        @SuppressWarnings("unchecked")
        private Map<String, ?> map() {
            Object value = value();
            if (value instanceof Map<?, ?> m) {
                return (Map<String, ?>) m;
            }
            Document d = new Document();
            d.put(path == null ? "k" : path, value);
            return d;
        }

        private List<?> list() {
            Object value = value();
            if (value instanceof List<?> l) {
                return l;
            }
            List<Object> l = new ArrayList<>();
            l.add(value);
            return value == null && n % 2 == 0 ? null : l;
        }

        private PushEach pushEach() {
            Object value = value();
            PushEach each = value instanceof List<?> l ? PushEach.of(l) : PushEach.of(value, n);
            if (n % 3 == 0) {
                each = each.withPosition(n);
            }
            if (n % 5 == 0) {
                each = each.withSlice(n);
            }
            if (n % 7 == 0) {
                each = each.withSort(n % 2 == 0 ? 1 : n);
            }
            if (n % 11 == 0) {
                each = each.withSort(new Document(path == null ? "" : path, n));
            }
            return each;
        }

        /** The names an exception from this call may name. */
        List<String> names() {
            List<String> names = new ArrayList<>();
            names.add(path);
            names.add(other);
            names.add("path"); // a null or blank path cannot be quoted: the message says "path"
            names.add(path == null ? "'null'" : null); // or quotes the null path
            names.add("amount");
            names.addAll(List.of("values", "fields", "document", "each", "filter", "map", "arrayFilter", "index",
                    "direction", "$sort", "$position", "$slice", NUL_KEY));
            return names;
        }

        @Override
        public String toString() {
            return method + "(" + abbreviate(path) + (method.equals("rename") ? ", " + abbreviate(other) : "")
                    + ", " + abbreviate(describe(value)) + ", " + n + ")";
        }
    }

    static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        try {
            return value.getClass().getSimpleName() + ":" + value;
        } catch (RuntimeException e) {
            return value.getClass().getSimpleName();
        }
    }

    static final List<String> UPDATE_METHODS = List.of("set", "setAt", "unset", "inc", "dec", "mul", "min", "max",
            "currentDate", "currentTimestamp", "rename", "setOnInsert", "setOnInsertMap", "setOnInsertDocument",
            "addToSet", "addToSetEach", "push", "pushEach", "pull", "pullAll", "popFirst", "popLast", "bitAnd", "bitOr",
            "bitXor", "arrayFilter");

    static Gen<UpdateCall> updateCall() {
        Gen<String> method = Gen.elements(UPDATE_METHODS);
        Gen<String> path = Hostile.path();
        Gen<Object> value = Hostile.value();
        Gen<Integer> n = Gen.integers(-3, 12);
        return random -> new UpdateCall(method.next(random), path.next(random), path.next(random), value.next(random),
                n.next(random));
    }

    static Gen<List<UpdateCall>> updateCalls() {
        return updateCall().list(1, 6);
    }

    // ---- filters ----------------------------------------------------------------------------------

    /** One call of a {@link Conditions} or {@code Field} method. */
    record FilterCall(String method, String path, String other, Object value, int n) {
        /** The value, with a {@link Hostile.Marker} turned into what it stands for. */
        @Override
        public Object value() {
            return Hostile.materialize(value);
        }

        Condition build() {
            Object value = value();
            return switch (method) {
                case "eq" -> Conditions.eq(path, value);
                case "ne" -> Conditions.ne(path, value);
                case "gt" -> Conditions.gt(path, value);
                case "gte" -> Conditions.gte(path, value);
                case "lt" -> Conditions.lt(path, value);
                case "lte" -> Conditions.lte(path, value);
                case "in" -> Conditions.in(path, collection());
                case "inVarargs" -> Conditions.in(path, value, n);
                case "nin" -> Conditions.nin(path, collection());
                case "all" -> Conditions.all(path, collection());
                case "exists" -> Conditions.exists(path, n % 2 == 0);
                case "type" -> Conditions.type(path, n < 0 ? null : BsonType.values()[n % BsonType.values().length]);
                case "isNumber" -> Conditions.isNumber(path);
                case "size" -> Conditions.size(path, n);
                case "regex" -> Conditions.regex(path, value instanceof String s ? s : other);
                case "regexOptions" -> Conditions.regex(path, other, value instanceof String s ? s : "imxs");
                case "regexPattern" -> Conditions.regex(path, value instanceof java.util.regex.Pattern p ? p : null);
                case "elemMatch" -> Conditions.elemMatch(path, Conditions.eq(other, value));
                case "fieldEq" -> Conditions.field(path).eq(value);
                case "fieldNe" -> Conditions.field(path).ne(value);
                case "fieldLt" -> Conditions.field(path).lt(value);
                case "fieldVsField" -> Conditions.field(path).lt(Conditions.field(other));
                case "not" -> Conditions.not(Conditions.eq(path, value));
                case "notGt" -> Conditions.not(Conditions.gt(path, value));
                case "and" -> Conditions.and(Conditions.eq(path, value), Conditions.ne(other, n));
                case "or" -> Conditions.or(Conditions.eq(path, value), Conditions.exists(other));
                case "nor" -> Conditions.nor(Conditions.lt(path, value));
                case "andDocument" -> Conditions.eq(path, n).and(value instanceof Document d ? d : new Document("x", value));
                case "expr" -> Conditions.expr(Expr.eq(Expr.field(path), Expr.literal(value)));
                case "element" -> Conditions.elemMatch(path, Conditions.element().gt(value));
                default -> throw new IllegalStateException(method);
            };
        }

        private java.util.Collection<?> collection() {
            Object value = value();
            if (value instanceof java.util.Collection<?> c) {
                return c;
            }
            List<Object> l = new ArrayList<>();
            l.add(value);
            l.add(n);
            return value == null && n % 2 == 0 ? null : l;
        }

        List<String> names() {
            List<String> names = new ArrayList<>();
            names.add(path);
            names.add(other);
            names.addAll(List.of(NUL_KEY, "path", "values", "pattern", "type", "condition", "size", "regex", "options",
                    "expression", "other", "value", "$not"));
            return names;
        }

        @Override
        public String toString() {
            return method + "(" + abbreviate(path) + ", " + abbreviate(other) + ", " + abbreviate(describe(value)) + ", "
                    + n + ")";
        }
    }

    static final List<String> FILTER_METHODS = List.of("eq", "ne", "gt", "gte", "lt", "lte", "in", "inVarargs", "nin",
            "all", "exists", "type", "isNumber", "size", "regex", "regexOptions", "regexPattern", "elemMatch", "fieldEq",
            "fieldNe", "fieldLt", "fieldVsField", "not", "notGt", "and", "or", "nor", "andDocument", "expr", "element");

    static Gen<FilterCall> filterCall() {
        Gen<String> method = Gen.elements(FILTER_METHODS);
        Gen<String> path = Hostile.path();
        Gen<Object> value = Hostile.value();
        Gen<Integer> n = Gen.integers(-3, 40);
        return random -> new FilterCall(method.next(random), path.next(random), path.next(random), value.next(random),
                n.next(random));
    }

    // ---- pipeline ---------------------------------------------------------------------------------

    /** One call of a {@link PipelineUpdate} method, with an {@link Expr} built from the same data. */
    record PipelineCall(String method, String path, String other, Object value, int n) {
        /** The value, with a {@link Hostile.Marker} turned into what it stands for. */
        @Override
        public Object value() {
            return Hostile.materialize(value);
        }

        PipelineUpdate apply(PipelineUpdate p) {
            Object value = value();
            return switch (method) {
                case "set" -> p.set(path, value);
                case "setExpr" -> p.set(path, expr());
                case "setNullExpr" -> p.set(path, (Expr) null);
                case "unset" -> p.unset(path, other);
                case "unsetNone" -> p.unset();
                case "nextStage" -> p.nextStage();
                default -> throw new IllegalStateException(method);
            };
        }

        Expr expr() {
            Object value = value();
            return switch (Math.floorMod(n, 12)) {
                case 0 -> Expr.field(other);
                case 1 -> Expr.literal(value);
                case 2 -> Expr.add(Expr.field(other), Expr.literal(value));
                case 3 -> Expr.cond(Expr.eq(Expr.field(other), Expr.literal(value)), Expr.now(), Expr.literal(null));
                case 4 -> Expr.ifNull(Expr.field(other), Expr.literal(value));
                case 5 -> Expr.size(Expr.field(other));
                case 6 -> Expr.concatArrays(Expr.field(other), Expr.literal(value));
                case 7 -> Expr.slice(Expr.literal(value), n);
                case 8 -> Expr.slice(Expr.field(other), Expr.literal(value), Expr.literal(n));
                case 9 -> Expr.max(Expr.literal(value));
                case 10 -> Expr.and();
                default -> Expr.in(Expr.literal(value), Expr.field(other));
            };
        }

        List<String> names() {
            List<String> names = new ArrayList<>();
            names.add(path);
            names.add(other);
            names.addAll(List.of(NUL_KEY, "path", "value", "$unset", "Expr", "terms", "array", "values", "conditions"));
            return names;
        }

        @Override
        public String toString() {
            return method + "(" + abbreviate(path) + ", " + abbreviate(other) + ", " + abbreviate(describe(value)) + ", "
                    + n + ")";
        }
    }

    static Gen<List<PipelineCall>> pipelineCalls() {
        Gen<String> method = Gen.elements("set", "set", "setExpr", "setExpr", "setNullExpr", "unset", "unsetNone",
                "nextStage");
        Gen<String> path = Hostile.path();
        Gen<Object> value = Hostile.value();
        Gen<Integer> n = Gen.integers(-3, 30);
        Gen<PipelineCall> call = random -> new PipelineCall(method.next(random), path.next(random), path.next(random),
                value.next(random), n.next(random));
        return call.list(1, 5);
    }
}

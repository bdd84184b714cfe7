package dev.atomicmongo.filter;

import java.util.List;
import java.util.Map;

import dev.atomicmongo.internal.Values;
import dev.atomicmongo.update.Expr;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonRegularExpression;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.conversions.Bson;

/**
 * The tree a {@link Condition} holds: one record per shape of query clause. Values are frozen
 * when a node is built ({@link Values#freeze}) and compared with {@link Values#equal}, so
 * equality is structural, type- and order-sensitive, never encodes and never needs a codec.
 * Rendering happens only in {@link #render}, with the codec registry of the caller.
 */
sealed interface Node {

    /** The field the node tests; {@code ""} for a test of an array's element; null for a logical, {@code $expr} or foreign clause. */
    String path();

    /** The clause as the server receives it. */
    BsonDocument render(CodecRegistry registry);

    /** True if the clause uses {@code $expr} at the top or under {@code $and}/{@code $or}/{@code $nor}. */
    default boolean containsExpr() {
        return false;
    }

    /** A node for a condition given as {@link Bson}: the tree of a {@link Condition}, else a {@link Foreign}. */
    static Node of(Bson bson) {
        return bson instanceof Condition c ? c.node() : Foreign.of(bson);
    }

    /** A test of one field, {@code {path: <test>}}, or of an array's element, {@code <test>}, when the path is empty. */
    sealed interface FieldTest extends Node {

        /** What is put under the path: a value for an equality, else an operator document or a regex. */
        BsonValue test(CodecRegistry registry);

        @Override
        default BsonDocument render(CodecRegistry registry) {
            BsonValue test;
            try {
                test = test(registry);
            } catch (IllegalArgumentException e) {
                throw Encoder.onPath(path(), e);
            }
            return path().isEmpty() ? test.asDocument() : Encoder.document(path(), test);
        }
    }

    /**
     * {@code {path: value}}, or {@code {path: {$eq: value}}} when the value would otherwise not be
     * compared as a value: a document with a {@code $}-prefixed key (an operator to the server,
     * such as {@code {"$ne": 1}} from a request body) or a regular expression (a pattern match).
     */
    record Equality(String path, Object value) implements FieldTest {
        public Equality {
            try {
                value = Values.freeze(value);
            } catch (IllegalArgumentException e) {
                throw Values.at("$eq on '" + path + "'", e);
            }
        }

        @Override
        public BsonValue test(CodecRegistry registry) {
            BsonValue encoded = encoded(registry);
            return needsEq(encoded) ? Encoder.document("$eq", encoded) : encoded;
        }

        /** The value alone, encoded. */
        BsonValue encoded(CodecRegistry registry) {
            return Encoder.value(value, registry);
        }

        static boolean needsEq(BsonValue value) {
            if (value.isRegularExpression()) {
                return true;
            }
            if (value.isDocument()) {
                for (String key : value.asDocument().keySet()) {
                    if (key.startsWith("$")) {
                        return true;
                    }
                }
            }
            return false;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Equality e && path.equals(e.path) && Values.equal(value, e.value);
        }

        @Override
        public int hashCode() {
            return 31 * path.hashCode() + Values.hash(value);
        }
    }

    /**
     * {@code {path: {op: value}}} for the operators taking one value ({@code $ne}, {@code $gt},
     * {@code $gte}, {@code $lt}, {@code $lte}, {@code $exists}, {@code $type}, {@code $size},
     * an element's {@code $eq}), and for those taking a list ({@code $in}, {@code $nin},
     * {@code $all}), whose value is then a frozen list encoded element by element.
     */
    record FieldOperator(String path, String operator, Object value, boolean list) implements FieldTest {
        public FieldOperator {
            try {
                value = list ? Values.freezeAll((Iterable<?>) value) : Values.freeze(value);
            } catch (IllegalArgumentException e) {
                throw Values.at(operator + " on '" + path + "'", e);
            }
        }

        FieldOperator(String path, String operator, Object value) {
            this(path, operator, value, false);
        }

        @Override
        public BsonValue test(CodecRegistry registry) {
            if (!list) {
                return Encoder.document(operator, Encoder.value(value, registry));
            }
            List<?> values = (List<?>) value;
            BsonArray array = new BsonArray(values.size());
            for (Object v : values) {
                array.add(Encoder.value(v, registry));
            }
            return Encoder.document(operator, array);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof FieldOperator f && list == f.list && path.equals(f.path)
                    && operator.equals(f.operator) && Values.equal(value, f.value);
        }

        @Override
        public int hashCode() {
            return (31 * path.hashCode() + operator.hashCode()) * 31 + Values.hash(value);
        }
    }

    /** {@code {path: {$elemMatch: <inner>}}}. */
    record ElemMatch(String path, Node inner) implements FieldTest {
        @Override
        public BsonValue test(CodecRegistry registry) {
            return Encoder.document("$elemMatch", inner.render(registry));
        }
    }

    /** {@code {path: /pattern/options}}; {@link BsonRegularExpression} is immutable and compares structurally. */
    record Regex(String path, BsonRegularExpression regex) implements FieldTest {
        @Override
        public BsonValue test(CodecRegistry registry) {
            return regex;
        }
    }

    /**
     * {@code {path: {$not: <inner test>}}}: an operator document or a regex goes under {@code $not}
     * as it is; an equality's value becomes {@code {$eq: value}} (unless it is a regex, which
     * {@code $not} takes directly).
     */
    record Not(String path, FieldTest inner) implements FieldTest {
        @Override
        public BsonValue test(CodecRegistry registry) {
            if (inner instanceof Equality equality) {
                return Encoder.document("$not", Encoder.document("$eq", equality.encoded(registry)));
            }
            return Encoder.document("$not", inner.test(registry));
        }
    }

    /**
     * {@code {$and|$or|$nor: [children]}}; children keep their order, as in BSON. The list is
     * {@link Conditions}' own copy of the caller's array, never exposed outside this package.
     */
    record Logical(String operator, List<Node> children) implements Node {

        @Override
        public String path() {
            return null;
        }

        @Override
        public BsonDocument render(CodecRegistry registry) {
            BsonArray clauses = new BsonArray(children.size());
            for (Node child : children) {
                clauses.add(child.render(registry));
            }
            return Encoder.document(operator, clauses);
        }

        /** Child by child, by index: no iterator is allocated. */
        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Logical l) || !operator.equals(l.operator) || children.size() != l.children.size()) {
                return false;
            }
            for (int i = 0; i < children.size(); i++) {
                if (!children.get(i).equals(l.children.get(i))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int hashCode() {
            int h = operator.hashCode();
            for (int i = 0; i < children.size(); i++) {
                h = 31 * h + children.get(i).hashCode();
            }
            return h;
        }

        @Override
        public boolean containsExpr() {
            for (Node child : children) {
                if (child.containsExpr()) {
                    return true;
                }
            }
            return false;
        }
    }

    /** {@code {}}: every document. One instance; {@link Conditions} drops it from {@code $and} and lets it absorb {@code $or}. */
    enum MatchAll implements Node {
        INSTANCE;

        @Override
        public String path() {
            return null;
        }

        @Override
        public BsonDocument render(CodecRegistry registry) {
            return new BsonDocument();
        }
    }

    /** {@code {$expr: expression}}; compared with {@link Expr#equals}. */
    record ExprCondition(Expr expression) implements Node {
        @Override
        public String path() {
            return null;
        }

        @Override
        public BsonDocument render(CodecRegistry registry) {
            return Encoder.document("$expr", Encoder.expr(expression, registry));
        }

        @Override
        public boolean containsExpr() {
            return true;
        }
    }

    /**
     * {@code {$expr: {op: ["$left", "$right"]}}}: two fields of the same document compared. The
     * operands are kept as the immutable strings they render to.
     */
    record FieldsCompared(String operator, BsonString left, BsonString right) implements Node {
        FieldsCompared(String operator, String left, String right) {
            this(operator, new BsonString("$" + left), new BsonString("$" + right));
        }

        @Override
        public String path() {
            return null;
        }

        @Override
        public BsonDocument render(CodecRegistry registry) {
            BsonArray operands = new BsonArray(2);
            operands.add(left);
            operands.add(right);
            return Encoder.document("$expr", Encoder.document(operator, operands));
        }

        @Override
        public boolean containsExpr() {
            return true;
        }
    }

    /**
     * A {@link Bson} the caller built some other way (a driver {@code Filters} value, a document).
     * It is frozen when it can be: a {@link BsonDocument} is deep-copied and a {@link Document}
     * copied with its nested maps and lists made unmodifiable; both are then compared
     * structurally ({@link Values#equal}: field order and number types matter). Any other
     * {@code Bson} is kept as given and compared with its own {@code equals} (structural for the
     * driver's {@code Filters}, identity for a class that does not override it). It is never
     * rendered to be compared.
     */
    record Foreign(Bson bson) implements Node {
        static Foreign of(Bson bson) {
            if (bson instanceof BsonDocument doc) {
                return new Foreign(doc.clone());
            }
            if (bson instanceof Document doc) {
                Map<String, Object> frozen;
                try {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> copy = (Map<String, Object>) Values.freeze(doc);
                    frozen = copy;
                } catch (IllegalArgumentException e) {
                    throw Values.at("filter document", e);
                }
                return new Foreign(new Document(frozen));
            }
            return new Foreign(bson);
        }

        @Override
        public String path() {
            return null;
        }

        @Override
        public BsonDocument render(CodecRegistry registry) {
            return Encoder.bson(bson, registry);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Foreign f && Values.equal(bson, f.bson);
        }

        @Override
        public int hashCode() {
            return Values.hash(bson);
        }
    }
}

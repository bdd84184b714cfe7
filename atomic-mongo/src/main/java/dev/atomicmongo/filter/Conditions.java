package dev.atomicmongo.filter;

import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;
import java.util.regex.Pattern;

import dev.atomicmongo.internal.Paths;
import dev.atomicmongo.update.Expr;
import org.bson.BsonBoolean;
import org.bson.BsonInt32;
import org.bson.BsonRegularExpression;
import org.bson.BsonString;
import org.bson.BsonType;
import org.bson.conversions.Bson;

/**
 * Factories for {@link Condition}s: the query operators, logical combinations, and comparisons
 * between two fields of the same document compiled to {@code $expr}.
 *
 * <pre>{@code
 * Condition canBook = Conditions.and(
 *         Conditions.eq("_id", eventId),
 *         Conditions.ne("registrations", userId),
 *         Conditions.field("sold").lt(Conditions.field("capacity")));
 * // {"$and": [{"_id": ...}, {"registrations": {"$ne": "u1"}},
 * //           {"$expr": {"$lt": ["$sold", "$capacity"]}}]}
 * }</pre>
 *
 * <p>Paths are validated when the condition is built: null, blank, empty segments and
 * {@code $}-prefixed segments are refused. Shapes follow the driver's {@code Filters}, so the
 * two compile to the same BSON where both can express a condition.
 */
public final class Conditions {
    private static final Condition MATCH_ALL = new Condition(Node.MatchAll.INSTANCE);

    private Conditions() {
    }

    /**
     * {@code {path: value}}: the value is compared as a value, whatever its shape. A map or
     * document with a {@code $}-prefixed key (say {@code {"$ne": ""}} from a request body) and a
     * regular expression are sent as {@code {path: {$eq: value}}}, so they can never act as an
     * operator or a pattern (the driver's {@code Filters.eq} sends them bare). For a pattern match
     * use {@link #regex(String, String)}.
     */
    public static Condition eq(String path, Object value) {
        Paths.requireFilterPath(path, "$eq");
        return new Condition(new Node.Equality(path, value));
    }

    /** {@code {path: {$ne: value}}}. */
    public static Condition ne(String path, Object value) {
        return operator(path, "$ne", value);
    }

    /** {@code {path: {$gt: value}}}. */
    public static Condition gt(String path, Object value) {
        return operator(path, "$gt", value);
    }

    /** {@code {path: {$gte: value}}}. */
    public static Condition gte(String path, Object value) {
        return operator(path, "$gte", value);
    }

    /** {@code {path: {$lt: value}}}. */
    public static Condition lt(String path, Object value) {
        return operator(path, "$lt", value);
    }

    /** {@code {path: {$lte: value}}}. */
    public static Condition lte(String path, Object value) {
        return operator(path, "$lte", value);
    }

    /**
     * {@code {path: {$in: [values]}}}; other values are compared as values.
     *
     * @throws IllegalArgumentException if a value is a regular expression, which {@code $in} would
     *     match as a pattern
     */
    public static Condition in(String path, Collection<?> values) {
        return arrayOperator(path, "$in", values);
    }

    /** {@code {path: {$in: [values]}}}. */
    public static Condition in(String path, Object... values) {
        return in(path, Arrays.asList(values));
    }

    /** {@code {path: {$nin: [values]}}}. */
    public static Condition nin(String path, Collection<?> values) {
        return arrayOperator(path, "$nin", values);
    }

    /** {@code {path: {$nin: [values]}}}. */
    public static Condition nin(String path, Object... values) {
        return nin(path, Arrays.asList(values));
    }

    /** {@code {path: {$all: [values]}}}: the array holds every value. */
    public static Condition all(String path, Collection<?> values) {
        return arrayOperator(path, "$all", values);
    }

    /** {@code {path: {$all: [values]}}}. */
    public static Condition all(String path, Object... values) {
        return all(path, Arrays.asList(values));
    }

    /** {@code {path: {$exists: true}}}. */
    public static Condition exists(String path) {
        return exists(path, true);
    }

    /** {@code {path: {$exists: exists}}}. */
    public static Condition exists(String path, boolean exists) {
        return operator(path, "$exists", BsonBoolean.valueOf(exists));
    }

    /** {@code {path: {$type: <type number>}}}. */
    public static Condition type(String path, BsonType type) {
        Objects.requireNonNull(type, "type");
        return operator(path, "$type", new BsonInt32(type.getValue()));
    }

    /**
     * {@code {path: {$type: "number"}}}: the field holds a number of any BSON numeric type (int32,
     * int64, double or decimal128).
     */
    public static Condition isNumber(String path) {
        return operator(path, "$type", new BsonString("number"));
    }

    /** {@code {path: {$size: size}}}: the array has exactly {@code size} elements. */
    public static Condition size(String path, int size) {
        if (size < 0) {
            throw new IllegalArgumentException("$size on '" + path + "': size must be >= 0, got " + size);
        }
        return operator(path, "$size", new BsonInt32(size));
    }

    /**
     * {@code {path: {$elemMatch: condition}}}: some element matches. For arrays of documents the
     * condition names the element's fields; for scalars use {@link #element()}.
     */
    public static Condition elemMatch(String path, Bson condition) {
        Paths.requireFilterPath(path, "$elemMatch");
        Objects.requireNonNull(condition, "condition");
        return new Condition(new Node.ElemMatch(path, Node.of(condition)));
    }

    /** {@code {path: /pattern/}}. */
    public static Condition regex(String path, String pattern) {
        return regex(path, pattern, null);
    }

    /** {@code {path: /pattern/options}}, options such as {@code "i"}. */
    public static Condition regex(String path, String pattern, String options) {
        Objects.requireNonNull(pattern, "pattern");
        Paths.requireFilterPath(path, "$regex");
        return new Condition(new Node.Regex(path, new BsonRegularExpression(pattern, options)));
    }

    /**
     * {@code {path: /pattern/options}} from a compiled Java pattern: {@code CASE_INSENSITIVE},
     * {@code MULTILINE}, {@code DOTALL} and {@code COMMENTS} become the options {@code i},
     * {@code m}, {@code s} and {@code x}; a {@code LITERAL} pattern is quoted; {@code UNICODE_CASE}
     * is implied (the server matches in Unicode).
     *
     * @throws IllegalArgumentException for {@code CANON_EQ}, {@code UNIX_LINES} or
     *         {@code UNICODE_CHARACTER_CLASS}, which MongoDB has no option for
     */
    public static Condition regex(String path, Pattern pattern) {
        Objects.requireNonNull(pattern, "pattern");
        int flags = pattern.flags();
        for (int unsupported : new int[] {Pattern.CANON_EQ, Pattern.UNIX_LINES, Pattern.UNICODE_CHARACTER_CLASS}) {
            if ((flags & unsupported) != 0) {
                throw new IllegalArgumentException("$regex on '" + path + "': the Pattern flag "
                        + flagName(unsupported) + " has no MongoDB option");
            }
        }
        StringBuilder options = new StringBuilder();
        if ((flags & Pattern.CASE_INSENSITIVE) != 0) {
            options.append('i');
        }
        if ((flags & Pattern.MULTILINE) != 0) {
            options.append('m');
        }
        if ((flags & Pattern.DOTALL) != 0) {
            options.append('s');
        }
        if ((flags & Pattern.COMMENTS) != 0) {
            options.append('x');
        }
        String regex = (flags & Pattern.LITERAL) != 0 ? Pattern.quote(pattern.pattern()) : pattern.pattern();
        return regex(path, regex, options.toString());
    }

    private static String flagName(int flag) {
        return flag == Pattern.CANON_EQ ? "CANON_EQ" : flag == Pattern.UNIX_LINES ? "UNIX_LINES" : "UNICODE_CHARACTER_CLASS";
    }

    /**
     * {@code {}}: matches every document. Use it to say so on purpose, as in
     * {@code updateMany(matchAll(), update)} (every document of the collection) or
     * {@code updateIf(matchAll(), condition, update)} (the first document that meets the condition).
     * In {@link #and} it is left out ({@code and(matchAll(), x)} is {@code x}, {@code and(matchAll())}
     * is {@code matchAll()}); in {@link #or} it absorbs the others ({@code or(matchAll(), x)} is
     * {@code matchAll()}); {@code nor(matchAll())} matches nothing. {@link #not} refuses it.
     */
    public static Condition matchAll() {
        return MATCH_ALL;
    }

    /**
     * {@code {$and: [conditions]}}; {@link #matchAll()} among the conditions is left out, so
     * {@code and(matchAll(), x)} is {@code x}. A condition may be any {@link Bson} (the driver's
     * {@code Filters}, a document); such a condition is kept inside the tree and compared, in
     * {@link Condition#equals}, without being rendered: a {@link org.bson.BsonDocument} or
     * {@link org.bson.Document} is copied when given and compared by content (field order and
     * number types matter), any other {@code Bson} by its own {@code equals} (by content for the
     * driver's {@code Filters}, by identity for a class that does not define it).
     */
    public static Condition and(Bson... conditions) {
        return logical("$and", conditions);
    }

    /** {@code {$or: [conditions]}}; {@code matchAll()} among them makes the whole {@code matchAll()}. */
    public static Condition or(Bson... conditions) {
        return logical("$or", conditions);
    }

    /** {@code {$nor: [conditions]}}: none matches. */
    public static Condition nor(Bson... conditions) {
        return logical("$nor", conditions);
    }

    /**
     * Negates a single-field condition the way MongoDB accepts it, {@code {path: {$not: {...}}}}
     * (an equality becomes {@code {$not: {$eq: v}}}). Note that {@code $not} also matches
     * documents where the field is missing.
     *
     * @throws IllegalArgumentException for a logical, {@code $expr} or element condition (MongoDB
     *         has no top-level {@code $not}; use {@link #nor})
     */
    public static Condition not(Condition condition) {
        Objects.requireNonNull(condition, "condition");
        if (!(condition.node() instanceof Node.FieldTest test) || test.path().isEmpty()) {
            throw new IllegalArgumentException("not(" + condition + "): $not applies to one field's condition;"
                    + " MongoDB has no top-level $not, use nor(...)");
        }
        return new Condition(new Node.Not(test.path(), test));
    }

    /** A comparison on a field, against a value ({@code {path: {$lt: v}}}) or another field ({@code $expr}). */
    public static Field field(String path) {
        Paths.requireFilterPath(path, "field");
        return new Field(path);
    }

    /**
     * A condition on an array's scalar elements, for {@code $pull} and {@code $elemMatch}:
     * {@code element().gte(6)} compiles to {@code {$gte: 6}}.
     */
    public static Field element() {
        return new Field("");
    }

    /** {@code {$expr: expression}}: a condition computed from the document, such as a comparison of two fields. */
    public static Condition expr(Expr expression) {
        Objects.requireNonNull(expression, "expression");
        return new Condition(new Node.ExprCondition(expression));
    }

    // ---- shared by Field -------------------------------------------------------------------

    static Condition operator(String path, String operator, Object value) {
        Paths.requireFilterPath(path, operator);
        return new Condition(new Node.FieldOperator(path, operator, value));
    }

    /** A test of an array's scalar element, without a path: {@code {$gte: 6}}. */
    static Condition elementOperator(String operator, Object value) {
        return new Condition(new Node.FieldOperator("", operator, value));
    }

    /** A list test of an array's scalar element, without a path: {@code {$in: [7, 8]}}. */
    static Condition elementElemMatch(Bson condition) {
        return new Condition(new Node.ElemMatch("", Node.of(condition)));
    }

    static Condition elementArrayOperator(String operator, Collection<?> values) {
        return listOperator("", operator, values);
    }

    /** {@code {$expr: {operator: ["$left", "$right"]}}}. */
    static Condition fieldsCompared(String operator, String left, String right) {
        return new Condition(new Node.FieldsCompared(operator, left, right));
    }

    private static Condition arrayOperator(String path, String operator, Collection<?> values) {
        Objects.requireNonNull(values, () -> operator + " on '" + path + "': values must not be null");
        Paths.requireFilterPath(path, operator);
        return listOperator(path, operator, values);
    }

    private static Condition listOperator(String path, String operator, Collection<?> values) {
        Objects.requireNonNull(values, () -> operator + " on " + where(path) + ": values must not be null");
        int index = 0;
        for (Object v : values) {
            if (v instanceof Pattern || v instanceof BsonRegularExpression) {
                throw new IllegalArgumentException(operator + " on " + where(path) + ": value " + index + " is a regular "
                        + "expression, which " + operator + " matches as a pattern, not as a value; use regex(...) "
                        + "for a pattern");
            }
            index++;
        }
        return new Condition(new Node.FieldOperator(path, operator, values, true));
    }

    private static String where(String path) {
        return path.isEmpty() ? "element()" : "'" + path + "'";
    }

    private static Condition logical(String operator, Bson... conditions) {
        Objects.requireNonNull(conditions, operator);
        if (conditions.length == 0) {
            throw new IllegalArgumentException(operator + ": needs at least one condition");
        }
        Node[] children = new Node[conditions.length];
        int kept = 0;
        boolean matchAll = false;
        for (Bson c : conditions) {
            Objects.requireNonNull(c, () -> operator + ": a condition is null");
            Node node = Node.of(c);
            if (node == Node.MatchAll.INSTANCE && !operator.equals("$nor")) {
                matchAll = true;
                continue; // true AND x is x; true OR x is true
            }
            children[kept++] = node;
        }
        if (matchAll && (operator.equals("$or") || kept == 0)) {
            return MATCH_ALL;
        }
        if (matchAll && kept == 1) {
            return new Condition(children[0]);
        }
        return new Condition(new Node.Logical(operator, Arrays.asList(Arrays.copyOf(children, kept))));
    }
}

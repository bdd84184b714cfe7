package dev.atomicmongo.filter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import dev.atomicmongo.internal.BsonValues;
import dev.atomicmongo.internal.Paths;
import dev.atomicmongo.update.Expr;
import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonRegularExpression;
import org.bson.BsonString;
import org.bson.BsonType;
import org.bson.BsonValue;
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
    private Conditions() {
    }

    /** {@code {path: value}}. */
    public static Condition eq(String path, Object value) {
        Paths.filter(path, "$eq");
        return new Condition(path, r -> new BsonDocument(path, BsonValues.encode(value, r)));
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

    /** {@code {path: {$in: [values]}}}. */
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
        Paths.filter(path, "$elemMatch");
        Objects.requireNonNull(condition, "condition");
        return new Condition(path, r -> new BsonDocument(path,
                new BsonDocument("$elemMatch", condition.toBsonDocument(BsonDocument.class, r))));
    }

    /** {@code {path: /pattern/}}. */
    public static Condition regex(String path, String pattern) {
        return regex(path, pattern, null);
    }

    /** {@code {path: /pattern/options}}, options such as {@code "i"}. */
    public static Condition regex(String path, String pattern, String options) {
        Objects.requireNonNull(pattern, "pattern");
        return operatorless(path, "$regex", new BsonRegularExpression(pattern, options));
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

    /** {@code {$and: [conditions]}}. */
    public static Condition and(Bson... conditions) {
        return logical("$and", conditions);
    }

    /** {@code {$or: [conditions]}}. */
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
        String path = condition.fieldPath();
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException("not(" + condition + "): $not applies to one field's condition;"
                    + " MongoDB has no top-level $not, use nor(...)");
        }
        return new Condition(path, r -> {
            BsonValue test = condition.toBsonDocument(BsonDocument.class, r).get(path);
            BsonValue negated = test.isDocument() && isOperatorDocument(test.asDocument())
                    || test.isRegularExpression() ? test : new BsonDocument("$eq", test);
            return new BsonDocument(path, new BsonDocument("$not", negated));
        });
    }

    /** A comparison on a field, against a value ({@code {path: {$lt: v}}}) or another field ({@code $expr}). */
    public static Field field(String path) {
        Paths.filter(path, "field");
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
        return new Condition(null, r -> new BsonDocument("$expr", expression.toBsonValue(r)));
    }

    // ---- shared by Field -------------------------------------------------------------------

    static Condition operator(String path, String operator, Object value) {
        Paths.filter(path, operator);
        return new Condition(path, r -> new BsonDocument(path, new BsonDocument(operator, BsonValues.encode(value, r))));
    }

    /** A test of an array's scalar element, without a path: {@code {$gte: 6}}. */
    static Condition elementOperator(String operator, Object value) {
        return new Condition("", r -> new BsonDocument(operator, BsonValues.encode(value, r)));
    }

    private static Condition operatorless(String path, String operator, BsonValue value) {
        Paths.filter(path, operator);
        return new Condition(path, r -> new BsonDocument(path, value));
    }

    private static Condition arrayOperator(String path, String operator, Collection<?> values) {
        Objects.requireNonNull(values, () -> operator + " on '" + path + "': values must not be null");
        List<Object> copy = new ArrayList<>(values);
        Paths.filter(path, operator);
        return new Condition(path, r -> {
            BsonArray array = new BsonArray(copy.size());
            for (Object value : copy) {
                array.add(BsonValues.encode(value, r));
            }
            return new BsonDocument(path, new BsonDocument(operator, array));
        });
    }

    private static Condition logical(String operator, Bson... conditions) {
        Objects.requireNonNull(conditions, operator);
        if (conditions.length == 0) {
            throw new IllegalArgumentException(operator + ": needs at least one condition");
        }
        Bson[] copy = conditions.clone();
        for (Bson c : copy) {
            Objects.requireNonNull(c, () -> operator + ": a condition is null");
        }
        return new Condition(null, r -> {
            BsonArray clauses = new BsonArray(copy.length);
            for (Bson c : copy) {
                clauses.add(c.toBsonDocument(BsonDocument.class, r));
            }
            return new BsonDocument(operator, clauses);
        });
    }

    private static boolean isOperatorDocument(BsonDocument doc) {
        for (Map.Entry<String, BsonValue> e : doc.entrySet()) {
            if (!e.getKey().startsWith("$")) {
                return false;
            }
        }
        return !doc.isEmpty();
    }
}

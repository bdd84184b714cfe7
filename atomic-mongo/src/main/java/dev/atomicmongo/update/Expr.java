package dev.atomicmongo.update;

import static dev.atomicmongo.update.Kind.ARRAY;
import static dev.atomicmongo.update.Kind.BOOLEAN;
import static dev.atomicmongo.update.Kind.DATE;
import static dev.atomicmongo.update.Kind.DOCUMENT;
import static dev.atomicmongo.update.Kind.NULL;
import static dev.atomicmongo.update.Kind.NUMBER;
import static dev.atomicmongo.update.Kind.STRING;
import static dev.atomicmongo.update.Kind.UNKNOWN;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import dev.atomicmongo.CheckReturnValue;
import dev.atomicmongo.internal.BsonValues;
import dev.atomicmongo.internal.Paths;
import dev.atomicmongo.internal.Values;
import dev.atomicmongo.update.ExprNode.ArrayOf;
import dev.atomicmongo.update.ExprNode.Call;
import dev.atomicmongo.update.ExprNode.Literal;
import dev.atomicmongo.update.ExprNode.ObjectOf;
import dev.atomicmongo.update.ExprNode.Unary;
import dev.atomicmongo.update.ExprNode.Variable;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.codecs.configuration.CodecRegistry;

/**
 * Aggregation expressions for pipeline updates ({@link PipelineUpdate}) and {@code $expr}
 * conditions: one static factory per MongoDB operator, named after it. Immutable and thread-safe.
 *
 * <p>{@link #literal(Object)} wraps any value the server could read as something else (a string
 * starting with {@code $}, a document, an array holding either) in {@code $literal}, so user data
 * such as {@code "$100"} stays a string and never becomes a field path. The elements of
 * {@link #array(Expr...)} and the values of {@link #object(Map)} are expressions, not literals.
 *
 * <p>Each expression knows, when it is built, whether it can only be a number, a boolean, a
 * string, an array, a document, a date or null; an operator given an argument MongoDB would
 * refuse at run time ({@code $size} of a string literal, {@code $multiply} of an
 * {@link #object(Map)}) throws {@code IllegalArgumentException} naming the operator and the rule.
 * Field paths and variables can be anything and are never refused.
 *
 * <pre>{@code
 * // lock.until = (lock missing or expired) ? now + 30s : lock.until
 * Expr.cond(Expr.lt(Expr.ifNull(Expr.field("lock.until"), Expr.literal(new Date(0))), Expr.now()),
 *           Expr.add(Expr.now(), Expr.literal(30_000)),
 *           Expr.field("lock.until"))
 * }</pre>
 */
@CheckReturnValue
public final class Expr {
    private static final Set<Kind> NUMERIC = EnumSet.of(NUMBER, NULL, UNKNOWN);
    private static final Set<Kind> NUMERIC_OR_DATE = EnumSet.of(NUMBER, DATE, NULL, UNKNOWN);
    private static final Set<Kind> ARRAY_OR_NULL = EnumSet.of(ARRAY, NULL, UNKNOWN);
    private static final Set<Kind> ARRAY_ONLY = EnumSet.of(ARRAY, UNKNOWN);
    private static final Set<Kind> DOCUMENT_OR_NULL = EnumSet.of(DOCUMENT, NULL, UNKNOWN);
    private static final Set<Kind> STRING_OR_NULL = EnumSet.of(STRING, NULL, UNKNOWN);
    private static final Set<Kind> STRING_ONLY = EnumSet.of(STRING, UNKNOWN);
    private static final Set<Kind> STRINGABLE = EnumSet.of(STRING, NUMBER, DATE, NULL, UNKNOWN);
    private static final Set<Kind> DATE_OR_NULL = EnumSet.of(DATE, NULL, UNKNOWN);
    private static final Set<String> TIME_UNITS = Set.of("year", "quarter", "month", "week", "day", "hour",
            "minute", "second", "millisecond");

    private static final Expr NOW = new Expr(new Variable("$$NOW"), DATE);
    private static final Expr CLUSTER_TIME = new Expr(new Variable("$$CLUSTER_TIME"), UNKNOWN);
    private static final Expr ROOT = new Expr(new Variable("$$ROOT"), DOCUMENT);
    private static final Expr CURRENT = new Expr(new Variable("$$CURRENT"), DOCUMENT);
    private static final Expr REMOVE = new Expr(new Variable("$$REMOVE"), UNKNOWN);
    private static final Expr USER_ROLES = new Expr(new Variable("$$USER_ROLES"), ARRAY);

    private final ExprNode node;
    private final Kind kind;

    private Expr(ExprNode node, Kind kind) {
        this.node = node;
        this.kind = kind;
    }

    // ---- references, variables and constants ---------------------------------------------------

    /** The value of a field of the document, {@code "$path"}. */
    public static Expr field(String path) {
        Paths.filter(path, "Expr.field");
        return new Expr(new Variable("$" + path), UNKNOWN);
    }

    /** A constant, wrapped in {@code $literal} where the server could read it as a path, variable or expression. */
    public static Expr literal(Object value) {
        Object frozen;
        try {
            frozen = Values.freeze(value);
        } catch (IllegalArgumentException e) {
            throw Values.at("Expr.literal", e);
        }
        return new Expr(new Literal(frozen), Kind.ofLiteral(frozen));
    }

    /** The server's clock at the start of the operation, the variable {@code $$NOW} (MongoDB 4.2+). */
    public static Expr now() {
        return NOW;
    }

    /** The cluster's logical time, a timestamp, the variable {@code $$CLUSTER_TIME} (replica sets and sharded clusters only). */
    public static Expr clusterTime() {
        return CLUSTER_TIME;
    }

    /** The whole document as it enters the stage, the variable {@code $$ROOT}. */
    public static Expr root() {
        return ROOT;
    }

    /** The document being processed, the variable {@code $$CURRENT} (the same as {@code $$ROOT} unless rebound). */
    public static Expr current() {
        return CURRENT;
    }

    /**
     * The variable {@code $$REMOVE}: a field set to it is left out ({@code set("tmp", Expr.remove())}
     * removes {@code tmp}), and {@code cond(..., Expr.remove(), ...)} removes conditionally.
     */
    public static Expr remove() {
        return REMOVE;
    }

    /**
     * A user variable, {@code "$$name"}: one bound by the update's {@code let} option or by
     * {@link #map}, {@link #filter} or {@link #reduce} ({@code "this"}, {@code "value"}).
     *
     * @throws IllegalArgumentException if the name is not one MongoDB lets a user define: it must start
     *         with a lowercase ASCII letter or a non-ASCII character and hold only ASCII letters,
     *         digits, {@code _} and non-ASCII characters
     */
    public static Expr variable(String name) {
        requireVariableName(name, "Expr.variable");
        return new Expr(new Variable("$$" + name), UNKNOWN);
    }

    /** A field of a user variable's value, {@code "$$name.path"} ({@code variable("item", "qty")} is {@code "$$item.qty"}). */
    public static Expr variable(String name, String path) {
        requireVariableName(name, "Expr.variable");
        Paths.filter(path, "Expr.variable");
        return new Expr(new Variable("$$" + name + "." + path), UNKNOWN);
    }

    static void requireVariableName(String name, String where) {
        Objects.requireNonNull(name, () -> where + ": name must not be null");
        if (name.isEmpty()) {
            throw new IllegalArgumentException(where + ": a variable name must not be empty");
        }
        char first = name.charAt(0);
        if (!(first >= 'a' && first <= 'z' || first > 127)) {
            throw new IllegalArgumentException(where + " '" + name + "': a user variable name must start with a"
                    + " lowercase ASCII letter or a non-ASCII character"
                    + (first >= 'A' && first <= 'Z' ? " (system variables: Expr.now(), root(), current(), remove(), clusterTime())" : ""));
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c > 127)) {
                throw new IllegalArgumentException(where + " '" + name + "': a variable name may hold only ASCII letters,"
                        + " digits, '_' and non-ASCII characters, not '" + c + "'");
            }
        }
    }

    // ---- arrays and objects of expressions -------------------------------------------------------

    /** An array whose elements are expressions, evaluated ({@code array(field("a"), literal(1))} is {@code ["$a", 1]}). */
    public static Expr array(Expr... elements) {
        return new Expr(new ArrayOf(arguments("Expr.array", elements)), ARRAY);
    }

    /** A document with one field whose value is an expression, {@code {key: value}}. */
    public static Expr object(String key, Expr value) {
        return objectOf(Arrays.asList(key), List.of(nonNull(key, value)));
    }

    /** A document with two fields whose values are expressions, in this order. */
    public static Expr object(String k1, Expr v1, String k2, Expr v2) {
        return objectOf(Arrays.asList(k1, k2), List.of(nonNull(k1, v1), nonNull(k2, v2)));
    }

    /** A document with three fields whose values are expressions, in this order. */
    public static Expr object(String k1, Expr v1, String k2, Expr v2, String k3, Expr v3) {
        return objectOf(Arrays.asList(k1, k2, k3), List.of(nonNull(k1, v1), nonNull(k2, v2), nonNull(k3, v3)));
    }

    /**
     * A document whose values are expressions, keys in the map's iteration order (use a
     * {@code LinkedHashMap} when order matters). As the value of a {@code $set} path, MongoDB
     * merges such a document into an embedded document already there (the {@code $addFields}
     * rule); {@code mergeObjects} or {@link #literal} say otherwise.
     *
     * @throws IllegalArgumentException if a key is empty, starts with {@code $} or holds a dot
     */
    public static Expr object(Map<String, ? extends Expr> fields) {
        Objects.requireNonNull(fields, "Expr.object: fields must not be null");
        List<String> keys = new ArrayList<>(fields.size());
        List<Expr> values = new ArrayList<>(fields.size());
        for (Map.Entry<String, ? extends Expr> e : fields.entrySet()) {
            keys.add(e.getKey());
            values.add(nonNull(e.getKey(), e.getValue()));
        }
        return objectOf(keys, values);
    }

    private static Expr nonNull(String key, Expr value) {
        return value == null ? nullValue(key) : value;
    }

    private static Expr nullValue(String key) {
        throw new NullPointerException("Expr.object: value of '" + key + "' must not be null; use Expr.literal(null)");
    }

    private static Expr objectOf(List<String> keys, List<Expr> values) {
        Set<String> seen = new HashSet<>();
        for (String key : keys) {
            Objects.requireNonNull(key, "Expr.object: key must not be null");
            if (key.isEmpty() || key.startsWith("$") || key.indexOf('.') >= 0 || key.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("Expr.object: key '" + key.replace("\0", "\\0")
                        + "' must not be empty, start with '$', or hold a '.' or NUL (MongoDB reads such keys as"
                        + " operators or paths); use Expr.literal for such data");
            }
            if (!seen.add(key)) {
                throw new IllegalArgumentException("Expr.object: key '" + key + "' appears twice");
            }
        }
        return new Expr(new ObjectOf(List.copyOf(keys), List.copyOf(values)), DOCUMENT);
    }

    /** {@code $mergeObjects}: the documents merged left to right, later fields winning; null arguments are ignored. */
    public static Expr mergeObjects(Expr... documents) {
        return typed("$mergeObjects", DOCUMENT, DOCUMENT_OR_NULL, "a document or null", documents);
    }

    // ---- conditionals ----------------------------------------------------------------------------

    /** {@code $cond}: {@code then} if {@code condition} is true, else {@code otherwise}. */
    public static Expr cond(Expr condition, Expr then, Expr otherwise) {
        List<Expr> args = arguments("$cond", condition, then, otherwise);
        return new Expr(new Call("$cond", args), then.kind == otherwise.kind ? then.kind : UNKNOWN);
    }

    /** {@code $ifNull}: {@code value}, or {@code replacement} when it is null or missing. */
    public static Expr ifNull(Expr value, Expr replacement) {
        List<Expr> args = arguments("$ifNull", value, replacement);
        Kind result = value.kind == replacement.kind ? value.kind : value.kind == NULL ? replacement.kind : UNKNOWN;
        return new Expr(new Call("$ifNull", args), result);
    }

    /**
     * {@code $switch}: starts a switch with its first branch; add branches with
     * {@link Switch#when} and finish with {@link Switch#otherwise} or {@link Switch#noDefault}.
     *
     * <pre>{@code
     * Expr.switchCase(Expr.gte(Expr.field("average"), Expr.literal(90)), Expr.literal("A"))
     *     .when(Expr.gte(Expr.field("average"), Expr.literal(80)), Expr.literal("B"))
     *     .otherwise(Expr.literal("F"))
     * }</pre>
     */
    public static Switch switchCase(Expr condition, Expr then) {
        return Switch.EMPTY.when(condition, then);
    }

    /** {@code $switch} with no branch yet, for branches added in a loop; one is needed before it is finished. */
    public static Switch switchOn() {
        return Switch.EMPTY;
    }

    // ---- comparison and boolean ------------------------------------------------------------------

    /** {@code $eq}. */
    public static Expr eq(Expr a, Expr b) {
        return call("$eq", BOOLEAN, a, b);
    }

    /** {@code $ne}. */
    public static Expr ne(Expr a, Expr b) {
        return call("$ne", BOOLEAN, a, b);
    }

    /** {@code $lt}. */
    public static Expr lt(Expr a, Expr b) {
        return call("$lt", BOOLEAN, a, b);
    }

    /** {@code $lte}. */
    public static Expr lte(Expr a, Expr b) {
        return call("$lte", BOOLEAN, a, b);
    }

    /** {@code $gt}. */
    public static Expr gt(Expr a, Expr b) {
        return call("$gt", BOOLEAN, a, b);
    }

    /** {@code $gte}. */
    public static Expr gte(Expr a, Expr b) {
        return call("$gte", BOOLEAN, a, b);
    }

    /** {@code $cmp}: -1, 0 or 1. */
    public static Expr cmp(Expr a, Expr b) {
        return call("$cmp", NUMBER, a, b);
    }

    /** {@code $and}. */
    public static Expr and(Expr... conditions) {
        return call("$and", BOOLEAN, conditions);
    }

    /** {@code $or}. */
    public static Expr or(Expr... conditions) {
        return call("$or", BOOLEAN, conditions);
    }

    /** {@code $not}. */
    public static Expr not(Expr condition) {
        return call("$not", BOOLEAN, condition);
    }

    // ---- arithmetic ------------------------------------------------------------------------------

    /**
     * {@code $add} of numbers, or of one date and milliseconds.
     *
     * @throws IllegalArgumentException if a term can only be a string, boolean, array or document, or two can only be dates
     */
    public static Expr add(Expr... terms) {
        Expr add = typed("$add", NUMBER, NUMERIC_OR_DATE, "a number or a date", terms);
        int dates = 0;
        boolean allNumbers = true;
        for (Expr term : terms) {
            dates += term.kind == DATE ? 1 : 0;
            allNumbers &= term.kind == NUMBER;
        }
        if (dates > 1) {
            throw new IllegalArgumentException("$add: at most one argument may be a date, but " + dates + " are");
        }
        return new Expr(add.node, dates == 1 ? DATE : allNumbers ? NUMBER : UNKNOWN);
    }

    /**
     * {@code $subtract}: {@code a - b}, of numbers, of dates (milliseconds between them), or a date minus milliseconds.
     *
     * @throws IllegalArgumentException if an argument can only be a string, boolean, array or document, or {@code b} is a date and {@code a} a number
     */
    public static Expr subtract(Expr a, Expr b) {
        typed("$subtract", NUMBER, NUMERIC_OR_DATE, "a number or a date", a, b);
        if (a.kind == NUMBER && b.kind == DATE) {
            throw new IllegalArgumentException("$subtract: a date cannot be subtracted from a number (argument 2 is a date, argument 1 a number)");
        }
        Kind result = a.kind == DATE && b.kind == DATE ? NUMBER : a.kind == DATE && b.kind == NUMBER ? DATE
                : a.kind == NUMBER && b.kind == NUMBER ? NUMBER : UNKNOWN;
        return new Expr(new Call("$subtract", List.of(a, b)), result);
    }

    /** {@code $multiply} of numbers. */
    public static Expr multiply(Expr... factors) {
        return typed("$multiply", NUMBER, NUMERIC, "a number", factors);
    }

    /** {@code $divide}: {@code dividend / divisor}. */
    public static Expr divide(Expr dividend, Expr divisor) {
        return typed("$divide", NUMBER, NUMERIC, "a number", dividend, divisor);
    }

    /** {@code $mod}: the remainder of {@code dividend / divisor}. */
    public static Expr mod(Expr dividend, Expr divisor) {
        return typed("$mod", NUMBER, NUMERIC, "a number", dividend, divisor);
    }

    /** {@code $pow}: {@code base} to the power {@code exponent}. */
    public static Expr pow(Expr base, Expr exponent) {
        return typed("$pow", NUMBER, NUMERIC, "a number", base, exponent);
    }

    /** {@code $log}: the logarithm of {@code number} in {@code base}. */
    public static Expr log(Expr number, Expr base) {
        return typed("$log", NUMBER, NUMERIC, "a number", number, base);
    }

    /** {@code $abs}: the absolute value. */
    public static Expr abs(Expr number) {
        return numericUnary("$abs", number);
    }

    /** {@code $ceil}: the smallest integer greater than or equal to the number. */
    public static Expr ceil(Expr number) {
        return numericUnary("$ceil", number);
    }

    /** {@code $floor}: the largest integer less than or equal to the number. */
    public static Expr floor(Expr number) {
        return numericUnary("$floor", number);
    }

    /** {@code $sqrt}: the square root. */
    public static Expr sqrt(Expr number) {
        return numericUnary("$sqrt", number);
    }

    /** {@code $exp}: e to the power of the number. */
    public static Expr exp(Expr number) {
        return numericUnary("$exp", number);
    }

    /** {@code $ln}: the natural logarithm. */
    public static Expr ln(Expr number) {
        return numericUnary("$ln", number);
    }

    /** {@code $log10}: the base-10 logarithm. */
    public static Expr log10(Expr number) {
        return numericUnary("$log10", number);
    }

    /** {@code $round} to an integer, {@code {$round: [number]}}. */
    public static Expr round(Expr number) {
        return typed("$round", NUMBER, NUMERIC, "a number", number);
    }

    /** {@code $round} to {@code place} decimal places (negative: to the left of the point), halves to even. */
    public static Expr round(Expr number, int place) {
        return typed("$round", NUMBER, NUMERIC, "a number", number, literal(place));
    }

    /** {@code $trunc} to an integer, {@code {$trunc: [number]}}. */
    public static Expr trunc(Expr number) {
        return typed("$trunc", NUMBER, NUMERIC, "a number", number);
    }

    /** {@code $trunc} to {@code place} decimal places (negative: to the left of the point). */
    public static Expr trunc(Expr number, int place) {
        return typed("$trunc", NUMBER, NUMERIC, "a number", number, literal(place));
    }

    private static Expr numericUnary(String name, Expr number) {
        Objects.requireNonNull(number, () -> name + ": argument must not be null");
        requireKind(name, 1, number, NUMERIC, "a number");
        return new Expr(new Unary(name, number), NUMBER);
    }

    // ---- accumulators in expression form --------------------------------------------------------

    /**
     * {@code $sum}: of one array's numeric elements ({@code sum(field("scores"))} is
     * {@code {$sum: "$scores"}}), or of several numbers; other values are ignored.
     */
    public static Expr sum(Expr... values) {
        return accumulator("$sum", NUMBER, values);
    }

    /** {@code $avg}: of one array's numeric elements, or of several numbers; other values are ignored. */
    public static Expr avg(Expr... values) {
        return accumulator("$avg", UNKNOWN, values);
    }

    /** {@code $max}: of one array's elements, or of several values. */
    public static Expr max(Expr... values) {
        return accumulator("$max", UNKNOWN, values);
    }

    /** {@code $min}: of one array's elements, or of several values. */
    public static Expr min(Expr... values) {
        return accumulator("$min", UNKNOWN, values);
    }

    private static Expr accumulator(String name, Kind result, Expr... values) {
        List<Expr> args = arguments(name, values);
        return args.size() == 1 ? new Expr(new Unary(name, args.get(0)), result) : new Expr(new Call(name, args), result);
    }

    // ---- type and conversion ---------------------------------------------------------------------

    /** {@code $toString}. */
    public static Expr toStringOf(Expr value) {
        return unary("$toString", STRING, value);
    }

    /** {@code $toInt}. */
    public static Expr toInt(Expr value) {
        return unary("$toInt", NUMBER, value);
    }

    /** {@code $toLong}. */
    public static Expr toLong(Expr value) {
        return unary("$toLong", NUMBER, value);
    }

    /** {@code $toDouble}. */
    public static Expr toDouble(Expr value) {
        return unary("$toDouble", NUMBER, value);
    }

    /** {@code $toDecimal}. */
    public static Expr toDecimal(Expr value) {
        return unary("$toDecimal", NUMBER, value);
    }

    /** {@code $toBool}. */
    public static Expr toBool(Expr value) {
        return unary("$toBool", BOOLEAN, value);
    }

    /** {@code $toDate}. */
    public static Expr toDate(Expr value) {
        return unary("$toDate", DATE, value);
    }

    /** {@code $type}: the BSON type name ({@code "missing"} for a missing field). */
    public static Expr type(Expr value) {
        return unary("$type", STRING, value);
    }

    /** {@code $isNumber}: true for an int, long, double or decimal. */
    public static Expr isNumber(Expr value) {
        return unary("$isNumber", BOOLEAN, value);
    }

    /** {@code $isArray}: true for an array, {@code {$isArray: [value]}}. */
    public static Expr isArray(Expr value) {
        return call("$isArray", BOOLEAN, value);
    }

    // ---- strings ---------------------------------------------------------------------------------

    /** {@code $concat} of strings; null if one is null or missing. */
    public static Expr concat(Expr... strings) {
        return typed("$concat", STRING, STRING_OR_NULL, "a string or null", strings);
    }

    /** {@code $toLower}. */
    public static Expr toLower(Expr string) {
        requireKind("$toLower", 1, Objects.requireNonNull(string, "$toLower: argument must not be null"), STRINGABLE,
                "a string, number, date or null");
        return unary("$toLower", STRING, string);
    }

    /** {@code $toUpper}. */
    public static Expr toUpper(Expr string) {
        requireKind("$toUpper", 1, Objects.requireNonNull(string, "$toUpper: argument must not be null"), STRINGABLE,
                "a string, number, date or null");
        return unary("$toUpper", STRING, string);
    }

    /** {@code $strLenCP}: the number of UTF-8 code points. */
    public static Expr strLenCP(Expr string) {
        requireKind("$strLenCP", 1, Objects.requireNonNull(string, "$strLenCP: argument must not be null"), STRING_ONLY,
                "a string");
        return unary("$strLenCP", NUMBER, string);
    }

    /** {@code $substrCP}: {@code count} code points from code point {@code index}. */
    public static Expr substrCP(Expr string, Expr index, Expr count) {
        Expr e = call("$substrCP", STRING, string, index, count);
        requireKind("$substrCP", 1, string, STRINGABLE, "a string, number, date or null");
        requireKind("$substrCP", 2, index, NUMERIC, "a number");
        requireKind("$substrCP", 3, count, NUMERIC, "a number");
        return e;
    }

    // ---- arrays ----------------------------------------------------------------------------------

    /** {@code $size} of an array; wrap a possibly missing array in {@link #ifNull} first (null is refused). */
    public static Expr size(Expr array) {
        Objects.requireNonNull(array, "$size: argument must not be null");
        requireKind("$size", 1, array, ARRAY_ONLY, "an array");
        return new Expr(new Unary("$size", array), NUMBER);
    }

    /** {@code $concatArrays}; null if one is null or missing. */
    public static Expr concatArrays(Expr... arrays) {
        return typed("$concatArrays", ARRAY, ARRAY_OR_NULL, "an array or null", arrays);
    }

    /** {@code $slice} of the first {@code n} elements (the last {@code -n} when negative). */
    public static Expr slice(Expr array, int n) {
        Objects.requireNonNull(array, "$slice: argument must not be null");
        requireKind("$slice", 1, array, ARRAY_OR_NULL, "an array or null");
        return new Expr(new Call("$slice", List.of(array, literal(n))), ARRAY);
    }

    /** {@code $slice} of {@code n} elements starting at {@code position}. */
    public static Expr slice(Expr array, Expr position, Expr n) {
        Expr e = call("$slice", ARRAY, array, position, n);
        requireKind("$slice", 1, array, ARRAY_OR_NULL, "an array or null");
        requireKind("$slice", 2, position, NUMERIC, "a number");
        requireKind("$slice", 3, n, NUMERIC, "a number");
        return e;
    }

    /** {@code $in}: true if {@code value} is an element of {@code array} (which must not be null). */
    public static Expr in(Expr value, Expr array) {
        Expr e = call("$in", BOOLEAN, value, array);
        requireKind("$in", 2, array, ARRAY_ONLY, "an array");
        return e;
    }

    /** {@code $arrayElemAt}: the element at {@code index} (negative: from the end). */
    public static Expr arrayElemAt(Expr array, Expr index) {
        Expr e = call("$arrayElemAt", UNKNOWN, array, index);
        requireKind("$arrayElemAt", 1, array, ARRAY_OR_NULL, "an array or null");
        requireKind("$arrayElemAt", 2, index, NUMERIC, "a number");
        return e;
    }

    /** {@code $arrayElemAt} with a constant index. */
    public static Expr arrayElemAt(Expr array, int index) {
        return arrayElemAt(array, literal(index));
    }

    /** {@code $indexOfArray}: the index of the first element equal to {@code value}, or -1. */
    public static Expr indexOfArray(Expr array, Expr value) {
        Expr e = call("$indexOfArray", NUMBER, array, value);
        requireKind("$indexOfArray", 1, array, ARRAY_OR_NULL, "an array or null");
        return e;
    }

    /** {@code $reverseArray}. */
    public static Expr reverseArray(Expr array) {
        Objects.requireNonNull(array, "$reverseArray: argument must not be null");
        requireKind("$reverseArray", 1, array, ARRAY_OR_NULL, "an array or null");
        return new Expr(new Unary("$reverseArray", array), ARRAY);
    }

    /** {@code $setUnion}: the distinct elements of all the arrays. */
    public static Expr setUnion(Expr... arrays) {
        return typed("$setUnion", ARRAY, ARRAY_OR_NULL, "an array or null", arrays);
    }

    /** {@code $setDifference}: the distinct elements of {@code a} not in {@code b}. */
    public static Expr setDifference(Expr a, Expr b) {
        return typed("$setDifference", ARRAY, ARRAY_OR_NULL, "an array or null", a, b);
    }

    /** {@code $filter} with the element bound to {@code $$this}: the elements for which {@code condition} is true. */
    public static Expr filter(Expr input, Expr condition) {
        return filter(input, "this", condition);
    }

    /** {@code $filter} with the element bound to {@code $$as}: the elements for which {@code condition} is true. */
    public static Expr filter(Expr input, String as, Expr condition) {
        return iteration("$filter", input, as, "cond", condition);
    }

    /** {@code $map} with the element bound to {@code $$this}: {@code in} applied to each element. */
    public static Expr map(Expr input, Expr in) {
        return map(input, "this", in);
    }

    /** {@code $map} with the element bound to {@code $$as}: {@code in} applied to each element. */
    public static Expr map(Expr input, String as, Expr in) {
        return iteration("$map", input, as, "in", in);
    }

    private static Expr iteration(String name, Expr input, String as, String bodyKey, Expr body) {
        Objects.requireNonNull(input, () -> name + ": input must not be null");
        Objects.requireNonNull(body, () -> name + ": " + bodyKey + " must not be null");
        requireVariableName(as, name + " as");
        requireKind(name, "input", input, ARRAY_OR_NULL, "an array or null");
        List<String> keys = as.equals("this") ? List.of("input", bodyKey) : List.of("input", "as", bodyKey);
        List<Expr> values = as.equals("this") ? List.of(input, body)
                : List.of(input, new Expr(new Literal(as), STRING), body);
        return new Expr(new Unary(name, new Expr(new ObjectOf(keys, values), DOCUMENT)), ARRAY);
    }

    /**
     * {@code $reduce}: folds the array, {@code $$value} holding the result so far (starting at
     * {@code initialValue}) and {@code $$this} the element.
     */
    public static Expr reduce(Expr input, Expr initialValue, Expr in) {
        Objects.requireNonNull(input, "$reduce: input must not be null");
        Objects.requireNonNull(initialValue, "$reduce: initialValue must not be null");
        Objects.requireNonNull(in, "$reduce: in must not be null");
        requireKind("$reduce", "input", input, ARRAY_OR_NULL, "an array or null");
        Expr spec = new Expr(new ObjectOf(List.of("input", "initialValue", "in"), List.of(input, initialValue, in)), DOCUMENT);
        return new Expr(new Unary("$reduce", spec), in.kind == initialValue.kind ? in.kind : UNKNOWN);
    }

    // ---- dates -----------------------------------------------------------------------------------

    /**
     * {@code $dateAdd}: {@code startDate} plus {@code amount} {@code unit}s.
     *
     * @throws IllegalArgumentException if the unit is not one of year, quarter, month, week, day, hour,
     *         minute, second, millisecond, or {@code startDate} can only be something else than a date
     */
    public static Expr dateAdd(Expr startDate, String unit, Expr amount) {
        return dateArithmetic("$dateAdd", startDate, unit, amount);
    }

    /** {@code $dateAdd} of a constant amount ({@code dateAdd(Expr.now(), "day", 7)}). */
    public static Expr dateAdd(Expr startDate, String unit, long amount) {
        return dateAdd(startDate, unit, literal(amount));
    }

    /** {@code $dateSubtract}: {@code startDate} minus {@code amount} {@code unit}s; units as in {@link #dateAdd}. */
    public static Expr dateSubtract(Expr startDate, String unit, Expr amount) {
        return dateArithmetic("$dateSubtract", startDate, unit, amount);
    }

    /** {@code $dateSubtract} of a constant amount. */
    public static Expr dateSubtract(Expr startDate, String unit, long amount) {
        return dateSubtract(startDate, unit, literal(amount));
    }

    /** {@code $dateTrunc}: {@code date} truncated to the start of its {@code unit} (UTC). */
    public static Expr dateTrunc(Expr date, String unit) {
        Objects.requireNonNull(date, "$dateTrunc: date must not be null");
        requireUnit("$dateTrunc", unit);
        requireKind("$dateTrunc", "date", date, DATE_OR_NULL, "a date or null");
        Expr spec = new Expr(new ObjectOf(List.of("date", "unit"), List.of(date, new Expr(new Literal(unit), STRING))), DOCUMENT);
        return new Expr(new Unary("$dateTrunc", spec), DATE);
    }

    private static Expr dateArithmetic(String name, Expr startDate, String unit, Expr amount) {
        Objects.requireNonNull(startDate, () -> name + ": startDate must not be null");
        Objects.requireNonNull(amount, () -> name + ": amount must not be null");
        requireUnit(name, unit);
        requireKind(name, "startDate", startDate, DATE_OR_NULL, "a date or null");
        requireKind(name, "amount", amount, NUMERIC, "a number");
        Expr spec = new Expr(new ObjectOf(List.of("startDate", "unit", "amount"),
                List.of(startDate, new Expr(new Literal(unit), STRING), amount)), DOCUMENT);
        return new Expr(new Unary(name, spec), DATE);
    }

    private static void requireUnit(String name, String unit) {
        Objects.requireNonNull(unit, () -> name + ": unit must not be null");
        if (!TIME_UNITS.contains(unit)) {
            throw new IllegalArgumentException(name + ": unit '" + unit + "' is not one of year, quarter, month, week,"
                    + " day, hour, minute, second, millisecond");
        }
    }

    // ---- more arrays and sets ---------------------------------------------------------------------

    /** {@code $first}: the first element of the array. */
    public static Expr first(Expr array) {
        return arrayUnary("$first", UNKNOWN, array);
    }

    /** {@code $last}: the last element of the array. */
    public static Expr last(Expr array) {
        return arrayUnary("$last", UNKNOWN, array);
    }

    /** {@code $arrayToObject}: a document from {@code [k, v]} pairs or {@code {k, v}} documents. */
    public static Expr arrayToObject(Expr array) {
        return arrayUnary("$arrayToObject", DOCUMENT, array);
    }

    /** {@code $objectToArray}: the document's fields as {@code {k, v}} documents. */
    public static Expr objectToArray(Expr document) {
        Objects.requireNonNull(document, "$objectToArray: argument must not be null");
        requireKind("$objectToArray", 1, document, DOCUMENT_OR_NULL, "a document or null");
        return new Expr(new Unary("$objectToArray", document), ARRAY);
    }

    /** {@code $range}: the integers from {@code start} up to, not including, {@code end}. */
    public static Expr range(Expr start, Expr end) {
        return typed("$range", ARRAY, EnumSet.of(NUMBER, UNKNOWN), "a number", start, end);
    }

    /** {@code $range} by {@code step}. */
    public static Expr range(Expr start, Expr end, Expr step) {
        return typed("$range", ARRAY, EnumSet.of(NUMBER, UNKNOWN), "a number", start, end, step);
    }

    /** {@code $setEquals}: true if the arrays hold the same distinct elements. */
    public static Expr setEquals(Expr... arrays) {
        return typed("$setEquals", BOOLEAN, ARRAY_ONLY, "an array", arrays);
    }

    /** {@code $setIntersection}: the distinct elements in every array. */
    public static Expr setIntersection(Expr... arrays) {
        return typed("$setIntersection", ARRAY, ARRAY_OR_NULL, "an array or null", arrays);
    }

    /** {@code $setIsSubset}: true if every element of {@code a} is in {@code b}. */
    public static Expr setIsSubset(Expr a, Expr b) {
        return typed("$setIsSubset", BOOLEAN, ARRAY_ONLY, "an array", a, b);
    }

    /** {@code $allElementsTrue}: true if no element is false, null, 0 or missing. */
    public static Expr allElementsTrue(Expr array) {
        return typed("$allElementsTrue", BOOLEAN, ARRAY_ONLY, "an array", array);
    }

    /** {@code $anyElementTrue}: true if some element is true-ish. */
    public static Expr anyElementTrue(Expr array) {
        return typed("$anyElementTrue", BOOLEAN, ARRAY_ONLY, "an array", array);
    }

    private static Expr arrayUnary(String name, Kind result, Expr array) {
        Objects.requireNonNull(array, () -> name + ": argument must not be null");
        requireKind(name, 1, array, ARRAY_OR_NULL, "an array or null");
        return new Expr(new Unary(name, array), result);
    }

    // ---- more strings ----------------------------------------------------------------------------

    /** {@code $trim} of whitespace at both ends. */
    public static Expr trim(Expr string) {
        return trimming("$trim", string);
    }

    /** {@code $ltrim} of whitespace at the start. */
    public static Expr ltrim(Expr string) {
        return trimming("$ltrim", string);
    }

    /** {@code $rtrim} of whitespace at the end. */
    public static Expr rtrim(Expr string) {
        return trimming("$rtrim", string);
    }

    private static Expr trimming(String name, Expr string) {
        Objects.requireNonNull(string, () -> name + ": input must not be null");
        requireKind(name, "input", string, STRING_OR_NULL, "a string or null");
        return new Expr(new Unary(name, new Expr(new ObjectOf(List.of("input"), List.of(string)), DOCUMENT)), STRING);
    }

    /** {@code $split}: the parts of {@code string} between occurrences of {@code delimiter}. */
    public static Expr split(Expr string, Expr delimiter) {
        return typed("$split", ARRAY, STRING_OR_NULL, "a string or null", string, delimiter);
    }

    /** {@code $strcasecmp}: -1, 0 or 1, comparing case-insensitively (ASCII). */
    public static Expr strcasecmp(Expr a, Expr b) {
        return typed("$strcasecmp", NUMBER, STRINGABLE, "a string, number, date or null", a, b);
    }

    /** {@code $indexOfCP}: the code point index of the first {@code substring}, or -1. */
    public static Expr indexOfCP(Expr string, Expr substring) {
        return typed("$indexOfCP", NUMBER, STRING_OR_NULL, "a string or null", string, substring);
    }

    /** {@code $replaceAll}: every {@code find} in {@code input} replaced. */
    public static Expr replaceAll(Expr input, Expr find, Expr replacement) {
        return replacing("$replaceAll", input, find, replacement);
    }

    /** {@code $replaceOne}: the first {@code find} in {@code input} replaced. */
    public static Expr replaceOne(Expr input, Expr find, Expr replacement) {
        return replacing("$replaceOne", input, find, replacement);
    }

    private static Expr replacing(String name, Expr input, Expr find, Expr replacement) {
        List<Expr> args = arguments(name, input, find, replacement);
        requireKind(name, "input", input, STRING_OR_NULL, "a string or null");
        requireKind(name, "find", find, STRING_OR_NULL, "a string or null");
        requireKind(name, "replacement", replacement, STRING_OR_NULL, "a string or null");
        Expr spec = new Expr(new ObjectOf(List.of("input", "find", "replacement"), args), DOCUMENT);
        return new Expr(new Unary(name, spec), STRING);
    }

    // ---- more dates ------------------------------------------------------------------------------

    /** {@code $dateDiff}: the number of {@code unit} boundaries crossed from {@code startDate} to {@code endDate}. */
    public static Expr dateDiff(Expr startDate, Expr endDate, String unit) {
        List<Expr> args = arguments("$dateDiff", startDate, endDate);
        requireUnit("$dateDiff", unit);
        requireKind("$dateDiff", "startDate", startDate, DATE_OR_NULL, "a date or null");
        requireKind("$dateDiff", "endDate", endDate, DATE_OR_NULL, "a date or null");
        Expr spec = new Expr(new ObjectOf(List.of("startDate", "endDate", "unit"),
                List.of(args.get(0), args.get(1), new Expr(new Literal(unit), STRING))), DOCUMENT);
        return new Expr(new Unary("$dateDiff", spec), NUMBER);
    }

    /** {@code $year} of a date (UTC). */
    public static Expr year(Expr date) {
        return datePart("$year", date);
    }

    /** {@code $month} of a date, 1 to 12 (UTC). */
    public static Expr month(Expr date) {
        return datePart("$month", date);
    }

    /** {@code $dayOfMonth}, 1 to 31 (UTC). */
    public static Expr dayOfMonth(Expr date) {
        return datePart("$dayOfMonth", date);
    }

    /** {@code $dayOfWeek}, 1 (Sunday) to 7 (UTC). */
    public static Expr dayOfWeek(Expr date) {
        return datePart("$dayOfWeek", date);
    }

    /** {@code $dayOfYear}, 1 to 366 (UTC). */
    public static Expr dayOfYear(Expr date) {
        return datePart("$dayOfYear", date);
    }

    /** {@code $hour}, 0 to 23 (UTC). */
    public static Expr hour(Expr date) {
        return datePart("$hour", date);
    }

    /** {@code $minute}, 0 to 59. */
    public static Expr minute(Expr date) {
        return datePart("$minute", date);
    }

    /** {@code $second}, 0 to 60 (leap seconds). */
    public static Expr second(Expr date) {
        return datePart("$second", date);
    }

    /** {@code $millisecond}, 0 to 999. */
    public static Expr millisecond(Expr date) {
        return datePart("$millisecond", date);
    }

    /** {@code $week}, 0 to 53, weeks starting on Sunday (UTC). */
    public static Expr week(Expr date) {
        return datePart("$week", date);
    }

    /** {@code $isoWeek}, 1 to 53 (ISO 8601, UTC). */
    public static Expr isoWeek(Expr date) {
        return datePart("$isoWeek", date);
    }

    /** {@code $isoWeekYear} (ISO 8601, UTC). */
    public static Expr isoWeekYear(Expr date) {
        return datePart("$isoWeekYear", date);
    }

    /** {@code $isoDayOfWeek}, 1 (Monday) to 7 (UTC). */
    public static Expr isoDayOfWeek(Expr date) {
        return datePart("$isoDayOfWeek", date);
    }

    private static Expr datePart(String name, Expr date) {
        Objects.requireNonNull(date, () -> name + ": argument must not be null");
        requireKind(name, 1, date, EnumSet.of(DATE, NULL, UNKNOWN), "a date or null");
        return new Expr(new Unary(name, date), NUMBER);
    }

    // ---- more types, trigonometry, bits, statistics, variables ------------------------------------

    /** {@code $toObjectId} of a 24-hex-digit string. */
    public static Expr toObjectId(Expr value) {
        return unary("$toObjectId", UNKNOWN, value);
    }

    /**
     * {@code $convert} of {@code input} to the BSON type named {@code to} ("int", "string", "date"...),
     * failing the update if it cannot be converted.
     */
    public static Expr convert(Expr input, String to) {
        Objects.requireNonNull(input, "$convert: input must not be null");
        Objects.requireNonNull(to, "$convert: to must not be null");
        Expr spec = new Expr(new ObjectOf(List.of("input", "to"), List.of(input, literal(to))), DOCUMENT);
        return new Expr(new Unary("$convert", spec), UNKNOWN);
    }

    /** {@code $convert} with {@code onError} and {@code onNull} values instead of failing. */
    public static Expr convert(Expr input, String to, Expr onError, Expr onNull) {
        Objects.requireNonNull(input, "$convert: input must not be null");
        Objects.requireNonNull(to, "$convert: to must not be null");
        List<Expr> rest = arguments("$convert", onError, onNull);
        Expr spec = new Expr(new ObjectOf(List.of("input", "to", "onError", "onNull"),
                List.of(input, literal(to), rest.get(0), rest.get(1))), DOCUMENT);
        return new Expr(new Unary("$convert", spec), UNKNOWN);
    }

    /** {@code $sin} of radians. */
    public static Expr sin(Expr radians) {
        return numericUnary("$sin", radians);
    }

    /** {@code $cos} of radians. */
    public static Expr cos(Expr radians) {
        return numericUnary("$cos", radians);
    }

    /** {@code $tan} of radians. */
    public static Expr tan(Expr radians) {
        return numericUnary("$tan", radians);
    }

    /** {@code $asin}, in radians. */
    public static Expr asin(Expr value) {
        return numericUnary("$asin", value);
    }

    /** {@code $acos}, in radians. */
    public static Expr acos(Expr value) {
        return numericUnary("$acos", value);
    }

    /** {@code $atan}, in radians. */
    public static Expr atan(Expr value) {
        return numericUnary("$atan", value);
    }

    /** {@code $atan2} of {@code y / x}, in radians. */
    public static Expr atan2(Expr y, Expr x) {
        return typed("$atan2", NUMBER, NUMERIC, "a number", y, x);
    }

    /** {@code $sinh}. */
    public static Expr sinh(Expr value) {
        return numericUnary("$sinh", value);
    }

    /** {@code $cosh}. */
    public static Expr cosh(Expr value) {
        return numericUnary("$cosh", value);
    }

    /** {@code $tanh}. */
    public static Expr tanh(Expr value) {
        return numericUnary("$tanh", value);
    }

    /** {@code $asinh}. */
    public static Expr asinh(Expr value) {
        return numericUnary("$asinh", value);
    }

    /** {@code $acosh}. */
    public static Expr acosh(Expr value) {
        return numericUnary("$acosh", value);
    }

    /** {@code $atanh}. */
    public static Expr atanh(Expr value) {
        return numericUnary("$atanh", value);
    }

    /** {@code $degreesToRadians}. */
    public static Expr degreesToRadians(Expr degrees) {
        return numericUnary("$degreesToRadians", degrees);
    }

    /** {@code $radiansToDegrees}. */
    public static Expr radiansToDegrees(Expr radians) {
        return numericUnary("$radiansToDegrees", radians);
    }

    /** {@code $bitAnd} of ints or longs (MongoDB 6.3+). */
    public static Expr bitAnd(Expr... values) {
        return typed("$bitAnd", NUMBER, NUMERIC, "a number", values);
    }

    /** {@code $bitOr} of ints or longs (MongoDB 6.3+). */
    public static Expr bitOr(Expr... values) {
        return typed("$bitOr", NUMBER, NUMERIC, "a number", values);
    }

    /** {@code $bitXor} of ints or longs (MongoDB 6.3+). */
    public static Expr bitXor(Expr... values) {
        return typed("$bitXor", NUMBER, NUMERIC, "a number", values);
    }

    /** {@code $bitNot} of an int or long (MongoDB 6.3+). */
    public static Expr bitNot(Expr value) {
        return numericUnary("$bitNot", value);
    }

    /** {@code $stdDevPop}: the population standard deviation of one array's numbers, or of several numbers. */
    public static Expr stdDevPop(Expr... values) {
        return accumulator("$stdDevPop", UNKNOWN, values);
    }

    /** {@code $stdDevSamp}: the sample standard deviation of one array's numbers, or of several numbers. */
    public static Expr stdDevSamp(Expr... values) {
        return accumulator("$stdDevSamp", UNKNOWN, values);
    }

    /** {@code $rand}: a random double in [0, 1), drawn for each document. */
    public static Expr rand() {
        return new Expr(new Unary("$rand", new Expr(new ObjectOf(List.of(), List.of()), DOCUMENT)), NUMBER);
    }

    /** The roles of the user running the operation, the variable {@code $$USER_ROLES} (MongoDB 7.0+). */
    public static Expr userRoles() {
        return USER_ROLES;
    }

    /**
     * {@code $let}: {@code in} evaluated with the variables bound, each read as
     * {@link #variable(String)}; names in the map's iteration order.
     *
     * @throws IllegalArgumentException if there is no variable or a name is not a valid user variable name
     */
    public static Expr let(Map<String, ? extends Expr> vars, Expr in) {
        Objects.requireNonNull(vars, "$let: vars must not be null");
        Objects.requireNonNull(in, "$let: in must not be null");
        if (vars.isEmpty()) {
            throw new IllegalArgumentException("$let: bind at least one variable");
        }
        List<String> names = new ArrayList<>(vars.size());
        List<Expr> values = new ArrayList<>(vars.size());
        for (Map.Entry<String, ? extends Expr> e : vars.entrySet()) {
            requireVariableName(e.getKey(), "$let");
            names.add(e.getKey());
            values.add(Objects.requireNonNull(e.getValue(), () -> "$let: value of '" + e.getKey() + "' must not be null"));
        }
        Expr bound = new Expr(new ObjectOf(List.copyOf(names), List.copyOf(values)), DOCUMENT);
        Expr spec = new Expr(new ObjectOf(List.of("vars", "in"), List.of(bound, in)), DOCUMENT);
        return new Expr(new Unary("$let", spec), in.kind);
    }

    // ---- n-element arrays, sorting, zipping -------------------------------------------------------

    /** {@code $firstN}: the first {@code n} elements of the array (MongoDB 5.2+). */
    public static Expr firstN(Expr input, Expr n) {
        return nElements("$firstN", input, n);
    }

    /** {@code $lastN}: the last {@code n} elements of the array (MongoDB 5.2+). */
    public static Expr lastN(Expr input, Expr n) {
        return nElements("$lastN", input, n);
    }

    /** {@code $maxN}: the {@code n} largest elements of the array (MongoDB 5.2+). */
    public static Expr maxN(Expr input, Expr n) {
        return nElements("$maxN", input, n);
    }

    /** {@code $minN}: the {@code n} smallest elements of the array (MongoDB 5.2+). */
    public static Expr minN(Expr input, Expr n) {
        return nElements("$minN", input, n);
    }

    private static Expr nElements(String name, Expr input, Expr n) {
        List<Expr> args = arguments(name, input, n);
        requireKind(name, "input", input, ARRAY_OR_NULL, "an array or null");
        requireKind(name, "n", n, EnumSet.of(NUMBER, UNKNOWN), "a number");
        return new Expr(new Unary(name, new Expr(new ObjectOf(List.of("n", "input"), List.of(args.get(1), args.get(0))),
                DOCUMENT)), ARRAY);
    }

    /**
     * {@code $sortArray} of scalars: ascending for {@code 1}, descending for {@code -1} (MongoDB 5.2+).
     *
     * @throws IllegalArgumentException if {@code order} is not 1 or -1
     */
    public static Expr sortArray(Expr input, int order) {
        requireOrder("$sortArray", "sortBy", order);
        return sorting(input, literal(order));
    }

    /**
     * {@code $sortArray} of documents by their fields, in the map's order, each {@code 1} or {@code -1}.
     *
     * @throws IllegalArgumentException if the map is empty, a path is invalid or an order is not 1 or -1
     */
    public static Expr sortArray(Expr input, Map<String, Integer> sortBy) {
        Objects.requireNonNull(sortBy, "$sortArray: sortBy must not be null");
        if (sortBy.isEmpty()) {
            throw new IllegalArgumentException("$sortArray: sortBy must name at least one field");
        }
        List<String> keys = new ArrayList<>();
        List<Expr> orders = new ArrayList<>();
        for (Map.Entry<String, Integer> e : sortBy.entrySet()) {
            Paths.filter(e.getKey(), "$sortArray");
            Objects.requireNonNull(e.getValue(), () -> "$sortArray on '" + e.getKey() + "': order must not be null");
            requireOrder("$sortArray on '" + e.getKey() + "'", "order", e.getValue());
            keys.add(e.getKey());
            orders.add(literal(e.getValue()));
        }
        return sorting(input, new Expr(new ObjectOf(List.copyOf(keys), List.copyOf(orders)), DOCUMENT));
    }

    private static void requireOrder(String where, String what, int order) {
        if (order != 1 && order != -1) {
            throw new IllegalArgumentException(where + ": " + what + " must be 1 or -1, not " + order);
        }
    }

    private static Expr sorting(Expr input, Expr sortBy) {
        Objects.requireNonNull(input, "$sortArray: input must not be null");
        requireKind("$sortArray", "input", input, ARRAY_OR_NULL, "an array or null");
        return new Expr(new Unary("$sortArray", new Expr(new ObjectOf(List.of("input", "sortBy"), List.of(input, sortBy)),
                DOCUMENT)), ARRAY);
    }

    /** {@code $zip}: arrays transposed, {@code [[a0, b0], [a1, b1], ...]}, as long as the shortest. */
    public static Expr zip(Expr... inputs) {
        List<Expr> args = arguments("$zip", inputs);
        for (int i = 0; i < args.size(); i++) {
            requireKind("$zip", i + 1, args.get(i), ARRAY_OR_NULL, "an array or null");
        }
        Expr spec = new Expr(new ObjectOf(List.of("inputs"), List.of(new Expr(new ArrayOf(args), ARRAY))), DOCUMENT);
        return new Expr(new Unary("$zip", spec), ARRAY);
    }

    // ---- fields by name, sizes, byte strings, regular expressions --------------------------------

    /**
     * {@code $getField} of the current document: the value of the field called exactly {@code name},
     * even one starting with {@code $} or holding a dot (MongoDB 5.0+).
     */
    public static Expr getField(String name) {
        return getField(name, CURRENT);
    }

    /** {@code $getField} of {@code input}: the value of its field called exactly {@code name}. */
    public static Expr getField(String name, Expr input) {
        Objects.requireNonNull(name, "$getField: field must not be null");
        Objects.requireNonNull(input, "$getField: input must not be null");
        requireKind("$getField", "input", input, DOCUMENT_OR_NULL, "a document or null");
        Expr spec = new Expr(new ObjectOf(List.of("field", "input"), List.of(literal(name), input)), DOCUMENT);
        return new Expr(new Unary("$getField", spec), UNKNOWN);
    }

    /** {@code $setField}: {@code input} with its field called exactly {@code name} set to {@code value} (MongoDB 5.0+). */
    public static Expr setField(String name, Expr input, Expr value) {
        Objects.requireNonNull(name, "$setField: field must not be null");
        List<Expr> args = arguments("$setField", input, value);
        requireKind("$setField", "input", input, DOCUMENT_OR_NULL, "a document or null");
        Expr spec = new Expr(new ObjectOf(List.of("field", "input", "value"), List.of(literal(name), args.get(0), args.get(1))),
                DOCUMENT);
        return new Expr(new Unary("$setField", spec), DOCUMENT);
    }

    /** {@code $unsetField}: {@code input} without its field called exactly {@code name} (MongoDB 5.0+). */
    public static Expr unsetField(String name, Expr input) {
        Objects.requireNonNull(name, "$unsetField: field must not be null");
        Objects.requireNonNull(input, "$unsetField: input must not be null");
        requireKind("$unsetField", "input", input, DOCUMENT_OR_NULL, "a document or null");
        Expr spec = new Expr(new ObjectOf(List.of("field", "input"), List.of(literal(name), input)), DOCUMENT);
        return new Expr(new Unary("$unsetField", spec), DOCUMENT);
    }

    /** {@code $binarySize}: the size in bytes of a string or binary value. */
    public static Expr binarySize(Expr value) {
        return unary("$binarySize", NUMBER, value);
    }

    /** {@code $bsonSize}: the size in bytes of a document encoded as BSON. */
    public static Expr bsonSize(Expr document) {
        Objects.requireNonNull(document, "$bsonSize: argument must not be null");
        requireKind("$bsonSize", 1, document, DOCUMENT_OR_NULL, "a document or null");
        return new Expr(new Unary("$bsonSize", document), NUMBER);
    }

    /** {@code $strLenBytes}: the number of UTF-8 bytes. */
    public static Expr strLenBytes(Expr string) {
        requireKind("$strLenBytes", 1, Objects.requireNonNull(string, "$strLenBytes: argument must not be null"),
                STRING_ONLY, "a string");
        return unary("$strLenBytes", NUMBER, string);
    }

    /** {@code $indexOfBytes}: the byte index of the first {@code substring}, or -1. */
    public static Expr indexOfBytes(Expr string, Expr substring) {
        return typed("$indexOfBytes", NUMBER, STRING_OR_NULL, "a string or null", string, substring);
    }

    /** {@code $substrBytes}: {@code count} bytes from byte {@code index} (not splitting a character). */
    public static Expr substrBytes(Expr string, Expr index, Expr count) {
        Expr e = call("$substrBytes", STRING, string, index, count);
        requireKind("$substrBytes", 1, string, STRINGABLE, "a string, number, date or null");
        requireKind("$substrBytes", 2, index, NUMERIC, "a number");
        requireKind("$substrBytes", 3, count, NUMERIC, "a number");
        return e;
    }

    /**
     * {@code $regexMatch}: true if {@code input} matches the PCRE {@code regex}.
     *
     * @throws IllegalArgumentException if {@code options} holds a letter other than i, m, s, x
     */
    public static Expr regexMatch(Expr input, String regex, String options) {
        return regex("$regexMatch", BOOLEAN, input, regex, options);
    }

    /** {@code $regexFind}: the first match, {@code {match, idx, captures}}, or null. */
    public static Expr regexFind(Expr input, String regex, String options) {
        return regex("$regexFind", UNKNOWN, input, regex, options);
    }

    /** {@code $regexFindAll}: every match, as an array of {@code {match, idx, captures}}. */
    public static Expr regexFindAll(Expr input, String regex, String options) {
        return regex("$regexFindAll", ARRAY, input, regex, options);
    }

    private static Expr regex(String name, Kind result, Expr input, String regex, String options) {
        Objects.requireNonNull(input, () -> name + ": input must not be null");
        Objects.requireNonNull(regex, () -> name + ": regex must not be null");
        Objects.requireNonNull(options, () -> name + ": options must not be null; use \"\" for none");
        if (regex.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(name + ": regex must not contain the NUL character");
        }
        for (char c : options.toCharArray()) {
            if ("imsx".indexOf(c) < 0) {
                throw new IllegalArgumentException(name + ": option '" + c + "' is not one of i, m, s, x");
            }
        }
        requireKind(name, "input", input, STRING_OR_NULL, "a string or null");
        List<String> keys = options.isEmpty() ? List.of("input", "regex") : List.of("input", "regex", "options");
        List<Expr> values = options.isEmpty() ? List.of(input, literal(regex)) : List.of(input, literal(regex), literal(options));
        return new Expr(new Unary(name, new Expr(new ObjectOf(keys, values), DOCUMENT)), result);
    }

    // ---- dates to and from strings and parts ---------------------------------------------------------

    /** {@code $dateToString} in {@code format} ({@code "%Y-%m-%d"}), UTC. */
    public static Expr dateToString(Expr date, String format) {
        Objects.requireNonNull(date, "$dateToString: date must not be null");
        Objects.requireNonNull(format, "$dateToString: format must not be null");
        requireKind("$dateToString", "date", date, DATE_OR_NULL, "a date or null");
        Expr spec = new Expr(new ObjectOf(List.of("date", "format"), List.of(date, literal(format))), DOCUMENT);
        return new Expr(new Unary("$dateToString", spec), STRING);
    }

    /** {@code $dateFromString} of an ISO 8601 string. */
    public static Expr dateFromString(Expr dateString) {
        Objects.requireNonNull(dateString, "$dateFromString: dateString must not be null");
        requireKind("$dateFromString", "dateString", dateString, STRING_OR_NULL, "a string or null");
        Expr spec = new Expr(new ObjectOf(List.of("dateString"), List.of(dateString)), DOCUMENT);
        return new Expr(new Unary("$dateFromString", spec), DATE);
    }

    /** {@code $dateFromString} of a string in {@code format}. */
    public static Expr dateFromString(Expr dateString, String format) {
        Objects.requireNonNull(dateString, "$dateFromString: dateString must not be null");
        Objects.requireNonNull(format, "$dateFromString: format must not be null");
        requireKind("$dateFromString", "dateString", dateString, STRING_OR_NULL, "a string or null");
        Expr spec = new Expr(new ObjectOf(List.of("dateString", "format"), List.of(dateString, literal(format))), DOCUMENT);
        return new Expr(new Unary("$dateFromString", spec), DATE);
    }

    /** {@code $dateFromParts} of a year, month and day (UTC midnight). */
    public static Expr dateFromParts(Expr year, Expr month, Expr day) {
        List<Expr> args = arguments("$dateFromParts", year, month, day);
        List<String> keys = List.of("year", "month", "day");
        for (int i = 0; i < args.size(); i++) {
            requireKind("$dateFromParts", keys.get(i), args.get(i), NUMERIC, "a number");
        }
        return new Expr(new Unary("$dateFromParts", new Expr(new ObjectOf(keys, args), DOCUMENT)), DATE);
    }

    /** {@code $dateToParts}: {@code {year, month, day, hour, minute, second, millisecond}} of a date (UTC). */
    public static Expr dateToParts(Expr date) {
        Objects.requireNonNull(date, "$dateToParts: date must not be null");
        requireKind("$dateToParts", "date", date, DATE_OR_NULL, "a date or null");
        return new Expr(new Unary("$dateToParts", new Expr(new ObjectOf(List.of("date"), List.of(date)), DOCUMENT)), DOCUMENT);
    }

    // ---- percentiles ------------------------------------------------------------------------------

    /** {@code $median} of one array's numbers, {@code method: "approximate"} (MongoDB 7.0+). */
    public static Expr median(Expr input) {
        Objects.requireNonNull(input, "$median: input must not be null");
        Expr spec = new Expr(new ObjectOf(List.of("input", "method"), List.of(input, literal("approximate"))), DOCUMENT);
        return new Expr(new Unary("$median", spec), UNKNOWN);
    }

    /**
     * {@code $percentile}: the values at the fractions {@code p} (each in [0, 1]) of one array's
     * numbers, {@code method: "approximate"} (MongoDB 7.0+).
     *
     * @throws IllegalArgumentException if no fraction is given or one is outside [0, 1] or NaN
     */
    public static Expr percentile(Expr input, double... p) {
        Objects.requireNonNull(input, "$percentile: input must not be null");
        Objects.requireNonNull(p, "$percentile: p must not be null");
        if (p.length == 0) {
            throw new IllegalArgumentException("$percentile: p must hold at least one fraction");
        }
        List<Expr> fractions = new ArrayList<>();
        for (double f : p) {
            if (!(f >= 0 && f <= 1)) {
                throw new IllegalArgumentException("$percentile: p must be in [0, 1], not " + f);
            }
            fractions.add(literal(f));
        }
        Expr spec = new Expr(new ObjectOf(List.of("input", "p", "method"),
                List.of(input, new Expr(new ArrayOf(List.copyOf(fractions)), ARRAY), literal("approximate"))), DOCUMENT);
        return new Expr(new Unary("$percentile", spec), ARRAY);
    }

    // ---- building blocks -------------------------------------------------------------------------

    private static List<Expr> arguments(String name, Expr... arguments) {
        Objects.requireNonNull(arguments, name);
        Expr[] args = arguments.clone();
        for (Expr arg : args) {
            Objects.requireNonNull(arg, () -> name + ": argument must not be null");
        }
        return List.of(args);
    }

    private static Expr call(String name, Kind result, Expr... arguments) {
        return new Expr(new Call(name, arguments(name, arguments)), result);
    }

    private static Expr unary(String name, Kind result, Expr argument) {
        Objects.requireNonNull(argument, () -> name + ": argument must not be null");
        return new Expr(new Unary(name, argument), result);
    }

    /** A call whose every argument must be of one of {@code allowed} kinds. */
    private static Expr typed(String name, Kind result, Set<Kind> allowed, String rule, Expr... arguments) {
        List<Expr> args = arguments(name, arguments);
        for (int i = 0; i < args.size(); i++) {
            requireKind(name, i + 1, args.get(i), allowed, rule);
        }
        return new Expr(new Call(name, args), result);
    }

    private static void requireKind(String name, int position, Expr argument, Set<Kind> allowed, String rule) {
        requireKind(name, "argument " + position, argument, allowed, rule);
    }

    private static void requireKind(String name, String argumentName, Expr argument, Set<Kind> allowed, String rule) {
        if (!allowed.contains(argument.kind)) {
            throw new IllegalArgumentException(name + ": " + argumentName + " must be " + rule + ", but the value given is "
                    + argument.describe());
        }
    }

    /** For messages: "a string literal", "an array ($concatArrays)", "a document (Expr.object)". */
    String describe() {
        String source;
        if (node instanceof Literal) {
            source = "literal";
        } else if (node instanceof ArrayOf) {
            source = "(Expr.array)";
        } else if (node instanceof ObjectOf) {
            source = "(Expr.object)";
        } else if (node instanceof Call c) {
            source = "(" + c.name() + ")";
        } else if (node instanceof Unary u) {
            source = "(" + u.name() + ")";
        } else {
            source = "(" + ((Variable) node).reference() + ")";
        }
        return kind == NULL ? "a null literal" : kind.description + " " + source;
    }

    Kind kind() {
        return kind;
    }

    /** True if this is {@link #object} with no field (which {@code $set} and {@code $project} read as an empty sub-projection). */
    boolean isEmptyObject() {
        return node instanceof ObjectOf o && o.keys().isEmpty();
    }

    ExprNode node() {
        return node;
    }

    static Expr of(ExprNode node, Kind kind) {
        return new Expr(node, kind);
    }

    /** Compiles the expression, encoding literals with {@code registry}. */
    public BsonValue toBsonValue(CodecRegistry registry) {
        return node.render(registry);
    }

    /**
     * Equal when both are the same tree: same operators, field paths and literals, literals
     * compared type-sensitively ({@code 1} is not {@code 1L}) and without encoding, so neither
     * equality nor the hash code needs a codec or can fail.
     */
    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof Expr other && node.equals(other.node);
    }

    /** A hash of the tree, consistent with {@link #equals}; needs no codec. */
    @Override
    public int hashCode() {
        return node.hashCode();
    }

    /**
     * The compiled expression as JSON (wrapped as {@code {"expr": ...}} since a value alone is not
     * a document); an expression whose literal has no codec prints the reason.
     */
    @Override
    public String toString() {
        try {
            return new BsonDocument("expr", toBsonValue(BsonValues.DISPLAY_REGISTRY)).toJson();
        } catch (RuntimeException e) {
            return "Expr{invalid: " + e.getMessage() + "}";
        }
    }
}

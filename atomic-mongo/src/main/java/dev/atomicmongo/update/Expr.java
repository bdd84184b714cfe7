package dev.atomicmongo.update;

import java.util.List;
import java.util.Objects;

import dev.atomicmongo.internal.BsonValues;
import dev.atomicmongo.CheckReturnValue;
import dev.atomicmongo.internal.Paths;
import dev.atomicmongo.internal.Values;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.codecs.configuration.CodecRegistry;

/**
 * A small, typed set of aggregation expressions for pipeline updates ({@link PipelineUpdate})
 * and {@code $expr} conditions. Immutable and thread-safe.
 *
 * <p>{@link #literal(Object)} wraps any value the server could read as something else (a string
 * starting with {@code $}, a document, an array holding either) in {@code $literal}, so user data
 * such as {@code "$100"} stays a string and never becomes a field path.
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
    private static final Expr NOW = new Expr(new Variable("$$NOW"));

    private final Node node;

    private Expr(Node node) {
        this.node = node;
    }

    /** The nodes of an expression tree: data compared structurally, rendered only when compiled. */
    private sealed interface Node {
        BsonValue render(CodecRegistry registry);
    }

    /** A field path or a system variable, rendered as the string it holds ({@code "$a.b"}, {@code "$$NOW"}). */
    private record Variable(String reference) implements Node {
        @Override
        public BsonValue render(CodecRegistry registry) {
            return new BsonString(reference);
        }
    }

    /** A constant, frozen; compared type-sensitively without encoding. */
    private record Literal(Object value) implements Node {
        @Override
        public BsonValue render(CodecRegistry registry) {
            BsonValue encoded = BsonValues.encode(value, registry);
            return encoded.isDocument() || holdsDocument(encoded) || BsonValues.needsLiteral(encoded)
                    ? new BsonDocument("$literal", encoded) : encoded;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Literal other && Values.equal(value, other.value);
        }

        @Override
        public int hashCode() {
            return value == null ? 0 : Values.hash(value) * 31 + value.getClass().getName().hashCode();
        }
    }

    /** {@code {name: [arguments...]}}. */
    private record Call(String name, List<Expr> arguments) implements Node {
        @Override
        public BsonValue render(CodecRegistry registry) {
            BsonArray array = new BsonArray(arguments.size());
            for (Expr argument : arguments) {
                array.add(argument.toBsonValue(registry));
            }
            return new BsonDocument(name, array);
        }
    }

    /** {@code {name: argument}}, for operators taking one argument not in an array ({@code $size}). */
    private record Unary(String name, Expr argument) implements Node {
        @Override
        public BsonValue render(CodecRegistry registry) {
            return new BsonDocument(name, argument.toBsonValue(registry));
        }
    }

    /** The value of a field of the document, {@code "$path"}. */
    public static Expr field(String path) {
        Paths.filter(path, "Expr.field");
        return new Expr(new Variable("$" + path));
    }

    /** A constant, wrapped in {@code $literal} where the server could read it as a path, variable or expression. */
    public static Expr literal(Object value) {
        try {
            return new Expr(new Literal(Values.freeze(value)));
        } catch (IllegalArgumentException e) {
            throw Values.at("Expr.literal", e);
        }
    }

    // an array's document elements would be read as expression objects (a dotted key fails there)
    private static boolean holdsDocument(BsonValue value) {
        if (value.isArray()) {
            for (BsonValue element : value.asArray()) {
                if (element.isDocument() || holdsDocument(element)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The server's clock at the start of the operation, {@code "$$NOW"} (MongoDB 4.2+). */
    public static Expr now() {
        return NOW;
    }

    /** {@code $cond}: {@code then} if {@code condition} is true, else {@code otherwise}. */
    public static Expr cond(Expr condition, Expr then, Expr otherwise) {
        return operator("$cond", condition, then, otherwise);
    }

    /** {@code $ifNull}: {@code value}, or {@code replacement} when it is null or missing. */
    public static Expr ifNull(Expr value, Expr replacement) {
        return operator("$ifNull", value, replacement);
    }

    /** {@code $size} of an array; wrap a possibly missing array in {@link #ifNull} first. */
    public static Expr size(Expr array) {
        Objects.requireNonNull(array, "$size: argument must not be null");
        return new Expr(new Unary("$size", array));
    }

    /** {@code $add} of numbers, or of a date and milliseconds. */
    public static Expr add(Expr... terms) {
        return operator("$add", terms);
    }

    /** {@code $subtract}: {@code a - b}. */
    public static Expr subtract(Expr a, Expr b) {
        return operator("$subtract", a, b);
    }

    /** {@code $concatArrays}. */
    public static Expr concatArrays(Expr... arrays) {
        return operator("$concatArrays", arrays);
    }

    /** {@code $slice} of the first {@code n} elements (the last {@code -n} when negative). */
    public static Expr slice(Expr array, int n) {
        Objects.requireNonNull(array, "$slice: argument must not be null");
        return new Expr(new Call("$slice", List.of(array, literal(n))));
    }

    /** {@code $slice} of {@code n} elements starting at {@code position}. */
    public static Expr slice(Expr array, Expr position, Expr n) {
        return operator("$slice", array, position, n);
    }

    /** {@code $eq}. */
    public static Expr eq(Expr a, Expr b) {
        return operator("$eq", a, b);
    }

    /** {@code $ne}. */
    public static Expr ne(Expr a, Expr b) {
        return operator("$ne", a, b);
    }

    /** {@code $lt}. */
    public static Expr lt(Expr a, Expr b) {
        return operator("$lt", a, b);
    }

    /** {@code $lte}. */
    public static Expr lte(Expr a, Expr b) {
        return operator("$lte", a, b);
    }

    /** {@code $gt}. */
    public static Expr gt(Expr a, Expr b) {
        return operator("$gt", a, b);
    }

    /** {@code $gte}. */
    public static Expr gte(Expr a, Expr b) {
        return operator("$gte", a, b);
    }

    /** {@code $and}. */
    public static Expr and(Expr... conditions) {
        return operator("$and", conditions);
    }

    /** {@code $or}. */
    public static Expr or(Expr... conditions) {
        return operator("$or", conditions);
    }

    /** {@code $not}. */
    public static Expr not(Expr condition) {
        return operator("$not", condition);
    }

    /** {@code $in}: true if {@code value} is an element of {@code array}. */
    public static Expr in(Expr value, Expr array) {
        return operator("$in", value, array);
    }

    /** {@code $max} of the arguments. */
    public static Expr max(Expr... values) {
        return operator("$max", values);
    }

    /** {@code $min} of the arguments. */
    public static Expr min(Expr... values) {
        return operator("$min", values);
    }

    private static Expr operator(String name, Expr... arguments) {
        Objects.requireNonNull(arguments, name);
        Expr[] args = arguments.clone();
        for (int i = 0; i < args.length; i++) {
            Objects.requireNonNull(args[i], () -> name + ": argument must not be null");
        }
        return new Expr(new Call(name, List.of(args)));
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

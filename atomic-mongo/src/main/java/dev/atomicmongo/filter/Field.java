package dev.atomicmongo.filter;

import java.util.Objects;

import dev.atomicmongo.CheckReturnValue;
import dev.atomicmongo.update.Expr;

/**
 * One side of a comparison, from {@link Conditions#field(String)} or {@link Conditions#element()}.
 * Compared with a value it compiles to a plain query ({@code {sold: {$lt: 100}}}); compared with
 * another field it compiles to {@code $expr} ({@code {$expr: {$lt: ["$sold", "$capacity"]}}}),
 * evaluated by the server atomically with the update it guards. Immutable and thread-safe.
 */
@CheckReturnValue
public final class Field {
    private final String path;

    Field(String path) {
        this.path = path;
    }

    /** Equal to a value. */
    public Condition eq(Object value) {
        return path.isEmpty() ? Conditions.elementOperator("$eq", value) : Conditions.eq(path, value);
    }

    /** Not equal to a value. */
    public Condition ne(Object value) {
        return test("$ne", value);
    }

    /** Greater than a value. */
    public Condition gt(Object value) {
        return test("$gt", value);
    }

    /** Greater than or equal to a value. */
    public Condition gte(Object value) {
        return test("$gte", value);
    }

    /** Less than a value. */
    public Condition lt(Object value) {
        return test("$lt", value);
    }

    /** Less than or equal to a value. */
    public Condition lte(Object value) {
        return test("$lte", value);
    }

    /** Equal to another field of the same document ({@code $expr $eq}). */
    public Condition eq(Field other) {
        return compare(other, "$eq");
    }

    /** Not equal to another field ({@code $expr $ne}). */
    public Condition ne(Field other) {
        return compare(other, "$ne");
    }

    /** Greater than another field ({@code $expr $gt}). */
    public Condition gt(Field other) {
        return compare(other, "$gt");
    }

    /** Greater than or equal to another field ({@code $expr $gte}). */
    public Condition gte(Field other) {
        return compare(other, "$gte");
    }

    /** Less than another field ({@code $expr $lt}). */
    public Condition lt(Field other) {
        return compare(other, "$lt");
    }

    /** Less than or equal to another field ({@code $expr $lte}). */
    public Condition lte(Field other) {
        return compare(other, "$lte");
    }

    /**
     * The validated path, for a caller that validated it with {@link Conditions#field(String)}
     * and needs it again (a pattern's configurable field name, say).
     *
     * @throws IllegalStateException for {@link Conditions#element()}, which has no path
     */
    public String path() {
        if (path.isEmpty()) {
            throw new IllegalStateException("element() has no path");
        }
        return path;
    }

    /**
     * True if this field and {@code other} are one field or one contains the other ({@code "a"}
     * and {@code "a.b"}), so that writing one changes the other. A pattern whose fields are
     * configurable uses it to refuse one field given two roles.
     */
    public boolean overlaps(Field other) {
        Objects.requireNonNull(other, "other");
        requirePath();
        other.requirePath();
        return path.equals(other.path) || path.startsWith(other.path + ".") || other.path.startsWith(path + ".");
    }

    /** This field as an aggregation expression, {@code "$path"}. */
    public Expr expr() {
        requirePath();
        return Expr.field(path);
    }

    private Condition test(String operator, Object value) {
        return path.isEmpty() ? Conditions.elementOperator(operator, value) : Conditions.operator(path, operator, value);
    }

    private Condition compare(Field other, String operator) {
        Objects.requireNonNull(other, "other");
        requirePath();
        other.requirePath();
        return Conditions.fieldsCompared(operator, path, other.path);
    }

    private void requirePath() {
        if (path.isEmpty()) {
            throw new IllegalArgumentException("element() cannot be compared with a field; compare it with a value");
        }
    }

    @Override
    public String toString() {
        return path.isEmpty() ? "element()" : "field(" + path + ")";
    }
}

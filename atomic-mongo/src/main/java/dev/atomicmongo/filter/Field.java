package dev.atomicmongo.filter;

import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;

import dev.atomicmongo.CheckReturnValue;
import dev.atomicmongo.update.Expr;
import org.bson.conversions.Bson;

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

    /**
     * Equal to one of the values ({@code $in}): {@code field("status").in("A", "D")} compiles to
     * {@code {status: {$in: ["A", "D"]}}}, {@code element().in(7, 8)} to {@code {$in: [7, 8]}}.
     * Values are compared as values, as in {@link Conditions#in(String, Collection)}.
     *
     * @throws IllegalArgumentException if a value is a regular expression, which {@code $in}
     *     would match as a pattern
     */
    public Condition in(Collection<?> values) {
        return path.isEmpty() ? Conditions.elementArrayOperator("$in", values) : Conditions.in(path, values);
    }

    /**
     * Some element of this array matches every part of {@code condition} ({@code $elemMatch}):
     * {@code field("results").elemMatch(and(eq("score", 8), eq("item", "B")))} compiles to
     * {@code {results: {$elemMatch: ...}}}, and on {@link Conditions#element()} to
     * {@code {$elemMatch: ...}}, a condition on elements that are themselves arrays (for
     * {@code $pull}, as the manual's {@code $pull} page shows).
     */
    public Condition elemMatch(Bson condition) {
        Objects.requireNonNull(condition, () -> "$elemMatch on " + this + ": condition must not be null");
        return path.isEmpty() ? Conditions.elementElemMatch(condition) : Conditions.elemMatch(path, condition);
    }

    /** Equal to one of the values ({@code $in}); see {@link #in(Collection)}. */
    public Condition in(Object... values) {
        Objects.requireNonNull(values, () -> "$in on " + this + ": values must not be null");
        return in(Arrays.asList(values));
    }

    /**
     * Equal to none of the values ({@code $nin}): {@code element().nin(7, 8)} compiles to
     * {@code {$nin: [7, 8]}}.
     *
     * @throws IllegalArgumentException if a value is a regular expression
     */
    public Condition nin(Collection<?> values) {
        return path.isEmpty() ? Conditions.elementArrayOperator("$nin", values) : Conditions.nin(path, values);
    }

    /** Equal to none of the values ({@code $nin}); see {@link #nin(Collection)}. */
    public Condition nin(Object... values) {
        Objects.requireNonNull(values, () -> "$nin on " + this + ": values must not be null");
        return nin(Arrays.asList(values));
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

    /**
     * Checks the fields a configuration gives roles to (a pattern's counter and its limit, say):
     * no field may take two roles, lie inside another's, or be {@code _id}, since a write to one
     * would then change the other. Arguments come in pairs, the role then its path.
     *
     * @throws IllegalArgumentException naming the roles and paths that collide, or an invalid path
     */
    public static void requireDistinctRoles(String... rolesAndPaths) {
        Objects.requireNonNull(rolesAndPaths, "rolesAndPaths");
        if (rolesAndPaths.length % 2 != 0) {
            throw new IllegalArgumentException("requireDistinctRoles: give a role and a path for each field");
        }
        Field id = new Field("_id");
        for (int i = 0; i < rolesAndPaths.length; i += 2) {
            Field a = Conditions.field(rolesAndPaths[i + 1]);
            if (a.overlaps(id)) {
                throw new IllegalArgumentException("The " + rolesAndPaths[i] + " field must not be '_id' or inside it, got '"
                        + rolesAndPaths[i + 1] + "'");
            }
            for (int j = i + 2; j < rolesAndPaths.length; j += 2) {
                if (a.overlaps(Conditions.field(rolesAndPaths[j + 1]))) {
                    throw new IllegalArgumentException("The " + rolesAndPaths[i] + " field '" + rolesAndPaths[i + 1]
                            + "' and the " + rolesAndPaths[j] + " field '" + rolesAndPaths[j + 1]
                            + "' overlap; each role needs a field of its own");
                }
            }
        }
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

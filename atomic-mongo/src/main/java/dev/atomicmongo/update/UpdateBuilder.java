package dev.atomicmongo.update;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.atomicmongo.internal.BsonValues;
import dev.atomicmongo.CheckReturnValue;
import dev.atomicmongo.internal.Paths;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.conversions.Bson;
import org.bson.types.Decimal128;

/**
 * An immutable, validated MongoDB update built from operators ({@code $set}, {@code $inc},
 * {@code $push}, ...). Every method returns a new builder; the receiver is never changed, so a
 * builder can be shared between threads and reused as a template.
 *
 * <pre>{@code
 * UpdateBuilder u = UpdateBuilder.update()
 *         .setOnInsert(event)              // every field of the record, on insert only
 *         .set("lastSeen", Instant.now())  // on insert and on update
 *         .inc("views", 1);
 * // {"$setOnInsert": {...}, "$set": {"lastSeen": ...}, "$inc": {"views": 1}}
 * }</pre>
 *
 * <p><b>Validation.</b> What the server would reject at run time is rejected here, when the
 * operator is added, with an {@link IllegalArgumentException} naming the path and the rule: the
 * same path written by two operators, a path and a path inside it ({@code a} and {@code a.b}),
 * empty or {@code $}-prefixed segments (the positional {@code $}, {@code $[]} and
 * {@code $[id]} excepted), non-numeric {@code $inc}/{@code $mul} amounts. A second
 * {@code addToSet}, {@code push} (without modifiers) or {@code pullAll} on the same path merges
 * into one {@code $each} list; nothing is silently overwritten.
 *
 * <p><b>Compilation.</b> Values are encoded when the update is compiled, with the collection's
 * codec registry when run through an {@code AtomicCollection} (or the driver's default registry
 * with POJO support for {@link #toBsonDocument()} and {@link #toString()}). Operators and fields
 * appear in the order they were first added. An empty update fails to compile.
 *
 * <p>Because this type implements {@link Bson}, it can also be passed to the driver's own
 * {@code updateOne}; array filters must then be passed separately ({@link #arrayFilters(CodecRegistry)}).
 */
@CheckReturnValue
public final class UpdateBuilder implements Update, Bson {
    private static final UpdateBuilder EMPTY = new UpdateBuilder(null, new Operator[0], 0, false, new Bson[0]);

    // the first `size` operators of `operators`, shared with the builders of the same line (see Conflicts)
    private final Conflicts log;
    private final Operator[] operators;
    private final int size;
    private final boolean merged;
    private final Bson[] arrayFilters;
    private volatile Operator[] folded; // cache of UpdateCompiler.fold when merged, or null
    private int hash;          // racy single-check cache, 0 until computed

    private UpdateBuilder(Conflicts log, Operator[] operators, int size, boolean merged, Bson[] arrayFilters) {
        this.log = log;
        this.operators = operators;
        this.size = size;
        this.merged = merged;
        this.arrayFilters = arrayFilters;
    }

    /** An empty update to add operators to. */
    public static UpdateBuilder update() {
        return EMPTY;
    }

    // ---- field operators -------------------------------------------------------------------

    /** Sets a field ({@code $set}); {@code value} may be null to store BSON null. */
    public UpdateBuilder set(String path, Object value) {
        return field(Op.SET, path, value);
    }

    /** Sets the element at {@code index} of an array ({@code $set} on {@code path.index}). */
    public UpdateBuilder setAt(String path, int index, Object value) {
        Objects.requireNonNull(path, "$set: path must not be null"); // else "null.0" would be a path
        if (index < 0) {
            throw new IllegalArgumentException("setAt on '" + path + "': index must be >= 0, got " + index);
        }
        return field(Op.SET, path + "." + index, value);
    }

    /** Removes a field ({@code $unset}). */
    public UpdateBuilder unset(String path) {
        return field(Op.UNSET, path, "");
    }

    /**
     * Adds to a number ({@code $inc}); a negative amount subtracts. A missing field starts from 0.
     * The amount is a {@code Byte}, {@code Short}, {@code Integer}, {@code Long}, {@code Float},
     * {@code Double}, {@link Decimal128} or {@link BigDecimal} (sent as {@code Decimal128}), and
     * finite. Use {@link Decimal128} or {@link BigDecimal} for money, never {@code double}.
     */
    public UpdateBuilder inc(String path, Number amount) {
        return field(Op.INC, path, Numbers.amount(Op.INC, path, amount));
    }

    /** Subtracts from a number ({@code $inc} with the negated amount). */
    public UpdateBuilder dec(String path, Number amount) {
        return field(Op.INC, path, Numbers.negate(path, Numbers.amount(Op.INC, path, amount)));
    }

    /** Multiplies a number ({@code $mul}); a missing field is set to 0. */
    public UpdateBuilder mul(String path, Number factor) {
        return field(Op.MUL, path, Numbers.amount(Op.MUL, path, factor));
    }

    /** Sets the field to {@code value} if that is smaller than the current value ({@code $min}). */
    public UpdateBuilder min(String path, Object value) {
        return field(Op.MIN, path, value);
    }

    /** Sets the field to {@code value} if that is larger than the current value ({@code $max}). */
    public UpdateBuilder max(String path, Object value) {
        return field(Op.MAX, path, value);
    }

    /** Sets the field to the server's current date ({@code $currentDate: true}). */
    public UpdateBuilder currentDate(String path) {
        return field(Op.CURRENT_DATE, path, Boolean.TRUE);
    }

    /** Sets the field to the server's current timestamp ({@code $currentDate: {$type: "timestamp"}}). */
    public UpdateBuilder currentTimestamp(String path) {
        return field(Op.CURRENT_DATE, path, new BsonDocument("$type", new BsonString("timestamp")));
    }

    /** Renames a field ({@code $rename}); both paths count as written. */
    public UpdateBuilder rename(String from, String to) {
        String[] source = serverRules(Op.RENAME, from, Paths.update(from, "$rename"));
        String[] target = serverRules(Op.RENAME, to, Paths.update(to, "$rename"));
        for (String[] segments : List.of(source, target)) {
            for (String segment : segments) {
                if (Paths.isPositional(segment)) {
                    throw new IllegalArgumentException("$rename from '" + from + "' to '" + to
                            + "': paths must not contain positional operators");
                }
            }
        }
        if (Paths.overlap(source, target)) {
            throw new IllegalArgumentException("$rename from '" + from + "' to '" + to
                    + "': source and target must not be the same path or one inside the other");
        }
        return add(new Operator.Rename(from, to), source, target);
    }

    // ---- insert-only -----------------------------------------------------------------------

    /**
     * Sets a field only when the update inserts a document ({@code $setOnInsert}).
     * An existing document is never changed by it.
     */
    public UpdateBuilder setOnInsert(String path, Object value) {
        return field(Op.SET_ON_INSERT, path, value);
    }

    /**
     * Sets every non-null entry of the map as a top-level field, only on insert. The map is
     * copied, never modified. Entries that another operator of this update writes are left out
     * (that operator writes them on insert too); a null {@code _id} is left out. An entry on a
     * path that {@code $unset}, {@code $pull}, {@code $pullAll}, {@code $pop} or {@code $rename}
     * names is refused when compiled: those write nothing on insert, so the entry would be lost.
     *
     * @throws IllegalArgumentException if the map is empty or has no non-null entry, or a key is
     *         empty, starts with {@code $} or contains {@code .}
     */
    public UpdateBuilder setOnInsert(Map<String, ?> fields) {
        Objects.requireNonNull(fields, "fields");
        if (fields.values().stream().allMatch(Objects::isNull)) {
            throw new IllegalArgumentException("setOnInsert(map): the map has no non-null entry");
        }
        return add(new Operator.SetOnInsertDocument(fields), null, null);
    }

    /**
     * Sets every top-level field of a POJO, record, map or {@link Bson} document, only on insert.
     * The object is encoded with the codec registry the update is compiled with (so
     * {@code @BsonId}, {@code @BsonProperty} and {@code @BsonIgnore} are honoured) and never
     * modified. Null fields and a null {@code _id} are left out; to store an explicit null on
     * insert, add {@link #setOnInsert(String, Object)} for that field. Fields that another
     * operator of this update writes are left out, and where another operator writes a path
     * inside a field ({@code stats.views}) the field's other sub-fields are set one by one.
     *
     * <p>The object is kept and encoded each time the update is compiled (so it uses the registry
     * of the collection that runs it): do not change it while the update is in use, or the update
     * changes with it. A map or a BSON document is copied when added.
     *
     * <p>Compiling fails with {@link IllegalArgumentException} if the object has no non-null field,
     * does not encode to a document, or has a field on a path that {@code $unset}, {@code $pull},
     * {@code $pullAll}, {@code $pop} or {@code $rename} also names (those write nothing on insert,
     * so the field would be lost).
     */
    public UpdateBuilder setOnInsert(Object document) {
        Objects.requireNonNull(document, "document");
        if (document instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            Map<String, ?> fields = (Map<String, ?>) map;
            return setOnInsert(fields);
        }
        return add(new Operator.SetOnInsertDocument(document), null, null);
    }

    // ---- arrays ----------------------------------------------------------------------------

    /** Adds the value to the array unless an equal element is there ({@code $addToSet}). */
    public UpdateBuilder addToSet(String path, Object value) {
        return array(Operator.ArrayOperator.of(Op.ADD_TO_SET, path, value));
    }

    /** Adds each value unless an equal element is there ({@code $addToSet} with {@code $each}). */
    public UpdateBuilder addToSetEach(String path, List<?> values) {
        Objects.requireNonNull(values, "values");
        return array(Operator.ArrayOperator.each(Op.ADD_TO_SET, path, values));
    }

    /** Appends the value to the array ({@code $push}). */
    public UpdateBuilder push(String path, Object value) {
        if (value instanceof PushEach each) {
            return push(path, each);
        }
        return array(Operator.ArrayOperator.of(Op.PUSH, path, value));
    }

    /**
     * Appends values with modifiers ({@code $push} with {@code $each}, {@code $position}, {@code $slice}, {@code $sort}).
     *
     * @throws NullPointerException if {@code each} is null; {@code push(path, null)} lands here, so
     *         to push a null element write {@code push(path, (Object) null)}
     */
    public UpdateBuilder push(String path, PushEach each) {
        Objects.requireNonNull(each, () -> "each: to push a null element to '" + path + "' write push(path, (Object) null)");
        return array(each.toOperator(path));
    }

    /**
     * Removes every element equal to {@code value}, or matching it when it is a condition or a
     * document ({@code $pull}); see {@code Conditions.element()} for conditions on scalar elements.
     */
    public UpdateBuilder pull(String path, Object value) {
        return field(Op.PULL, path, value);
    }

    /** Removes every element equal to any of the values ({@code $pullAll}). */
    public UpdateBuilder pullAll(String path, List<?> values) {
        Objects.requireNonNull(values, "values");
        return array(Operator.ArrayOperator.each(Op.PULL_ALL, path, values));
    }

    /** Removes the first element of the array ({@code $pop: -1}). */
    public UpdateBuilder popFirst(String path) {
        return field(Op.POP, path, -1);
    }

    /** Removes the last element of the array ({@code $pop: 1}). */
    public UpdateBuilder popLast(String path) {
        return field(Op.POP, path, 1);
    }

    /**
     * Adds an array filter for a {@code $[identifier]} path segment; the filter's field paths
     * start with the identifier, as in {@code Conditions.gte("g.score", 60)} for {@code grades.$[g]}.
     */
    public UpdateBuilder arrayFilter(Bson filter) {
        Objects.requireNonNull(filter, "filter");
        Bson[] copy = Arrays.copyOf(arrayFilters, arrayFilters.length + 1);
        copy[arrayFilters.length] = filter;
        return new UpdateBuilder(log, operators, size, merged, copy);
    }

    // ---- bits ------------------------------------------------------------------------------

    /** Bitwise AND of an integer field ({@code $bit: {and: mask}}). */
    public UpdateBuilder bitAnd(String path, long mask) {
        return bit(path, "and", mask);
    }

    /** Bitwise OR of an integer field ({@code $bit: {or: mask}}). */
    public UpdateBuilder bitOr(String path, long mask) {
        return bit(path, "or", mask);
    }

    /** Bitwise XOR of an integer field ({@code $bit: {xor: mask}}). */
    public UpdateBuilder bitXor(String path, long mask) {
        return bit(path, "xor", mask);
    }

    private UpdateBuilder bit(String path, String operation, long mask) {
        Number value = mask >= Integer.MIN_VALUE && mask <= Integer.MAX_VALUE ? (Number) (int) mask : (Number) mask;
        String[] segments = serverRules(Op.BIT, path, Paths.update(path, Op.BIT.operator));
        return add(new Operator.Bit(path, Map.of(operation, value)), segments, null);
    }

    // ---- queries on the builder ------------------------------------------------------------

    /** True if no operator has been added. */
    public boolean isEmpty() {
        return size == 0;
    }

    /**
     * True if some operator of this update writes exactly {@code path} (a {@code $rename} writes
     * both its source and target); documents given to {@code setOnInsert(document)} are not counted.
     */
    public boolean writes(String path) {
        for (int i = 0; i < size; i++) {
            if (path.equals(operators[i].path()) || path.equals(operators[i].target())) {
                return true;
            }
        }
        return false;
    }

    // ---- compilation -----------------------------------------------------------------------

    /** Compiles with the driver's default codec registry (with POJO and record support). */
    public BsonDocument toBsonDocument() {
        return toBsonDocument(BsonDocument.class, BsonValues.DEFAULT_REGISTRY);
    }

    /**
     * Compiles the update document.
     *
     * @throws IllegalArgumentException if the update is empty, a {@code setOnInsert} document has
     *         no fields or clashes with another operator, or a value has no codec
     */
    @Override
    public <D> BsonDocument toBsonDocument(Class<D> documentClass, CodecRegistry registry) {
        Operator[] view = view();
        return UpdateCompiler.compile(view, count(view), registry);
    }

    /**
     * Compiles the array filters, checking that every {@code $[identifier]} in a path has
     * exactly one filter and every filter is used.
     *
     * @throws IllegalArgumentException naming the identifier when they do not correspond
     */
    public List<BsonDocument> arrayFilters(CodecRegistry registry) {
        Operator[] view = view();
        return UpdateCompiler.arrayFilters(view, count(view), arrayFilters, registry);
    }

    // the operators with merges folded in: the shared array when nothing merged, else a folded copy
    private Operator[] view() {
        if (!merged) {
            return operators;
        }
        Operator[] f = folded;
        if (f == null) {
            f = UpdateCompiler.fold(operators, size);
            folded = f;
        }
        return f;
    }

    private int count(Operator[] view) {
        return view == operators ? size : view.length;
    }

    // ---- adding operators ------------------------------------------------------------------

    private UpdateBuilder field(Op op, String path, Object value) {
        String[] segments = serverRules(op, path, Paths.update(path, op.operator));
        return add(new Operator.FieldOperator(op, path, value), segments, null);
    }

    private UpdateBuilder array(Operator.ArrayOperator operator) {
        String[] segments = serverRules(operator.op(), operator.path(), Paths.update(operator.path(), operator.op().operator));
        return add(operator, segments, null);
    }

    /**
     * Rules the server enforces on every update of this shape, checked when built: {@code _id} is
     * immutable, so no operator may unset, rename, increment, multiply, date, bit-twiddle or treat
     * as an array {@code _id} or a field inside it ({@code $set}, {@code $setOnInsert}, {@code $min}
     * and {@code $max} may still name it, as an upsert may set it on insert); and
     * {@code $setOnInsert} applies only when nothing matched, so it has no array element for a
     * positional operator to point at.
     */
    private static String[] serverRules(Op op, String path, String[] segments) {
        if (segments[0].equals("_id") && op != Op.SET && op != Op.SET_ON_INSERT && op != Op.MIN && op != Op.MAX) {
            throw new IllegalArgumentException(op.operator + " on '" + path + "': _id is immutable, the server "
                    + "refuses every update that would " + (op == Op.UNSET ? "remove" : op == Op.RENAME ? "rename" : "change")
                    + " it");
        }
        if (op == Op.SET_ON_INSERT) {
            for (String segment : segments) {
                if (Paths.isPositional(segment)) {
                    throw new IllegalArgumentException("$setOnInsert on '" + path + "': a positional operator ('"
                            + segment + "') has no array element to point at when the update inserts");
                }
            }
        }
        return segments;
    }

    private UpdateBuilder add(Operator operator, String[] segments, String[] target) {
        return Conflicts.add(log, size, operator, segments, target, this);
    }

    /** This builder with one more operator, appended at {@code operators[size]} of {@code log}. */
    UpdateBuilder with(Conflicts log, Operator[] operators, boolean mergedNow) {
        return new UpdateBuilder(log, operators, size + 1, merged || mergedNow, arrayFilters);
    }

    // ---- value semantics -------------------------------------------------------------------

    /**
     * Equal when both hold the same operators with equal values in the same order, and equal
     * array filters. Values compare as the server would see them, type-sensitively
     * ({@code set("a", 1)} is not {@code set("a", 1L)}) and without encoding, so neither equality
     * nor the hash code needs a codec or can fail.
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof UpdateBuilder other) || (hash != 0 && other.hash != 0 && hash != other.hash)) {
            return false;
        }
        Operator[] mine = view();
        Operator[] theirs = other.view();
        return Arrays.equals(mine, 0, count(mine), theirs, 0, other.count(theirs))
                && Arrays.equals(arrayFilters, other.arrayFilters);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            Operator[] view = view();
            h = Arrays.hashCode(arrayFilters);
            for (int i = 0, n = count(view); i < n; i++) {
                h = 31 * h + view[i].hashCode();
            }
            h = h == 0 ? 1 : h;
            hash = h;
        }
        return h;
    }

    /**
     * The compiled update as JSON, for example {@code {"$set": {"a": 1}}}; with array filters,
     * {@code {"update": {...}, "arrayFilters": [...]}}. An update that does not compile (a
     * {@code $[identifier]} without its filter included) prints the reason.
     */
    @Override
    public String toString() {
        if (size == 0 && arrayFilters.length == 0) {
            return "{}";
        }
        try {
            BsonDocument update = toBsonDocument(BsonDocument.class, BsonValues.DISPLAY_REGISTRY);
            List<BsonDocument> filters = arrayFilters(BsonValues.DISPLAY_REGISTRY);
            BsonDocument printed = filters.isEmpty() ? update
                    : new BsonDocument("update", update).append("arrayFilters", new BsonArray(filters));
            return printed.toJson();
        } catch (RuntimeException e) {
            return "UpdateBuilder{invalid: " + e.getMessage() + "}";
        }
    }
}

package dev.atomicmongo.update;

// The UpdateBuilder of 0.x before operators became records (commit a8c9e66), kept unchanged as the
// reference that UpdateRenderingEquivalenceTest compares the new compiler with.

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import dev.atomicmongo.internal.BsonValues;
import dev.atomicmongo.CheckReturnValue;
import dev.atomicmongo.internal.Paths;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.conversions.Bson;
import org.bson.types.Decimal128;

/**
 * An immutable, validated MongoDB update built from operators ({@code $set}, {@code $inc},
 * {@code $push}, ...). Every method returns a new builder; the receiver is never changed, so a
 * builder can be shared between threads and reused as a template.
 *
 * <pre>{@code
 * LegacyUpdateBuilder u = LegacyUpdateBuilder.update()
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

final class LegacyUpdateBuilder implements Bson {
    private static final LegacyUpdateBuilder EMPTY = new LegacyUpdateBuilder(new Entry[0], new Bson[0]);

    private final Entry[] entries;
    private final Bson[] arrayFilters;

    private LegacyUpdateBuilder(Entry[] entries, Bson[] arrayFilters) {
        this.entries = entries;
        this.arrayFilters = arrayFilters;
    }

    /** An empty update to add operators to. */
    public static LegacyUpdateBuilder update() {
        return EMPTY;
    }

    // ---- field operators -------------------------------------------------------------------

    /** Sets a field ({@code $set}); {@code value} may be null to store BSON null. */
    public LegacyUpdateBuilder set(String path, Object value) {
        return with(Op.SET, path, value);
    }

    /** Sets the element at {@code index} of an array ({@code $set} on {@code path.index}). */
    public LegacyUpdateBuilder setAt(String path, int index, Object value) {
        if (index < 0) {
            throw new IllegalArgumentException("setAt on '" + path + "': index must be >= 0, got " + index);
        }
        return with(Op.SET, path + "." + index, value);
    }

    /** Removes a field ({@code $unset}). */
    public LegacyUpdateBuilder unset(String path) {
        return with(Op.UNSET, path, "");
    }

    /**
     * Adds to a number ({@code $inc}); a negative amount subtracts. A missing field starts from 0.
     * Use {@link Decimal128} or {@link BigDecimal} for money, never {@code double}.
     */
    public LegacyUpdateBuilder inc(String path, Number amount) {
        return with(Op.INC, path, number(Op.INC, path, amount));
    }

    /** Subtracts from a number ({@code $inc} with the negated amount). */
    public LegacyUpdateBuilder dec(String path, Number amount) {
        return with(Op.INC, path, negate(path, number(Op.INC, path, amount)));
    }

    /** Multiplies a number ({@code $mul}); a missing field is set to 0. */
    public LegacyUpdateBuilder mul(String path, Number factor) {
        return with(Op.MUL, path, number(Op.MUL, path, factor));
    }

    /** Sets the field to {@code value} if that is smaller than the current value ({@code $min}). */
    public LegacyUpdateBuilder min(String path, Object value) {
        return with(Op.MIN, path, value);
    }

    /** Sets the field to {@code value} if that is larger than the current value ({@code $max}). */
    public LegacyUpdateBuilder max(String path, Object value) {
        return with(Op.MAX, path, value);
    }

    /** Sets the field to the server's current date ({@code $currentDate: true}). */
    public LegacyUpdateBuilder currentDate(String path) {
        return with(Op.CURRENT_DATE, path, Boolean.TRUE);
    }

    /** Sets the field to the server's current timestamp ({@code $currentDate: {$type: "timestamp"}}). */
    public LegacyUpdateBuilder currentTimestamp(String path) {
        return with(Op.CURRENT_DATE, path, new BsonDocument("$type", new BsonString("timestamp")));
    }

    /** Renames a field ({@code $rename}); both paths count as written. */
    public LegacyUpdateBuilder rename(String from, String to) {
        String[] source = Paths.update(from, "$rename");
        String[] target = Paths.update(to, "$rename");
        for (String segment : concat(source, target)) {
            if (Paths.isPositional(segment)) {
                throw new IllegalArgumentException("$rename from '" + from + "' to '" + to
                        + "': paths must not contain positional operators");
            }
        }
        if (Paths.overlap(source, target)) {
            throw new IllegalArgumentException("$rename from '" + from + "' to '" + to
                    + "': source and target must not be the same path or one inside the other");
        }
        checkConflicts(Op.RENAME, from, source);
        checkConflicts(Op.RENAME, to, target);
        return append(new Entry(Op.RENAME, from, source, to, target));
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    // ---- insert-only -----------------------------------------------------------------------

    /**
     * Sets a field only when the update inserts a document ({@code $setOnInsert}).
     * An existing document is never changed by it.
     */
    public LegacyUpdateBuilder setOnInsert(String path, Object value) {
        return with(Op.SET_ON_INSERT, path, value);
    }

    /**
     * Sets every non-null entry of the map as a top-level field, only on insert. The map is
     * copied, never modified. Entries that another operator of this update writes are left out
     * (that operator writes them on insert too); a null {@code _id} is left out.
     *
     * @throws IllegalArgumentException if the map is empty or has no non-null entry, or a key is
     *         empty, starts with {@code $} or contains {@code .}
     */
    public LegacyUpdateBuilder setOnInsert(Map<String, ?> fields) {
        Objects.requireNonNull(fields, "fields");
        LinkedHashMap<String, Object> copy = new LinkedHashMap<>(fields);
        if (copy.values().stream().allMatch(Objects::isNull)) {
            throw new IllegalArgumentException("setOnInsert(map): the map has no non-null entry");
        }
        return withDocument(new InsertDocument(copy));
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
     * changes with it. A map is copied when added.
     *
     * <p>Compiling fails with {@link IllegalArgumentException} if the object has no non-null field
     * or does not encode to a document.
     */
    public LegacyUpdateBuilder setOnInsert(Object document) {
        Objects.requireNonNull(document, "document");
        if (document instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            Map<String, ?> fields = (Map<String, ?>) map;
            return setOnInsert(fields);
        }
        return withDocument(new InsertDocument(document));
    }

    // ---- arrays ----------------------------------------------------------------------------

    /** Adds the value to the array unless an equal element is there ({@code $addToSet}). */
    public LegacyUpdateBuilder addToSet(String path, Object value) {
        return with(Op.ADD_TO_SET, path, new Each(List.of(wrapNull(value)), false));
    }

    /** Adds each value unless an equal element is there ({@code $addToSet} with {@code $each}). */
    public LegacyUpdateBuilder addToSetEach(String path, List<?> values) {
        Objects.requireNonNull(values, "values");
        return with(Op.ADD_TO_SET, path, new Each(new ArrayList<>(values), true));
    }

    /** Appends the value to the array ({@code $push}). */
    public LegacyUpdateBuilder push(String path, Object value) {
        if (value instanceof PushEach each) {
            return with(Op.PUSH, path, each);
        }
        return with(Op.PUSH, path, new Each(List.of(wrapNull(value)), false));
    }

    /**
     * Appends values with modifiers ({@code $push} with {@code $each}, {@code $position}, {@code $slice}, {@code $sort}).
     *
     * @throws NullPointerException if {@code each} is null; {@code push(path, null)} lands here, so
     *         to push a null element write {@code push(path, (Object) null)}
     */
    public LegacyUpdateBuilder push(String path, PushEach each) {
        Objects.requireNonNull(each, () -> "each: to push a null element to '" + path + "' write push(path, (Object) null)");
        return with(Op.PUSH, path, each);
    }

    /**
     * Removes every element equal to {@code value}, or matching it when it is a condition or a
     * document ({@code $pull}); see {@code Conditions.element()} for conditions on scalar elements.
     */
    public LegacyUpdateBuilder pull(String path, Object value) {
        return with(Op.PULL, path, value);
    }

    /** Removes every element equal to any of the values ({@code $pullAll}). */
    public LegacyUpdateBuilder pullAll(String path, List<?> values) {
        Objects.requireNonNull(values, "values");
        return with(Op.PULL_ALL, path, new Each(new ArrayList<>(values), true));
    }

    /** Removes the first element of the array ({@code $pop: -1}). */
    public LegacyUpdateBuilder popFirst(String path) {
        return with(Op.POP, path, -1);
    }

    /** Removes the last element of the array ({@code $pop: 1}). */
    public LegacyUpdateBuilder popLast(String path) {
        return with(Op.POP, path, 1);
    }

    /**
     * Adds an array filter for a {@code $[identifier]} path segment; the filter's field paths
     * start with the identifier, as in {@code Conditions.gte("g.score", 60)} for {@code grades.$[g]}.
     */
    public LegacyUpdateBuilder arrayFilter(Bson filter) {
        Objects.requireNonNull(filter, "filter");
        Bson[] copy = Arrays.copyOf(arrayFilters, arrayFilters.length + 1);
        copy[arrayFilters.length] = filter;
        return new LegacyUpdateBuilder(entries, copy);
    }

    // ---- bits ------------------------------------------------------------------------------

    /** Bitwise AND of an integer field ({@code $bit: {and: mask}}). */
    public LegacyUpdateBuilder bitAnd(String path, long mask) {
        return bit(path, "and", mask);
    }

    /** Bitwise OR of an integer field ({@code $bit: {or: mask}}). */
    public LegacyUpdateBuilder bitOr(String path, long mask) {
        return bit(path, "or", mask);
    }

    /** Bitwise XOR of an integer field ({@code $bit: {xor: mask}}). */
    public LegacyUpdateBuilder bitXor(String path, long mask) {
        return bit(path, "xor", mask);
    }

    private LegacyUpdateBuilder bit(String path, String operation, long mask) {
        Object value = mask >= Integer.MIN_VALUE && mask <= Integer.MAX_VALUE ? (Object) (int) mask : (Object) mask;
        return with(Op.BIT, path, new Bits(Map.of(operation, value)));
    }

    // ---- queries on the builder ------------------------------------------------------------

    /** True if no operator has been added. */
    public boolean isEmpty() {
        return entries.length == 0;
    }

    /**
     * True if some operator of this update writes exactly {@code path} (a {@code $rename} writes
     * both its source and target); documents given to {@code setOnInsert(document)} are not counted.
     */
    public boolean writes(String path) {
        for (Entry e : entries) {
            if (path.equals(e.path) || (e.target != null && path.equals(e.value))) {
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
        if (entries.length == 0) {
            throw new IllegalArgumentException("Empty update: add at least one operator");
        }
        LinkedHashMap<Op, BsonDocument> byOperator = new LinkedHashMap<>();
        Set<String> fromDocuments = null;
        for (Entry e : entries) {
            BsonDocument fields = byOperator.computeIfAbsent(e.op, op -> new BsonDocument());
            if (e.value instanceof InsertDocument document) {
                // in place, so the document's fields keep the order of the calls, as the driver's combine() does
                if (fromDocuments == null) {
                    fromDocuments = new LinkedHashSet<>();
                }
                addInsertFields(fields, "", document.encode(registry), fromDocuments);
            } else {
                fields.append(e.path, render(e, registry));
            }
        }
        if (fromDocuments != null && byOperator.get(Op.SET_ON_INSERT).isEmpty()) {
            byOperator.remove(Op.SET_ON_INSERT);
        }
        BsonDocument update = new BsonDocument();
        for (Map.Entry<Op, BsonDocument> e : byOperator.entrySet()) {
            update.append(e.getKey().operator, e.getValue());
        }
        return update;
    }

    /**
     * Compiles the array filters, checking that every {@code $[identifier]} in a path has
     * exactly one filter and every filter is used.
     *
     * @throws IllegalArgumentException naming the identifier when they do not correspond
     */
    public List<BsonDocument> arrayFilters(CodecRegistry registry) {
        Set<String> used = new LinkedHashSet<>();
        for (Entry e : entries) {
            if (e.segments != null) {
                for (String segment : e.segments) {
                    String id = Paths.arrayFilterIdentifier(segment);
                    if (id != null) {
                        used.add(id);
                    }
                }
            }
        }
        List<BsonDocument> compiled = new ArrayList<>(arrayFilters.length);
        Set<String> defined = new LinkedHashSet<>();
        for (Bson filter : arrayFilters) {
            BsonDocument doc = filter.toBsonDocument(BsonDocument.class, registry);
            String id = identifierOf(doc);
            if (!defined.add(id)) {
                throw new IllegalArgumentException("arrayFilter: identifier '" + id + "' has more than one filter");
            }
            if (!used.contains(id)) {
                throw new IllegalArgumentException("arrayFilter: identifier '" + id
                        + "' is not used by any $[" + id + "] path of the update");
            }
            compiled.add(doc);
        }
        for (String id : used) {
            if (!defined.contains(id)) {
                throw new IllegalArgumentException("Path segment $[" + id + "] has no arrayFilter for identifier '" + id + "'");
            }
        }
        return compiled;
    }

    private static String identifierOf(BsonDocument filter) {
        for (Map.Entry<String, BsonValue> e : filter.entrySet()) {
            String key = e.getKey();
            if (key.startsWith("$")) {
                if (e.getValue().isArray()) {
                    for (BsonValue clause : e.getValue().asArray()) {
                        if (clause.isDocument()) {
                            return identifierOf(clause.asDocument());
                        }
                    }
                }
                continue;
            }
            int dot = key.indexOf('.');
            return dot < 0 ? key : key.substring(0, dot);
        }
        throw new IllegalArgumentException("arrayFilter " + filter.toJson() + " names no field");
    }

    private static BsonValue render(Entry e, CodecRegistry registry) {
        Object value = e.value;
        switch (e.op) {
            case RENAME:
                return new BsonString((String) value);
            case POP:
                return new BsonInt32((Integer) value);
            case ADD_TO_SET:
            case PUSH:
            case PULL_ALL:
                if (value instanceof PushEach each) {
                    return each.toBson(registry);
                }
                return ((Each) value).render(e.op, registry);
            case BIT:
                return ((Bits) value).render();
            default:
                return BsonValues.encode(value, registry);
        }
    }

    private void addInsertFields(BsonDocument onInsert, String prefix, BsonDocument document,
                                 Set<String> fromDocuments) {
        for (Map.Entry<String, BsonValue> field : document.entrySet()) {
            String path = prefix + field.getKey();
            String[] segments = path.split("\\.", -1);
            String inside = null;
            boolean exact = false;
            for (Entry e : entries) {
                String[] written = e.segments;
                for (int k = 0; k < 2 && !exact; k++, written = e.target) {
                    if (written != null && Paths.overlap(segments, written)) {
                        exact = written.length == segments.length;
                        inside = e.op.operator + " writes '" + String.join(".", written) + "'";
                    }
                }
            }
            if (exact) {
                continue; // another operator writes this field, on insert too
            }
            if (inside == null) {
                if (!fromDocuments.add(path)) {
                    throw new IllegalArgumentException("setOnInsert(document): field '" + path
                            + "' is given by more than one setOnInsert document");
                }
                onInsert.append(path, field.getValue());
            } else if (field.getValue().isDocument()) {
                // another operator writes a path inside this field: set the field's other parts one by one
                addInsertFields(onInsert, path + ".", field.getValue().asDocument(), fromDocuments);
            } else {
                throw new IllegalArgumentException("setOnInsert(document): field '" + path + "' holds a BSON "
                        + field.getValue().getBsonType() + ", but " + inside + " inside it");
            }
        }
    }

    // ---- adding entries --------------------------------------------------------------------

    private LegacyUpdateBuilder with(Op op, String path, Object value) {
        String[] segments = Paths.update(path, op.operator);
        int mergeWith = checkConflicts(op, path, segments);
        if (mergeWith < 0) {
            return append(new Entry(op, path, segments, value, null));
        }
        Entry[] copy = entries.clone();
        copy[mergeWith] = entries[mergeWith].merge(value);
        return new LegacyUpdateBuilder(copy, arrayFilters);
    }

    private LegacyUpdateBuilder withDocument(InsertDocument document) {
        return append(new Entry(Op.SET_ON_INSERT, null, null, document, null));
    }

    private LegacyUpdateBuilder append(Entry entry) {
        Entry[] copy = Arrays.copyOf(entries, entries.length + 1);
        copy[entries.length] = entry;
        return new LegacyUpdateBuilder(copy, arrayFilters);
    }

    /** Returns the index of an entry to merge the new one into, or -1; throws on a conflict. */
    private int checkConflicts(Op op, String path, String[] segments) {
        for (int i = 0; i < entries.length; i++) {
            Entry e = entries[i];
            if (e.segments == null) {
                continue;
            }
            if (Paths.overlap(segments, e.segments)) {
                if (e.segments.length == segments.length) {
                    if (e.op == op && e.canMerge()) {
                        return i;
                    }
                    throw samePath(e.op, op, path);
                }
                throw overlapping(e.op, e.path, op, path);
            }
            if (e.target != null && Paths.overlap(segments, e.target)) {
                if (e.target.length == segments.length) {
                    throw samePath(e.op, op, path);
                }
                throw overlapping(e.op, (String) e.value, op, path);
            }
        }
        return -1;
    }

    private static IllegalArgumentException samePath(Op first, Op second, String path) {
        String message = first == second
                ? "Path '" + path + "' is written twice by " + first.operator
                : "Path '" + path + "' is written by both " + first.operator + " and " + second.operator;
        message += ": an update may write each path only once";
        if ((first == Op.INC && second == Op.SET_ON_INSERT) || (first == Op.SET_ON_INSERT && second == Op.INC)) {
            message += ". $inc on a missing field starts from 0, so the $inc alone sets '" + path
                    + "' to the increment when the document is inserted; drop the setOnInsert";
        }
        return new IllegalArgumentException(message);
    }

    private static IllegalArgumentException overlapping(Op firstOp, String first, Op secondOp, String second) {
        return new IllegalArgumentException("Paths '" + first + "' (" + firstOp.operator + ") and '" + second
                + "' (" + secondOp.operator + ") overlap: an update may not write a path and a path inside it");
    }

    private static Number number(Op op, String path, Number amount) {
        if (amount == null) {
            throw new NullPointerException(op.operator + " on '" + path + "': amount must not be null");
        }
        if (amount instanceof Integer || amount instanceof Long || amount instanceof Double
                || amount instanceof Decimal128) {
            return amount;
        }
        if (amount instanceof Short || amount instanceof Byte) {
            return amount.intValue();
        }
        if (amount instanceof Float) {
            return amount.doubleValue();
        }
        if (amount instanceof BigDecimal decimal) {
            try {
                return new Decimal128(decimal);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(op.operator + " on '" + path + "': " + e.getMessage(), e);
            }
        }
        throw new IllegalArgumentException(op.operator + " on '" + path + "': the amount must be a Byte, Short, Integer, Long, "
                + "Float, Double, Decimal128 or BigDecimal, got " + amount.getClass().getName());
    }

    private static Number negate(String path, Number n) {
        if (n instanceof Integer i) {
            return i == Integer.MIN_VALUE ? (Number) (-(long) i) : (Number) (-i);
        }
        if (n instanceof Long l) {
            if (l == Long.MIN_VALUE) {
                throw new IllegalArgumentException("$inc on '" + path + "': cannot negate Long.MIN_VALUE");
            }
            return -l;
        }
        if (n instanceof Double d) {
            return -d;
        }
        Decimal128 d = (Decimal128) n;
        // flip the sign bit: exact for every value, where BigDecimal fails on NaN, infinities and -0
        return d.isNaN() ? d : Decimal128.fromIEEE754BIDEncoding(d.getHigh() ^ Long.MIN_VALUE, d.getLow());
    }

    private static Object wrapNull(Object value) {
        return value == null ? org.bson.BsonNull.VALUE : value;
    }

    // ---- value semantics -------------------------------------------------------------------

    /**
     * Equal when both compile to the same update document and array filters, with the same field
     * order and the same BSON types ({@code set("a", 1)} is not {@code set("a", 1L)}).
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof LegacyUpdateBuilder other && render(true).equals(other.render(true));
    }

    @Override
    public int hashCode() {
        return render(true).hashCode();
    }

    /**
     * The compiled update as JSON, for example {@code {"$set": {"a": 1}}}; with array filters,
     * {@code {"update": {...}, "arrayFilters": [...]}}. An update that does not compile (a
     * {@code $[identifier]} without its filter included) prints the reason.
     */
    @Override
    public String toString() {
        return render(false);
    }

    private String render(boolean canonical) {
        if (entries.length == 0 && arrayFilters.length == 0) {
            return "{}";
        }
        try {
            BsonDocument update = toBsonDocument();
            List<BsonDocument> filters = arrayFilters(BsonValues.DEFAULT_REGISTRY);
            BsonDocument printed = filters.isEmpty() ? update
                    : new BsonDocument("update", update).append("arrayFilters", new BsonArray(filters));
            return canonical ? BsonValues.canonicalJson(printed) : printed.toJson();
        } catch (RuntimeException e) {
            return "LegacyUpdateBuilder{invalid: " + e.getMessage() + "}";
        }
    }

    // ---- entry values ----------------------------------------------------------------------

    private record Entry(Op op, String path, String[] segments, Object value, String[] target) {
        boolean canMerge() {
            return (value instanceof Each) || (value instanceof PushEach each && !each.hasModifiers())
                    || value instanceof Bits;
        }

        Entry merge(Object more) {
            Object merged;
            if (value instanceof Bits bits && more instanceof Bits other) {
                merged = bits.plus(other, path);
            } else if (more instanceof PushEach each && each.hasModifiers()) {
                throw new IllegalArgumentException("Path '" + path + "' already has a " + op.operator
                        + "; put all values and modifiers in one PushEach");
            } else {
                merged = Each.concat(value, more);
            }
            return new Entry(op, path, segments, merged, target);
        }
    }

    /** Values for $addToSet, $push (no modifiers) and $pullAll. */
    private static final class Each {
        private final List<Object> values;
        private final boolean each;

        Each(List<?> values, boolean each) {
            this.values = values.stream().map(LegacyUpdateBuilder::wrapNull).toList();
            this.each = each;
        }

        static Object concat(Object a, Object b) {
            List<Object> all = new ArrayList<>(values(a));
            all.addAll(values(b));
            if (a instanceof PushEach || b instanceof PushEach) {
                return PushEach.of(all);
            }
            return new Each(all, true);
        }

        private static List<?> values(Object o) {
            if (o instanceof PushEach each) {
                return each.values();
            }
            return ((Each) o).values;
        }

        BsonValue render(Op op, CodecRegistry registry) {
            if (!each) {
                return BsonValues.encode(values.get(0), registry);
            }
            BsonArray array = new BsonArray(values.size());
            for (Object v : values) {
                array.add(BsonValues.encode(v, registry));
            }
            return op == Op.PULL_ALL ? array : new BsonDocument("$each", array);
        }
    }

    /** The and/or/xor masks of one $bit path. */
    private record Bits(Map<String, Object> masks) {
        Bits plus(Bits other, String path) {
            LinkedHashMap<String, Object> all = new LinkedHashMap<>(masks);
            for (Map.Entry<String, Object> e : other.masks.entrySet()) {
                if (all.putIfAbsent(e.getKey(), e.getValue()) != null) {
                    throw new IllegalArgumentException("Path '" + path + "' is written twice by $bit "
                            + e.getKey() + ": an update may write each path only once");
                }
            }
            return new Bits(all);
        }

        BsonValue render() {
            BsonDocument doc = new BsonDocument();
            masks.forEach((k, v) -> doc.append(k, BsonValues.encode(v, BsonValues.DEFAULT_REGISTRY)));
            return doc;
        }
    }

    /** A map or object whose fields are set on insert, resolved against the other operators at compile time. */
    private record InsertDocument(Object source) {
        BsonDocument encode(CodecRegistry registry) {
            BsonDocument encoded;
            String what;
            if (source instanceof Map<?, ?> map) {
                what = "setOnInsert(map)";
                encoded = new BsonDocument();
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (!(e.getKey() instanceof String key)) {
                        throw new IllegalArgumentException(what + ": keys must be strings, got " + e.getKey());
                    }
                    encoded.append(key, BsonValues.encode(e.getValue(), registry));
                }
            } else {
                what = "setOnInsert(" + source.getClass().getSimpleName() + ")";
                encoded = BsonValues.encodeDocument(source, registry, what);
            }
            BsonDocument fields = new BsonDocument();
            for (Map.Entry<String, BsonValue> e : encoded.entrySet()) {
                String key = e.getKey();
                if (key.isEmpty() || key.startsWith("$") || key.contains(".")) {
                    throw new IllegalArgumentException(what + ": field name '" + key
                            + "' must be non-empty, not start with '$' and not contain '.'");
                }
                if (!e.getValue().isNull()) {
                    fields.append(key, e.getValue());
                }
            }
            if (fields.isEmpty()) {
                throw new IllegalArgumentException(what + ": the document has no non-null field to insert");
            }
            return fields;
        }
    }
}

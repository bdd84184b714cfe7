package dev.atomicmongo.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * The user values held by the immutable DSL types: frozen when a builder is given them, and
 * compared structurally without encoding them.
 *
 * <p><b>Freezing</b> copies what the caller could change later: lists, sets and other
 * collections become unmodifiable lists, maps become unmodifiable insertion-ordered maps (both
 * recursively), arrays and {@link Date}s are cloned, and BSON documents and arrays are deep-copied.
 * The copies encode exactly as the originals did. Other objects (records, POJOs, strings,
 * numbers) are kept as they are: records and value types are immutable, and a mutable POJO is the
 * caller's to leave alone, as the DSL's javadoc says.
 *
 * <p><b>Equality</b> is what the server would see: type-sensitive ({@code 1} is not {@code 1L}),
 * and order-sensitive for maps and documents ({@code {a: 1, b: 2}} is not {@code {b: 2, a: 1}},
 * as for MongoDB's equality match on an embedded document). It never encodes, so it needs no
 * codec and cannot fail.
 */
public final class Values {
    private Values() {
    }

    /**
     * How deep lists, maps and arrays may nest in a value: MongoDB refuses documents nested more
     * than 100 levels, and a list or map that contains itself would otherwise recurse until the
     * stack overflows.
     */
    static final int MAX_DEPTH = 100;

    /**
     * An unchangeable copy of {@code value}, encoding to the same BSON; see the class documentation.
     *
     * @throws IllegalArgumentException if lists, maps or arrays nest more than 100 levels deep (or
     *         one contains itself)
     */
    public static Object freeze(Object value) {
        return freeze(value, 0);
    }

    /** A refusal of {@link #freeze} with where the value was given ({@code "$set on 'a'"}) in front. */
    public static IllegalArgumentException at(String where, IllegalArgumentException e) {
        return new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }

    private static void requireDepth(int depth) {
        if (depth >= MAX_DEPTH) {
            throw new IllegalArgumentException("value nests lists, maps or arrays more than " + MAX_DEPTH
                    + " levels deep (MongoDB's limit for a document); does one contain itself?");
        }
    }

    private static Object freeze(Object value, int depth) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof BsonValue bson) {
            return bson.isDocument() || bson.isArray() ? freezeBson(bson) : bson;
        }
        if (value instanceof Map<?, ?> map) {
            requireDepth(depth);
            LinkedHashMap<Object, Object> copy = new LinkedHashMap<>(map.size() * 2);
            for (Map.Entry<?, ?> e : map.entrySet()) {
                copy.put(e.getKey(), freeze(e.getValue(), depth + 1));
            }
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof Collection<?> collection) {
            return freezeAll(collection, depth);
        }
        if (value instanceof Date date) {
            return new Date(date.getTime());
        }
        if (value instanceof Object[] array) {
            requireDepth(depth);
            Object[] copy = array.clone();
            for (int i = 0; i < copy.length; i++) {
                copy[i] = freeze(copy[i], depth + 1);
            }
            return copy;
        }
        if (value.getClass().isArray()) {
            return cloneArray(value);
        }
        return value;
    }

    /** An unmodifiable list of the frozen elements, in iteration order; nulls kept. */
    public static List<Object> freezeAll(Iterable<?> values) {
        return freezeAll(values, 0);
    }

    private static List<Object> freezeAll(Iterable<?> values, int depth) {
        requireDepth(depth);
        ArrayList<Object> copy = values instanceof Collection<?> c ? new ArrayList<>(c.size()) : new ArrayList<>();
        for (Object v : values) {
            copy.add(freeze(v, depth + 1));
        }
        return Collections.unmodifiableList(copy);
    }

    private static BsonValue freezeBson(BsonValue value) {
        // clone() deep-copies documents and arrays (and unwraps lazy wrappers)
        return value.isDocument() ? value.asDocument().clone() : value.asArray().clone();
    }

    private static Object cloneArray(Object array) {
        if (array instanceof byte[] a) {
            return a.clone();
        }
        if (array instanceof int[] a) {
            return a.clone();
        }
        if (array instanceof long[] a) {
            return a.clone();
        }
        if (array instanceof double[] a) {
            return a.clone();
        }
        if (array instanceof float[] a) {
            return a.clone();
        }
        if (array instanceof short[] a) {
            return a.clone();
        }
        if (array instanceof char[] a) {
            return a.clone();
        }
        if (array instanceof boolean[] a) {
            return a.clone();
        }
        return array;
    }

    /** True if {@code a} and {@code b} would be sent as the same BSON value; see the class documentation. */
    public static boolean equal(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if (a instanceof BsonDocument x) {
            return b instanceof BsonDocument y && equalEntries(x.entrySet().iterator(), x.size(), y.entrySet().iterator(), y.size());
        }
        if (a instanceof BsonArray x) {
            return b instanceof BsonArray y && equalSequences(x.iterator(), y.iterator());
        }
        if (a instanceof Map<?, ?> x) {
            return b instanceof Map<?, ?> y && equalEntries(x.entrySet().iterator(), x.size(), y.entrySet().iterator(), y.size());
        }
        if (a instanceof Collection<?> x) {
            return b instanceof Collection<?> y && x.size() == y.size() && equalSequences(x.iterator(), y.iterator());
        }
        if (a instanceof Object[] x) {
            return b instanceof Object[] y && x.length == y.length && equalSequences(Arrays.asList(x).iterator(), Arrays.asList(y).iterator());
        }
        if (a.getClass().isArray()) {
            return a.getClass() == b.getClass() && Arrays.deepEquals(new Object[] {a}, new Object[] {b});
        }
        return a.getClass() == b.getClass() && a.equals(b);
    }

    /** A hash code consistent with {@link #equal}. */
    public static int hash(Object value) {
        if (value == null) {
            return 0;
        }
        if (value instanceof BsonDocument doc) {
            return hashEntries(doc.entrySet());
        }
        if (value instanceof BsonArray array) {
            return hashSequence(array);
        }
        if (value instanceof Map<?, ?> map) {
            return hashEntries(map.entrySet());
        }
        if (value instanceof Collection<?> collection) {
            return hashSequence(collection);
        }
        if (value instanceof Object[] array) {
            return hashSequence(Arrays.asList(array));
        }
        if (value.getClass().isArray()) {
            return Arrays.deepHashCode(new Object[] {value});
        }
        return value.hashCode();
    }

    /** {@link #equal} over two lists, element by element. */
    public static boolean equalLists(List<?> a, List<?> b) {
        return a.size() == b.size() && equalSequences(a.iterator(), b.iterator());
    }

    /** {@link #hash} of a list, consistent with {@link #equalLists}. */
    public static int hashList(List<?> values) {
        return hashSequence(values);
    }

    private static boolean equalEntries(Iterator<? extends Map.Entry<?, ?>> a, int sizeA,
                                        Iterator<? extends Map.Entry<?, ?>> b, int sizeB) {
        if (sizeA != sizeB) {
            return false;
        }
        while (a.hasNext() && b.hasNext()) {
            Map.Entry<?, ?> x = a.next();
            Map.Entry<?, ?> y = b.next();
            if (!Objects.equals(x.getKey(), y.getKey()) || !equal(x.getValue(), y.getValue())) {
                return false;
            }
        }
        return !a.hasNext() && !b.hasNext();
    }

    private static boolean equalSequences(Iterator<?> a, Iterator<?> b) {
        while (a.hasNext() && b.hasNext()) {
            if (!equal(a.next(), b.next())) {
                return false;
            }
        }
        return !a.hasNext() && !b.hasNext();
    }

    private static int hashEntries(Iterable<? extends Map.Entry<?, ?>> entries) {
        int h = 1;
        for (Map.Entry<?, ?> e : entries) {
            h = 31 * (31 * h + Objects.hashCode(e.getKey())) + hash(e.getValue());
        }
        return h;
    }

    private static int hashSequence(Iterable<?> values) {
        int h = 7;
        for (Object v : values) {
            h = 31 * h + hash(v);
        }
        return h;
    }
}

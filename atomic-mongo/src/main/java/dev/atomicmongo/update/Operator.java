package dev.atomicmongo.update;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.atomicmongo.internal.BsonValues;
import dev.atomicmongo.internal.Paths;
import dev.atomicmongo.internal.Values;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.conversions.Bson;

/**
 * One operator of an {@link UpdateBuilder}, as data: its kind, the path(s) it writes and its
 * frozen value. Records compare structurally and type-sensitively ({@code 1} is not {@code 1L})
 * without encoding anything; {@link #render} encodes the value when the update is compiled.
 *
 * <p>Adding an operator: a record here (or a new {@link Op} for {@link FieldOperator}), one
 * method on {@code UpdateBuilder}, one test.
 */
sealed interface Operator {

    /** The operator's kind, which names the group it is rendered in. */
    Op op();

    /** The path written, or null for a {@link SetOnInsertDocument} (resolved at compile time). */
    String path();

    /** A second path written ({@code $rename}'s target), or null. */
    default String target() {
        return null;
    }

    /** The value under {@link #path()} in the operator's group of the update document. */
    BsonValue render(CodecRegistry registry);

    /** True if a later operator of the same kind on the same path folds into this one. */
    default boolean mergeable() {
        return false;
    }

    /** This operator with {@code more}, a later one of the same kind on the same path, folded in. */
    default Operator merge(Operator more) {
        throw new IllegalStateException(op().operator + " on '" + path() + "' does not merge");
    }

    /** Null, which BSON stores as null, is kept as {@link BsonNull} so both spellings compare equal. */
    static Object normalize(Object value) {
        return value == null ? BsonNull.VALUE : Values.freeze(value);
    }

    /**
     * {@code $set}, {@code $setOnInsert}, {@code $unset}, {@code $inc}, {@code $mul}, {@code $min},
     * {@code $max}, {@code $currentDate}, {@code $pull} and {@code $pop}: a path and one value,
     * encoded as it is.
     */
    record FieldOperator(Op op, String path, Object value) implements Operator {
        public FieldOperator {
            try {
                value = normalize(value);
            } catch (IllegalArgumentException e) {
                throw Values.at(op.operator + " on '" + path + "'", e);
            }
        }

        /** The value, encoded; a {@code $pull} condition built with {@code and(...)} as one document, as the manual writes it. */
        @Override
        public BsonValue render(CodecRegistry registry) {
            BsonValue encoded = BsonValues.encode(value, registry);
            return op == Op.PULL && encoded.isDocument() ? UpdateCompiler.implicitAnd(encoded.asDocument()) : encoded;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof FieldOperator other && op == other.op && path.equals(other.path)
                    && Values.equal(value, other.value);
        }

        @Override
        public int hashCode() {
            // the type takes part, so 1, 1L and 1.0 hash apart as they compare apart
            return ((op.ordinal() * 31 + path.hashCode()) * 31 + Values.hash(value)) * 31
                    + value.getClass().getName().hashCode();
        }
    }

    /** {@code $rename}: writes both {@code from} and {@code to}. */
    record Rename(String from, String to) implements Operator {
        @Override
        public Op op() {
            return Op.RENAME;
        }

        @Override
        public String path() {
            return from;
        }

        @Override
        public String target() {
            return to;
        }

        @Override
        public BsonValue render(CodecRegistry registry) {
            return new BsonString(to);
        }
    }

    /**
     * {@code $addToSet}, {@code $push} and {@code $pullAll}. {@code each} false means a single
     * value written bare ({@code {$push: {a: 1}}}); otherwise the values are an {@code $each} list
     * (a plain array for {@code $pullAll}) with {@code $push}'s optional modifiers. Without
     * modifiers, a second operator of the same kind on the path folds its values in.
     */
    record ArrayOperator(Op op, String path, List<Object> values, boolean each,
                         Integer position, Integer slice, Object sort) implements Operator {
        public ArrayOperator {
            List<Object> copy = new ArrayList<>(values.size());
            try {
                for (Object v : values) {
                    copy.add(normalize(v));
                }
            } catch (IllegalArgumentException e) {
                throw Values.at(op.operator + " on '" + path + "'", e);
            }
            values = Collections.unmodifiableList(copy);
        }

        static ArrayOperator of(Op op, String path, Object value) {
            return new ArrayOperator(op, path, Collections.singletonList(value), false, null, null, null);
        }

        @SuppressWarnings("unchecked")
        static ArrayOperator each(Op op, String path, List<?> values) {
            return new ArrayOperator(op, path, (List<Object>) values, true, null, null, null);
        }

        boolean hasModifiers() {
            return position != null || slice != null || sort != null;
        }

        @Override
        public boolean mergeable() {
            return !hasModifiers();
        }

        @Override
        public Operator merge(Operator more) {
            ArrayOperator other = (ArrayOperator) more;
            List<Object> all = new ArrayList<>(values.size() + other.values.size());
            all.addAll(values);
            all.addAll(other.values);
            return new ArrayOperator(op, path, all, true, null, null, null);
        }

        @Override
        public BsonValue render(CodecRegistry registry) {
            if (!each) {
                return BsonValues.encode(values.get(0), registry);
            }
            BsonArray array = new BsonArray(values.size());
            for (Object v : values) {
                array.add(BsonValues.encode(v, registry));
            }
            if (op == Op.PULL_ALL) {
                return array;
            }
            BsonDocument doc = new BsonDocument("$each", array);
            if (position != null) {
                doc.append("$position", new BsonInt32(position));
            }
            if (slice != null) {
                doc.append("$slice", new BsonInt32(slice));
            }
            if (sort instanceof Integer direction) {
                doc.append("$sort", new BsonInt32(direction));
            } else if (sort != null) {
                doc.append("$sort", ((Bson) sort).toBsonDocument(BsonDocument.class, registry));
            }
            return doc;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ArrayOperator other && op == other.op && each == other.each && path.equals(other.path)
                    && Objects.equals(position, other.position) && Objects.equals(slice, other.slice)
                    && Values.equal(sort, other.sort) && Values.equalLists(values, other.values);
        }

        @Override
        public int hashCode() {
            int h = (op.ordinal() * 31 + path.hashCode()) * 31 + Values.hashList(values);
            return ((h * 31 + Objects.hash(position, slice, each)) * 31) + Values.hash(sort);
        }
    }

    /** {@code $bit}: the and/or/xor masks of one path, in the order they were added. */
    record Bit(String path, Map<String, Number> masks) implements Operator {
        public Bit {
            masks = Collections.unmodifiableMap(new LinkedHashMap<>(masks));
        }

        @Override
        public Op op() {
            return Op.BIT;
        }

        @Override
        public boolean mergeable() {
            return true;
        }

        @Override
        public Operator merge(Operator more) {
            LinkedHashMap<String, Number> all = new LinkedHashMap<>(masks);
            all.putAll(((Bit) more).masks);
            return new Bit(path, all);
        }

        @Override
        public BsonValue render(CodecRegistry registry) {
            BsonDocument doc = new BsonDocument();
            masks.forEach((k, v) -> doc.append(k, BsonValues.encode(v, registry)));
            return doc;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bit other && path.equals(other.path) && Values.equal(masks, other.masks);
        }

        @Override
        public int hashCode() {
            return path.hashCode() * 31 + Values.hash(masks);
        }
    }

    /**
     * {@code $setOnInsert} of every top-level field of a map or object, encoded and resolved
     * against the other operators when the update is compiled ({@link UpdateCompiler}).
     */
    record SetOnInsertDocument(Object source) implements Operator {
        public SetOnInsertDocument {
            try {
                source = Values.freeze(source);
            } catch (IllegalArgumentException e) {
                throw Values.at("setOnInsert(document)", e);
            }
        }

        @Override
        public Op op() {
            return Op.SET_ON_INSERT;
        }

        @Override
        public String path() {
            return null;
        }

        @Override
        public BsonValue render(CodecRegistry registry) {
            return encode(registry);
        }

        /** The document's non-null top-level fields. */
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
                Paths.requireFieldName(key, what, "");
                if (!e.getValue().isNull()) {
                    fields.append(key, e.getValue());
                }
            }
            if (fields.isEmpty()) {
                throw new IllegalArgumentException(what + ": the document has no non-null field to insert");
            }
            return fields;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SetOnInsertDocument other && Values.equal(source, other.source);
        }

        @Override
        public int hashCode() {
            return Values.hash(source);
        }
    }
}

package dev.atomicmongo.adversarial;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDbPointer;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonJavaScript;
import org.bson.BsonJavaScriptWithScope;
import org.bson.BsonMaxKey;
import org.bson.BsonMinKey;
import org.bson.BsonNull;
import org.bson.BsonObjectId;
import org.bson.BsonRegularExpression;
import org.bson.BsonString;
import org.bson.BsonSymbol;
import org.bson.BsonTimestamp;
import org.bson.BsonUndefined;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;

/**
 * The generators of the adversarial suite: what a careless or hostile caller hands the builders.
 * Paths mix valid dotted paths with null, empty, blank, huge, {@code $}-prefixed, NUL-carrying,
 * dot-edged and unicode ones; values cover every shape a {@code Object} parameter can receive.
 */
final class Hostile {
    /** A class no codec knows (no properties, so the automatic POJO codec has nothing to write). */
    static final class NoCodec {
        @Override
        public String toString() {
            return "NoCodec";
        }
    }

    /** A public record: the automatic POJO codec may or may not encode it; either way it must be typed. */
    public record Money(long cents, String currency) {
    }

    /** A non-public record. */
    record Secret(String value) {
    }

    /** Something whose toString() throws: printing a builder that holds it must not. */
    static final class Hostile_ToString {
        @Override
        public String toString() {
            throw new IllegalStateException("toString refused");
        }
    }

    private static final String HUGE = "x".repeat(20_000);

    private Hostile() {
    }

    // ---- paths ----------------------------------------------------------------------------------

    /** Segments valid in any path. */
    static Gen<String> plainSegment() {
        return Gen.oneOf(
                Gen.elements("a", "b", "c", "_id", "items", "profile", "email", "0", "1", "n", "日本", "ñandú", "😀"),
                Gen.strings("abcxyz_019-", 1, 6));
    }

    /** Segments a hostile caller writes: positional, operator-shaped, NUL, brackets, unicode, empty. */
    static Gen<String> hostileSegment() {
        return Gen.oneOf(
                plainSegment(),
                Gen.elements("$", "$[]", "$[e]", "$[elem2]", "$[E]", "$[]x", "$[", "$where", "$ne", "$$ROOT",
                        "", " ", "a\u0000b", "\u0000", "a$", "[0]", "\t", "\uD800", "é\u0301"),
                Gen.strings("a$.[]\u0000 é", 0, 5));
    }

    /** Valid paths only: segments of {@link #plainSegment()} joined by dots. */
    static Gen<String> plainPath() {
        return plainSegment().list(1, 4).map(s -> String.join(".", s));
    }

    /** Any path a caller could pass, valid or not, including null and a 20,000-character one. */
    static Gen<String> path() {
        return Gen.frequency(
                Gen.weighted(4, plainPath()),
                Gen.weighted(4, hostileSegment().list(1, 4).map(s -> String.join(".", s))),
                Gen.weighted(2, Gen.elements("", " ", ".", "..", ".a", "a.", "a..b", "$", "$[]", "a.$",
                        "a.$[]", "a.$[e].b", "$set", "a.$where", "a\u0000", "\u0000.a", HUGE, HUGE + ".$", "_id", "_id.x")),
                Gen.weighted(1, Gen.constant(null)));
    }

    // ---- values ---------------------------------------------------------------------------------

    /** Scalars of every Java and BSON type, including the ones no codec encodes. */
    static Gen<Object> scalar() {
        return Gen.<Object>oneOf(
                Gen.constant(null),
                Gen.strings(8),
                Gen.elements("", "$ne", "$where", "$$NOW", "a.b", "\u0000", HUGE, "😀"),
                Gen.integers(),
                Gen.longs(),
                Gen.doubles(),
                Gen.elements(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, Double.MIN_VALUE,
                        Double.MAX_VALUE),
                Gen.elements(Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1.5f),
                Gen.<Object>elements(Decimal128.NaN, Decimal128.POSITIVE_INFINITY, Decimal128.NEGATIVE_INFINITY,
                        Decimal128.NEGATIVE_ZERO, Decimal128.parse("1.5"), new BigDecimal("1e-6200"), new BigDecimal("12.5"),
                        BigInteger.TEN.pow(40), (short) 3, (byte) 4, 'c', Long.MIN_VALUE, Integer.MIN_VALUE),
                Gen.<Object>elements(Instant.MIN, Instant.MAX, Instant.EPOCH, Instant.parse("2024-02-29T12:00:00Z"),
                        new Date(0), new Date(Long.MAX_VALUE), new Date(Long.MIN_VALUE)),
                Gen.<Object>elements(UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), Optional.empty(), Optional.of(1),
                        new NoCodec(), new Object(), new Money(5, "EUR"), new Secret("s"), new Hostile_ToString(),
                        Pattern.compile("^a.*", Pattern.CASE_INSENSITIVE), Pattern.compile("\\$where|.*", Pattern.MULTILINE),
                        new ObjectId("65a1b2c3d4e5f60718293a4b"), Boolean.TRUE, new int[] {1, 2}, new byte[] {1},
                        new Object[] {1, "x"}, Thread.State.NEW),
                bsonScalar());
    }

    /** One BSON value of every type. */
    static Gen<BsonValue> bsonScalar() {
        return Gen.elements(Arrays.<BsonValue>asList(
                BsonNull.VALUE, new BsonInt32(1), new BsonInt64(Long.MAX_VALUE), new BsonDouble(Double.NaN),
                new BsonDouble(Double.NEGATIVE_INFINITY), new BsonDecimal128(Decimal128.NaN),
                new BsonDecimal128(Decimal128.POSITIVE_INFINITY), new BsonString("$where"), BsonBoolean.FALSE,
                new BsonDateTime(Long.MIN_VALUE), new BsonTimestamp(1, 2), new BsonObjectId(new ObjectId("65a1b2c3d4e5f60718293a4b")),
                new BsonBinary(new byte[] {1, 2}), new BsonBinary(UUID.fromString("123e4567-e89b-12d3-a456-426614174000")),
                new BsonRegularExpression(".*", "i"), new BsonJavaScript("function(){return true}"),
                new BsonJavaScriptWithScope("x", new BsonDocument("a", new BsonInt32(1))), new BsonSymbol("s"),
                new BsonMinKey(), new BsonMaxKey(), new BsonUndefined(),
                new BsonDbPointer("db.c", new ObjectId("65a1b2c3d4e5f60718293a4b")),
                new BsonDocument("$ne", new BsonString("guess")), new BsonDocument("a.b", new BsonInt32(1)),
                new BsonArray(List.of(new BsonInt32(1), new BsonDocument("$gt", new BsonInt32(0))))));
    }

    /** Keys of a generated map: plain, operator-shaped, dotted, empty, NUL. */
    static Gen<String> key() {
        return Gen.oneOf(plainSegment(), Gen.elements("$ne", "$where", "$gt", "$eq", "a.b", "", "\u0000", "$"));
    }

    /** Any value: scalars, operator-shaped maps, nested (mutable) maps, lists and Documents, huge lists. */
    static Gen<Object> value() {
        return VALUE;
    }

    /** Containers nest at most this deep in {@link #value()} (deeper nesting comes from {@link #nested}). */
    private static final int MAX_VALUE_DEPTH = 5;

    private static final Gen<Object> VALUE = value(0);

    private static Gen<Object> value(int depth) {
        if (depth == MAX_VALUE_DEPTH) {
            return scalar();
        }
        Gen<Object> inner = Gen.lazy(() -> value(depth + 1));
        return Gen.<Object>oneOf(
                scalar(),
                scalar(),
                scalar(),
                operatorShaped(),
                Gen.maps(key(), inner, 3).map(m -> (Object) new LinkedHashMap<>(m)),
                inner.list(0, 3).map(l -> (Object) new ArrayList<>(l)),
                Gen.maps(key(), inner, 3).map(m -> (Object) new Document(m)),
                Gen.elements(Collections.nCopies(20_000, 1), Collections.nCopies(1_000, Map.of("$ne", 1)))
                        .map(l -> (Object) new ArrayList<>(l)),
                Gen.constant(Map.of(1, "non-string key")),
                Gen.constant(Marker.SELF_CONTAINING),
                Gen.integers(95, 160).map(Hostile::nested));
    }

    /**
     * Stands for a list that contains itself, so that a generated input can be printed and hashed
     * (which overflows the stack on the list itself): the calls turn it into the value with {@link #materialize}.
     */
    enum Marker {
        SELF_CONTAINING
    }

    /** The value a {@link Marker} stands for, a new one each time; any other value as it is. */
    static Object materialize(Object value) {
        return value == Marker.SELF_CONTAINING ? selfContaining() : value;
    }

    /** A list that contains itself (printed by ArrayList as "(this Collection)"). */
    static Object selfContaining() {
        List<Object> list = new ArrayList<>();
        list.add(1);
        list.add(list);
        return list;
    }

    /** Lists and maps nested {@code depth} levels deep (MongoDB refuses more than 100). */
    static Object nested(int depth) {
        Object value = "bottom";
        for (int i = 0; i < depth; i++) {
            if (i % 2 == 0) {
                List<Object> list = new ArrayList<>();
                list.add(value);
                value = list;
            } else {
                Map<String, Object> map = new LinkedHashMap<>();
                map.put("n", value);
                value = map;
            }
        }
        return value;
    }

    /** Maps a request could carry where a value is expected: {@code {"$ne": v}}, {@code {"$where": ...}}, ... */
    static Gen<Object> operatorShaped() {
        return Gen.elements("$ne", "$where", "$gt", "$exists", "$regex", "$in", "$expr", "$eq", "$literal", "$$ROOT")
                .flatMap(op -> scalar().map(v -> {
                    Map<String, Object> map = new LinkedHashMap<>();
                    map.put(op, v);
                    return (Object) map;
                }));
    }

    /** Mutable containers (the shapes the builders must copy): lists, maps, Documents, arrays, Dates, BSON containers. */
    static Gen<Object> mutableContainer() {
        return Gen.<Object>oneOf(
                Gen.integers(-5, 5).list(0, 4).map(l -> (Object) new ArrayList<Object>(l)),
                Gen.maps(plainSegment(), Gen.integers(), 3)
                        .map(m -> (Object) new LinkedHashMap<String, Object>(m)),
                Gen.maps(plainSegment(), Gen.strings(3), 3)
                        .map(m -> (Object) new Document(new LinkedHashMap<String, Object>(m))),
                Gen.integers().list(0, 3).map(l -> (Object) new ArrayList<Object>(List.of(new ArrayList<Object>(l)))),
                Gen.longs().map(t -> (Object) new Date(t % 4_000_000_000_000L)),
                Gen.integers().map(i -> (Object) new BsonDocument("k", new BsonInt32(i))),
                Gen.integers().map(i -> (Object) new BsonArray(new ArrayList<>(List.of(new BsonInt32(i))))));
    }

    /** A deep copy of a container returned by {@link #mutableContainer()}. */
    @SuppressWarnings("unchecked")
    static Object copy(Object container) {
        if (container instanceof BsonDocument d) {
            return d.clone();
        }
        if (container instanceof BsonArray a) {
            return a.clone();
        }
        if (container instanceof Document d) {
            Document copy = new Document();
            d.forEach((k, v) -> copy.put(k, copy(v)));
            return copy;
        }
        if (container instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            ((Map<String, Object>) m).forEach((k, v) -> copy.put(k, copy(v)));
            return copy;
        }
        if (container instanceof List<?> l) {
            List<Object> copy = new ArrayList<>();
            l.forEach(v -> copy.add(copy(v)));
            return copy;
        }
        if (container instanceof Date date) {
            return new Date(date.getTime());
        }
        if (container instanceof int[] array) {
            return array.clone();
        }
        return container;
    }

    /** Mutates a container returned by {@link #mutableContainer()} in place, deep where it nests. */
    @SuppressWarnings("unchecked")
    static void mutate(Object container) {
        if (container instanceof BsonDocument d) {
            d.put("k", new BsonString("changed"));
            d.put("added", BsonBoolean.TRUE);
        } else if (container instanceof BsonArray a) {
            a.add(new BsonString("added"));
        } else if (container instanceof Map<?, ?> m) {
            ((Map<String, Object>) m).put("added", "changed");
        } else if (container instanceof List<?> l) {
            if (!l.isEmpty() && l.get(0) instanceof List<?> inner) {
                ((List<Object>) inner).add("deep");
            }
            ((List<Object>) l).add("added");
        } else if (container instanceof Date date) {
            date.setTime(date.getTime() + 1);
        } else if (container instanceof int[] array) {
            array[0]++;
        }
    }
}

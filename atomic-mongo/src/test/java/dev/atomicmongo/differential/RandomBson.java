package dev.atomicmongo.differential;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.bson.Document;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;

/**
 * Seeded generator of field paths and values for the differential tests. Every case gets its own
 * seed, so a failing case is reproduced by running that seed alone.
 */
final class RandomBson {
    private static final String[] NAMES = {
        "a", "b", "c", "d", "name", "tags", "stats", "views", "items", "user", "x_1", "dé", "n0", "qty", "0", "12",
    };
    private static final String[] STRINGS = {
        "", "a", "hello world", "$notAPath", "$$NOW", "a.b", "日本語", "emoji 🙂", "quote\"s", "back\\slash", "{json}",
    };

    private final Random random;
    private final List<String[]> used = new ArrayList<>();

    RandomBson(long seed) {
        this.random = new Random(seed);
    }

    Random random() {
        return random;
    }

    int nextInt(int bound) {
        return random.nextInt(bound);
    }

    boolean chance(int percent) {
        return random.nextInt(100) < percent;
    }

    <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    // ---- paths -------------------------------------------------------------------------------

    /**
     * A path of one to three segments that neither equals nor lies inside nor contains a path
     * given before; with {@code positional}, inner segments may be {@code $} or {@code $[]}.
     */
    String freshPath(boolean positional) {
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int length = 1 + random.nextInt(3);
            String[] segments = new String[length];
            boolean dollar = false;
            for (int i = 0; i < length; i++) {
                segments[i] = i > 0 && positional && chance(15) ? (chance(50) ? "$" : "$[]") : NAMES[random.nextInt(NAMES.length)];
                if (segments[i].equals("$") && dollar) {
                    segments[i] = "$[]"; // the server allows one positional $ per path (both libraries would differ)
                }
                dollar |= segments[i].equals("$");
            }
            if (isFree(segments)) {
                used.add(segments);
                return String.join(".", segments);
            }
        }
        throw new IllegalStateException("no fresh path left");
    }

    /** A one-segment path that overlaps no path given before. */
    String freshTopLevelName() {
        for (int attempt = 0; attempt < 1_000; attempt++) {
            String[] segments = {NAMES[random.nextInt(NAMES.length)] + (chance(50) ? "" : String.valueOf(random.nextInt(100)))};
            if (isFree(segments)) {
                used.add(segments);
                return segments[0];
            }
        }
        throw new IllegalStateException("no fresh name left");
    }

    private boolean isFree(String[] segments) {
        for (String[] other : used) {
            int n = Math.min(other.length, segments.length);
            boolean overlap = true;
            for (int i = 0; i < n && overlap; i++) {
                overlap = other[i].equals(segments[i]);
            }
            if (overlap) {
                return false;
            }
        }
        return true;
    }

    // ---- values ------------------------------------------------------------------------------

    /** Any value the driver's default registry encodes: scalars, lists and documents up to a few levels deep. */
    Object value() {
        return value(0);
    }

    private Object value(int depth) {
        int kinds = depth < 2 ? 15 : 12;
        switch (random.nextInt(kinds)) {
            case 0: return intValue();
            case 1: return longValue();
            case 2: return doubleValue();
            case 3: return string();
            case 4: return random.nextBoolean();
            case 5: return null;
            case 6: return objectId();
            case 7: return new Date(random.nextLong() % 4_102_444_800_000L);
            case 8: return decimal128();
            case 9: return bigDecimal();
            case 10: return Instant.ofEpochMilli(Math.abs(random.nextLong() % 4_102_444_800_000L));
            case 11: return (short) random.nextInt(Short.MAX_VALUE);
            case 12: return list(depth + 1);
            case 13: return document(depth + 1);
            default: return map(depth + 1);
        }
    }

    /** A non-null scalar, never a list or document. */
    Object scalar() {
        Object v;
        do {
            v = value(2);
        } while (v == null);
        return v;
    }

    /**
     * A number of a type {@code $inc}/{@code $mul} accept: Integer, Long, Double, Decimal128, BigDecimal, Short, Byte,
     * Float; always finite (a NaN or infinite amount is refused by design, see
     * {@code UpdatesDifferentialTest.a_non_finite_amount_is_refused_where_the_driver_sends_it}).
     */
    Number number() {
        switch (random.nextInt(8)) {
            case 0: return intValue();
            case 1: return longValue();
            case 2: return random.nextBoolean() ? -0.0 : random.nextGaussian() * 1e6;
            case 3: return decimal128();
            case 4: return bigDecimal();
            case 5: return (short) (random.nextInt(65_536) - 32_768);
            case 6: return (byte) random.nextInt(256);
            default: return (float) (random.nextGaussian() * 1_000);
        }
    }

    int intValue() {
        switch (random.nextInt(4)) {
            case 0: return 0;
            case 1: return random.nextBoolean() ? Integer.MAX_VALUE : Integer.MIN_VALUE + 1;
            default: return random.nextInt(2_001) - 1_000;
        }
    }

    long longValue() {
        return random.nextBoolean() ? random.nextLong() : random.nextInt(1_000);
    }

    double doubleValue() {
        switch (random.nextInt(6)) {
            case 0: return -0.0;
            case 1: return Double.NaN;
            default: return random.nextGaussian() * 1e6;
        }
    }

    String string() {
        if (chance(60)) {
            return STRINGS[random.nextInt(STRINGS.length)];
        }
        StringBuilder s = new StringBuilder();
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            s.append((char) (' ' + random.nextInt(95)));
        }
        return s.toString();
    }

    ObjectId objectId() {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return new ObjectId(bytes);
    }

    Decimal128 decimal128() {
        return new Decimal128(bigDecimal());
    }

    BigDecimal bigDecimal() {
        return new BigDecimal(new BigInteger(60, random).subtract(BigInteger.ONE.shiftLeft(59)), random.nextInt(12));
    }

    List<Object> list(int depth) {
        int size = random.nextInt(4);
        List<Object> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(value(depth));
        }
        return list;
    }

    Document document(int depth) {
        Document doc = new Document();
        int size = random.nextInt(4);
        for (int i = 0; i < size; i++) {
            doc.append(NAMES[random.nextInt(NAMES.length)] + i, value(depth));
        }
        return doc;
    }

    Map<String, Object> map(int depth) {
        Map<String, Object> map = new LinkedHashMap<>();
        int size = random.nextInt(4);
        for (int i = 0; i < size; i++) {
            map.put("k" + i, value(depth));
        }
        return map;
    }
}

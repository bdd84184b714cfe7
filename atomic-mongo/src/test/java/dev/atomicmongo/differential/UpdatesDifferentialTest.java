package dev.atomicmongo.differential;

import static dev.atomicmongo.update.UpdateBuilder.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.PushOptions;
import com.mongodb.client.model.Updates;
import dev.atomicmongo.filter.Condition;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.update.PushEach;
import dev.atomicmongo.update.UpdateBuilder;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.conversions.Bson;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * For every operator the driver's {@link Updates} also builds, a random update built with
 * {@link UpdateBuilder} compiles to exactly the document (same field order, same BSON number
 * types) that {@code Updates.combine(...)} of the same operators compiles to.
 *
 * <p>Each case has its own seed, printed in the test name and in a failure; set
 * {@code -Datomicmongo.seed=N} to draw a different series. Paths never repeat or overlap: the
 * driver silently keeps such duplicates, ours refuses them (see {@code UpdateValidationTest}).
 */
class UpdatesDifferentialTest {

    /** A deliberate difference: the driver sends a NaN or infinite $inc/$mul, which poisons the field for good. */
    @Test
    void a_non_finite_amount_is_refused_where_the_driver_sends_it() {
        for (Number amount : List.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Float.NaN,
                Decimal128.NaN, Decimal128.POSITIVE_INFINITY, Decimal128.NEGATIVE_INFINITY)) {
            assertThat(Updates.inc("n", amount).toBsonDocument()).as("the driver sends %s", amount).isNotNull();
            assertThatThrownBy(() -> update().inc("n", amount))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("$inc on 'n': the amount must be finite, got ");
            assertThatThrownBy(() -> update().mul("n", amount))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("$mul on 'n': the amount must be finite, got ");
            assertThatThrownBy(() -> update().dec("n", amount))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("the amount must be finite");
        }
    }
    private static final long SEED = Long.getLong("atomicmongo.seed", 20_240_601L);
    private static final int CASES = 600;
    private static final CodecRegistry REGISTRY = MongoClientSettings.getDefaultCodecRegistry();

    @TestFactory
    Stream<DynamicTest> random_updates_compile_like_the_drivers_combined_updates() {
        Random seeds = new Random(SEED);
        return IntStream.range(0, CASES).mapToObj(i -> {
            long seed = seeds.nextLong();
            return dynamicTest("case " + i + ", seed " + seed, () -> compareOneCase(seed));
        });
    }

    @Test
    void one_operator_of_each_kind_compiles_like_the_driver() {
        for (int kind = 0; kind < KINDS; kind++) {
            RandomBson random = new RandomBson(kind);
            Pair pair = new Pair();
            pair.add(random, kind);
            assertSame(kind, pair);
        }
    }

    // Why paths never repeat in the generated cases: the driver builds what ours refuses.
    @Test
    void the_driver_keeps_conflicting_paths_that_ours_refuses() {
        BsonDocument lastWins = Updates.combine(Updates.set("x", 1), Updates.set("x", 2)).toBsonDocument(BsonDocument.class, REGISTRY);
        BsonDocument serverRejects = Updates.combine(Updates.set("x", 1), Updates.inc("x", 1)).toBsonDocument(BsonDocument.class, REGISTRY);

        assertThat(lastWins).isEqualTo(BsonDocument.parse("{$set: {x: 2}}"));
        assertThat(serverRejects).isEqualTo(BsonDocument.parse("{$set: {x: 1}, $inc: {x: 1}}"));
        assertThatThrownBy(() -> update().set("x", 1).set("x", 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> update().set("x", 1).inc("x", 1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void compareOneCase(long seed) {
        RandomBson random = new RandomBson(seed);
        Pair pair = new Pair();
        int operators = 1 + random.nextInt(10);
        for (int i = 0; i < operators; i++) {
            pair.add(random, random.nextInt(KINDS));
        }
        assertSame(seed, pair);
    }

    private static void assertSame(long seed, Pair pair) {
        String driver = Canonical.json(Updates.combine(pair.driver).toBsonDocument(BsonDocument.class, REGISTRY));
        String ours = Canonical.json(pair.ours.toBsonDocument(BsonDocument.class, REGISTRY));
        assertThat(ours).as("seed %d, operators %s", seed, pair.steps).isEqualTo(driver);
    }

    private static final int KINDS = 26;

    /** Our update and the driver's list of updates, built side by side. */
    private static final class Pair {
        UpdateBuilder ours = update();
        final List<Bson> driver = new ArrayList<>();
        final List<String> steps = new ArrayList<>();

        void add(RandomBson r, int kind) {
            switch (kind) {
                case 0 -> {
                    String p = r.freshPath(true);
                    Object v = r.value();
                    step("set", p, v);
                    ours = ours.set(p, v);
                    driver.add(Updates.set(p, v));
                }
                case 1 -> {
                    String p = r.freshPath(true);
                    step("unset", p, null);
                    ours = ours.unset(p);
                    driver.add(Updates.unset(p));
                }
                case 2 -> {
                    String p = r.freshPath(true);
                    Number n = r.number();
                    step("inc", p, n);
                    ours = ours.inc(p, n);
                    driver.add(Updates.inc(p, n));
                }
                case 3 -> {
                    String p = r.freshPath(true);
                    Number n = nonZeroNumber(r);
                    step("dec", p, n);
                    ours = ours.dec(p, n);
                    driver.add(Updates.inc(p, negate(n)));
                }
                case 4 -> {
                    String p = r.freshPath(true);
                    Number n = r.number();
                    step("mul", p, n);
                    ours = ours.mul(p, n);
                    driver.add(Updates.mul(p, n));
                }
                case 5 -> {
                    String p = r.freshPath(true);
                    Object v = r.value();
                    step("min", p, v);
                    ours = ours.min(p, v);
                    driver.add(Updates.min(p, v));
                }
                case 6 -> {
                    String p = r.freshPath(true);
                    Object v = r.value();
                    step("max", p, v);
                    ours = ours.max(p, v);
                    driver.add(Updates.max(p, v));
                }
                case 7 -> {
                    String p = r.freshPath(true);
                    step("currentDate", p, null);
                    ours = ours.currentDate(p);
                    driver.add(Updates.currentDate(p));
                }
                case 8 -> {
                    String p = r.freshPath(true);
                    step("currentTimestamp", p, null);
                    ours = ours.currentTimestamp(p);
                    driver.add(Updates.currentTimestamp(p));
                }
                case 9 -> {
                    String from = r.freshPath(false);
                    String to = r.freshPath(false);
                    step("rename", from, to);
                    ours = ours.rename(from, to);
                    driver.add(Updates.rename(from, to));
                }
                case 10 -> {
                    String p = r.freshPath(false);
                    Object v = r.value();
                    step("setOnInsert", p, v);
                    ours = ours.setOnInsert(p, v);
                    driver.add(Updates.setOnInsert(p, v));
                }
                case 11 -> {
                    // Deliberate difference: ours leaves null entries out of a setOnInsert map (a
                    // missing field reads as null anyway); the driver's setOnInsert(Bson) keeps them.
                    Map<String, Object> fields = new LinkedHashMap<>();
                    Document withoutNulls = new Document();
                    int size = 1 + r.nextInt(4);
                    for (int i = 0; i < size; i++) {
                        String name = r.freshTopLevelName();
                        Object v = i == 0 ? r.scalar() : r.value();
                        fields.put(name, v);
                        if (v != null) {
                            withoutNulls.append(name, v);
                        }
                    }
                    step("setOnInsert", "map", fields);
                    ours = ours.setOnInsert(fields);
                    driver.add(Updates.setOnInsert(withoutNulls));
                }
                case 12 -> {
                    String p = r.freshPath(true);
                    Object v = r.value();
                    step("addToSet", p, v);
                    ours = ours.addToSet(p, v);
                    driver.add(Updates.addToSet(p, v));
                }
                case 13 -> {
                    String p = r.freshPath(true);
                    List<Object> values = r.list(1);
                    step("addToSetEach", p, values);
                    ours = ours.addToSetEach(p, values);
                    driver.add(Updates.addEachToSet(p, values));
                }
                case 14 -> {
                    String p = r.freshPath(true);
                    Object v = r.value();
                    step("push", p, v);
                    ours = ours.push(p, v);
                    driver.add(Updates.push(p, v));
                }
                case 15 -> pushEach(r);
                case 16 -> {
                    String p = r.freshPath(true);
                    Object v = r.value();
                    step("pull", p, v);
                    ours = ours.pull(p, v);
                    driver.add(Updates.pull(p, v));
                }
                case 17 -> {
                    String p = r.freshPath(true);
                    String field = r.pick(List.of("sku", "qty", "user.id"));
                    Object v = r.scalar();
                    int op = r.nextInt(3);
                    Condition ourCondition = op == 0 ? Conditions.eq(field, v) : op == 1 ? Conditions.gte(field, v) : Conditions.in(field, v);
                    Bson driverCondition = op == 0 ? Filters.eq(field, v) : op == 1 ? Filters.gte(field, v) : Filters.in(field, v);
                    step("pull(condition)", p, ourCondition);
                    ours = ours.pull(p, ourCondition);
                    driver.add(Updates.pull(p, driverCondition));
                }
                case 18 -> {
                    String p = r.freshPath(true);
                    Object v = r.scalar();
                    boolean lt = r.chance(50);
                    step("pull(element)", p, v);
                    ours = ours.pull(p, lt ? Conditions.element().lt(v) : Conditions.element().gte(v));
                    driver.add(Updates.pullByFilter(lt ? Filters.lt(p, v) : Filters.gte(p, v)));
                }
                case 19 -> {
                    String p = r.freshPath(true);
                    List<Object> values = r.list(1);
                    step("pullAll", p, values);
                    ours = ours.pullAll(p, values);
                    driver.add(Updates.pullAll(p, values));
                }
                case 20 -> {
                    String p = r.freshPath(true);
                    step("popFirst", p, null);
                    ours = ours.popFirst(p);
                    driver.add(Updates.popFirst(p));
                }
                case 21 -> {
                    String p = r.freshPath(true);
                    step("popLast", p, null);
                    ours = ours.popLast(p);
                    driver.add(Updates.popLast(p));
                }
                case 22, 23, 24 -> bit(r, kind - 22);
                case 25 -> {
                    String p = r.freshPath(false);
                    int index = r.nextInt(20);
                    Object v = r.value();
                    step("setAt " + index, p, v);
                    ours = ours.setAt(p, index, v);
                    driver.add(Updates.set(p + "." + index, v));
                }
                default -> throw new IllegalArgumentException("no operator kind " + kind);
            }
        }

        private void pushEach(RandomBson r) {
            String p = r.freshPath(true);
            List<Object> values = r.list(1);
            PushEach each = PushEach.of(values);
            PushOptions options = new PushOptions();
            boolean modified = false;
            if (r.chance(40)) {
                int position = r.nextInt(11) - 5;
                each = each.withPosition(position);
                options.position(position);
                modified = true;
            }
            if (r.chance(40)) {
                int slice = r.nextInt(21) - 10;
                each = each.withSlice(slice);
                options.slice(slice);
                modified = true;
            }
            if (r.chance(20)) {
                int direction = r.chance(50) ? 1 : -1;
                each = each.withSort(direction);
                options.sort(direction);
                modified = true;
            } else if (r.chance(20)) {
                Document spec = new Document(r.pick(List.of("score", "at", "n")), r.chance(50) ? 1 : -1);
                each = each.withSort(spec);
                options.sortDocument(spec);
                modified = true;
            }
            step("push(each)", p, each);
            ours = ours.push(p, each);
            driver.add(modified ? Updates.pushEach(p, values, options) : Updates.pushEach(p, values));
        }

        private void bit(RandomBson r, int operation) {
            String p = r.freshPath(true);
            boolean wide = r.chance(30);
            long mask = wide ? (r.random().nextLong() | (1L << 40)) : r.random().nextInt();
            step(new String[] {"bitAnd", "bitOr", "bitXor"}[operation], p, mask);
            // A mask that fits an int is sent as an int32 by ours and by the driver's int overload;
            // a wider one as an int64 by both. (The driver's long overload would send a small long
            // mask as int64; ours narrows it so bitAnd(path, 5) on an int field keeps it an int.)
            switch (operation) {
                case 0 -> {
                    ours = ours.bitAnd(p, mask);
                    driver.add(wide ? Updates.bitwiseAnd(p, mask) : Updates.bitwiseAnd(p, (int) mask));
                }
                case 1 -> {
                    ours = ours.bitOr(p, mask);
                    driver.add(wide ? Updates.bitwiseOr(p, mask) : Updates.bitwiseOr(p, (int) mask));
                }
                default -> {
                    ours = ours.bitXor(p, mask);
                    driver.add(wide ? Updates.bitwiseXor(p, mask) : Updates.bitwiseXor(p, (int) mask));
                }
            }
        }

        private void step(String operator, String path, Object value) {
            steps.add(operator + "(" + path + (value == null ? "" : ", " + describe(value)) + ")");
        }
    }

    private static String describe(Object value) {
        return value + " : " + value.getClass().getSimpleName();
    }

    private static Number nonZeroNumber(RandomBson r) {
        while (true) {
            Number n = r.number();
            boolean zero = n instanceof Decimal128 d ? d.bigDecimalValue().signum() == 0
                    : n instanceof BigDecimal b ? b.signum() == 0 : n.doubleValue() == 0;
            if (!zero && !(n instanceof Long l && l == Long.MIN_VALUE)) {
                return n;
            }
        }
    }

    /** The driver-side equivalent of our dec: inc of the negated amount, as the driver would encode it. */
    private static Number negate(Number n) {
        if (n instanceof Integer i) {
            return -i;
        }
        if (n instanceof Short s) {
            return -(int) s;
        }
        if (n instanceof Byte b) {
            return -(int) b;
        }
        if (n instanceof Long l) {
            return -l;
        }
        if (n instanceof Float f) {
            return -(double) f;
        }
        if (n instanceof Double d) {
            return -d;
        }
        if (n instanceof Decimal128 d) {
            return new Decimal128(d.bigDecimalValue().negate());
        }
        return ((BigDecimal) n).negate();
    }
}

package dev.atomicmongo.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.atomicmongo.internal.BsonValues;
import dev.atomicmongo.internal.Paths;
import org.bson.BsonDocument;
import org.bson.BsonType;
import org.bson.BsonValue;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Properties over random condition trees (seeded; the seed is in each case's name, and
 * {@code -Datomicmongo.seed=N} draws another series). The generator builds each BSON shape one
 * way only, so for its trees "equal" must mean "compile to the same BSON, types and field order
 * included".
 */
class ConditionPropertiesTest {
    private static final long SEED = Long.getLong("atomicmongo.seed", 20_261_201L);
    private static final int CASES = 300;
    private static final String[] PATHS = {"a", "b", "a.b"};

    @TestFactory
    Stream<DynamicTest> equal_exactly_when_the_compiled_bson_is_the_same_and_equal_hashes_for_equal_trees() {
        Random seeds = new Random(SEED);
        return IntStream.range(0, CASES).mapToObj(i -> {
            long seed = seeds.nextLong();
            return dynamicTest("case " + i + ", seed " + seed, () -> {
                Random random = new Random(seed);
                Condition a = tree(random, 0);
                Condition b = tree(random, 0);
                Condition again = tree(new Random(seed), 0);

                assertThat(again).isEqualTo(a).hasSameHashCodeAs(a);
                assertThat(a.equals(b)).as("%s vs %s", a, b).isEqualTo(json(a).equals(json(b)));
                if (a.equals(b)) {
                    assertThat(a).hasSameHashCodeAs(b);
                }
            });
        });
    }

    @TestFactory
    Stream<DynamicTest> not_of_a_field_test_puts_that_test_under_$not() {
        Random seeds = new Random(SEED + 1);
        return IntStream.range(0, CASES).mapToObj(i -> {
            long seed = seeds.nextLong();
            return dynamicTest("case " + i + ", seed " + seed, () -> {
                Random random = new Random(seed);
                String path = PATHS[random.nextInt(PATHS.length)];
                boolean equality = random.nextBoolean();
                Condition test = equality ? Conditions.eq(path, value(random)) : leaf(random, path);
                BsonValue inner = test.toBsonDocument().get(path);

                BsonDocument negated = Conditions.not(test).toBsonDocument();

                BsonValue expected = equality && !inner.isRegularExpression() ? new BsonDocument("$eq", inner) : inner;
                assertThat(negated).isEqualTo(new BsonDocument(path, new BsonDocument("$not", expected)));
                assertThat(Conditions.not(test)).isEqualTo(Conditions.not(test)).isNotEqualTo(test);
            });
        });
    }

    @TestFactory
    Stream<DynamicTest> the_allocation_free_path_check_accepts_and_refuses_exactly_as_the_splitting_one() {
        Random seeds = new Random(SEED + 2);
        String[] pieces = {"a", "b", ".", "$", " ", "$[]", "x1"};
        return IntStream.range(0, CASES).mapToObj(i -> {
            long seed = seeds.nextLong();
            return dynamicTest("case " + i + ", seed " + seed, () -> {
                Random random = new Random(seed);
                StringBuilder path = new StringBuilder();
                for (int k = random.nextInt(5); k > 0; k--) {
                    path.append(pieces[random.nextInt(pieces.length)]);
                }
                String p = path.toString();
                Throwable splitting = thrown(() -> Paths.filter(p, "$gt"));
                Throwable fast = thrown(() -> Paths.requireFilterPath(p, "$gt"));

                assertThat(fast == null ? null : fast.getClass()).as("'%s'", p)
                        .isEqualTo(splitting == null ? null : splitting.getClass());
                if (fast != null) {
                    assertThat(fast).hasMessage(splitting.getMessage());
                }
            });
        });
    }

    private static Throwable thrown(Runnable check) {
        try {
            check.run();
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    private static String json(Condition c) {
        return BsonValues.canonicalJson(c.toBsonDocument());
    }

    private static Condition tree(Random random, int depth) {
        int kind = depth < 2 ? random.nextInt(6) : 5;
        int n = 1 + random.nextInt(2);
        List<Condition> children = new ArrayList<>();
        for (int i = 0; i < n && kind < 4; i++) {
            children.add(tree(random, depth + 1));
        }
        Condition[] array = children.toArray(Condition[]::new);
        return switch (kind) {
            case 0 -> Conditions.and(array);
            case 1 -> Conditions.or(array);
            case 2 -> Conditions.nor(array);
            case 3 -> Conditions.elemMatch(PATHS[random.nextInt(PATHS.length)], array[0]);
            case 4 -> Conditions.field(PATHS[random.nextInt(PATHS.length)]).lt(Conditions.field(PATHS[random.nextInt(PATHS.length)]));
            default -> random.nextInt(4) == 0
                    ? Conditions.eq(PATHS[random.nextInt(PATHS.length)], value(random))
                    : leaf(random, PATHS[random.nextInt(PATHS.length)]);
        };
    }

    /** A field test other than an equality. */
    private static Condition leaf(Random random, String path) {
        return switch (random.nextInt(10)) {
            case 0 -> Conditions.ne(path, value(random));
            case 1 -> Conditions.gt(path, value(random));
            case 2 -> Conditions.lte(path, value(random));
            case 3 -> Conditions.in(path, value(random), value(random));
            case 4 -> Conditions.nin(path, value(random));
            case 5 -> Conditions.exists(path, random.nextBoolean());
            case 6 -> Conditions.type(path, random.nextBoolean() ? BsonType.INT32 : BsonType.STRING);
            case 7 -> Conditions.size(path, random.nextInt(2));
            case 8 -> Conditions.regex(path, random.nextBoolean() ? "^x" : "^y", random.nextBoolean() ? "i" : "");
            default -> Conditions.not(Conditions.gt(path, value(random)));
        };
    }

    /** Values that are equal in Java but not in BSON: numbers of each type, documents in two field orders. */
    private static Object value(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> 1;
            case 1 -> 1L;
            case 2 -> 1.0;
            case 3 -> "1";
            case 4 -> null;
            case 5 -> List.of(1, 2);
            case 6 -> document("x", "y");
            default -> document("y", "x");
        };
    }

    private static Map<String, Object> document(String first, String second) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(first, 1);
        map.put(second, 2);
        return map;
    }
}

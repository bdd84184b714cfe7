package dev.atomicmongo.adversarial;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A generator of test inputs drawn from a seeded {@link Random}: the few combinators the
 * adversarial suite needs, nothing more. The same seed gives the same inputs, so a failing case
 * is reproduced by running its test again (there is no shrinking: {@link Cases} prints the seed,
 * the case number and the input).
 *
 * @param <T> what it generates
 */
@FunctionalInterface
interface Gen<T> {
    /** The next input. */
    T next(Random random);

    /** This generator's inputs passed through {@code f}. */
    default <R> Gen<R> map(Function<? super T, ? extends R> f) {
        return random -> f.apply(next(random));
    }

    /** The generator {@code f} picks for each of this generator's inputs, drawn from. */
    default <R> Gen<R> flatMap(Function<? super T, ? extends Gen<? extends R>> f) {
        return random -> f.apply(next(random)).next(random);
    }

    /** Mutable lists of {@code minSize} to {@code maxSize} inputs of this generator. */
    default Gen<List<T>> list(int minSize, int maxSize) {
        return random -> {
            int size = minSize + random.nextInt(maxSize - minSize + 1);
            List<T> list = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                list.add(next(random));
            }
            return list;
        };
    }

    /** Always {@code value} (which may be null). */
    static <T> Gen<T> constant(T value) {
        return random -> value;
    }

    /** The generator {@code supplier} gives, asked for once, on first use (for recursive generators). */
    static <T> Gen<T> lazy(Supplier<? extends Gen<? extends T>> supplier) {
        return new Gen<>() {
            private Gen<? extends T> gen;

            @Override
            public T next(Random random) {
                if (gen == null) {
                    gen = supplier.get();
                }
                return gen.next(random);
            }
        };
    }

    /** One of {@code values}, each as likely (nulls allowed). */
    @SafeVarargs
    static <T> Gen<T> elements(T... values) {
        return elements(Arrays.asList(values));
    }

    /** One of {@code values}, each as likely (nulls allowed). */
    static <T> Gen<T> elements(List<? extends T> values) {
        List<? extends T> copy = new ArrayList<>(values);
        return random -> copy.get(random.nextInt(copy.size()));
    }

    /** An input of one of {@code gens}, each as likely. */
    @SafeVarargs
    static <T> Gen<T> oneOf(Gen<? extends T>... gens) {
        return oneOf(Arrays.asList(gens));
    }

    /** An input of one of {@code gens}, each as likely. */
    static <T> Gen<T> oneOf(List<? extends Gen<? extends T>> gens) {
        List<? extends Gen<? extends T>> copy = new ArrayList<>(gens);
        return random -> copy.get(random.nextInt(copy.size())).next(random);
    }

    /** A generator with its weight, for {@link #frequency}. */
    record Weighted<T>(int weight, Gen<? extends T> gen) {
    }

    /** {@code gen}, weighing {@code weight} in a {@link #frequency}. */
    static <T> Weighted<T> weighted(int weight, Gen<? extends T> gen) {
        return new Weighted<>(weight, gen);
    }

    /** An input of one of the generators, each as likely as its weight says. */
    @SafeVarargs
    static <T> Gen<T> frequency(Weighted<? extends T>... choices) {
        List<Weighted<? extends T>> copy = List.of(choices);
        int total = copy.stream().mapToInt(Weighted::weight).sum();
        return random -> {
            int pick = random.nextInt(total);
            for (Weighted<? extends T> choice : copy) {
                pick -= choice.weight();
                if (pick < 0) {
                    return choice.gen().next(random);
                }
            }
            throw new AssertionError("unreachable");
        };
    }

    /** Any int, edge values (0, ±1, MIN_VALUE, MAX_VALUE...) more often than chance. */
    static Gen<Integer> integers() {
        Gen<Integer> edges = elements(0, 1, -1, 2, -2, Integer.MIN_VALUE, Integer.MAX_VALUE, Integer.MIN_VALUE + 1,
                Integer.MAX_VALUE - 1);
        return frequency(weighted(1, edges), weighted(1, random -> random.nextInt(201) - 100),
                weighted(3, Random::nextInt));
    }

    /** An int from {@code min} to {@code max}, both included. */
    static Gen<Integer> integers(int min, int max) {
        return random -> min + random.nextInt(max - min + 1);
    }

    /** Any long, edge values more often than chance. */
    static Gen<Long> longs() {
        Gen<Long> edges = elements(0L, 1L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, (long) Integer.MIN_VALUE - 1,
                (long) Integer.MAX_VALUE + 1);
        return frequency(weighted(1, edges), weighted(1, random -> (long) random.nextInt(201) - 100),
                weighted(3, Random::nextLong));
    }

    /** Any finite double: small, huge, tiny, negative zero (NaN and the infinities are listed where wanted). */
    static Gen<Double> doubles() {
        Gen<Double> edges = elements(0.0, -0.0, 1.0, -1.0, 0.1, Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE,
                Double.MIN_NORMAL);
        Gen<Double> anyBits = random -> {
            double d = Double.longBitsToDouble(random.nextLong());
            return Double.isFinite(d) ? d : 0.5;
        };
        return frequency(weighted(1, edges), weighted(2, random -> (random.nextDouble() - 0.5) * 2_000),
                weighted(2, anyBits));
    }

    /**
     * Strings of 0 to {@code maxLength} characters of any kind: ASCII, control characters
     * (NUL included), {@code $} and {@code .}, any UTF-16 unit but a lone surrogate, and
     * supplementary characters (surrogate pairs). A lone surrogate is not a character UTF-8, and so
     * BSON, can hold: the encoder writes {@code U+FFFD} in its place (paths with one are listed
     * in {@link Hostile}).
     */
    static Gen<String> strings(int maxLength) {
        Gen<String> unit = oneOf(
                random -> String.valueOf((char) (0x20 + random.nextInt(0x5f))),
                random -> String.valueOf((char) random.nextInt(0x20)),
                elements("$", ".", "\u0000", "[", "]", "é", "\u0301", "日", "\uFFFF"),
                random -> {
                    char c = (char) random.nextInt(Character.MAX_VALUE + 1);
                    return String.valueOf(Character.isSurrogate(c) ? '?' : c);
                },
                random -> Character.toString(Character.MIN_SUPPLEMENTARY_CODE_POINT
                        + random.nextInt(Character.MAX_CODE_POINT - Character.MIN_SUPPLEMENTARY_CODE_POINT + 1)));
        return unit.list(0, maxLength).map(units -> String.join("", units));
    }

    /** Strings of {@code minLength} to {@code maxLength} characters taken from {@code chars}. */
    static Gen<String> strings(String chars, int minLength, int maxLength) {
        return random -> {
            int length = minLength + random.nextInt(maxLength - minLength + 1);
            StringBuilder s = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                s.append(chars.charAt(random.nextInt(chars.length())));
            }
            return s.toString();
        };
    }

    /** Mutable insertion-ordered maps of up to {@code maxSize} entries (a repeated key keeps one entry). */
    static <K, V> Gen<Map<K, V>> maps(Gen<? extends K> keys, Gen<? extends V> values, int maxSize) {
        return random -> {
            int size = random.nextInt(maxSize + 1);
            Map<K, V> map = new LinkedHashMap<>();
            for (int i = 0; i < size; i++) {
                map.put(keys.next(random), values.next(random));
            }
            return map;
        };
    }

    /** Two inputs, one of each generator, drawn in that order. */
    static <A, B> Gen<Cases.Two<A, B>> zip(Gen<? extends A> first, Gen<? extends B> second) {
        return random -> {
            A a = first.next(random);
            return new Cases.Two<>(a, second.next(random));
        };
    }
}

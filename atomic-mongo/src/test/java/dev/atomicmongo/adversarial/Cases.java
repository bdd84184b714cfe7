package dev.atomicmongo.adversarial;

import java.util.Random;
import java.util.function.Consumer;

/**
 * Runs a check on {@link #TRIES} inputs of a {@link Gen} drawn from {@code new Random(seed)}.
 * The seed is fixed in each test, so every build runs the same cases and a failure is
 * reproduced by running the test again; the failure names the seed, the case number and the
 * input (there is no shrinking). A passing run prints nothing.
 */
final class Cases {
    /** Inputs per check. */
    static final int TRIES = 1_000;

    private Cases() {
    }

    /** Two generated inputs, printed abbreviated. */
    record Two<A, B>(A first, B second) {
        @Override
        public String toString() {
            return "(" + describe(Calls.describe(first)) + ", " + describe(Calls.describe(second)) + ")";
        }
    }

    /**
     * Runs {@code check} on {@link #TRIES} inputs of {@code gen} drawn from {@code new Random(seed)};
     * anything it throws is rethrown as an {@link AssertionError} naming the seed, the case and
     * the input, with the original as its cause.
     */
    static <T> void forAll(long seed, Gen<T> gen, Consumer<? super T> check) {
        Random random = new Random(seed);
        for (int i = 0; i < TRIES; i++) {
            T input = gen.next(random);
            String described = describe(input); // before the check, which may change the input
            try {
                check.accept(input);
            } catch (Throwable t) {
                throw new AssertionError(String.format("seed %d, case %d: %s%n%s", seed, i, described, escape(String.valueOf(t))), t);
            }
        }
    }

    /** The input's text, abbreviated; its class name when its {@code toString()} throws. */
    static String describe(Object input) {
        try {
            String s = String.valueOf(input);
            return escape(s.length() > 1_000 ? s.substring(0, 1_000) + "...(" + s.length() + " chars)" : s);
        } catch (RuntimeException e) {
            return input.getClass().getSimpleName() + " (toString threw " + e.getClass().getSimpleName() + ")";
        }
    }

    /** {@code s} with control characters, surrogates and unassigned characters as {@code \\uXXXX}, so reports stay readable. */
    static String escape(String s) {
        StringBuilder escaped = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) && c != '\n' || Character.isSurrogate(c) || !Character.isDefined(c)) {
                escaped.append(String.format("\\u%04x", (int) c));
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }
}

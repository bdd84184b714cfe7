package dev.atomicmongo.benchmarks;

import java.util.Arrays;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;

/**
 * The time of each side of every interleaved pair of calls in one iteration: the recording and
 * the arithmetic behind the per-side columns of an interleaved benchmark. Subclasses are the JMH
 * {@code @AuxCounters} states and name the columns with their public methods.
 */
public abstract class PairedTimes {
    private static final int CAPACITY = 1 << 20;
    private final long[] first = new long[CAPACITY];
    private final long[] second = new long[CAPACITY];
    private int count;

    /** Starts each iteration empty. */
    @Setup(Level.Iteration)
    public void reset() {
        count = 0;
    }

    /** Records one pair (the first {@code CAPACITY} of an iteration). */
    void record(long firstNanos, long secondNanos) {
        if (count < CAPACITY) {
            first[count] = firstNanos;
            second[count] = secondNanos;
            count++;
        }
    }

    long firstMedian() {
        return median(first, count);
    }

    long secondMedian() {
        return median(second, count);
    }

    long firstTotal() {
        return sum(first, count);
    }

    long secondTotal() {
        return sum(second, count);
    }

    private static long median(long[] values, int n) {
        if (n == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(values, n);
        Arrays.sort(sorted);
        return sorted[n / 2];
    }

    private static long sum(long[] values, int n) {
        long total = 0;
        for (int i = 0; i < n; i++) {
            total += values[i];
        }
        return total;
    }
}

package dev.atomicmongo.benchmarks;

import java.util.concurrent.TimeUnit;

import dev.atomicmongo.update.UpdateBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What {@code hashCode()} and {@code equals} of a five-operator update cost (target: under one
 * microsecond). Updates are data, so neither encodes anything; the hash is cached, so
 * {@link #hashCodeOfPrebuilt} measures the cached read and {@link #buildAndHashCode} the first
 * computation (with the building).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 8, time = 500, timeUnit = TimeUnit.MILLISECONDS)
public class HashCodeBenchmark {
    private String user;
    private UpdateBuilder prebuilt;
    private UpdateBuilder twin;

    /** Builds the update and an equal one built separately. */
    @Setup
    public void setUp() {
        user = "user-42";
        prebuilt = build();
        twin = build();
    }

    private UpdateBuilder build() {
        return UpdateBuilder.update()
                .inc("sold", 1)
                .addToSet("registrations", user)
                .set("lastBookedBy", user)
                .max("peak", 17)
                .currentDate("updatedAt");
    }

    /** {@code hashCode()} of an update built once (computed on the first call, then cached). */
    @Benchmark
    public int hashCodeOfPrebuilt() {
        return prebuilt.hashCode();
    }

    /** Build the five-operator update and compute its hash code. */
    @Benchmark
    public int buildAndHashCode() {
        return build().hashCode();
    }

    /** Build the update only, to subtract from {@link #buildAndHashCode}. */
    @Benchmark
    public UpdateBuilder buildOnly() {
        return build();
    }

    /** {@code equals} of two equal updates built separately (element by element, hashes cached). */
    @Benchmark
    public boolean equalsOfTwins() {
        return prebuilt.equals(twin);
    }
}

package dev.atomicmongo.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.model.Filters;
import dev.atomicmongo.filter.Condition;
import dev.atomicmongo.filter.Conditions;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * What a condition costs as a value, and as a filter alone: the three-clause condition of
 * {@link CompileBenchmark} ({@code _id} equality, {@code $ne}, a field-vs-field {@code $expr}).
 *
 * <ul>
 *   <li>{@code atomicMongoBuildAndHash}: build it and take its {@code hashCode()} (a condition is a
 *       tree; its hash never renders BSON), against the driver's {@code Filters} doing the same;</li>
 *   <li>{@code atomicMongoEquals}: {@code equals} of two equal conditions built apart;</li>
 *   <li>{@code *FilterBuild*} and {@code *FilterRender*}: the filter alone built and compiled, or
 *       compiled from a prebuilt value, against the driver's {@code Filters} for the same BSON.</li>
 * </ul>
 * Run with {@code -prof gc} for bytes allocated per operation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 8, time = 500, timeUnit = TimeUnit.MILLISECONDS)
public class ConditionEqualityBenchmark {
    private CodecRegistry registry;
    private ObjectId eventId;
    private String user;
    private Condition left;
    private Condition right;
    private Bson driverLeft;
    private Bson driverRight;

    /** Fixes the inputs and checks that both sides compile to the same filter. */
    @Setup
    public void setUp() {
        registry = MongoClientSettings.getDefaultCodecRegistry();
        eventId = new ObjectId();
        user = "user-42";
        left = ours();
        right = ours();
        driverLeft = driver();
        driverRight = driver();
        BsonDocument a = left.toBsonDocument(BsonDocument.class, registry);
        BsonDocument b = driverLeft.toBsonDocument(BsonDocument.class, registry);
        if (!a.equals(b) || !left.equals(right) || left.hashCode() != right.hashCode()) {
            throw new IllegalStateException("The sides differ: " + a.toJson() + " vs " + b.toJson());
        }
    }

    /** atomic-mongo: build the condition and take its hash. */
    @Benchmark
    public int atomicMongoBuildAndHash() {
        return ours().hashCode();
    }

    /** The driver: build the same filter with {@code Filters} and take its hash. */
    @Benchmark
    public int driverBuildAndHash() {
        return driver().hashCode();
    }

    /** atomic-mongo: {@code equals} of two equal conditions built apart. */
    @Benchmark
    public boolean atomicMongoEquals() {
        return left.equals(right);
    }

    /** The driver: {@code equals} of two equal {@code Filters} values built apart. */
    @Benchmark
    public boolean driverEquals() {
        return driverLeft.equals(driverRight);
    }

    /** atomic-mongo: build the filter and compile it. */
    @Benchmark
    public void atomicMongoFilterBuildAndCompile(Blackhole bh) {
        bh.consume(ours().toBsonDocument(BsonDocument.class, registry));
    }

    /** The driver: build the filter with {@code Filters} and render it. */
    @Benchmark
    public void driverFilterBuildAndRender(Blackhole bh) {
        bh.consume(driver().toBsonDocument(BsonDocument.class, registry));
    }

    /** atomic-mongo: compile a filter built once. */
    @Benchmark
    public void atomicMongoFilterCompilePrebuilt(Blackhole bh) {
        bh.consume(left.toBsonDocument(BsonDocument.class, registry));
    }

    /** The driver: render a filter built once. */
    @Benchmark
    public void driverFilterRenderPrebuilt(Blackhole bh) {
        bh.consume(driverLeft.toBsonDocument(BsonDocument.class, registry));
    }

    private Condition ours() {
        return Conditions.and(
                Conditions.eq("_id", eventId),
                Conditions.ne("registrations", user),
                Conditions.field("sold").lt(Conditions.field("capacity")));
    }

    /** The driver's cheapest spelling of the same filter: the {@code $expr} as a hand-built {@code BsonDocument}. */
    private Bson driver() {
        return Filters.and(
                Filters.eq("_id", eventId),
                Filters.ne("registrations", user),
                Filters.expr(new BsonDocument("$lt",
                        new BsonArray(List.of(new BsonString("$sold"), new BsonString("$capacity"))))));
    }
}

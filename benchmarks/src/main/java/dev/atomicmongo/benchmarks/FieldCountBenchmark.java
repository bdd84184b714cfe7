package dev.atomicmongo.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.model.Updates;
import dev.atomicmongo.update.UpdateBuilder;
import org.bson.BsonDocument;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.conversions.Bson;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How building and compiling an update grows with its size: {@code fields} {@code $set}
 * operators (string values, distinct top-level paths), built and compiled to a
 * {@code BsonDocument}, against the driver's {@code Updates.combine(Updates.set(...), ...)}
 * rendered with the same default registry. atomic-mongo checks every path against every other
 * (the driver checks nothing), so this shows whether that check stays linear.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 8, time = 500, timeUnit = TimeUnit.MILLISECONDS)
public class FieldCountBenchmark {
    @Param({"5", "50", "200"})
    public int fields;

    private String[] paths;
    private String[] values;
    private CodecRegistry registry;

    /** Fixes the paths and values and checks that both sides compile the same document. */
    @Setup
    public void setUp() {
        registry = MongoClientSettings.getDefaultCodecRegistry();
        paths = new String[fields];
        values = new String[fields];
        for (int i = 0; i < fields; i++) {
            paths[i] = "field" + i;
            values[i] = "value-" + i;
        }
        BsonDocument ours = atomicMongo();
        BsonDocument driver = driver();
        if (!ours.equals(driver)) {
            throw new IllegalStateException("The two sides compile different updates: " + ours + " vs " + driver);
        }
    }

    /** atomic-mongo: {@code fields} calls to {@code set}, then compile. */
    @Benchmark
    public BsonDocument atomicMongo() {
        UpdateBuilder update = UpdateBuilder.update();
        for (int i = 0; i < fields; i++) {
            update = update.set(paths[i], values[i]);
        }
        return update.toBsonDocument(BsonDocument.class, registry);
    }

    /** The driver: {@code Updates.combine} of {@code fields} {@code Updates.set}, then render. */
    @Benchmark
    public BsonDocument driver() {
        List<Bson> sets = new ArrayList<>(fields);
        for (int i = 0; i < fields; i++) {
            sets.add(Updates.set(paths[i], values[i]));
        }
        return Updates.combine(sets).toBsonDocument(BsonDocument.class, registry);
    }
}

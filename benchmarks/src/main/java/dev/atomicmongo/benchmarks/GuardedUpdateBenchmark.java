package dev.atomicmongo.benchmarks;

import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.collection.OnceOutcome;
import dev.atomicmongo.collection.OperationGuard;
import dev.atomicmongo.collection.OperationId;
import dev.atomicmongo.collection.UpdateCommand;
import dev.atomicmongo.collection.UpdateOutcome;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.test.ServerSource;
import dev.atomicmongo.test.TestMongo;
import dev.atomicmongo.update.UpdateBuilder;
import org.bson.Document;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The cost of the operation-id guard end to end: {@code updateOnce} (filter {@code {$and: [{_id},
 * {_ops: {$ne: id}}]}}, update {@code $inc} plus {@code $push} of the id with {@code $slice: -100})
 * against the same {@code updateOne} without the guard, each on its own document. Every guarded
 * call has a new id, so after the first 100 calls its document carries a full window of 100 ids,
 * the steady state. As in {@link EndToEndBenchmark}, the sides also run interleaved in one
 * benchmark ({@link #interleavedPair}) so both see the same load; compare the medians.
 *
 * <p>The server is {@code MONGODB_URI} when set, else the embedded mongo-java-server in the
 * benchmark's JVM: only the ratio within one run means something. Two parameters vary what the
 * default run fixes: {@code window} (the guard's {@link OperationGuard#withWindow}, default 100),
 * and {@code replyDelayMicros}, a network latency added to every round trip of both sides by a
 * {@link dev.atomicmongo.test.FaultyProxy} on loopback (default 0: no proxy; see
 * {@link DelayedConnection}). The embedded server has no network between it and the client, so
 * its per-call time is almost all server work; a real deployment adds a round trip's latency to
 * both sides.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 8, time = 1)
public class GuardedUpdateBenchmark {
    /** The guard's window: how many recent ids the guarded document keeps. */
    @Param({"100"})
    public int window;

    /** Latency added to every reply by a proxy, microseconds; 0 connects directly. */
    @Param({"0"})
    public int replyDelayMicros;

    private TestMongo mongo;
    private DelayedConnection connection;
    private OperationGuard guard;
    private MongoDatabase database;
    private AtomicCollection<Document> counters;
    private long next;
    private boolean guardedFirst;

    /** Starts (or connects to) the server and inserts the two counters. */
    @Setup(Level.Trial)
    public void start() {
        mongo = TestMongo.start(ServerSource.URI, ServerSource.EMBEDDED);
        database = mongo.freshDatabase("guarded");
        guard = OperationGuard.defaults().withWindow(window);
        connection = DelayedConnection.to(mongo, database, replyDelayMicros);
        MongoDatabase through = connection.database();
        MongoCollection<Document> raw = through.getCollection("counters");
        raw.insertOne(new Document("_id", "guarded").append("n", 0L));
        raw.insertOne(new Document("_id", "plain").append("n", 0L));
        counters = AtomicCollection.of(raw);
    }

    /** Drops the database and stops the server. */
    @TearDown(Level.Trial)
    public void stop() {
        connection.close();
        database.drop();
        mongo.close();
    }

    /** {@code updateOnce} with a new operation id. */
    @Benchmark
    public OnceOutcome<Document> guardedUpdate() {
        OnceOutcome<Document> outcome = counters.execute(counters.commands().updateOnce(Conditions.eq("_id", "guarded"),
                UpdateBuilder.update().inc("n", 1), OperationId.of("op-" + next++), guard));
        if (!outcome.isApplied()) {
            throw new IllegalStateException("the guarded update was not applied: " + outcome);
        }
        return outcome;
    }

    /** The same {@code $inc} by {@code updateOne}, without the guard. */
    @Benchmark
    public UpdateOutcome unguardedUpdate() {
        UpdateOutcome outcome = counters.updateOne(Conditions.eq("_id", "plain"), UpdateBuilder.update().inc("n", 1));
        if (!outcome.isMatched()) {
            throw new IllegalStateException("the update matched nothing: " + outcome);
        }
        return outcome;
    }

    /** The client's share of the guard: building the guarded command, no server involved. */
    @Benchmark
    public UpdateCommand buildGuardedCommand() {
        return counters.commands().updateOnce(Conditions.eq("_id", "guarded"), UpdateBuilder.update().inc("n", 1),
                OperationId.of("op-" + next++), guard).updateCommand();
    }

    /** The same {@code $inc} command without the guard, no server involved. */
    @Benchmark
    public UpdateCommand buildUnguardedCommand() {
        return counters.commands().updateOne(Conditions.eq("_id", "plain"), UpdateBuilder.update().inc("n", 1));
    }

    /** One call of each side, alternating which goes first, timing each; medians in the extra columns. */
    @Benchmark
    public void interleavedPair(SideTimes times, Blackhole bh) {
        guardedFirst = !guardedFirst;
        long start = System.nanoTime();
        if (guardedFirst) {
            bh.consume(guardedUpdate());
            long middle = System.nanoTime();
            bh.consume(unguardedUpdate());
            times.record(middle - start, System.nanoTime() - middle);
        } else {
            bh.consume(unguardedUpdate());
            long middle = System.nanoTime();
            bh.consume(guardedUpdate());
            times.record(System.nanoTime() - middle, middle - start);
        }
    }

    /** The time of each side of every {@link #interleavedPair} call of one iteration. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class SideTimes extends PairedTimes {
        /** Median time of the guarded update this iteration. */
        public long guardedMedianNanos() {
            return firstMedian();
        }

        /** Median time of the unguarded update this iteration. */
        public long unguardedMedianNanos() {
            return secondMedian();
        }
    }
}

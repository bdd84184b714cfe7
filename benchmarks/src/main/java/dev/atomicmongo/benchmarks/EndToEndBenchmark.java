package dev.atomicmongo.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.collection.UpdateOutcome;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.test.ServerSource;
import dev.atomicmongo.test.TestMongo;
import dev.atomicmongo.update.UpdateBuilder;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One {@code updateOne} round trip through {@link AtomicCollection} against the same call on the
 * driver's {@link MongoCollection}: the same filter ({@code _id} and {@code sold < capacity} as
 * {@code $expr}), the same update ({@code $inc}, {@code $set}, {@code $currentDate}), the same
 * document, built inline on every call on both sides.
 *
 * <p>The two sides run as two benchmarks, one after the other, and, because a shared machine's load
 * drifts between them, also interleaved in one benchmark ({@link #interleavedPair}) that times each
 * side of every pair, so both see the same load; its ratio is the one to compare with the target.
 *
 * <p>The server is {@code MONGODB_URI} when set, else the embedded mongo-java-server started in
 * the benchmark's JVM; each fork starts its own. The embedded server is not a real mongod: its
 * absolute times say nothing about MongoDB, only the ratio of the two sides within one run does.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 8, time = 1)
public class EndToEndBenchmark {
    private TestMongo mongo;
    private MongoDatabase database;
    private MongoCollection<Document> raw;
    private AtomicCollection<Document> atomic;
    private ObjectId eventId;
    private String user;
    private boolean atomicMongoFirst;

    /** Starts (or connects to) the server and inserts the one document both sides update. */
    @Setup(Level.Trial)
    public void start() {
        mongo = TestMongo.start(ServerSource.URI, ServerSource.EMBEDDED);
        database = mongo.freshDatabase("endToEnd");
        raw = database.getCollection("events");
        atomic = AtomicCollection.of(raw);
        eventId = new ObjectId();
        user = "user-42";
        raw.insertOne(new Document("_id", eventId).append("sold", 0L).append("capacity", Long.MAX_VALUE));
    }

    /** Drops the database and stops the server. */
    @TearDown(Level.Trial)
    public void stop() {
        database.drop();
        mongo.close();
    }

    /** atomic-mongo: {@code AtomicCollection.updateOne(Condition, UpdateBuilder)}. */
    @Benchmark
    public UpdateOutcome atomicMongoUpdateOne() {
        UpdateOutcome outcome = atomic.updateOne(
                Conditions.and(Conditions.eq("_id", eventId),
                        Conditions.field("sold").lt(Conditions.field("capacity"))),
                UpdateBuilder.update()
                        .inc("sold", 1)
                        .set("lastBookedBy", user)
                        .currentDate("updatedAt"));
        if (!outcome.isMatched()) {
            throw new IllegalStateException("the update matched nothing: " + outcome);
        }
        return outcome;
    }

    /** The driver: {@code MongoCollection.updateOne(Filters.and(...), Updates.combine(...))}. */
    @Benchmark
    public UpdateResult driverUpdateOne() {
        UpdateResult result = raw.updateOne(
                Filters.and(Filters.eq("_id", eventId),
                        Filters.expr(new Document("$lt", List.of("$sold", "$capacity")))),
                Updates.combine(
                        Updates.inc("sold", 1),
                        Updates.set("lastBookedBy", user),
                        Updates.currentDate("updatedAt")));
        if (result.getMatchedCount() != 1) {
            throw new IllegalStateException("the update matched nothing: " + result);
        }
        return result;
    }

    /**
     * One call of each side, alternating which goes first, timing each. JMH reports, per iteration,
     * the median and the total time of each side as the extra columns {@code atomicMongoMedianNanos},
     * {@code driverMedianNanos}, {@code atomicMongoNanos} and {@code driverNanos}. The medians are the
     * robust comparison: on a loaded machine one descheduled call can weigh more than thousands of others.
     */
    @Benchmark
    public void interleavedPair(SideTimes times, Blackhole bh) {
        atomicMongoFirst = !atomicMongoFirst;
        long start = System.nanoTime();
        if (atomicMongoFirst) {
            bh.consume(atomicMongoUpdateOne());
            long middle = System.nanoTime();
            bh.consume(driverUpdateOne());
            times.record(middle - start, System.nanoTime() - middle);
        } else {
            bh.consume(driverUpdateOne());
            long middle = System.nanoTime();
            bh.consume(atomicMongoUpdateOne());
            times.record(System.nanoTime() - middle, middle - start);
        }
    }

    /** The time of each side of every {@link #interleavedPair} call of one iteration. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class SideTimes extends PairedTimes {
        /** Median time of {@code AtomicCollection.updateOne} this iteration. */
        public long atomicMongoMedianNanos() {
            return firstMedian();
        }

        /** Median time of the driver's {@code updateOne} this iteration. */
        public long driverMedianNanos() {
            return secondMedian();
        }

        /** Total time in {@code AtomicCollection.updateOne} this iteration. */
        public long atomicMongoNanos() {
            return firstTotal();
        }

        /** Total time in the driver's {@code updateOne} this iteration. */
        public long driverNanos() {
            return secondTotal();
        }
    }
}

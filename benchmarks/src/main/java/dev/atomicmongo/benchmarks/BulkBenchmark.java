package dev.atomicmongo.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.collection.BulkItem;
import dev.atomicmongo.collection.BulkResult;
import dev.atomicmongo.collection.Commands;
import dev.atomicmongo.collection.ConditionalOutcome;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.test.ServerSource;
import dev.atomicmongo.test.TestMongo;
import dev.atomicmongo.update.UpdateBuilder;
import org.bson.Document;
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
 * 1,000 conditional updates ({@code n += 1 if n < limit}, each on its own document by {@code _id})
 * as one {@link AtomicCollection#bulkWrite} against a loop of 1,000 {@link AtomicCollection#updateIf}
 * calls; every update applies, so the bulk is one round trip and the loop 1,000. The items are
 * built inside the measured method on both sides.
 *
 * <p>{@code documents} is how many documents the 1,000 updates spread over: 1,000 (one each) or
 * 10 (a hundred each). Each statement's filter is {@code {$and: [{_id: i}, {n: {$lt: limit}}]}}:
 * MongoDB and the embedded server with atomic-mongo-test's emulation look the {@code _id} up in
 * the {@code _id} index, so the statement's cost does not grow with the collection (the plain
 * embedded server, whose unique index serves only a query of exactly {@code {_id: i}}, scans the
 * whole collection for it).
 *
 * <p>The server is {@code MONGODB_URI} when set, else the embedded mongo-java-server in the
 * benchmark's JVM, where a round trip costs microseconds over loopback: the ratio measured there
 * is the floor. Over a network every saved round trip saves its latency too, so the gap grows with
 * it (at 0.5 ms per round trip, the loop spends 500 ms waiting where the bulk spends 0.5 ms).
 * {@code replyDelayMicros} measures that: above 0, both sides connect through a
 * {@link dev.atomicmongo.test.FaultyProxy} on loopback that holds every reply that long, a
 * network's latency ({@link DelayedConnection}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class BulkBenchmark {
    private static final int ITEMS = 1_000;

    /** How many documents the 1,000 updates spread over. */
    @Param({"1000", "10"})
    public int documents;

    /** Latency added to every reply by a proxy, microseconds; 0 connects directly. */
    @Param({"0"})
    public int replyDelayMicros;

    private TestMongo mongo;
    private DelayedConnection connection;
    private MongoDatabase database;
    private AtomicCollection<Document> atomic;

    /** Starts (or connects to) the server and inserts the 1,000 documents both sides update. */
    @Setup(Level.Trial)
    public void start() {
        mongo = TestMongo.start(ServerSource.URI, ServerSource.EMBEDDED);
        database = mongo.freshDatabase("bulk");
        connection = DelayedConnection.to(mongo, database, replyDelayMicros);
        MongoDatabase through = connection.database();
        MongoCollection<Document> raw = through.getCollection("counters");
        List<Document> docs = new ArrayList<>(ITEMS);
        for (int i = 0; i < documents; i++) {
            docs.add(new Document("_id", i).append("n", 0L));
        }
        raw.insertMany(docs);
        atomic = AtomicCollection.of(raw);
    }

    /** Drops the database and stops the server. */
    @TearDown(Level.Trial)
    public void stop() {
        connection.close();
        database.drop();
        mongo.close();
    }

    /** One bulkWrite of 1,000 conditional updates: one round trip. */
    @Benchmark
    public void bulk(Blackhole hole) {
        Commands c = atomic.commands();
        List<BulkItem> items = new ArrayList<>(ITEMS);
        for (int i = 0; i < ITEMS; i++) {
            items.add(BulkItem.of(c.updateIf(Conditions.eq("_id", i % documents), Conditions.lt("n", Long.MAX_VALUE),
                    UpdateBuilder.update().inc("n", 1L))));
        }
        BulkResult<Document> result = atomic.bulkWrite(items);
        if (!result.allSucceeded()) {
            throw new IllegalStateException("an update did not apply: " + result);
        }
        hole.consume(result);
    }

    /** A loop of 1,000 single conditional updates: 1,000 round trips. */
    @Benchmark
    public void loop(Blackhole hole) {
        for (int i = 0; i < ITEMS; i++) {
            ConditionalOutcome<Document> outcome = atomic.updateIf(Conditions.eq("_id", i % documents),
                    Conditions.lt("n", Long.MAX_VALUE), UpdateBuilder.update().inc("n", 1L));
            if (!outcome.isApplied()) {
                throw new IllegalStateException("an update did not apply: " + outcome);
            }
            hole.consume(outcome);
        }
    }
}

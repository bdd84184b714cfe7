package dev.atomicmongo.benchmarks;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.result.UpdateResult;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.collection.UpdateOutcome;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Eight threads incrementing one counter document, three ways: the atomic {@code $inc} through
 * {@link AtomicCollection}; a read-modify-write (read, add one, replace) with no check; and a
 * read-modify-write whose replace is guarded by a version field and retried when the version moved.
 *
 * <p>Besides throughput, each trial counts the increments its threads reported as done and, at the
 * end, compares them with the value stored: the difference is the number of lost updates. The
 * versioned way also reports the torn reads behind any update it lost (see
 * {@link #versionedReadModifyWrite()}). The counts are printed and, when the system property
 * {@value SideResults#PROPERTY} names a file, appended to it as one JSON line (see {@code benchmarks/run}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Threads(8)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 6, time = 1)
public class ContentionBenchmark {
    private static final String ID = "counter";

    private final LongAdder increments = new LongAdder();
    private final LongAdder retries = new LongAdder();
    /** For versionedReadModifyWrite: the {@code n} each successful replace read, by the version it read. */
    private final ConcurrentHashMap<Long, Long> nReadAtVersion = new ConcurrentHashMap<>();
    private final LongAdder sameVersionTwice = new LongAdder();
    private TestMongo mongo;
    private MongoDatabase database;
    private MongoCollection<Document> raw;
    private AtomicCollection<Document> atomic;

    /** Starts (or connects to) the server and inserts the counter at 0, version 0. */
    @Setup(Level.Trial)
    public void start() {
        mongo = TestMongo.start(ServerSource.URI, ServerSource.EMBEDDED);
        database = mongo.freshDatabase("contention");
        raw = database.getCollection("counters");
        atomic = AtomicCollection.of(raw);
        raw.insertOne(new Document("_id", ID).append("n", 0L).append("version", 0L));
    }

    /** Reads the stored counter, reports lost updates, drops the database and stops the server. */
    @TearDown(Level.Trial)
    public void report(BenchmarkParams params) {
        Document counter = raw.find(Filters.eq("_id", ID)).first();
        long stored = counter == null ? -1 : counter.getLong("n");
        long done = increments.sum();
        SideResults.contention(params.getBenchmark(), params.getThreads(), done, stored, retries.sum(),
                tornReads(), sameVersionTwice.sum(), mongo.source().name());
        database.drop();
        mongo.close();
    }

    /** Atomic: {@code updateOne({_id}, {$inc: {n: 1}})} through atomic-mongo; the server adds. */
    @Benchmark
    public UpdateOutcome atomicInc() {
        UpdateOutcome outcome = atomic.updateOne(Conditions.eq("_id", ID), UpdateBuilder.update().inc("n", 1));
        if (outcome.isMatched()) {
            increments.increment();
        }
        return outcome;
    }

    /** Unsafe: read the counter, add one in Java, replace the document; no check that it is unchanged. */
    @Benchmark
    public UpdateResult readModifyWrite() {
        Document current = raw.find(Filters.eq("_id", ID)).first();
        Document next = new Document("_id", ID)
                .append("n", current.getLong("n") + 1)
                .append("version", current.getLong("version"));
        UpdateResult result = raw.replaceOne(Filters.eq("_id", ID), next);
        if (result.getMatchedCount() == 1) {
            increments.increment();
        }
        return result;
    }

    /**
     * Optimistic: read, add one, replace only if {@code version} is still the one read (bumping it);
     * when another thread got there first, read again and retry until the replace matches.
     *
     * <p>The version check makes the successful replaces a chain, one per version, so the document
     * at version {@code v + 1} has the {@code n} the replace from {@code v} wrote. A successful
     * replace that read another {@code n} at its version saw half of another write (a torn read),
     * which defeats the check; {@link #tornReads()} counts them. MongoDB never returns a torn
     * document; the embedded server can.
     */
    @Benchmark
    public UpdateResult versionedReadModifyWrite() {
        while (true) {
            Document current = raw.find(Filters.eq("_id", ID)).first();
            long version = current.getLong("version");
            long n = current.getLong("n");
            Document next = new Document("_id", ID)
                    .append("n", n + 1)
                    .append("version", version + 1);
            UpdateResult result = raw.replaceOne(
                    Filters.and(Filters.eq("_id", ID), Filters.eq("version", version)), next);
            if (result.getMatchedCount() == 1) {
                increments.increment();
                if (nReadAtVersion.putIfAbsent(version, n) != null) {
                    sameVersionTwice.increment();
                }
                return result;
            }
            retries.increment();
        }
    }

    /** Successful versioned replaces whose read of {@code n} does not fit the chain of versions. */
    private long tornReads() {
        long torn = 0;
        long expected = 0;
        for (long version = 0; nReadAtVersion.containsKey(version); version++) {
            long read = nReadAtVersion.get(version);
            if (read != expected) {
                torn++;
            }
            expected = read + 1;
        }
        return torn;
    }
}

package dev.atomicmongo.it.once;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import dev.atomicmongo.MongoOperationException;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.collection.OnceOutcome;
import dev.atomicmongo.collection.OperationGuard;
import dev.atomicmongo.collection.OperationId;
import dev.atomicmongo.collection.RetryPolicy;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.pattern.booking.CapacityBooking;
import dev.atomicmongo.pattern.booking.ReservationOutcome;
import dev.atomicmongo.test.FaultyProxy;
import dev.atomicmongo.test.TestMongo;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

import static dev.atomicmongo.update.UpdateBuilder.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Lost replies, injected by {@link FaultyProxy} between the client and the test server, retried
 * by the application with the same operation id. The proxied client runs with
 * {@code retryWrites=false}, so every dropped reply reaches the application as a transient
 * {@link MongoOperationException} (the driver's own single retry is off).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExactlyOnceUnderFaultsIT {
    private static final int DEFAULT_RUNS = 3;
    private static final int THREADS = 8;
    private static final int PER_THREAD = 1_000;
    /** The application's retry: the same call again, while the failure is transient. */
    /**
     * Ids kept per document. 8 threads share one document, and a retry waits for a new connection
     * while the others go on: with the default 100, an id can leave the window before its retry
     * (the documented caveat; seen here as a count of 8,001). The window must exceed the
     * operations that reach the document between a first attempt and its last retry.
     */
    private static final OperationGuard GUARD = OperationGuard.defaults().withWindow(1_000);
    private static final RetryPolicy APPLICATION_RETRY = RetryPolicy.builder().maxAttempts(100)
            .maxDuration(Duration.ofSeconds(60)).backoff(Duration.ZERO, Duration.ZERO).build();

    private FaultyProxy proxy;
    private MongoClient client;
    private MongoCollection<Document> raw;
    private AtomicCollection<Document> counters;

    @BeforeAll
    void proxiedClient() {
        TestMongo mongo = TestMongo.shared();
        proxy = FaultyProxy.inFrontOf(mongo);
        client = proxy.newClient(false);
        raw = client.getDatabase(mongo.freshDatabase("faults").getName()).getCollection("counters");
        counters = AtomicCollection.of(raw);
    }

    @AfterAll
    void close() {
        client.close();
        proxy.close();
    }

    private static <R> R retried(String what, java.util.function.Supplier<R> call) {
        return APPLICATION_RETRY.execute(what, attempt -> java.util.Optional.of(call.get()),
                e -> e instanceof MongoOperationException failure && failure.isTransient());
    }

    private void reset(String id) {
        proxy.dropNone();
        raw.deleteMany(new Document());
        raw.insertOne(new Document("_id", id).append("n", 0));
    }

    private long count(String id) {
        proxy.dropNone();
        return raw.find(new Document("_id", id)).first().getInteger("n");
    }

    /** Runs {@code PER_THREAD} calls on each of {@code THREADS} threads released together. */
    private static void onThreads(IntFunction<Runnable> perThread) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                Runnable work = perThread.apply(t);
                done.add(pool.submit(() -> {
                    start.await();
                    work.run();
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_dropped_reply_reaches_the_application_as_a_transient_failure_after_the_write_was_applied() {
        reset("c");
        proxy.dropNextReplies(1);

        assertThatThrownBy(() -> counters.updateOne(Conditions.eq("_id", "c"), update().inc("n", 1)))
                .isInstanceOfSatisfying(MongoOperationException.class, e -> assertThat(e.isTransient()).isTrue());

        assertThat(proxy.droppedReplies()).isPositive();
        assertThat(count("c")).isEqualTo(1);
    }

    @Test
    void plain_inc_with_application_retries_counts_each_lost_reply_twice() throws Exception {
        reset("plain");
        long droppedBefore = proxy.droppedReplies();
        proxy.dropRepliesRandomly(0.10, 13);

        onThreads(t -> () -> {
            for (int i = 0; i < PER_THREAD; i++) {
                retried("inc", () -> counters.updateOne(Conditions.eq("_id", "plain"), update().inc("n", 1)));
            }
        });

        long dropped = proxy.droppedReplies() - droppedBefore;
        long counted = count("plain");
        System.out.printf("plain $inc, %d x %d calls, %d replies dropped and retried: counted %d (%d twice)%n",
                THREADS, PER_THREAD, dropped, counted, counted - THREADS * PER_THREAD);
        assertThat(dropped).isPositive();
        assertThat(counted).isEqualTo(THREADS * PER_THREAD + dropped);
    }

    /**
     * The guarded run, {@value #DEFAULT_RUNS} times (each with its own seed) in a plain build so that
     * the build stays short; {@code -Datomicmongo.faultRuns=20} gives the twenty runs in a
     * row (each run is about ten seconds here).
     */
    @TestFactory
    Stream<DynamicTest> guarded_inc_with_application_retries_counts_each_of_8000_exactly_once() {
        int runs = Integer.getInteger("atomicmongo.faultRuns", DEFAULT_RUNS);
        return IntStream.rangeClosed(1, runs).mapToObj(run -> DynamicTest.dynamicTest("run " + run + " of " + runs,
                () -> guardedRun(run)));
    }

    private void guardedRun(int seed) throws Exception {
        reset("guarded");
        long droppedBefore = proxy.droppedReplies();
        AtomicLong duplicates = new AtomicLong();
        proxy.dropRepliesRandomly(0.10, seed);

        onThreads(t -> () -> {
            for (int i = 0; i < PER_THREAD; i++) {
                OperationId id = OperationId.of("t" + t + "-" + i);
                OnceOutcome<Document> outcome = retried("updateOnce",
                        () -> counters.execute(counters.commands().updateOnce(Conditions.eq("_id", "guarded"),
                                update().inc("n", 1), id, GUARD)));
                assertThat(outcome.isDone()).as("%s", outcome).isTrue();
                if (outcome.isDuplicate()) {
                    duplicates.incrementAndGet();
                }
            }
        });

        long dropped = proxy.droppedReplies() - droppedBefore;
        long counted = count("guarded");
        System.out.printf("guarded run %d: %d replies dropped and retried, %d retries found a duplicate, counted %d%n",
                seed, dropped, duplicates.get(), counted);
        assertThat(dropped).isGreaterThan(THREADS * PER_THREAD / 20);
        assertThat(duplicates.get()).isPositive().isLessThanOrEqualTo(dropped);
        assertThat(counted).isEqualTo(THREADS * PER_THREAD);
    }

    /**
     * 8 threads x 50 holders (each its own reservation) for 300 seats, one reply in ten lost, each
     * failure retried by the application. Without an id a lost reply's retry is refused as
     * {@code AlreadyReserved} although the seat is the caller's; with one it is the reservation,
     * marked duplicate: every holder is told Reserved or Full, the 300 told Reserved are the 300 stored.
     */
    @Test
    void booking_under_lost_replies_tells_each_holder_its_own_reservation_only_with_an_operation_id() throws Exception {
        Map<String, ReservationOutcome> plain = bookUnderLostReplies(false);
        Map<String, ReservationOutcome> guarded = bookUnderLostReplies(true);

        assertThat(plain.values()).filteredOn(o -> o instanceof ReservationOutcome.AlreadyReserved).isNotEmpty();
        assertThat(guarded.values()).allMatch(o -> o.isReserved() || o instanceof ReservationOutcome.Full);
        assertThat(guarded.values()).filteredOn(ReservationOutcome::isDuplicate).isNotEmpty();
        Set<String> reserved = new HashSet<>();
        guarded.forEach((holder, outcome) -> {
            if (outcome.isReserved()) {
                reserved.add(holder);
            }
        });
        proxy.dropNone();
        Document stored = raw.find(new Document("_id", "gig")).first();
        Set<Object> holders = new HashSet<>();
        for (Document entry : stored.getList("holders", Document.class)) {
            assertThat(holders.add(entry.get("holder"))).as("%s stored once", entry).isTrue();
        }
        assertThat(stored.getLong("sold")).isEqualTo(300);
        assertThat(holders).isEqualTo(new HashSet<Object>(reserved));
    }

    private Map<String, ReservationOutcome> bookUnderLostReplies(boolean withIds) throws Exception {
        proxy.dropNone();
        raw.deleteMany(new Document());
        CapacityBooking booking = CapacityBooking.of(counters).withOperationGuard(GUARD);
        booking.create("gig", 300);
        Map<String, ReservationOutcome> outcomes = new ConcurrentHashMap<>();
        long droppedBefore = proxy.droppedReplies();
        proxy.dropRepliesRandomly(0.10, withIds ? 42 : 41);

        onThreads(t -> () -> {
            for (int i = 0; i < 50; i++) {
                String holder = "t" + t + "-" + i;
                OperationId id = OperationId.of("req-" + holder);
                outcomes.put(holder, retried("reserve", () -> withIds ? booking.reserve("gig", holder, id)
                        : booking.reserve("gig", holder)));
            }
        });

        long dropped = proxy.droppedReplies() - droppedBefore;
        System.out.printf("booking %s an id, 400 holders for 300 seats, %d replies dropped and retried: %d reserved"
                        + " (%d duplicates), %d already reserved, %d full%n", withIds ? "with" : "without", dropped,
                outcomes.values().stream().filter(ReservationOutcome::isReserved).count(),
                outcomes.values().stream().filter(ReservationOutcome::isDuplicate).count(),
                outcomes.values().stream().filter(o -> o instanceof ReservationOutcome.AlreadyReserved).count(),
                outcomes.values().stream().filter(o -> o instanceof ReservationOutcome.Full).count());
        assertThat(dropped).isPositive();
        assertThat(outcomes).hasSize(400);
        return outcomes;
    }
}

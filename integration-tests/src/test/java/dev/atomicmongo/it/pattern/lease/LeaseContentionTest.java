package dev.atomicmongo.it.pattern.lease;

import static dev.atomicmongo.update.UpdateBuilder.update;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.it.pattern.PathCases;
import dev.atomicmongo.it.pattern.ServerPath;
import dev.atomicmongo.pattern.lease.Lease;
import dev.atomicmongo.pattern.lease.LeaseOutcome;
import dev.atomicmongo.pattern.lease.Leases;
import org.bson.Document;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LeaseContentionTest {
    @Nested
    @DisplayName("pipeline path")
    class PipelinePath extends Cases {
        PipelinePath() {
            super(ServerPath.PIPELINE);
        }
    }

    @Nested
    @DisplayName("fallback path")
    class FallbackPath extends Cases {
        FallbackPath() {
            super(ServerPath.FALLBACK);
        }
    }

    /** The cases, run once on each path. */
    abstract static class Cases extends PathCases {
        private static final int THREADS = 16;
        private static final int ROUNDS_PER_THREAD = 20;

        Cases(ServerPath path) {
            super(path);
        }

        /** One holder's time under the lease, on a shared counter that every holder ticks. */
        private record Interval(long token, String owner, long start, long end) {
        }

        @Test
        void sixteen_threads_competing_for_one_lease_never_hold_it_at_once(MongoDatabase db) throws Exception {
            MongoCollection<Document> leaseDocs = db.getCollection("leases");
            Leases leases = Leases.on(path.assertTakenBy(AtomicCollection.of(leaseDocs)));
            MongoCollection<Document> resourceDocs = db.getCollection("resource");
            resourceDocs.insertOne(new Document("_id", "resource"));
            AtomicCollection<Document> resource = AtomicCollection.of(resourceDocs);
            AtomicLong ticks = new AtomicLong();
            AtomicInteger holding = new AtomicInteger();
            AtomicInteger mostAtOnce = new AtomicInteger();
            Queue<Interval> intervals = new ConcurrentLinkedQueue<>();
            Queue<String> failures = new ConcurrentLinkedQueue<>();
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> workers = new ArrayList<>();

            for (int t = 0; t < THREADS; t++) {
                String owner = "worker-" + t;
                workers.add(pool.submit(() -> {
                    start.await();
                    int won = 0;
                    while (won < ROUNDS_PER_THREAD) {
                        LeaseOutcome outcome = leases.acquire("the-lease", owner, Duration.ofMinutes(1));
                        if (!(outcome instanceof LeaseOutcome.Acquired acquired)) {
                            Thread.yield();
                            continue;
                        }
                        Lease lease = acquired.lease();
                        long begin = ticks.incrementAndGet();
                        mostAtOnce.accumulateAndGet(holding.incrementAndGet(), Math::max);
                        boolean written = resource.updateIf(Conditions.eq("_id", "resource"), lease.fence("fence"),
                                lease.stamp(update().push("tokens", lease.token()), "fence")).isApplied();
                        holding.decrementAndGet();
                        intervals.add(new Interval(lease.token(), owner, begin, ticks.incrementAndGet()));
                        if (!written || leases.release(lease).isRefused()) {
                            failures.add(owner + " lost token " + lease.token() + " while holding it");
                        }
                        won++;
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> worker : workers) {
                worker.get(90, TimeUnit.SECONDS);
            }
            pool.shutdown();

            int total = THREADS * ROUNDS_PER_THREAD;
            List<Interval> byToken = new ArrayList<>(intervals);
            byToken.sort(Comparator.comparingLong(Interval::token));
            assertThat(failures).isEmpty();
            assertThat(mostAtOnce.get()).isEqualTo(1);
            assertThat(byToken).extracting(Interval::token)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
            for (int i = 1; i < byToken.size(); i++) {
                Interval previous = byToken.get(i - 1);
                Interval next = byToken.get(i);
                assertThat(next.start()).as("token %d starts after token %d ended", next.token(), previous.token())
                        .isGreaterThan(previous.end());
            }
            Document lease = leaseDocs.find().first();
            assertThat(((Number) lease.get("token")).longValue()).isEqualTo(total);
            assertThat(lease.get("owner")).isNull();
            assertThat(resourceDocs.find().first().getList("tokens", Long.class))
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
        }
    }
}

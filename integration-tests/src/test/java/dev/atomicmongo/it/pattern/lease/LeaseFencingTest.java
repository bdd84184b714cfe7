package dev.atomicmongo.it.pattern.lease;

import static dev.atomicmongo.update.UpdateBuilder.update;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.collection.ConditionalOutcome;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.it.pattern.Concurrency;
import dev.atomicmongo.it.pattern.PathCases;
import dev.atomicmongo.it.pattern.ServerPath;
import dev.atomicmongo.it.support.ManualClock;
import dev.atomicmongo.pattern.lease.Lease;
import dev.atomicmongo.pattern.lease.LeaseOutcome;
import dev.atomicmongo.pattern.lease.Leases;
import org.bson.Document;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LeaseFencingTest {
    @Nested
    @DisplayName("pipeline path")
    class PipelinePath extends Cases {
        PipelinePath() {
            super(ServerPath.PIPELINE);
        }

        /*
         * Only on the pipeline path: without pipeline updates expiry is decided on the client's
         * clock, which a ManualClock drives in the case above; the server's clock is this path's.
         */
        @Test
        void expiry_on_the_server_clock_lets_the_next_holder_in_and_fences_the_old_one(MongoDatabase db) {
            Leases leases = Leases.on(db.getCollection("leases_server"));
            AtomicCollection<Document> reports = Cases.reports(db, "reports_server");
            Duration ttl = Duration.ofMillis(300);

            Lease stale = leases.acquire("report", "worker-a", ttl).orThrow();
            Instant deadline = Instant.now().plusSeconds(10);
            LeaseOutcome outcome = leases.acquire("report", "worker-b", ttl);
            while (!outcome.isAcquired() && Instant.now().isBefore(deadline)) {
                Thread.onSpinWait();
                outcome = leases.acquire("report", "worker-b", ttl);
            }
            Lease next = outcome.orThrow();
            assertThat(Cases.write(reports, next, "b").isApplied()).isTrue();

            assertThat(Cases.write(reports, stale, "a").isApplied()).isFalse();
            assertThat(next.token()).isEqualTo(stale.token() + 1);
            assertThat(reports.collection().find().first()).containsEntry("text", "b");
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
        Cases(ServerPath path) {
            super(path);
        }

        @Test
        void a_holder_that_outlives_its_ttl_gets_its_fenced_write_refused(MongoDatabase db) {
            ManualClock clock = ManualClock.atNow();
            Leases leases = Leases.on(db.getCollection("leases_manual")).withClock(clock);
            AtomicCollection<Document> reports = reports(db, "reports_manual");
            Duration ttl = Duration.ofSeconds(10);

            Lease stale = leases.acquire("report", "worker-a", ttl).orThrow();
            assertThat(write(reports, stale, "a: part 1").isApplied()).isTrue();
            assertThat(leases.acquire("report", "worker-b", ttl).isAcquired()).isFalse();
            clock.advance(ttl.plusSeconds(1));                     // worker-a stalls past its TTL
            Lease next = leases.acquire("report", "worker-b", ttl).orThrow();
            assertThat(write(reports, next, "b: whole report").isApplied()).isTrue();

            ConditionalOutcome<Document> late = write(reports, stale, "a: part 2");

            assertThat(late).isInstanceOf(ConditionalOutcome.ConditionFailed.class);
            assertThat(reports.collection().find().first())
                    .containsEntry("text", "b: whole report").containsEntry("fence", next.token());
            assertThat(leases.renew(stale, ttl).isRefused()).isTrue();
            assertThat(leases.release(stale).isRefused()).isTrue();
            assertThat(leases.renew(next, ttl).isRefused()).isFalse();
        }

        /**
         * 8 threads, 15 acquisitions each, on one lease whose TTL a shared clock ends: every fourth
         * holder stalls (moves the clock past its TTL), waits until a later holder has written, and
         * only then writes. The resource accepts a write only with a fence at least the stored one:
         * the accepted tokens are strictly increasing, every stalled write after a takeover is
         * refused, and no acquisition gets a token twice.
         */
        @Test
        void holders_stalled_past_their_ttl_never_get_a_fenced_write_accepted_out_of_token_order(MongoDatabase db)
                throws Exception {
            int threads = 8;
            int acquisitionsPerThread = 15;
            Duration ttl = Duration.ofSeconds(10);
            ManualClock clock = ManualClock.atNow();
            Leases leases = Leases.on(path.assertTakenBy(AtomicCollection.of(db.getCollection("leases_stalled"))))
                    .withClock(clock);
            AtomicCollection<Document> reports = reports(db, "reports_stalled");
            Queue<Long> tokens = new ConcurrentLinkedQueue<>();
            Queue<Long> refused = new ConcurrentLinkedQueue<>();
            Queue<String> wrong = new ConcurrentLinkedQueue<>();
            AtomicInteger stillRunning = new AtomicInteger(threads);
            AtomicInteger stalledNow = new AtomicInteger();

            Concurrency.run(threads, thread -> {
                for (int round = 0; round < acquisitionsPerThread; round++) {
                    LeaseOutcome outcome = leases.acquire("report", "worker-" + thread, ttl);
                    while (!outcome.isAcquired()) {
                        Thread.yield();
                        outcome = leases.acquire("report", "worker-" + thread, ttl);
                    }
                    Lease lease = outcome.orThrow();
                    tokens.add(lease.token());
                    boolean stall = (thread + round) % 4 == 0;
                    boolean overtaken = false;
                    if (stall) {
                        // wait for a later holder's write while some running thread is not stalled too
                        stalledNow.incrementAndGet();
                        clock.advance(ttl.plusSeconds(1));
                        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                        while (!overtaken && stalledNow.get() < stillRunning.get() && System.nanoTime() < deadline) {
                            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));   // pacing, not synchronisation
                            overtaken = fence(reports) > lease.token();
                        }
                        stalledNow.decrementAndGet();
                    }
                    if (writeLogged(reports, lease).isApplied()) {
                        if (overtaken) {
                            wrong.add("stale token " + lease.token() + " accepted after a later holder wrote");
                        }
                        leases.release(lease);
                    } else {
                        refused.add(lease.token());
                    }
                }
                stillRunning.decrementAndGet();
            });

            int total = threads * acquisitionsPerThread;
            List<Long> accepted = reports.collection().find().first().getList("fences", Long.class);
            assertThat(wrong).isEmpty();
            assertThat(tokens).as("one token per acquisition").doesNotHaveDuplicates().hasSize(total);
            assertThat(accepted).as("accepted in token order").isSorted().doesNotHaveDuplicates();
            assertThat(accepted.size() + refused.size()).isEqualTo(total);
            assertThat(refused).as("stalled holders refused").isNotEmpty()
                    .allSatisfy(token -> assertThat(token).isLessThan(accepted.get(accepted.size() - 1)));
        }

        private static long fence(AtomicCollection<Document> reports) {
            Object fence = reports.collection().find().first().get("fence");
            return fence == null ? 0 : ((Number) fence).longValue();
        }

        private static AtomicCollection<Document> reports(MongoDatabase db, String name) {
            MongoCollection<Document> collection = db.getCollection(name);
            collection.insertOne(new Document("_id", "report"));
            return AtomicCollection.of(collection);
        }

        private static ConditionalOutcome<Document> write(AtomicCollection<Document> reports, Lease lease, String text) {
            return reports.updateIf(Conditions.eq("_id", "report"), lease.fence("fence"),
                    lease.stamp(update().set("text", text), "fence"));
        }

        /** {@link #write}, and the accepted token appended to {@code fences}, in the order writes were accepted. */
        private static ConditionalOutcome<Document> writeLogged(AtomicCollection<Document> reports, Lease lease) {
            return reports.updateIf(Conditions.eq("_id", "report"), lease.fence("fence"),
                    lease.stamp(update().set("text", "by " + lease.token()).push("fences", lease.token()), "fence"));
        }
    }
}

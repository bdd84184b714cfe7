package dev.atomicmongo.it.pattern.mailbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.ScheduledExecutorService;
import java.util.Set;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.atomicmongo.it.pattern.PathCases;
import dev.atomicmongo.it.pattern.ServerPath;
import dev.atomicmongo.pattern.mailbox.Mailbox;
import dev.atomicmongo.pattern.mailbox.MailboxEvent;
import dev.atomicmongo.pattern.mailbox.MailboxListener;
import dev.atomicmongo.pattern.mailbox.MailboxSnapshot;
import dev.atomicmongo.pattern.mailbox.MailboxBuilder;
import dev.atomicmongo.pattern.mailbox.MailboxHandler;
import org.junit.jupiter.api.AfterEach;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * 10 entities x 1,000 events posted by 8 threads through 3 competing instances and a fourth that
 * is killed in the middle of a batch (its worker and timer threads freeze, as in a crashed
 * process): every sum is exact, every poster's events are applied in its order, no event is
 * applied twice or lost, the killed runner's batch is taken over after its lock expires, and
 * when the killed runner wakes up its late store is refused. On both paths.
 */
class MailboxStressTest {
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
        private static final int ENTITIES = 10;
        private static final int EVENTS_PER_ENTITY = 1_000;
        private static final int POSTERS = 8;
        private static final int INSTANCES = 3;
        private static final int EVENTS_PER_POSTER = ENTITIES * EVENTS_PER_ENTITY / POSTERS;
        /** Short enough that the killed runner's locks expire soon, long enough for heartbeats on a busy machine. */
        private static final Duration TTL = Duration.ofSeconds(4);
        /** The killed runner's handler call that freezes it. */
        private static final int KILLED_IN_BATCH = 3;

        private final List<Mailbox<Tally, Delta>> mailboxes = new ArrayList<>();
        private final CountDownLatch wakeTheKilled = new CountDownLatch(1);
        private final List<ExecutorService> pools = new ArrayList<>();

        Cases(ServerPath path) {
            super(path);
        }

        @AfterEach
        void cleanUp() {
            wakeTheKilled.countDown();
            mailboxes.forEach(Mailbox::close);
            pools.forEach(ExecutorService::shutdownNow);
        }

        private MailboxBuilder<Tally, Delta> instance(MongoCollection<Document> collection, String owner,
                                                      MailboxHandler<Tally, Delta> handler, MailboxListener listener) {
            return Mailbox.builder(collection, Tally.class, Delta.class)
                    .owner(owner)
                    .initialState(() -> Tally.empty(POSTERS))
                    .handler(handler)
                    .listener(listener)
                    .lockTtl(TTL)
                    .sweepInterval(Duration.ofMillis(100))
                    .batchSize(50);
        }

        private Mailbox<Tally, Delta> build(MailboxBuilder<Tally, Delta> builder) {
            Mailbox<Tally, Delta> mailbox = builder.build();
            mailboxes.add(mailbox);
            return mailbox;
        }

        /** Applies the events in order, noting any poster whose sequence skips or repeats. */
        private static Tally fold(String key, Tally tally, List<MailboxEvent<Delta>> events, Queue<String> violations) {
            Tally next = tally;
            for (MailboxEvent<Delta> event : events) {
                Delta delta = event.event();
                long expected = next.lastSeq().get(delta.poster()) + 1;
                if (delta.seq() != expected) {
                    violations.add(key + ": poster " + delta.poster() + " seq " + delta.seq() + " after " + (expected - 1));
                }
                next = next.plus(delta);
            }
            return next;
        }

        @Test
        void ten_entities_by_a_thousand_events_from_eight_threads_on_three_instances_and_a_killed_one_sum_exactly_in_order()
                throws Exception {
            MongoCollection<Document> collection = path.assertTakenBy(database().getCollection("tallies"));
            Queue<String> orderViolations = new ConcurrentLinkedQueue<>();
            Map<ObjectId, AtomicInteger> storedTimes = new ConcurrentHashMap<>();
            MailboxListener counting = new MailboxListener() {
                @Override
                public void onBatchStored(String key, long token, List<ObjectId> eventIds) {
                    eventIds.forEach(id -> storedTimes.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet());
                }
            };
            List<Mailbox<Tally, Delta>> instances = new ArrayList<>();
            for (int i = 0; i < INSTANCES; i++) {
                instances.add(build(instance(collection, "instance-" + i,
                        (key, tally, events) -> fold(key, tally, events, orderViolations), counting).parallelism(4)));
            }

            // The killed instance: its handler freezes in its third batch, and so do its timer
            // (no heartbeat, no sweep) and its other worker; its posters move to live instances.
            AtomicBoolean killed = new AtomicBoolean();
            AtomicInteger killedCalls = new AtomicInteger();
            Set<ObjectId> frozenBatch = ConcurrentHashMap.newKeySet();
            ScheduledExecutorService killedTimer = Executors.newSingleThreadScheduledExecutor();
            ExecutorService killedWorkers = Executors.newFixedThreadPool(2);
            pools.add(killedTimer);
            pools.add(killedWorkers);
            Mailbox<Tally, Delta> killedInstance = build(instance(collection, "instance-killed", (key, tally, events) -> {
                if (killed.get() || killedCalls.incrementAndGet() == KILLED_IN_BATCH) {
                    if (killed.compareAndSet(false, true)) {
                        events.forEach(e -> frozenBatch.add(e.id()));
                        killedTimer.execute(() -> awaitQuietly(wakeTheKilled));
                    }
                    awaitQuietly(wakeTheKilled);
                    throw new IllegalStateException("killed");
                }
                return fold(key, tally, events, orderViolations);
            }, counting).executor(killedWorkers).scheduler(killedTimer));
            AtomicLongArray expectedSums = new AtomicLongArray(ENTITIES);
            Queue<ObjectId> postedIds = new ConcurrentLinkedQueue<>();
            ExecutorService posters = Executors.newFixedThreadPool(POSTERS);
            pools.add(posters);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();

            for (int p = 0; p < POSTERS; p++) {
                int poster = p;
                done.add(posters.submit(() -> {
                    start.await();
                    long[] seq = new long[ENTITIES];
                    for (int i = 0; i < EVENTS_PER_POSTER; i++) {
                        int entity = (i + poster) % ENTITIES;
                        long amount = ThreadLocalRandom.current().nextLong(1, 100);
                        expectedSums.addAndGet(entity, amount);
                        Mailbox<Tally, Delta> via = poster % 4 == 3 && !killed.get() ? killedInstance
                                : instances.get(poster % INSTANCES);
                        postedIds.add(via.post("entity-" + entity, new Delta(poster, ++seq[entity], amount)));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> poster : done) {
                poster.get(90, TimeUnit.SECONDS);
            }
            Await.until("every event is stored", Duration.ofSeconds(120), () -> instances.get(0).snapshots().stream()
                    .mapToLong(s -> s.state().count()).sum() == (long) ENTITIES * EVENTS_PER_ENTITY);
            instances.forEach(Mailbox::close);

            List<MailboxSnapshot<Tally>> snapshots = instances.get(0).snapshots();
            assertThat(snapshots).hasSize(ENTITIES);
            for (MailboxSnapshot<Tally> snapshot : snapshots) {
                int entity = Integer.parseInt(snapshot.key().substring("entity-".length()));
                assertThat(snapshot.pendingEvents()).isZero();
                assertThat(snapshot.state().count()).as(snapshot.key()).isEqualTo(EVENTS_PER_ENTITY);
                assertThat(snapshot.state().sum()).as(snapshot.key()).isEqualTo(expectedSums.get(entity));
                assertThat(snapshot.state().lastSeq()).as(snapshot.key())
                        .containsExactlyElementsOf(Collections.nCopies(POSTERS, (long) EVENTS_PER_ENTITY / POSTERS));
            }
            assertThat(orderViolations).isEmpty();
            assertThat(storedTimes.keySet()).containsExactlyInAnyOrderElementsOf(postedIds);
            assertThat(storedTimes.values()).allSatisfy(times -> assertThat(times.get()).isEqualTo(1));
            assertThat(killed).as("the killed instance froze in a batch").isTrue();
            assertThat(frozenBatch).as("the frozen batch was taken over and stored once").isNotEmpty()
                    .allSatisfy(id -> assertThat(storedTimes.get(id)).hasValue(1));
            assertThat(instances).allSatisfy(m -> assertThat(m.stats().locksLost()).isZero());
            assertThat(instances.stream().filter(m -> m.stats().batchesStored() > 0).count())
                    .as("instances that stored batches").isGreaterThanOrEqualTo(2);
            assertThat(instances.stream().mapToLong(m -> m.stats().eventsStored()).sum() + killedInstance.stats().eventsStored())
                    .isEqualTo((long) ENTITIES * EVENTS_PER_ENTITY);

            wakeTheKilled.countDown();
            killedInstance.close();
            assertThat(instances.get(0).snapshots()).as("the killed runner, woken, changes nothing").isEqualTo(snapshots);
        }

        static void awaitQuietly(CountDownLatch latch) {
            try {
                latch.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

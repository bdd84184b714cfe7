package dev.atomicmongo.it.pattern.mailbox;

import static dev.atomicmongo.it.pattern.mailbox.MailboxTest.Cases.awaitQuietly;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.atomicmongo.it.pattern.PathCases;
import dev.atomicmongo.it.pattern.ServerPath;
import dev.atomicmongo.it.support.ManualClock;
import dev.atomicmongo.pattern.mailbox.Mailbox;
import dev.atomicmongo.pattern.mailbox.MailboxBuilder;
import dev.atomicmongo.pattern.mailbox.MailboxHandler;
import dev.atomicmongo.pattern.mailbox.MailboxListener;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Runners that stall past their lock's TTL, throw, or crash: the work is finished by another
 * runner or the sweeper, each event applied exactly once, and the stale runner's write refused
 * and reported. Lock expiry is on a clock the test moves by hand, on both the pipeline and the
 * two-step path.
 */
class MailboxRecoveryTest {
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
        private static final Duration TTL = Duration.ofSeconds(10);

        private final MongoDatabase db;
        private final ManualClock clock = ManualClock.atNow();
        private final List<Mailbox<?, ?>> mailboxes = new ArrayList<>();
        private final Queue<String> reports = new ConcurrentLinkedQueue<>();
        private MongoCollection<Document> collection;

        Cases(ServerPath path) {
            super(path);
            this.db = database();
        }

        @BeforeEach
        void freshCollection(TestInfo test) {
            collection = path.assertTakenBy(db.getCollection(test.getTestMethod().orElseThrow().getName()));
        }

        @AfterEach
        void closeMailboxes() {
            mailboxes.forEach(Mailbox::close);
        }

        private Mailbox<Journal, Note> runner(String owner, MailboxHandler<Journal, Note> handler) {
            return runner(owner, handler, Duration.ZERO);
        }

        private Mailbox<Journal, Note> runner(String owner, MailboxHandler<Journal, Note> handler, Duration sweepInterval) {
            MailboxBuilder<Journal, Note> builder = Mailbox.builder(collection, Journal.class, Note.class)
                    .owner(owner)
                    .clock(clock)
                    .lockTtl(TTL)
                    .sweepInterval(sweepInterval)
                    .initialState(Journal::empty)
                    .handler(handler)
                    .listener(new MailboxListener() {
                        @Override
                        public void onLockLost(String key, long token, int events) {
                            reports.add(owner + " lost " + key + " token " + token + " with " + events + " event(s)");
                        }

                        @Override
                        public void onBatchFailed(String key, long token, Throwable error) {
                            reports.add(owner + " failed " + key + " token " + token + ": " + error.getMessage());
                        }
                    });
            Mailbox<Journal, Note> mailbox = builder.build();
            mailboxes.add(mailbox);
            return mailbox;
        }

        private static boolean stored(Mailbox<Journal, Note> mailbox, String key, int events) {
            return mailbox.snapshot(key).map(s -> s.pendingEvents() == 0 && s.state().eventIds().size() == events)
                    .orElse(false);
        }

        @Test
        void a_runner_stalled_past_its_ttl_is_taken_over_and_its_late_write_is_refused_and_reported() {
            CountDownLatch stalled = new CountDownLatch(1);
            CountDownLatch wake = new CountDownLatch(1);
            Mailbox<Journal, Note> stale = runner("runner-a", (key, state, events) -> {
                stalled.countDown();
                awaitQuietly(wake);
                return state.plus(events);
            });
            Mailbox<Journal, Note> rescuer = runner("runner-b", (key, state, events) -> state.plus(events));
            List<String> ids = new ArrayList<>();

            ids.add(stale.post("k", new Note("n0")).toHexString());
            awaitQuietly(stalled);
            for (int i = 1; i < 5; i++) {
                ids.add(stale.post("k", new Note("n" + i)).toHexString());
            }
            assertThat(rescuer.sweep()).as("the stalled runner's lock is still live").isZero();
            clock.advance(TTL.plusSeconds(1));
            assertThat(rescuer.sweep()).isEqualTo(1);
            Await.until("runner-b stored and counted the five events",
                    () -> stored(rescuer, "k", 5) && rescuer.stats().eventsStored() == 5);
            wake.countDown();
            Await.until("runner-a reported its lost lock", () -> stale.stats().locksLost() == 1);

            assertThat(rescuer.snapshot("k").orElseThrow().state().eventIds()).containsExactlyElementsOf(ids);
            assertThat(reports).containsExactly("runner-a lost k token 1 with 1 event(s)");
            assertThat(stale.stats().batchesStored()).isZero();
            assertThat(rescuer.stats().eventsStored()).isEqualTo(5);
            Document lock = collection.find().first().get("lock", Document.class);
            assertThat(lock.get("owner")).isNull();
            assertThat(((Number) lock.get("token")).longValue()).isEqualTo(2);
        }

        /**
         * The failed runner's own next post finds the lock it kept: it must not run the batch again
         * with that token (on the pipeline path the post reads its own name back as the holder;
         * it runs nothing because the post did not take the lock now).
         */
        @Test
        void a_handler_that_throws_keeps_the_lock_and_after_expiry_the_batch_is_applied_once() {
            AtomicBoolean thrown = new AtomicBoolean();
            Mailbox<Journal, Note> failing = runner("runner-a", (key, state, events) -> {
                if (thrown.compareAndSet(false, true)) {
                    throw new IllegalStateException("downstream unavailable");
                }
                return state.plus(events);
            });
            Mailbox<Journal, Note> rescuer = runner("runner-b", (key, state, events) -> state.plus(events));

            String first = failing.post("k", new Note("n0")).toHexString();
            Await.until("the handler failed", () -> failing.stats().batchesFailed() == 1);
            String second = failing.post("k", new Note("n1")).toHexString();
            assertThat(rescuer.sweep()).as("the failed runner keeps its lock until it expires").isZero();
            clock.advance(TTL.plusSeconds(1));
            assertThat(rescuer.sweep()).isEqualTo(1);
            Await.until("runner-b stored both events", () -> stored(rescuer, "k", 2));

            assertThat(rescuer.snapshot("k").orElseThrow().state().eventIds()).containsExactly(first, second);
            assertThat(failing.stats().batchesStored()).as("the failed runner ran no batch again").isZero();
            assertThat(reports).containsExactly("runner-a failed k token 1: downstream unavailable");
        }

        @Test
        void the_sweeper_finishes_the_events_of_a_crashed_runner_without_a_new_post() {
            ObjectId id = new ObjectId();
            collection.insertOne(new Document("_id", "k")
                    .append("events", List.of(new Document("id", id).append("at", new Date())
                            .append("body", new Document("text", "orphan"))))
                    .append("lock", new Document("owner", "crashed-runner").append("token", 7L)
                            .append("until", Date.from(clock.instant().plus(TTL)))));
            Mailbox<Journal, Note> rescuer = runner("runner-b", (key, state, events) -> state.plus(events));

            assertThat(rescuer.sweep()).as("the crashed runner's lock has not expired").isZero();
            clock.advance(TTL);

            assertThat(rescuer.sweep()).isEqualTo(1);
            Await.until("the orphan event is stored", () -> stored(rescuer, "k", 1));
            assertThat(rescuer.snapshot("k").orElseThrow().state())
                    .isEqualTo(new Journal(List.of(id.toHexString()), List.of("orphan")));
            assertThat(((Number) collection.find().first().get("lock", Document.class).get("token")).longValue())
                    .isEqualTo(8);
        }

        @Test
        void the_sweeper_runs_by_itself_on_its_interval() {
            collection.insertOne(new Document("_id", "k")
                    .append("events", List.of(new Document("id", new ObjectId()).append("at", new Date())
                            .append("body", new Document("text", "stranded")))));
            Mailbox<Journal, Note> mailbox = runner("runner-b", (key, state, events) -> state.plus(events),
                    Duration.ofMillis(20));

            Await.until("the sweeper stored the stranded event", () -> stored(mailbox, "k", 1));
        }

        @Test
        void posts_while_another_runner_holds_the_lock_are_left_to_it() {
            CountDownLatch busy = new CountDownLatch(1);
            CountDownLatch finish = new CountDownLatch(1);
            Queue<String> handledBy = new ConcurrentLinkedQueue<>();
            Mailbox<Journal, Note> holder = runner("runner-a", (key, state, events) -> {
                handledBy.add("a:" + events.size());
                busy.countDown();
                awaitQuietly(finish);
                return state.plus(events);
            });
            Mailbox<Journal, Note> other = runner("runner-b", (key, state, events) -> {
                handledBy.add("b:" + events.size());
                return state.plus(events);
            });

            holder.post("k", new Note("first"));
            awaitQuietly(busy);
            for (int i = 0; i < 3; i++) {
                other.post("k", new Note("more-" + i));
            }
            finish.countDown();

            Await.until("all four events are stored", () -> stored(holder, "k", 4));
            assertThat(handledBy).containsExactly("a:1", "a:3");
            assertThat(other.stats().batchesStored()).isZero();
            assertThat(reports).isEmpty();
        }
    }
}

package dev.atomicmongo.it.pattern.mailbox;

import static dev.atomicmongo.it.pattern.mailbox.MailboxTest.Cases.awaitQuietly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.mongodb.MongoCommandException;
import com.mongodb.ServerAddress;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.atomicmongo.DocumentCodecException;
import dev.atomicmongo.it.pattern.PathCases;
import dev.atomicmongo.it.pattern.ServerPath;
import dev.atomicmongo.it.support.ManualClock;
import dev.atomicmongo.pattern.mailbox.DeadLetter;
import dev.atomicmongo.pattern.mailbox.Mailbox;
import dev.atomicmongo.pattern.mailbox.MailboxBuilder;
import dev.atomicmongo.pattern.mailbox.MailboxEvent;
import dev.atomicmongo.pattern.mailbox.MailboxHandler;
import dev.atomicmongo.pattern.mailbox.MailboxListener;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Handlers that throw errors or always fail, posts whose second step fails, and locks waiting for
 * a busy worker: every failure is reported and bounded, nothing is applied twice, nothing is lost.
 * Lock expiry is on a clock the test moves by hand.
 */
class MailboxFailureTest {
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

        /*
         * Only on the fallback path: the two-step post (append, then take the lock) exists only
         * without pipeline updates; with them the append and the lock are one write.
         */
        @Test
        void a_post_whose_event_is_stored_is_accepted_when_taking_the_lock_fails_and_the_sweeper_applies_it_once() {
            AtomicBoolean failLockStep = new AtomicBoolean();
            Mailbox<Journal, Note> mailbox = build(builder(failingFindAndModify(collection, failLockStep), "runner-a",
                    (key, state, events) -> state.plus(events)));
            mailbox.post("warm-up", new Note("probes the server once"));
            assertThat(mailbox.postsInOneRoundTrip()).as("a post on the fallback path takes two steps").isFalse();

            failLockStep.set(true);
            ObjectId id = mailbox.post("k", new Note("stored, lock not taken"));
            failLockStep.set(false);

            assertThat(mailbox.snapshot("k").orElseThrow().pendingEvents()).isEqualTo(1);
            assertThat(mailbox.stats().eventsPosted()).isEqualTo(2);
            assertThat(mailbox.sweep()).isEqualTo(1);
            Await.until("the sweeper's batch stored the event", () -> stored(mailbox, "k", 1));
            assertThat(mailbox.snapshot("k").orElseThrow().state().eventIds()).containsExactly(id.toHexString());
        }

        /** The collection, with every findOneAndUpdate (the lock step of a two-step post) failing while {@code fail} is set. */
        @SuppressWarnings("unchecked")
        private static <T> MongoCollection<T> failingFindAndModify(MongoCollection<T> real, AtomicBoolean fail) {
            return (MongoCollection<T>) Proxy.newProxyInstance(MongoCollection.class.getClassLoader(),
                    new Class<?>[] {MongoCollection.class}, (proxy, method, args) -> {
                        if (fail.get() && method.getName().equals("findOneAndUpdate")) {
                            throw new MongoCommandException(BsonDocument.parse(
                                    "{ok: 0, code: 2, errmsg: 'injected failure of the lock step'}"), new ServerAddress());
                        }
                        Object result;
                        try {
                            result = method.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                        return result instanceof MongoCollection<?> other ? failingFindAndModify(other, fail) : result;
                    });
        }
    }

    /** The cases, run once on each path. */
    abstract static class Cases extends PathCases {
        private static final Duration TTL = Duration.ofSeconds(10);

        private final MongoDatabase db;
        private final ManualClock clock = ManualClock.atNow();
        private final List<Mailbox<?, ?>> mailboxes = new ArrayList<>();
        private final List<ExecutorService> pools = new ArrayList<>();
        private final Queue<String> reports = new ConcurrentLinkedQueue<>();
        MongoCollection<Document> collection;

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
            pools.forEach(ExecutorService::shutdownNow);
        }

        MailboxBuilder<Journal, Note> builder(MongoCollection<Document> on, String owner,
                                                      MailboxHandler<Journal, Note> handler) {
            return Mailbox.builder(on, Journal.class, Note.class)
                    .owner(owner)
                    .clock(clock)
                    .lockTtl(TTL)
                    .sweepInterval(Duration.ZERO)
                    .parallelism(1)
                    .initialState(Journal::empty)
                    .handler(handler)
                    .listener(new MailboxListener() {
                        @Override
                        public void onBatchFailed(String key, long token, Throwable error) {
                            reports.add(owner + " failed " + key + " token " + token + ": " + error);
                        }

                        @Override
                        public void onDeadLettered(String key, long token, List<ObjectId> eventIds, Throwable error) {
                            reports.add(owner + " dead-lettered " + key + " token " + token + " " + eventIds.size()
                                    + " event(s): " + error.getMessage());
                        }

                        @Override
                        public void onLockLost(String key, long token, int events) {
                            reports.add(owner + " lost " + key + " token " + token);
                        }
                    });
        }

        Mailbox<Journal, Note> build(MailboxBuilder<Journal, Note> builder) {
            Mailbox<Journal, Note> mailbox = builder.build();
            mailboxes.add(mailbox);
            return mailbox;
        }

        private Mailbox<Journal, Note> runner(String owner, MailboxHandler<Journal, Note> handler) {
            return build(builder(collection, owner, handler));
        }

        static boolean stored(Mailbox<Journal, Note> mailbox, String key, int events) {
            return mailbox.snapshot(key).map(s -> s.pendingEvents() == 0 && s.state().eventIds().size() == events)
                    .orElse(false);
        }

        private Document entity(String key) {
            return collection.find(new Document("_id", key)).first();
        }

        // ---- errors ---------------------------------------------------------------------------------

        @Test
        void an_assertion_error_in_the_handler_is_reported_counted_and_contained_and_the_batch_is_applied_once_after_expiry() {
            AtomicBoolean thrown = new AtomicBoolean();
            Queue<String> threads = new ConcurrentLinkedQueue<>();
            Mailbox<Journal, Note> failing = runner("runner-a", (key, state, events) -> {
                threads.add(key + "@" + Thread.currentThread().getName());
                if (thrown.compareAndSet(false, true)) {
                    throw new AssertionError("invariant broken");
                }
                return state.plus(events);
            });
            Mailbox<Journal, Note> rescuer = runner("runner-b", (key, state, events) -> state.plus(events));

            String first = failing.post("k", new Note("n0")).toHexString();
            Await.until("the error is counted", () -> failing.stats().batchesFailed() == 1);
            failing.post("other", new Note("on the same worker"));
            Await.until("the only worker thread survived and ran the next key", () -> stored(failing, "other", 1));

            assertThat(reports).containsExactly("runner-a failed k token 1: java.lang.AssertionError: invariant broken");
            assertThat(threads).containsExactly("k@runner-a-worker-1", "other@runner-a-worker-1");
            assertThat(entity("k").get("attempts", Document.class).getInteger("count")).isEqualTo(1);
            assertThat(rescuer.sweep()).as("the failed batch keeps its lock until it expires").isZero();
            clock.advance(TTL.plusSeconds(1));
            assertThat(rescuer.sweep()).isEqualTo(1);
            Await.until("runner-b stored the event", () -> stored(rescuer, "k", 1));
            assertThat(rescuer.snapshot("k").orElseThrow().state().eventIds()).containsExactly(first);
        }

        @Test
        void a_virtual_machine_error_is_reported_and_then_rethrown_to_the_executor() {
            ExecutorService pool = Executors.newSingleThreadExecutor();
            pools.add(pool);
            AtomicReference<Throwable> escaped = new AtomicReference<>();
            CountDownLatch ended = new CountDownLatch(1);
            Mailbox<Journal, Note> mailbox = build(builder(collection, "runner-a", (key, state, events) -> {
                throw new StackOverflowError("deep");
            }).executor(task -> pool.execute(() -> {
                try {
                    task.run();
                } catch (VirtualMachineError e) {
                    escaped.set(e);
                } finally {
                    ended.countDown();
                }
            })));

            mailbox.post("k", new Note("n0"));
            awaitQuietly(ended);

            assertThat(escaped.get()).isInstanceOf(StackOverflowError.class).hasMessage("deep");
            assertThat(reports).containsExactly("runner-a failed k token 1: java.lang.StackOverflowError: deep");
            assertThat(mailbox.stats().batchesFailed()).isEqualTo(1);
            assertThat(entity("k").get("attempts")).as("nothing more is attempted after such an error").isNull();
        }

        // ---- bounded attempts and dead letters ----------------------------------------------------------

        @Test
        void a_batch_that_always_fails_is_dead_lettered_after_exactly_max_attempts_across_instances_and_later_events_go_on() {
            AtomicInteger poisonCalls = new AtomicInteger();
            MailboxHandler<Journal, Note> handler = (key, state, events) -> {
                for (MailboxEvent<Note> event : events) {
                    if (event.event().text().equals("poison")) {
                        poisonCalls.incrementAndGet();
                        throw new IllegalStateException("cannot apply " + event.event().text());
                    }
                }
                return state.plus(events);
            };
            Mailbox<Journal, Note> a = build(builder(collection, "runner-a", handler).batchSize(1).maxAttempts(3));
            Mailbox<Journal, Note> b = build(builder(collection, "runner-b", handler).batchSize(1).maxAttempts(3));

            String ok1 = a.post("k", new Note("ok-1")).toHexString();
            ObjectId poison = a.post("k", new Note("poison"));
            String ok2 = a.post("k", new Note("ok-2")).toHexString();
            Await.until("attempt 1 failed on runner-a", () -> a.stats().batchesFailed() == 1);
            assertThat(entity("k").get("attempts", Document.class))
                    .isEqualTo(new Document("head", poison).append("count", 1));
            clock.advance(TTL.plusSeconds(1));
            assertThat(b.sweep()).isEqualTo(1);
            Await.until("attempt 2 failed on runner-b", () -> b.stats().batchesFailed() == 1);
            assertThat(entity("k").get("attempts", Document.class).getInteger("count")).isEqualTo(2);
            clock.advance(TTL.plusSeconds(1));
            assertThat(a.sweep()).isEqualTo(1);
            Await.until("attempt 3 dead-lettered the batch and ok-2 was stored",
                    () -> a.stats().eventsDeadLettered() == 1 && stored(a, "k", 2));

            assertThat(poisonCalls).hasValue(3);
            assertThat(a.snapshot("k").orElseThrow().state().eventIds()).containsExactly(ok1, ok2);
            List<DeadLetter<Note>> letters = a.deadLetters("k");
            assertThat(letters).hasSize(1);
            DeadLetter<Note> letter = letters.get(0);
            assertThat(letter.events()).extracting(MailboxEvent::id).containsExactly(poison);
            assertThat(letter.events().get(0).event()).isEqualTo(new Note("poison"));
            assertThat(letter.errorType()).isEqualTo(IllegalStateException.class.getName());
            assertThat(letter.errorMessage()).isEqualTo("cannot apply poison");
            assertThat(letter.attempts()).isEqualTo(3);
            assertThat(letter.token()).isEqualTo(3);
            assertThat(letter.at()).isEqualTo(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
            assertThat(reports).containsExactly(
                    "runner-a failed k token 1: java.lang.IllegalStateException: cannot apply poison",
                    "runner-b failed k token 2: java.lang.IllegalStateException: cannot apply poison",
                    "runner-a failed k token 3: java.lang.IllegalStateException: cannot apply poison",
                    "runner-a dead-lettered k token 3 1 event(s): cannot apply poison");
            Document stored = entity("k");
            assertThat(stored.get("attempts")).as("the count goes with the batch").isNull();
            assertThat(stored.getList("events", Object.class)).isEmpty();
            assertThat(stored.get("lock", Document.class).get("owner")).isNull();
            assertThat(a.stats().batchesFailed() + b.stats().batchesFailed()).isEqualTo(3);
            assertThat(b.stats().eventsDeadLettered()).isZero();
            assertThat(b.deadLetters("nobody")).isEmpty();

            assertThat(b.removeDeadLetter("k", letter.id())).isTrue();
            assertThat(a.deadLetters("k")).isEmpty();
            assertThat(a.removeDeadLetter("k", letter.id())).as("already removed").isFalse();
            assertThat(a.snapshot("k").orElseThrow().state().eventIds()).as("the state is untouched").containsExactly(ok1, ok2);
        }

        @Test
        void with_one_attempt_the_first_failure_moves_the_whole_batch_aside() {
            AtomicBoolean once = new AtomicBoolean();
            Mailbox<Journal, Note> mailbox = build(builder(collection, "runner-a", (key, state, events) -> {
                if (once.compareAndSet(false, true)) {
                    throw new IllegalArgumentException();
                }
                return state.plus(events);
            }).maxAttempts(1));

            ObjectId first = mailbox.post("k", new Note("n0"));
            Await.until("the batch is dead-lettered", () -> mailbox.stats().eventsDeadLettered() == 1);
            String second = mailbox.post("k", new Note("n1")).toHexString();
            Await.until("the next event is stored", () -> stored(mailbox, "k", 1));

            assertThat(mailbox.snapshot("k").orElseThrow().state().eventIds()).containsExactly(second);
            assertThat(mailbox.deadLetters("k")).singleElement().satisfies(letter -> {
                assertThat(letter.events()).extracting(MailboxEvent::id).containsExactly(first);
                assertThat(letter.errorMessage()).as("an error without a message").isEmpty();
                assertThat(letter.attempts()).isEqualTo(1);
            });
        }

        @Test
        void an_event_that_does_not_decode_fails_alone_and_is_dead_lettered_while_the_events_around_it_are_stored() {
            ObjectId before = new ObjectId();
            ObjectId bad = new ObjectId();
            ObjectId after = new ObjectId();
            collection.insertOne(new Document("_id", "k").append("events", List.of(
                    new Document("id", before).append("at", new Date()).append("body", new Document("text", "before")),
                    new Document("id", bad).append("at", new Date()).append("body", 42),
                    new Document("id", after).append("at", new Date()).append("body", new Document("text", "after")))));
            AtomicInteger calls = new AtomicInteger();
            Mailbox<Journal, Note> mailbox = build(builder(collection, "runner-a", (key, state, events) -> {
                calls.incrementAndGet();
                return state.plus(events);
            }).maxAttempts(1));

            assertThat(mailbox.sweep()).isEqualTo(1);
            Await.until("both good events are stored", () -> stored(mailbox, "k", 2));

            assertThat(mailbox.snapshot("k").orElseThrow().state().eventIds())
                    .containsExactly(before.toHexString(), after.toHexString());
            assertThat(calls).as("the handler never saw the bad event").hasValue(2);
            assertThat(mailbox.stats().eventsDeadLettered()).isEqualTo(1);
            assertThat(reports).hasSize(2).last().asString().startsWith("runner-a dead-lettered k token 1 1 event(s): "
                    + "Mailbox runner-a: decoding event " + bad + " of 'k' as " + Note.class.getName() + " failed");
            assertThatThrownBy(() -> mailbox.deadLetters("k")).isInstanceOf(DocumentCodecException.class)
                    .hasMessageContaining("decoding a dead-lettered event of 'k'");
            Document letter = entity("k").getList("deadLetters", Document.class).get(0);
            assertThat(letter.getList("events", Document.class)).extracting(e -> e.get("id")).containsExactly(bad);
            assertThat(letter.getString("error")).isEqualTo(DocumentCodecException.class.getName());
        }

        @Test
        void max_attempts_under_one_is_refused_when_configured() {
            MailboxBuilder<Journal, Note> builder = Mailbox.builder(collection, Journal.class, Note.class);

            assertThatThrownBy(() -> builder.maxAttempts(0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Mailbox maxAttempts must be at least 1, got 0");
        }

        // ---- a post whose lock step fails ----------------------------------------------------------------

        // ---- a taken lock waiting for a worker ----------------------------------------------------------

        @Test
        void a_lock_taken_by_a_post_is_renewed_while_its_batch_waits_for_a_busy_executor() {
            Queue<Runnable> held = new ConcurrentLinkedQueue<>();
            ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
            pools.add(timers);
            Mailbox<Journal, Note> waiting = build(builder(collection, "runner-a", (key, state, events) -> state.plus(events))
                    .heartbeatInterval(Duration.ofMillis(20))
                    .executor(held::add)
                    .scheduler(timers));
            Mailbox<Journal, Note> other = runner("runner-b", (key, state, events) -> state.plus(events));
            Date takenUntil = Date.from(clock.instant().plus(TTL));

            String id = waiting.post("k", new Note("queued")).toHexString();
            assertThat(held).hasSize(1);
            assertThat(entity("k").get("lock", Document.class).getDate("until")).isEqualTo(takenUntil);
            clock.advance(Duration.ofSeconds(6));
            Date renewedUntil = Date.from(clock.instant().plus(TTL));
            Await.until("a heartbeat renewed the waiting lock on the moved clock",
                    () -> entity("k").get("lock", Document.class).getDate("until").equals(renewedUntil));
            clock.advance(Duration.ofSeconds(6));

            assertThat(other.sweep()).as("past the first expiry, the renewed lock is still live").isZero();
            held.remove().run();
            assertThat(stored(waiting, "k", 1)).isTrue();
            assertThat(waiting.snapshot("k").orElseThrow().state().eventIds()).containsExactly(id);
            assertThat(waiting.stats().locksLost()).isZero();
            assertThat(reports).isEmpty();
        }
    }
}

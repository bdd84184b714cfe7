package dev.atomicmongo.it.pattern.mailbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.collection.RetryPolicy;
import dev.atomicmongo.it.pattern.PathCases;
import dev.atomicmongo.it.pattern.ServerPath;
import dev.atomicmongo.pattern.mailbox.Mailbox;
import dev.atomicmongo.pattern.mailbox.MailboxHandler;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

class MailboxExecutorTest {
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
        private final MongoDatabase db;
        private MongoCollection<Document> collection;
        private ExecutorService handlers;
        private ScheduledThreadPoolExecutor timers;

        Cases(ServerPath path) {
            super(path);
            this.db = database();
        }

        @BeforeEach
        void fresh(TestInfo test) {
            collection = path.assertTakenBy(db.getCollection(test.getTestMethod().orElseThrow().getName()));
            handlers = Executors.newFixedThreadPool(2, named("user-handler"));
            timers = new ScheduledThreadPoolExecutor(1, named("user-timer"));
            timers.setRemoveOnCancelPolicy(true);
        }

        @AfterEach
        void shutDown() {
            handlers.shutdownNow();
            timers.shutdownNow();
        }

        private static ThreadFactory named(String prefix) {
            AtomicInteger count = new AtomicInteger();
            return r -> {
                Thread thread = new Thread(r, prefix + "-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            };
        }

        private static MailboxHandler<Journal, Note> recording(AtomicReference<String> thread, AtomicInteger timerTasks,
                                                               ScheduledThreadPoolExecutor timers, CountDownLatch handled) {
            return (key, state, events) -> {
                thread.set(Thread.currentThread().getName());
                if (timers != null) {
                    timerTasks.set(timers.getQueue().size());
                }
                handled.countDown();
                return state.plus(events);
            };
        }

        @Test
        void handlers_run_on_the_given_executor_and_heartbeats_on_the_given_scheduler_and_close_shuts_neither_down()
                throws Exception {
            AtomicReference<String> thread = new AtomicReference<>();
            AtomicInteger timerTasks = new AtomicInteger(-1);
            AtomicInteger submitted = new AtomicInteger();
            CountDownLatch handled = new CountDownLatch(1);
            Mailbox<Journal, Note> mailbox = Mailbox.builder(collection, Journal.class, Note.class)
                    .initialState(Journal::empty)
                    .handler(recording(thread, timerTasks, timers, handled))
                    .executor(task -> {
                        submitted.incrementAndGet();
                        handlers.execute(task);
                    })
                    .scheduler(timers)
                    .build();

            mailbox.post("alice", new Note("hello"));

            assertThat(handled.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(thread.get()).startsWith("user-handler-");
            assertThat(submitted.get()).isEqualTo(1);
            assertThat(timerTasks.get()).as("the sweeper and this batch's heartbeat, both on the user's scheduler")
                    .isEqualTo(2);
            mailbox.close();
            assertThat(mailbox.snapshot("alice").orElseThrow().state().texts()).containsExactly("hello");
            assertThat(handlers.isShutdown()).isFalse();
            assertThat(timers.isShutdown()).isFalse();
            assertThat(timers.getQueue()).as("close cancelled the sweeper it scheduled").isEmpty();
            assertThat(handlers.submit(() -> "still running").get(10, TimeUnit.SECONDS)).isEqualTo("still running");
        }

        @Test
        void without_executors_the_mailbox_runs_on_its_own_threads_and_close_ends_them() throws Exception {
            String owner = "own-" + UUID.randomUUID().toString().substring(0, 8);
            AtomicReference<String> thread = new AtomicReference<>();
            CountDownLatch handled = new CountDownLatch(1);
            Mailbox<Journal, Note> mailbox = Mailbox.builder(collection, Journal.class, Note.class)
                    .initialState(Journal::empty)
                    .handler(recording(thread, new AtomicInteger(), null, handled))
                    .owner(owner)
                    .build();

            mailbox.post("alice", new Note("hello"));
            assertThat(handled.await(30, TimeUnit.SECONDS)).isTrue();
            List<Thread> own = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith(owner + "-")).toList();
            mailbox.close();

            assertThat(thread.get()).startsWith(owner + "-worker-");
            assertThat(own).extracting(Thread::getName).anyMatch(name -> name.startsWith(owner + "-timer-"))
                    .anyMatch(name -> name.startsWith(owner + "-worker-"));
            for (Thread t : own) {
                t.join(TimeUnit.SECONDS.toMillis(10));
                assertThat(t.isAlive()).as(t.getName() + " ended").isFalse();
            }
        }

        @Test
        void close_waits_for_a_batch_running_on_the_users_executor() throws Exception {
            CountDownLatch entered = new CountDownLatch(1);
            CountDownLatch finish = new CountDownLatch(1);
            Mailbox<Journal, Note> mailbox = Mailbox.builder(collection, Journal.class, Note.class)
                    .initialState(Journal::empty)
                    .handler((key, state, events) -> {
                        entered.countDown();
                        try {
                            assertThat(finish.await(30, TimeUnit.SECONDS)).isTrue();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return state.plus(events);
                    })
                    .executor(handlers)
                    .scheduler(timers)
                    .build();
            mailbox.post("alice", new Note("hello"));
            assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();

            Thread closer = new Thread(mailbox::close, "closer");
            closer.start();
            Await.until("close waits", () -> closer.getState() == Thread.State.TIMED_WAITING);
            assertThat(mailbox.stats().batchesStored()).isZero();
            finish.countDown();
            closer.join(TimeUnit.SECONDS.toMillis(30));

            assertThat(closer.isAlive()).isFalse();
            assertThat(mailbox.stats().batchesStored()).as("stored before close returned").isEqualTo(1);
            assertThat(mailbox.snapshot("alice").orElseThrow().pendingEvents()).isZero();
        }

        @Test
        void a_mailbox_runs_on_an_atomic_collection_but_refuses_one_in_a_session(MongoClient client) throws Exception {
            AtomicCollection<Document> atomic = AtomicCollection.of(collection).withRetryPolicy(RetryPolicy.none());
            CountDownLatch handled = new CountDownLatch(1);
            try (Mailbox<Journal, Note> mailbox = Mailbox.builder(atomic, Journal.class, Note.class)
                    .initialState(Journal::empty)
                    .handler(recording(new AtomicReference<>(), new AtomicInteger(), null, handled))
                    .build()) {
                mailbox.post("alice", new Note("hello"));
                assertThat(handled.await(30, TimeUnit.SECONDS)).isTrue();
            }
            try (ClientSession session = client.startSession()) {
                assertThatThrownBy(() -> Mailbox.builder(atomic.withSession(session), Journal.class, Note.class))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("Mailbox collection must not run in a session: a mailbox works on many threads and a "
                                + "session belongs to one");
            }
        }

        @Test
        void a_batch_the_executor_rejects_releases_its_lock_and_another_instance_handles_it() throws Exception {
            Mailbox<Journal, Note> rejecting = Mailbox.builder(collection, Journal.class, Note.class)
                    .initialState(Journal::empty)
                    .handler((key, state, events) -> state.plus(events))
                    .executor(task -> {
                        throw new RejectedExecutionException("full");
                    })
                    .scheduler(timers)
                    .owner("rejecting")
                    .build();

            rejecting.post("alice", new Note("hello"));

            Document lock = collection.find().first().get("lock", Document.class);
            assertThat(lock).containsEntry("owner", null).containsEntry("until", null);
            assertThat(rejecting.snapshot("alice").orElseThrow().pendingEvents()).isEqualTo(1);
            rejecting.close();
            CountDownLatch handled = new CountDownLatch(1);
            try (Mailbox<Journal, Note> other = Mailbox.builder(collection, Journal.class, Note.class)
                    .initialState(Journal::empty)
                    .handler(recording(new AtomicReference<>(), new AtomicInteger(), null, handled))
                    .sweepInterval(Duration.ZERO)
                    .build()) {
                assertThat(other.sweep()).isEqualTo(1);
                assertThat(handled.await(30, TimeUnit.SECONDS)).isTrue();
            }
        }
    }
}

package dev.atomicmongo.it.pattern.mailbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.atomicmongo.it.pattern.PathCases;
import dev.atomicmongo.it.pattern.ServerPath;
import dev.atomicmongo.pattern.mailbox.Mailbox;
import dev.atomicmongo.pattern.mailbox.MailboxHandler;
import dev.atomicmongo.pattern.mailbox.MailboxSnapshot;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

class MailboxTest {
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
        private final List<Mailbox<?, ?>> mailboxes = new ArrayList<>();
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

        private Mailbox<Journal, Note> journal(MailboxHandler<Journal, Note> handler, int batchSize) {
            Mailbox<Journal, Note> mailbox = Mailbox.builder(collection, Journal.class, Note.class)
                    .initialState(Journal::empty)
                    .handler(handler)
                    .batchSize(batchSize)
                    .build();
            mailboxes.add(mailbox);
            return mailbox;
        }

        private static boolean settled(Mailbox<Journal, Note> mailbox, String key, int events) {
            return mailbox.snapshot(key).map(s -> s.pendingEvents() == 0 && s.state().texts().size() == events).orElse(false);
        }

        @Test
        void a_posted_event_is_folded_into_the_state_and_leaves_the_queue() {
            Mailbox<Journal, Note> mailbox = journal((key, state, events) -> state.plus(events), 100);

            ObjectId id = mailbox.post("alice", new Note("hello"));

            Await.until("alice's event is stored and counted", () -> settled(mailbox, "alice", 1)
                    && mailbox.stats().eventsStored() == 1);
            assertThat(mailbox.snapshot("alice")).contains(new MailboxSnapshot<>("alice",
                    new Journal(List.of(id.toHexString()), List.of("hello")), 0));
            Document stored = collection.find().first();
            assertThat(stored.keySet()).containsExactly("_id", "events", "lock", "state");
            assertThat(stored.getList("events", Document.class)).isEmpty();
            assertThat(stored.get("lock", Document.class)).containsEntry("owner", null).containsEntry("until", null);
            assertThat(mailbox.stats().eventsPosted()).isEqualTo(1);
            assertThat(mailbox.stats().eventsStored()).isEqualTo(1);
        }

        @Test
        void batches_never_exceed_the_batch_size_and_keep_the_order_of_posts() throws Exception {
            CountDownLatch allPosted = new CountDownLatch(1);
            Queue<List<String>> batches = new ConcurrentLinkedQueue<>();
            Mailbox<Journal, Note> mailbox = journal((key, state, events) -> {
                awaitQuietly(allPosted);
                batches.add(events.stream().map(e -> e.event().text()).toList());
                return state.plus(events);
            }, 3);
            List<String> posted = new ArrayList<>();

            for (int i = 0; i < 10; i++) {
                posted.add("note-" + i);
                mailbox.post("bob", new Note("note-" + i));
            }
            allPosted.countDown();

            Await.until("bob's 10 events are stored", () -> settled(mailbox, "bob", 10));
            assertThat(batches).allSatisfy(batch -> assertThat(batch).hasSizeBetween(1, 3));
            assertThat(batches.stream().flatMap(List::stream).toList()).containsExactlyElementsOf(posted);
            assertThat(mailbox.snapshot("bob").orElseThrow().state().texts()).containsExactlyElementsOf(posted);
        }

        @Test
        void first_posts_racing_on_a_new_key_create_one_document_and_lose_no_event() throws Exception {
            Mailbox<Journal, Note> mailbox = journal((key, state, events) -> state.plus(events), 100);
            int threads = 8;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<ObjectId>> posts = new ArrayList<>();

            for (int t = 0; t < threads; t++) {
                String text = "first-" + t;
                posts.add(pool.submit(() -> {
                    start.await();
                    return mailbox.post("new-key", new Note(text));
                }));
            }
            start.countDown();
            List<String> ids = new ArrayList<>();
            for (Future<ObjectId> post : posts) {
                ids.add(post.get(30, TimeUnit.SECONDS).toHexString());
            }
            pool.shutdown();

            Await.until("the 8 racing events are stored", () -> settled(mailbox, "new-key", threads));
            assertThat(collection.countDocuments()).isEqualTo(1);
            assertThat(mailbox.snapshot("new-key").orElseThrow().state().eventIds()).containsExactlyInAnyOrderElementsOf(ids);
        }

        @Test
        void dollar_strings_and_dotted_keys_in_events_reach_the_handler_unchanged() {
            Queue<Document> seen = new ConcurrentLinkedQueue<>();
            Mailbox<Document, Document> mailbox = Mailbox.builder(collection, Document.class, Document.class)
                    .initialState(Document::new)
                    .handler((key, state, events) -> {
                        events.forEach(e -> seen.add(e.event()));
                        return new Document("last", events.get(events.size() - 1).event());
                    })
                    .build();
            mailboxes.add(mailbox);
            Document tricky = new Document("price", "$100").append("path", "$$NOW")
                    .append("nested", new Document("a.b", 1).append("$x", "$y"));

            mailbox.post("carol", tricky);

            Await.until("carol's event is stored", () -> mailbox.snapshot("carol").map(s -> s.pendingEvents() == 0
                    && s.state().containsKey("last")).orElse(false));
            assertThat(seen).containsExactly(tricky);
            assertThat(mailbox.snapshot("carol").orElseThrow().state()).isEqualTo(new Document("last", tricky));
        }

        @Test
        void snapshots_list_every_entity_by_key_with_its_pending_count() throws Exception {
            CountDownLatch hold = new CountDownLatch(1);
            Mailbox<Journal, Note> mailbox = journal((key, state, events) -> {
                if (key.equals("held")) {
                    awaitQuietly(hold);
                }
                return state.plus(events);
            }, 1);

            mailbox.post("zed", new Note("z"));
            mailbox.post("held", new Note("h1"));
            mailbox.post("held", new Note("h2"));
            Await.until("zed is stored", () -> settled(mailbox, "zed", 1));

            List<MailboxSnapshot<Journal>> snapshots = mailbox.snapshots();
            hold.countDown();

            assertThat(snapshots).extracting(MailboxSnapshot::key).containsExactly("held", "zed");
            assertThat(snapshots.get(0).pendingEvents()).isEqualTo(2);
            assertThat(snapshots.get(0).state()).isEqualTo(Journal.empty());
            assertThat(mailbox.snapshot("nobody")).isEmpty();
            Await.until("held is stored", () -> settled(mailbox, "held", 2));
        }

        @Test
        void close_waits_for_the_running_batch_then_refuses_posts() {
            CountDownLatch entered = new CountDownLatch(1);
            CountDownLatch finish = new CountDownLatch(1);
            Mailbox<Journal, Note> mailbox = journal((key, state, events) -> {
                entered.countDown();
                awaitQuietly(finish);
                return state.plus(events);
            }, 100);
            mailbox.post("dave", new Note("slow"));
            awaitQuietly(entered);

            Thread closer = new Thread(mailbox::close);
            closer.start();
            Await.until("close() has stopped taking posts", () -> {
                try {
                    mailbox.post("dave", new Note("too late"));
                    return false;
                } catch (IllegalStateException refused) {
                    return true;
                }
            });
            assertThat(closer.isAlive()).as("close() waits for the running batch").isTrue();
            finish.countDown();
            Await.until("close() returned", () -> !closer.isAlive());

            assertThat(mailbox.snapshot("dave").orElseThrow().state().texts()).containsExactly("slow");
            assertThatThrownBy(() -> mailbox.post("dave", new Note("x")))
                    .isInstanceOf(IllegalStateException.class).hasMessage("Mailbox " + mailbox.owner() + " is closed");
        }

        @Test
        void the_builder_refuses_missing_parts_and_bad_settings() {
            var builder = Mailbox.builder(collection, Journal.class, Note.class);
            assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class)
                    .hasMessage("Mailbox needs a handler: call handler(...)");
            builder.handler((key, state, events) -> state);
            assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class)
                    .hasMessage("Mailbox needs an initial state: call initialState(...)");
            builder.initialState(Journal::empty).lockTtl(Duration.ofSeconds(1)).heartbeatInterval(Duration.ofSeconds(1));
            assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class)
                    .hasMessage("Mailbox heartbeatInterval (PT1S) must be shorter than lockTtl (PT1S)");
            assertThatThrownBy(() -> builder.batchSize(0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Mailbox batchSize must be between 1 and 10000, got 0");
            assertThatThrownBy(() -> builder.lockTtl(Duration.ofMillis(5))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Mailbox lockTtl must be between 10 ms and 100 years, got PT0.005S");
            Duration absurd = Duration.ofSeconds(Long.MAX_VALUE);
            assertThatThrownBy(() -> builder.lockTtl(absurd)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("Mailbox lockTtl must be between 10 ms and 100 years");
            assertThatThrownBy(() -> builder.heartbeatInterval(absurd)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> builder.sweepInterval(absurd)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> builder.shutdownTimeout(absurd)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> builder.owner(" ")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Mailbox owner must not be blank");
            Mailbox<Journal, Note> mailbox = journal((key, state, events) -> state, 1);
            assertThatThrownBy(() -> mailbox.post("", new Note("x"))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Mailbox key must not be blank");
            assertThatThrownBy(() -> mailbox.post("k", null)).isInstanceOf(NullPointerException.class)
                    .hasMessage("event");
            assertThat(collection.countDocuments()).isZero();
        }

        static void awaitQuietly(CountDownLatch latch) {
            try {
                if (!latch.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("latch not released in 60 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}

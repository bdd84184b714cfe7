package dev.atomicmongo.it.pattern.mailbox;

import static dev.atomicmongo.it.pattern.mailbox.MailboxTest.Cases.awaitQuietly;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.atomicmongo.it.pattern.PathCases;
import dev.atomicmongo.it.pattern.ServerPath;
import dev.atomicmongo.pattern.mailbox.Mailbox;
import dev.atomicmongo.pattern.mailbox.MailboxHandler;
import org.bson.Document;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Real time, a short TTL: the heartbeat keeps the lock of a batch that runs for three TTLs alive
 * (on the server clock where pipelines run, else the client clock).
 */
class MailboxHeartbeatTest {
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
        private static final Duration TTL = Duration.ofSeconds(1);

        Cases(ServerPath path) {
            super(path);
        }

        @Test
        void a_batch_running_for_several_ttls_keeps_its_lock_by_heartbeat(MongoDatabase db) {
            MongoCollection<Document> collection = db.getCollection("journals");
            CountDownLatch running = new CountDownLatch(1);
            CountDownLatch finish = new CountDownLatch(1);
            Mailbox<Journal, Note> slow = mailbox(collection, "slow-runner", (key, state, events) -> {
                running.countDown();
                awaitQuietly(finish);
                return state.plus(events);
            });
            Mailbox<Journal, Note> other = mailbox(collection, "other-runner", (key, state, events) -> state.plus(events));
            try {
                slow.post("k", new Note("long job"));
                awaitQuietly(running);

                long until = System.nanoTime() + TTL.multipliedBy(3).toNanos();
                int sweeps = 0;
                while (System.nanoTime() < until) {
                    assertThat(other.sweep()).as("sweep %d while the heartbeat renews", sweeps++).isZero();
                    LockSupport.parkNanos(Duration.ofMillis(10).toNanos());   // pacing, not synchronisation
                }
                finish.countDown();

                Await.until("the long batch is stored and counted", () -> slow.snapshot("k")
                        .map(s -> s.pendingEvents() == 0 && s.state().texts().size() == 1).orElse(false)
                        && slow.stats().batchesStored() == 1);
                assertThat(slow.stats().locksLost()).isZero();
                assertThat(slow.stats().batchesStored()).isEqualTo(1);
                assertThat(other.stats().batchesStored()).isZero();
            } finally {
                finish.countDown();
                slow.close();
                other.close();
            }
        }

        private static Mailbox<Journal, Note> mailbox(MongoCollection<Document> collection, String owner,
                                                      MailboxHandler<Journal, Note> handler) {
            return Mailbox.builder(collection, Journal.class, Note.class)
                    .owner(owner)
                    .lockTtl(TTL)
                    .heartbeatInterval(Duration.ofMillis(100))
                    .sweepInterval(Duration.ZERO)
                    .initialState(Journal::empty)
                    .handler(handler)
                    .build();
        }
    }
}

package dev.atomicmongo.it.pattern.mailbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.atomicmongo.it.pattern.PathCases;
import dev.atomicmongo.it.pattern.ServerPath;
import dev.atomicmongo.pattern.mailbox.Mailbox;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Lock expiry without a configured clock: on the server's clock ({@code $$NOW}) on the pipeline
 * path, on the client's ({@code Instant.now()}) on the fallback path; the same recovery on both.
 */
class MailboxServerClockTest {
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
        Cases(ServerPath path) {
            super(path);
        }

        @Test
        void a_crashed_runners_lock_expires_on_the_servers_clock_or_without_pipelines_the_clients(MongoDatabase db) {
            MongoCollection<Document> collection = db.getCollection("journals");
            ObjectId orphan = new ObjectId();
            collection.insertOne(new Document("_id", "k")
                    .append("events", List.of(new Document("id", orphan).append("at", new Date())
                            .append("body", new Document("text", "orphan"))))
                    .append("lock", new Document("owner", "crashed-runner").append("token", 3L)
                            .append("until", Date.from(Instant.now().plusMillis(300)))));
            try (Mailbox<Journal, Note> mailbox = Mailbox.builder(collection, Journal.class, Note.class)
                    .owner("rescuer")
                    .lockTtl(Duration.ofSeconds(5))
                    .sweepInterval(Duration.ofMillis(20))
                    .initialState(Journal::empty)
                    .handler((key, state, events) -> state.plus(events))
                    .build()) {
                assertThat(mailbox.postsInOneRoundTrip()).as("the %s", path).isEqualTo(path.pipelines());
                ObjectId posted = mailbox.post("k", new Note("$literal looking"));

                Await.until("the sweeper took over after the clock passed the lock", () -> mailbox.snapshot("k")
                        .map(s -> s.pendingEvents() == 0 && s.state().eventIds().size() == 2).orElse(false));
                assertThat(mailbox.snapshot("k").orElseThrow().state()).isEqualTo(new Journal(
                        List.of(orphan.toHexString(), posted.toHexString()), List.of("orphan", "$literal looking")));
                assertThat(((Number) collection.find().first().get("lock", Document.class).get("token")).longValue())
                        .isEqualTo(4);
            }
        }
    }
}

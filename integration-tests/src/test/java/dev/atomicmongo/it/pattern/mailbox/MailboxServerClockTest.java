package dev.atomicmongo.it.pattern.mailbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.atomicmongo.Capability;
import dev.atomicmongo.pattern.mailbox.Mailbox;
import dev.atomicmongo.test.MongoTest;
import dev.atomicmongo.test.RequiresCapability;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

/** Lock expiry on the server's clock ({@code $$NOW}), which needs pipeline updates. */
@MongoTest
class MailboxServerClockTest {

    @Test
    @RequiresCapability(Capability.PIPELINE_UPDATES)
    void posts_take_one_round_trip_path_and_a_crashed_runners_lock_expires_on_the_server_clock(MongoDatabase db) {
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
            assertThat(mailbox.postsInOneRoundTrip()).isTrue();
            ObjectId posted = mailbox.post("k", new Note("$literal looking"));

            Await.until("the sweeper took over after the server's clock passed the lock", () -> mailbox.snapshot("k")
                    .map(s -> s.pendingEvents() == 0 && s.state().eventIds().size() == 2).orElse(false));
            assertThat(mailbox.snapshot("k").orElseThrow().state()).isEqualTo(new Journal(
                    List.of(orphan.toHexString(), posted.toHexString()), List.of("orphan", "$literal looking")));
            assertThat(((Number) collection.find().first().get("lock", Document.class).get("token")).longValue())
                    .isEqualTo(4);
        }
    }
}

package dev.atomicmongo.it.pattern.mailbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.mongodb.client.MongoCollection;
import dev.atomicmongo.collection.OperationId;
import dev.atomicmongo.pattern.mailbox.Mailbox;
import dev.atomicmongo.test.TestMongo;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code post} with a producer's event id, on the pipeline path (one round trip) and on the two-step path. */
class MailboxPostOnceTest {
    private final List<Mailbox<?, ?>> mailboxes = new ArrayList<>();

    @AfterEach
    void closeMailboxes() {
        mailboxes.forEach(Mailbox::close);
    }

    private Mailbox<Journal, Note> journal(TestMongo mongo, String name) {
        MongoCollection<Document> collection = mongo.freshDatabase("postOnce").getCollection(name);
        Mailbox<Journal, Note> mailbox = Mailbox.builder(collection, Journal.class, Note.class)
                .initialState(Journal::empty)
                .handler((key, state, events) -> state.plus(events))
                .build();
        mailboxes.add(mailbox);
        return mailbox;
    }

    private static void postsEachEventIdOnce(Mailbox<Journal, Note> mailbox) {
        Optional<ObjectId> first = mailbox.post("alice", new Note("hello"), OperationId.of("evt-1"));
        Await.until("the first event is folded", () -> mailbox.snapshot("alice")
                .map(s -> s.pendingEvents() == 0 && s.state().texts().size() == 1).orElse(false));
        Optional<ObjectId> redelivered = mailbox.post("alice", new Note("hello"), OperationId.of("evt-1"));
        Optional<ObjectId> other = mailbox.post("alice", new Note("again"), OperationId.of("evt-2"));
        Optional<ObjectId> firstForBob = mailbox.post("bob", new Note("hi"), OperationId.of("evt-1"));

        assertThat(first).isPresent();
        assertThat(redelivered).isEmpty();
        assertThat(other).isPresent();
        assertThat(firstForBob).as("ids are per entity").isPresent();
        Await.until("every stored event is folded", () -> mailbox.snapshot("alice")
                .map(s -> s.pendingEvents() == 0 && s.state().texts().size() == 2).orElse(false));
        assertThat(mailbox.snapshot("alice").orElseThrow().state().texts()).containsExactly("hello", "again");
        assertThat(mailbox.stats().eventsPosted()).isEqualTo(3);
    }

    @Test
    void a_redelivered_event_id_is_stored_once_with_pipeline_updates() {
        Mailbox<Journal, Note> mailbox = journal(TestMongo.shared(), "pipeline");
        assertThat(mailbox.postsInOneRoundTrip()).isTrue();
        postsEachEventIdOnce(mailbox);
    }

    @Test
    void a_redelivered_event_id_is_stored_once_in_two_steps_without_pipeline_updates() {
        Mailbox<Journal, Note> mailbox = journal(TestMongo.sharedPlainEmbedded(), "twoSteps");
        assertThat(mailbox.postsInOneRoundTrip()).isFalse();
        postsEachEventIdOnce(mailbox);
    }
}

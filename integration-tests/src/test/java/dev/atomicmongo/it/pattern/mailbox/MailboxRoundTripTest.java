package dev.atomicmongo.it.pattern.mailbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.atomicmongo.Capability;
import dev.atomicmongo.pattern.mailbox.Mailbox;
import dev.atomicmongo.test.CommandRecorder;
import dev.atomicmongo.test.MongoTest;
import dev.atomicmongo.test.RequiresCapability;
import dev.atomicmongo.test.TestMongo;
import org.junit.jupiter.api.Test;

/** The commands a post sends from the posting thread (the batch that follows runs on a worker). */
@MongoTest
class MailboxRoundTripTest {

    @Test
    @RequiresCapability(Capability.PIPELINE_UPDATES)
    void with_pipeline_updates_a_post_is_one_findAndModify(TestMongo mongo, MongoDatabase db) {
        assertThat(commandsOfOnePost(mongo, db, "one_step")).containsExactly("findAndModify");
    }

    /** On the plain embedded server, which has no pipeline updates, whatever server the suite runs on. */
    @Test
    void without_pipeline_updates_a_post_is_an_update_then_a_findAndModify() {
        TestMongo plain = TestMongo.sharedPlainEmbedded();
        assertThat(commandsOfOnePost(plain, plain.freshDatabase("MailboxRoundTripTest"), "two_steps"))
                .containsExactly("update", "findAndModify");
    }

    private static List<String> commandsOfOnePost(TestMongo mongo, MongoDatabase db, String collectionName) {
        CommandRecorder commands = new CommandRecorder();
        try (MongoClient client = mongo.newClient(commands); Mailbox<Journal, Note> mailbox = Mailbox.builder(
                client.getDatabase(db.getName()).getCollection(collectionName), Journal.class, Note.class)
                .initialState(Journal::empty)
                .handler((key, state, events) -> state.plus(events))
                .build()) {
            mailbox.post("warm-up", new Note("probes the server once"));

            return commands.duringOnThisThread(() -> mailbox.post("alice", new Note("counted")));
        }
    }
}

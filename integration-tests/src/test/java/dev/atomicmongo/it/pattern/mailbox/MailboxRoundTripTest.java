package dev.atomicmongo.it.pattern.mailbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.atomicmongo.it.pattern.PathCases;
import dev.atomicmongo.it.pattern.ServerPath;
import dev.atomicmongo.pattern.mailbox.Mailbox;
import dev.atomicmongo.test.CommandRecorder;
import dev.atomicmongo.test.TestMongo;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The commands a post sends from the posting thread (the batch that follows runs on a worker). */
class MailboxRoundTripTest {
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

        /** One findAndModify with pipeline updates; without, an update ($push) and then a findAndModify taking the lock. */
        @Test
        void a_post_is_one_findAndModify_with_pipeline_updates_else_an_update_then_a_findAndModify(TestMongo mongo,
                                                                                                   MongoDatabase db) {
            assertThat(commandsOfOnePost(mongo, db, "posts")).containsExactlyElementsOf(path.pipelines()
                    ? List.of("findAndModify") : List.of("update", "findAndModify"));
        }

        private List<String> commandsOfOnePost(TestMongo mongo, MongoDatabase db, String collectionName) {
            CommandRecorder commands = new CommandRecorder();
            try (MongoClient client = mongo.newClient(commands); Mailbox<Journal, Note> mailbox = Mailbox.builder(
                    client.getDatabase(db.getName()).getCollection(collectionName), Journal.class, Note.class)
                    .initialState(Journal::empty)
                    .handler((key, state, events) -> state.plus(events))
                    .build()) {
                mailbox.post("warm-up", new Note("probes the server once"));
                assertThat(mailbox.postsInOneRoundTrip()).as("the %s", path).isEqualTo(path.pipelines());

                return commands.duringOnThisThread(() -> mailbox.post("alice", new Note("counted")));
            }
        }
    }
}

package dev.atomicmongo.it;

import static dev.atomicmongo.update.UpdateBuilder.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoClient;
import dev.atomicmongo.MongoOperationException;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.it.support.UnreachableServer;
import dev.atomicmongo.filter.Conditions;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A server that does not answer: every failure is typed, transient, and never taken for a missing capability. */
class UnreachableServerIT {
    private MongoClient client;
    private AtomicCollection<Document> events;

    @BeforeEach
    void connectToAPortNobodyListensOn() {
        client = UnreachableServer.client(200);
        events = AtomicCollection.of(client.getDatabase("unreachable").getCollection("events"));
    }

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void the_capability_probe_without_an_answer_throws_and_is_asked_again_next_time() {
        for (int call = 0; call < 2; call++) {
            assertThatThrownBy(events::supportsPipelineUpdates)
                    .isInstanceOfSatisfying(MongoOperationException.class, e -> assertThat(e.isTransient()).isTrue())
                    .hasMessageStartingWith("the pipeline-update probe on unreachable.events failed: ");
        }
    }

    @Test
    void an_update_fails_with_a_transient_operation_exception() {
        assertThatThrownBy(() -> events.updateOne(Conditions.eq("_id", 1), update().inc("n", 1)))
                .isInstanceOfSatisfying(MongoOperationException.class, e -> assertThat(e.isTransient()).isTrue())
                .hasMessageStartingWith("updateOne on unreachable.events failed: ");
    }

    @Test
    void a_read_fails_with_a_transient_operation_exception() {
        assertThatThrownBy(() -> events.findOne(Conditions.eq("_id", 1)))
                .isInstanceOfSatisfying(MongoOperationException.class, e -> assertThat(e.isTransient()).isTrue())
                .hasMessageStartingWith("find on unreachable.events failed: ");
    }

    @Test
    void upsertByField_fails_after_one_server_selection_timeout_not_two() throws Exception {
        long timeoutMillis = 1500;
        try (MongoClient slow = UnreachableServer.client(timeoutMillis)) {
            AtomicCollection<Document> keyed = AtomicCollection.of(slow.getDatabase("unreachable").getCollection("keyed"));

            for (int call = 0; call < 2; call++) {
                long start = System.nanoTime();
                assertThatThrownBy(() -> keyed.upsertByField("url", "u", java.util.Map.of("n", 1)))
                        .isInstanceOfSatisfying(MongoOperationException.class, e -> assertThat(e.isTransient()).isTrue())
                        .hasMessageStartingWith("upsertByField on unreachable.keyed (listing indexes) failed: ");
                long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertThat(elapsedMillis).as("one selection timeout, not two").isLessThan(2 * timeoutMillis - 100);
            }
        }
    }

    @Test
    void transactions_against_a_server_that_does_not_answer_fail_typed_and_transient() {
        dev.atomicmongo.pattern.transaction.Transactions transactions =
                dev.atomicmongo.pattern.transaction.Transactions.of(client, client.getDatabase("unreachable"));

        assertThatThrownBy(() -> transactions.inTransaction(session -> 1))
                .isInstanceOfSatisfying(MongoOperationException.class, e -> assertThat(e.isTransient()).isTrue())
                .hasMessageStartingWith("hello to the server of database unreachable failed: ");
    }

    @Test
    void transactions_on_a_closed_client_fail_as_ClientClosedException() {
        dev.atomicmongo.pattern.transaction.Transactions transactions =
                dev.atomicmongo.pattern.transaction.Transactions.of(client, client.getDatabase("unreachable"));
        client.close();

        assertThatThrownBy(() -> transactions.inTransaction(session -> 1))
                .isInstanceOf(dev.atomicmongo.ClientClosedException.class);
    }
}

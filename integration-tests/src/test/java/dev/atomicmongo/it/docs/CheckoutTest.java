package dev.atomicmongo.it.docs;

import static dev.atomicmongo.filter.Conditions.eq;
import static dev.atomicmongo.update.UpdateBuilder.update;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.atomicmongo.Capability;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.test.CommandRecorder;
import dev.atomicmongo.test.MongoTest;
import dev.atomicmongo.test.RequiresCapability;
import dev.atomicmongo.test.TestMongo;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** The test class of docs/testing.md, as written there, and its round-trip count. */
@MongoTest
class CheckoutTest {
    private final AtomicCollection<Document> carts;

    CheckoutTest(MongoDatabase db) {                 // a fresh database per test class
        carts = AtomicCollection.of(db.getCollection("carts"));
    }

    @Test
    void adds_an_item_once() {
        carts.upsertOne(eq("_id", "c1"), update().addToSet("items", "book"));
        carts.upsertOne(eq("_id", "c1"), update().addToSet("items", "book"));
        assertThat(carts.findOne(eq("_id", "c1")).orElseThrow().getList("items", String.class))
                .containsExactly("book");
    }

    @Test
    @RequiresCapability(Capability.PIPELINE_UPDATES)  // skipped, naming it, where the server lacks it
    void sends_pipeline_updates() {
        assertThat(carts.supportsPipelineUpdates()).isTrue();
    }

    @Test
    void an_update_is_one_round_trip(TestMongo mongo) {
        CommandRecorder commands = new CommandRecorder();
        try (MongoClient client = mongo.newClient(commands)) {
            AtomicCollection<Document> events = AtomicCollection.of(client.getDatabase("db").getCollection("events"));
            assertThat(commands.during(() -> events.updateOne(eq("_id", 1), update().inc("n", 1))))
                    .containsExactly("update");
        }
    }
}

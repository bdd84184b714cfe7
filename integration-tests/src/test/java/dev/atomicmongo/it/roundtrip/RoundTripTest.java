package dev.atomicmongo.it.roundtrip;

import static dev.atomicmongo.update.UpdateBuilder.update;
import static dev.atomicmongo.update.PipelineUpdate.pipeline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReturnDocument;
import dev.atomicmongo.MissingCapabilityException;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.collection.Capability;
import dev.atomicmongo.collection.ConditionalOutcome;
import dev.atomicmongo.collection.UpsertOutcome;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.test.MongoTest;
import dev.atomicmongo.test.RequiresCapability;
import dev.atomicmongo.test.TestMongo;
import dev.atomicmongo.update.Expr;
import dev.atomicmongo.update.PipelineUpdate;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * How many commands each operation sends, counted with the driver's {@code CommandListener}
 * (handshake and monitoring commands left out): the minimum the docs promise, asserted as the
 * exact list of command names. Documents are prepared through the shared client, which is not
 * counted.
 *
 * <p>TODO(issue 3, patterns): when the patterns land, add booking (1 when booked, 2 when refused:
 * the classifying read), versioned update (1), counter change returning the new value (1) and
 * rate limiter (1). TODO(issue 4, mailbox/lease): lease acquire (1) and mailbox post (1) with
 * pipeline updates under {@code @RequiresCapability(Capability.PIPELINE_UPDATES)}, and their
 * count without pipeline updates. docs/benchmarks.md and benchmarks/README.md list them as pending.
 */
@MongoTest
class RoundTripTest {
    private final CommandCounter commands = new CommandCounter();
    private MongoClient client;
    private MongoDatabase counted;
    private MongoDatabase uncounted;
    private String collectionName;

    @BeforeEach
    void connect(TestMongo mongo, MongoDatabase db, TestInfo test) {
        client = mongo.newClient(commands);
        uncounted = db;
        counted = client.getDatabase(db.getName());
        collectionName = test.getTestMethod().orElseThrow().getName();
    }

    @AfterEach
    void disconnect() {
        client.close();
    }

    /** The collection through the counting client. */
    private AtomicCollection<Document> events() {
        return AtomicCollection.of(counted.getCollection(collectionName));
    }

    /** The same collection through the shared client, for setting up and reading back uncounted. */
    private MongoCollection<Document> setUp() {
        return uncounted.getCollection(collectionName);
    }

    @Test
    void updateOne_takes_one_round_trip() {
        setUp().insertOne(new Document("_id", 1).append("sold", 0));
        AtomicCollection<Document> events = events();

        assertThat(commands.during(() -> events.updateOne(Conditions.eq("_id", 1), update().inc("sold", 1))))
                .containsExactly("update");
        assertThat(setUp().find().first()).containsEntry("sold", 1);
    }

    @Test
    void upsertOne_takes_one_round_trip_when_it_inserts() {
        AtomicCollection<Document> events = events();

        assertThat(commands.during(() -> events.upsertOne(Conditions.eq("_id", 1), update().inc("sold", 1))))
                .containsExactly("update");
        assertThat(setUp().countDocuments()).isEqualTo(1);
    }

    @Test
    void updateMany_takes_one_round_trip_for_many_documents() {
        setUp().insertMany(java.util.List.of(new Document("_id", 1), new Document("_id", 2), new Document("_id", 3)));
        AtomicCollection<Document> events = events();

        assertThat(commands.during(() -> events.updateMany(Conditions.exists("_id"), update().set("seen", true))))
                .containsExactly("update");
        assertThat(setUp().countDocuments(new Document("seen", true))).isEqualTo(3);
    }

    @Test
    void updateIf_takes_one_round_trip_when_the_condition_holds() {
        setUp().insertOne(new Document("_id", 1).append("sold", 0).append("capacity", 1));
        AtomicCollection<Document> events = events();
        AtomicReference<ConditionalOutcome<Document>> outcome = new AtomicReference<>();

        assertThat(commands.during(() -> outcome.set(events.updateIf(Conditions.eq("_id", 1),
                Conditions.field("sold").lt(Conditions.field("capacity")), update().inc("sold", 1)))))
                .containsExactly("update");
        assertThat(outcome.get()).isInstanceOf(ConditionalOutcome.Applied.class);
    }

    @Test
    void updateIf_takes_two_round_trips_when_the_condition_fails_the_second_being_the_classifying_read() {
        setUp().insertOne(new Document("_id", 1).append("sold", 1).append("capacity", 1));
        AtomicCollection<Document> events = events();
        AtomicReference<ConditionalOutcome<Document>> outcome = new AtomicReference<>();

        assertThat(commands.during(() -> outcome.set(events.updateIf(Conditions.eq("_id", 1),
                Conditions.field("sold").lt(Conditions.field("capacity")), update().inc("sold", 1)))))
                .containsExactly("update", "find");
        assertThat(outcome.get()).isInstanceOf(ConditionalOutcome.ConditionFailed.class);
    }

    @Test
    void updateIf_takes_two_round_trips_when_the_document_is_missing() {
        AtomicCollection<Document> events = events();
        AtomicReference<ConditionalOutcome<Document>> outcome = new AtomicReference<>();

        assertThat(commands.during(() -> outcome.set(events.updateIf(Conditions.eq("_id", 1),
                Conditions.field("sold").lt(Conditions.field("capacity")), update().inc("sold", 1)))))
                .containsExactly("update", "find");
        assertThat(outcome.get()).isInstanceOf(ConditionalOutcome.NotFound.class);
    }

    @Test
    void findOneAndUpdate_takes_one_round_trip_and_returns_the_new_value() {
        setUp().insertOne(new Document("_id", 1).append("views", 41));
        AtomicCollection<Document> events = events();
        AtomicReference<Document> after = new AtomicReference<>();

        assertThat(commands.during(() -> after.set(events.findOneAndUpdate(Conditions.eq("_id", 1),
                update().inc("views", 1), ReturnDocument.AFTER).orElseThrow())))
                .containsExactly("findAndModify");
        assertThat(after.get()).containsEntry("views", 42);
    }

    @Test
    void upsertByField_lists_the_indexes_on_its_first_call_per_collection_and_field_then_takes_one_round_trip() {
        AtomicCollection<Document> events = events();

        assertThat(commands.during(() -> events.upsertByField("url", "a", Map.of("url", "a", "hits", 1))))
                .as("first call: the one-time unique-index check, then the upsert")
                .containsExactly("listIndexes", "update");
        assertThat(commands.during(() -> events.upsertByField("url", "b", Map.of("url", "b", "hits", 1))))
                .as("a new key").containsExactly("update");
        AtomicReference<UpsertOutcome> again = new AtomicReference<>();
        assertThat(commands.during(() -> again.set(events.upsertByField("url", "a", Map.of("url", "a", "hits", 2)))))
                .as("an existing key").containsExactly("update");
        assertThat(again.get()).isInstanceOf(UpsertOutcome.AlreadyExists.class);
        assertThat(setUp().countDocuments()).isEqualTo(2);
    }

    @Test
    void upsertByField_takes_one_round_trip_from_the_first_call_once_ensureUniqueIndex_ran() {
        AtomicCollection<Document> events = events();
        assertThat(commands.during(() -> events.ensureUniqueIndex("url"))).containsExactly("createIndexes");

        assertThat(commands.during(() -> events.upsertByField("url", "a", Map.of("url", "a", "hits", 1))))
                .containsExactly("update");
    }

    @Test
    void supportsPipelineUpdates_probes_once_per_collection() {
        AtomicCollection<Document> events = events();

        assertThat(commands.during(events::supportsPipelineUpdates)).as("the probe").containsExactly("update");
        assertThat(commands.during(events::supportsPipelineUpdates)).as("cached").isEmpty();
    }

    @Test
    @RequiresCapability(Capability.PIPELINE_UPDATES)
    void a_pipeline_update_takes_one_round_trip_after_the_one_time_capability_probe() {
        setUp().insertOne(new Document("_id", 1).append("count", 1));
        AtomicCollection<Document> events = events();
        PipelineUpdate addOne = pipeline().set("count",
                Expr.add(Expr.ifNull(Expr.field("count"), Expr.literal(0)), Expr.literal(1)));

        assertThat(commands.during(() -> events.updateOne(Conditions.eq("_id", 1), addOne)))
                .as("first pipeline update: the probe, then the update").containsExactly("update", "update");
        assertThat(commands.during(() -> events.updateOne(Conditions.eq("_id", 1), addOne)))
                .as("after that").containsExactly("update");
        assertThat(setUp().find().first()).containsEntry("count", 3);
    }

    @Test
    void a_pipeline_update_on_a_server_without_them_sends_only_the_probe_then_fails(TestMongo mongo) {
        Assumptions.assumeFalse(mongo.has(Capability.PIPELINE_UPDATES),
                "the server has pipeline updates; see the test above");
        AtomicCollection<Document> events = events();
        PipelineUpdate addOne = pipeline().set("count", Expr.literal(1));

        assertThat(commands.during(() -> assertThatThrownBy(() -> events.updateOne(Conditions.eq("_id", 1), addOne))
                .isInstanceOf(MissingCapabilityException.class)))
                .containsExactly("update");
        assertThat(commands.during(() -> assertThatThrownBy(() -> events.updateOne(Conditions.eq("_id", 1), addOne))
                .isInstanceOf(MissingCapabilityException.class)))
                .as("the refusal is cached: nothing is sent").isEmpty();
    }
}

package dev.atomicmongo.it.bulk;

import static dev.atomicmongo.update.UpdateBuilder.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import dev.atomicmongo.MongoOperationException;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.collection.BulkItem;
import dev.atomicmongo.collection.BulkOrder;
import dev.atomicmongo.collection.BulkOutcome;
import dev.atomicmongo.collection.BulkResult;
import dev.atomicmongo.collection.Commands;
import dev.atomicmongo.collection.OperationId;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.test.CommandRecorder;
import dev.atomicmongo.test.FaultyProxy;
import dev.atomicmongo.test.MongoTest;
import dev.atomicmongo.test.TestMongo;
import org.bson.BsonString;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Guarded updates (operation ids) in a bulk: every outcome of a guarded item in one batch, a
 * whole bulk retried after its reply was lost, and 8 callers sending the same operations at once.
 */
@MongoTest
class BulkOnceIT {
    private final CommandRecorder recorder = new CommandRecorder();
    private TestMongo mongo;
    private String database;
    private MongoClient client;
    private MongoCollection<Document> raw;
    private AtomicCollection<Document> accounts;
    private Commands c;

    @BeforeEach
    void connect(TestMongo mongo) {
        this.mongo = mongo;
        database = mongo.freshDatabase("bulk_once").getName();
        client = mongo.newClient(recorder);
        raw = client.getDatabase(database).getCollection("accounts");
        accounts = AtomicCollection.of(raw);
        c = accounts.commands();
    }

    @AfterEach
    void disconnect() {
        client.close();
    }

    private BulkItem credit(String account, int amount, String operation) {
        return BulkItem.of(c.updateOnce(Conditions.eq("_id", account), update().inc("balance", amount),
                OperationId.of(operation)));
    }

    private BulkItem spend(String account, int amount, String operation) {
        return BulkItem.of(c.updateOnce(Conditions.eq("_id", account), Conditions.gte("balance", amount),
                update().inc("balance", -amount), OperationId.of(operation)));
    }

    private BulkItem creditOrOpen(String account, int amount, String operation) {
        return BulkItem.of(c.upsertOnce(Conditions.eq("_id", account), update().inc("balance", amount),
                OperationId.of(operation)));
    }

    private int balance(String account) {
        return raw.find(new Document("_id", account)).first().getInteger("balance");
    }

    @Test
    void each_guarded_item_gets_its_own_outcome_in_two_round_trips() {
        raw.insertOne(new Document("_id", "a").append("balance", 0));
        raw.insertOne(new Document("_id", "b").append("balance", 5).append("_ops", List.of("op-seen")));
        raw.insertOne(new Document("_id", "c").append("balance", 1));
        raw.insertOne(new Document("_id", "d").append("balance", 0).append("_ops", List.of("open-seen")));
        List<BulkItem> items = List.of(
                credit("a", 10, "op-1"),           // applied
                credit("b", 10, "op-seen"),        // duplicate operation
                credit("nobody", 10, "op-2"),      // not found
                spend("c", 5, "op-3"),             // condition failed
                creditOrOpen("e", 7, "open-1"),    // inserted
                creditOrOpen("d", 7, "open-seen"), // duplicate operation (the upsert's insert hit _id)
                creditOrOpen("a", 1, "open-2"));   // applied (existing document, new id)

        List<String> commands = new ArrayList<>();
        @SuppressWarnings("unchecked")
        BulkResult<Document>[] result = new BulkResult[1];
        commands.addAll(recorder.during(() -> result[0] = accounts.bulkWrite(items)));

        assertThat(result[0].get(0)).isInstanceOf(BulkOutcome.Applied.class);
        assertThat(result[0].get(1)).isInstanceOf(BulkOutcome.DuplicateOperation.class);
        assertThat(((BulkOutcome.DuplicateOperation<Document>) result[0].get(1)).current().getInteger("balance"))
                .isEqualTo(5);
        assertThat(result[0].get(2)).isInstanceOf(BulkOutcome.NotFound.class);
        assertThat(result[0].get(3)).isInstanceOf(BulkOutcome.ConditionFailed.class);
        assertThat(result[0].get(4)).isEqualTo(new BulkOutcome.Inserted<Document>(new BsonString("e")));
        assertThat(result[0].get(5)).isInstanceOf(BulkOutcome.DuplicateOperation.class);
        assertThat(result[0].get(6)).isInstanceOf(BulkOutcome.Applied.class);
        assertThat(commands).containsExactly("update", "find");
        assertThat(balance("a")).isEqualTo(11);
        assertThat(balance("b")).isEqualTo(5);
        assertThat(balance("c")).isEqualTo(1);
        assertThat(balance("d")).isZero();
        assertThat(balance("e")).isEqualTo(7);
        assertThat(raw.countDocuments()).as("no document inserted by a refused or duplicate item").isEqualTo(5);
    }

    @Test
    void a_guarded_item_failing_on_the_document_built_from_its_filter_is_read_and_classified() {
        // the condition pins n to a string, so $inc fails with 14 on the upsert's seeded document
        // (nothing matched) as on a matched document holding the string
        raw.insertOne(new Document("_id", "number").append("n", 5));
        raw.insertOne(new Document("_id", "text").append("n", "x"));
        raw.insertOne(new Document("_id", "seen").append("n", "x").append("_ops", List.of("op-seen")));
        java.util.function.BiFunction<String, String, BulkItem> bump = (account, operation) -> BulkItem.of(c.updateOnce(
                Conditions.eq("_id", account), Conditions.eq("n", "x"), update().inc("n", 1), OperationId.of(operation)));

        BulkResult<Document> result = accounts.bulkWrite(List.of(bump.apply("absent", "op-1"), bump.apply("number", "op-2"),
                bump.apply("text", "op-3"), bump.apply("seen", "op-seen")));

        assertThat(result.get(0)).isInstanceOf(BulkOutcome.NotFound.class);
        assertThat(result.get(1)).isInstanceOf(BulkOutcome.ConditionFailed.class);
        assertThat(result.get(2)).isInstanceOfSatisfying(BulkOutcome.WriteFailed.class,
                failed -> assertThat(failed.error().code()).isEqualTo(14));
        assertThat(result.get(3)).isInstanceOf(BulkOutcome.DuplicateOperation.class);
        assertThat(raw.countDocuments()).isEqualTo(3);
    }

    @Test
    void an_ordered_bulk_goes_on_past_a_duplicate_operation() {
        raw.insertOne(new Document("_id", "a").append("balance", 0).append("_ops", List.of("op-seen")));
        raw.insertOne(new Document("_id", "b").append("balance", 0));

        BulkResult<Document> result = accounts.bulkWrite(List.of(credit("a", 1, "op-seen"), credit("b", 1, "op-1")),
                BulkOrder.ORDERED);

        assertThat(result.get(0)).isInstanceOf(BulkOutcome.DuplicateOperation.class);
        assertThat(result.get(1)).isInstanceOf(BulkOutcome.Applied.class);
        assertThat(balance("a")).isZero();
        assertThat(balance("b")).isEqualTo(1);
    }

    @Test
    void a_bulk_retried_after_its_reply_was_lost_applies_every_item_once() {
        List<BulkItem> items = new ArrayList<>();
        List<Document> documents = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            documents.add(new Document("_id", "acct-" + i).append("balance", 0));
            items.add(credit("acct-" + i, i, "delivery-" + i));
        }
        raw.insertMany(documents);
        try (FaultyProxy proxy = FaultyProxy.inFrontOf(mongo); MongoClient proxied = proxy.newClient(false)) {
            AtomicCollection<Document> throughProxy = AtomicCollection.of(
                    proxied.getDatabase(database).getCollection("accounts"));
            proxy.dropNextReplies(1);

            assertThatThrownBy(() -> throughProxy.bulkWrite(items))
                    .isInstanceOfSatisfying(MongoOperationException.class, e -> assertThat(e.isTransient()).isTrue());
            BulkResult<Document> retry = throughProxy.bulkWrite(items);

            assertThat(proxy.droppedReplies()).isEqualTo(1);
            assertThat(retry.count(BulkOutcome.DuplicateOperation.class)).isEqualTo(100);
            assertThat(retry.allSucceeded()).isTrue();
        }
        for (int i = 0; i < 100; i++) {
            assertThat(balance("acct-" + i)).as("acct-%d", i).isEqualTo(i);
        }
    }

    @Test
    void eight_callers_sending_the_same_500_operations_apply_each_exactly_once() throws Exception {
        int callers = 8;
        int operations = 500;
        List<Document> documents = new ArrayList<>();
        List<BulkItem> items = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            documents.add(new Document("_id", "acct-" + i).append("balance", 0));
        }
        raw.insertMany(documents);
        for (int k = 0; k < operations; k++) {
            items.add(credit("acct-" + k % 100, 1, "delivery-" + k));
        }
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        List<BulkResult<Document>> results = new ArrayList<>();
        try {
            List<Future<BulkResult<Document>>> futures = new ArrayList<>();
            for (int t = 0; t < callers; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return accounts.bulkWrite(items);
                }));
            }
            start.countDown();
            for (Future<BulkResult<Document>> future : futures) {
                results.add(future.get(120, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }

        for (int k = 0; k < operations; k++) {
            int applied = 0;
            for (BulkResult<Document> result : results) {
                BulkOutcome<Document> outcome = result.get(k);
                assertThat(outcome).as("item %d", k).isInstanceOfAny(BulkOutcome.Applied.class,
                        BulkOutcome.DuplicateOperation.class);
                applied += outcome instanceof BulkOutcome.Applied ? 1 : 0;
            }
            assertThat(applied).as("callers that applied operation %d", k).isEqualTo(1);
        }
        for (int i = 0; i < 100; i++) {
            assertThat(balance("acct-" + i)).as("acct-%d", i).isEqualTo(operations / 100);
        }
    }
}

package dev.atomicmongo.it.bulk;

import static dev.atomicmongo.update.UpdateBuilder.update;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.collection.BulkItem;
import dev.atomicmongo.collection.BulkOutcome;
import dev.atomicmongo.collection.BulkResult;
import dev.atomicmongo.collection.Commands;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.test.CommandRecorder;
import dev.atomicmongo.test.MongoTest;
import dev.atomicmongo.test.TestMongo;
import org.bson.BsonInt32;
import org.bson.BsonValue;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Batches of 1,000 items whose outcomes are known before they are sent: applied, not found,
 * condition failed, inserted, already exists, duplicate key. Outcomes are asserted item by item
 * in input order, the database after them, the round trips against a loop of single operations,
 * and 8 concurrent bulk callers on disjoint and on overlapping documents.
 */
@MongoTest
class BulkMixedBatchIT {
    private static final int ITEMS = 1_000;
    private static final int CALLERS = 8;

    private enum Expect { APPLIED, NOT_FOUND, CONDITION_FAILED, INSERTED, ALREADY_EXISTS, DUPLICATE_KEY }

    private final CommandRecorder recorder = new CommandRecorder();
    private MongoClient client;
    private MongoCollection<Document> raw;
    private AtomicCollection<Document> counted;

    @BeforeEach
    void connect(TestMongo mongo, MongoDatabase db) {
        client = mongo.newClient(recorder);
        raw = db.getCollection("bulk_mixed");
        raw.drop();
        raw.createIndex(new Document("sku", 1), new IndexOptions().unique(true).sparse(true));
        raw.insertOne(new Document("_id", "holder").append("sku", "taken"));
        counted = AtomicCollection.of(client.getDatabase(db.getName()).getCollection("bulk_mixed"));
    }

    @AfterEach
    void disconnect() {
        client.close();
    }

    private static Expect expected(int i) {
        return Expect.values()[i % Expect.values().length];
    }

    /** The documents of caller {@code caller}'s batch, prepared so that each item's outcome is known. */
    private void prepare(int caller) {
        List<Document> docs = new ArrayList<>();
        for (int k = 0; k < ITEMS; k++) {
            int id = caller * ITEMS + k;
            switch (expected(k)) {
                case APPLIED, DUPLICATE_KEY -> docs.add(new Document("_id", id).append("status", "open").append("n", 0));
                case CONDITION_FAILED -> docs.add(new Document("_id", id).append("status", "shipped").append("n", 0));
                case ALREADY_EXISTS -> docs.add(new Document("_id", id).append("sku", "s" + id));
                case NOT_FOUND, INSERTED -> { }
            }
        }
        raw.insertMany(docs);
    }

    private static List<BulkItem> batch(Commands c, int caller) {
        List<BulkItem> items = new ArrayList<>();
        for (int k = 0; k < ITEMS; k++) {
            int id = caller * ITEMS + k;
            items.add(switch (expected(k)) {
                case APPLIED, NOT_FOUND, CONDITION_FAILED -> BulkItem.of(c.updateIf(Conditions.eq("_id", id),
                        Conditions.eq("status", "open"), update().set("status", "paid").inc("n", 1)));
                case INSERTED, ALREADY_EXISTS -> c.insertOnce("sku", "s" + id, Map.of("n", 1));
                case DUPLICATE_KEY -> BulkItem.of(c.updateIf(Conditions.eq("_id", id),
                        Conditions.eq("status", "open"), update().set("sku", "taken")));
            });
        }
        return items;
    }

    private static void assertOutcomes(BulkResult<Document> result, int caller) {
        assertThat(result.outcomes()).hasSize(ITEMS);
        for (int k = 0; k < ITEMS; k++) {
            int id = caller * ITEMS + k;
            BulkOutcome<Document> outcome = result.get(k);
            switch (expected(k)) {
                case APPLIED -> assertThat(outcome).as("item %d", k).isInstanceOf(BulkOutcome.Applied.class);
                case NOT_FOUND -> assertThat(outcome).as("item %d", k).isInstanceOf(BulkOutcome.NotFound.class);
                case CONDITION_FAILED -> {
                    assertThat(outcome).as("item %d", k).isInstanceOf(BulkOutcome.ConditionFailed.class);
                    assertThat(((BulkOutcome.ConditionFailed<Document>) outcome).current().get("_id")).isEqualTo(id);
                }
                case INSERTED -> assertThat(outcome).as("item %d", k).isInstanceOf(BulkOutcome.Inserted.class);
                case ALREADY_EXISTS -> assertThat(outcome).as("item %d", k)
                        .isEqualTo(new BulkOutcome.AlreadyExists<Document>(
                                new org.bson.BsonDocument("sku", new org.bson.BsonString("s" + id)), new BsonInt32(id)));
                case DUPLICATE_KEY -> assertThat(outcome).as("item %d", k).isInstanceOf(BulkOutcome.DuplicateKey.class);
            }
        }
    }

    private void assertDatabase(int caller) {
        long applied = 0;
        for (int k = 0; k < ITEMS; k++) {
            if (expected(k) == Expect.APPLIED) {
                applied++;
            }
        }
        int from = caller * ITEMS;
        Document range = new Document("_id", new Document("$gte", from).append("$lt", from + ITEMS));
        assertThat(raw.countDocuments(new Document("$and", List.of(range, new Document("status", "paid").append("n", 1)))))
                .isEqualTo(applied);
        assertThat(raw.countDocuments(new Document("$and", List.of(range, new Document("status", "shipped").append("n", 0)))))
                .isEqualTo(ITEMS / 6 + (ITEMS % 6 > 2 ? 1 : 0));
        assertThat(raw.countDocuments(new Document("sku", "taken"))).isEqualTo(1);
    }

    @Test
    void a_mixed_batch_of_1000_gets_every_outcome_in_input_order_in_two_round_trips() {
        prepare(0);
        List<BulkItem> items = batch(counted.commands(), 0);

        List<BulkResult<Document>> result = new ArrayList<>();
        List<String> sent = recorder.during(() -> result.add(counted.bulkWrite(items)));

        assertOutcomes(result.get(0), 0);
        assertDatabase(0);
        assertThat(sent).containsExactly("update", "find");
        // the inserted documents carry the ids the items were built with
        for (int k = 0; k < ITEMS; k++) {
            if (expected(k) == Expect.INSERTED) {
                BsonValue id = ((BulkItem.InsertOnce) items.get(k)).id();
                assertThat(result.get(0).get(k)).isEqualTo(new BulkOutcome.Inserted<Document>(id));
            }
        }
    }

    @Test
    void a_thousand_conditional_updates_take_one_round_trip_when_all_apply_against_a_thousand_in_a_loop() {
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < 2 * ITEMS; i++) {
            docs.add(new Document("_id", i).append("status", "open").append("n", 0));
        }
        raw.insertMany(docs);
        Commands c = counted.commands();
        List<BulkItem> items = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            items.add(BulkItem.of(c.updateIf(Conditions.eq("_id", i), Conditions.eq("status", "open"),
                    update().set("status", "paid"))));
        }

        List<String> bulk = recorder.during(() -> assertThat(counted.bulkWrite(items).allSucceeded()).isTrue());
        List<String> loop = recorder.during(() -> {
            for (int i = ITEMS; i < 2 * ITEMS; i++) {
                counted.updateIf(Conditions.eq("_id", i), Conditions.eq("status", "open"), update().set("status", "paid"))
                        .orThrow();
            }
        });

        assertThat(bulk).containsExactly("update");
        assertThat(loop).hasSize(ITEMS).containsOnly("update");
        assertThat(raw.countDocuments(new Document("status", "paid"))).isEqualTo(2 * ITEMS);
    }

    @Test
    void a_thousand_refused_conditional_updates_take_two_round_trips_against_two_thousand_in_a_loop() {
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            docs.add(new Document("_id", i).append("status", i % 2 == 0 ? "open" : "shipped"));
        }
        raw.insertMany(docs);
        Commands c = counted.commands();
        List<BulkItem> items = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            items.add(BulkItem.of(c.updateIf(Conditions.eq("_id", i), Conditions.eq("status", "closed"),
                    update().set("status", "paid"))));
        }

        List<BulkResult<Document>> result = new ArrayList<>();
        List<String> bulk = recorder.during(() -> result.add(counted.bulkWrite(items)));
        List<String> loop = recorder.during(() -> {
            for (int i = 0; i < ITEMS; i++) {
                counted.updateIf(Conditions.eq("_id", i), Conditions.eq("status", "closed"), update().set("status", "paid"));
            }
        });

        assertThat(bulk).containsExactly("update", "find");
        assertThat(result.get(0).count(BulkOutcome.ConditionFailed.class)).isEqualTo(ITEMS);
        assertThat(loop).hasSize(2 * ITEMS);
        assertThat(raw.countDocuments(new Document("status", "paid"))).isZero();
    }

    @Test
    void eight_concurrent_callers_on_disjoint_documents_each_get_their_known_outcomes() throws Exception {
        for (int caller = 0; caller < CALLERS; caller++) {
            prepare(caller);
        }
        List<BulkResult<Document>> results = concurrently(caller -> counted.bulkWrite(batch(counted.commands(), caller)));

        for (int caller = 0; caller < CALLERS; caller++) {
            assertOutcomes(results.get(caller), caller);
            assertDatabase(caller);
        }
    }

    @Test
    void eight_concurrent_callers_on_overlapping_documents_end_as_a_serial_run_would() throws Exception {
        // every caller sends, for the same 1,000 counters, "n += 1 if n < 5" and insert-once of the same 1,000 keys:
        // in any serial order, 5 of the 8 increments of a counter apply, and exactly one caller inserts each key
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            docs.add(new Document("_id", i).append("n", 0));
        }
        raw.insertMany(docs);
        List<BsonValue> ids = Collections.synchronizedList(new ArrayList<>());

        List<BulkResult<Document>> results = concurrently(caller -> {
            Commands c = counted.commands();
            List<BulkItem> items = new ArrayList<>();
            for (int i = 0; i < ITEMS; i++) {
                items.add(BulkItem.of(c.updateIf(Conditions.eq("_id", i), Conditions.lt("n", 5), update().inc("n", 1))));
                items.add(c.insertOnce("sku", "k" + i, Map.of("by", caller)));
            }
            return counted.bulkWrite(items);
        });

        int[] applied = new int[ITEMS];
        int[] inserted = new int[ITEMS];
        for (BulkResult<Document> result : results) {
            assertThat(result.outcomes()).hasSize(2 * ITEMS);
            for (int i = 0; i < ITEMS; i++) {
                BulkOutcome<Document> inc = result.get(2 * i);
                assertThat(inc).isInstanceOfAny(BulkOutcome.Applied.class, BulkOutcome.ConditionFailed.class);
                applied[i] += inc instanceof BulkOutcome.Applied ? 1 : 0;
                BulkOutcome<Document> once = result.get(2 * i + 1);
                assertThat(once).isInstanceOfAny(BulkOutcome.Inserted.class, BulkOutcome.AlreadyExists.class);
                if (once instanceof BulkOutcome.Inserted<Document> in) {
                    inserted[i]++;
                    ids.add(in.id());
                } else {
                    BsonValue existing = ((BulkOutcome.AlreadyExists<Document>) once).existingId();
                    assertThat(raw.find(new Document("_id", existing)).first().getString("sku")).isEqualTo("k" + i);
                }
            }
        }
        for (int i = 0; i < ITEMS; i++) {
            assertThat(applied[i]).as("increments applied to counter %d", i).isEqualTo(5);
            assertThat(inserted[i]).as("inserts of key k%d", i).isEqualTo(1);
        }
        assertThat(raw.countDocuments(new Document("n", 5))).isEqualTo(ITEMS);
        assertThat(raw.countDocuments(new Document("sku", new Document("$regex", "^k")))).isEqualTo(ITEMS);
        assertThat(ids).hasSize(ITEMS).doesNotHaveDuplicates();
    }

    private interface Caller {
        BulkResult<Document> run(int caller) throws Exception;
    }

    private static List<BulkResult<Document>> concurrently(Caller body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<BulkResult<Document>>> futures = new ArrayList<>();
            for (int caller = 0; caller < CALLERS; caller++) {
                int me = caller;
                Callable<BulkResult<Document>> task = () -> {
                    start.await();
                    return body.run(me);
                };
                futures.add(pool.submit(task));
            }
            start.countDown();
            List<BulkResult<Document>> results = new ArrayList<>();
            for (Future<BulkResult<Document>> f : futures) {
                results.add(f.get(2, TimeUnit.MINUTES));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}

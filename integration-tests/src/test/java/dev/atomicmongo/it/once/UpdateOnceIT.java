package dev.atomicmongo.it.once;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReturnDocument;
import dev.atomicmongo.ConditionFailedException;
import dev.atomicmongo.DocumentNotFoundException;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.collection.FindAndUpdateOptions;
import dev.atomicmongo.collection.OnceOutcome;
import dev.atomicmongo.collection.OperationGuard;
import dev.atomicmongo.collection.OperationId;
import dev.atomicmongo.collection.WriteOptions;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.test.CommandRecorder;
import dev.atomicmongo.test.MongoTest;
import dev.atomicmongo.test.TestMongo;
import dev.atomicmongo.update.Expr;
import dev.atomicmongo.update.PipelineUpdate;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.atomicmongo.update.UpdateBuilder.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@MongoTest
class UpdateOnceIT {
    private final MongoDatabase db;
    private final MongoCollection<Document> raw;
    private final AtomicCollection<Document> accounts;

    UpdateOnceIT(MongoDatabase db) {
        this.db = db;
        raw = db.getCollection("accounts");
        accounts = AtomicCollection.of(raw);
    }

    @BeforeEach
    void oneAccount() {
        raw.deleteMany(new Document());
        raw.insertOne(new Document("_id", "a").append("credits", 0));
    }

    private int credits() {
        return raw.find(new Document("_id", "a")).first().getInteger("credits");
    }

    @Test
    void applies_once_and_reports_the_retry_as_a_duplicate_with_the_current_document() {
        OperationId id = OperationId.of("evt-1");

        OnceOutcome<Document> first = accounts.updateOnce(Conditions.eq("_id", "a"), update().inc("credits", 5), id);
        OnceOutcome<Document> retry = accounts.updateOnce(Conditions.eq("_id", "a"), update().inc("credits", 5), id);

        assertThat(first).isEqualTo(new OnceOutcome.Applied<Document>(id, false, java.util.Optional.empty()));
        assertThat(retry).isInstanceOf(OnceOutcome.Duplicate.class);
        assertThat(retry.orThrow().document().orElseThrow().getInteger("credits")).isEqualTo(5);
        assertThat(credits()).isEqualTo(5);
        assertThat(raw.find().first().getList("_ops", String.class)).containsExactly("evt-1");
    }

    @Test
    void different_ids_each_apply() {
        for (int i = 0; i < 3; i++) {
            assertThat(accounts.updateOnce(Conditions.eq("_id", "a"), update().inc("credits", 1),
                    OperationId.of("evt-" + i)).isApplied()).isTrue();
        }
        assertThat(credits()).isEqualTo(3);
    }

    @Test
    void keeps_only_the_window_of_recent_ids_so_an_id_older_than_the_window_applies_again() {
        OperationGuard guard = OperationGuard.defaults().withWindow(2);
        for (String id : List.of("e1", "e2", "e3")) {
            accounts.execute(accounts.commands().updateOnce(Conditions.eq("_id", "a"), Conditions.exists("_id"),
                    update().inc("credits", 1), OperationId.of(id), guard, WriteOptions.none())).orThrow();
        }
        assertThat(raw.find().first().getList("_ops", String.class)).containsExactly("e2", "e3");

        OnceOutcome<Document> recent = accounts.execute(accounts.commands().updateOnce(Conditions.eq("_id", "a"),
                Conditions.exists("_id"), update().inc("credits", 1), OperationId.of("e3"), guard, WriteOptions.none()));
        OnceOutcome<Document> forgotten = accounts.execute(accounts.commands().updateOnce(Conditions.eq("_id", "a"),
                Conditions.exists("_id"), update().inc("credits", 1), OperationId.of("e1"), guard, WriteOptions.none()));

        assertThat(recent.isDuplicate()).isTrue();
        assertThat(forgotten.isApplied()).as("the documented window caveat").isTrue();
        assertThat(credits()).isEqualTo(4);
    }

    @Test
    void reports_not_found_and_condition_failed_and_writes_nothing() {
        OnceOutcome<Document> missing = accounts.updateOnce(Conditions.eq("_id", "nobody"), update().inc("credits", 1),
                OperationId.of("e1"));
        OnceOutcome<Document> refused = accounts.updateOnce(Conditions.eq("_id", "a"),
                Conditions.field("credits").gte(10), update().inc("credits", -10), OperationId.of("e2"));

        assertThat(missing).isInstanceOf(OnceOutcome.NotFound.class);
        assertThatThrownBy(missing::orThrow).isInstanceOf(DocumentNotFoundException.class);
        assertThat(refused).isInstanceOf(OnceOutcome.ConditionFailed.class);
        assertThat(((OnceOutcome.ConditionFailed<Document>) refused).current().getInteger("credits")).isZero();
        assertThatThrownBy(refused::orThrow).isInstanceOf(ConditionFailedException.class);
        assertThat(raw.find().first().containsKey("_ops")).isFalse();
    }

    @Test
    void a_duplicate_wins_over_a_condition_that_no_longer_holds() {
        OperationId id = OperationId.of("spend-1");
        accounts.updateOnce(Conditions.eq("_id", "a"), update().inc("credits", 10), OperationId.of("fund")).orThrow();
        accounts.updateOnce(Conditions.eq("_id", "a"), Conditions.field("credits").gte(10), update().inc("credits", -10),
                id).orThrow();

        OnceOutcome<Document> retry = accounts.updateOnce(Conditions.eq("_id", "a"),
                Conditions.field("credits").gte(10), update().inc("credits", -10), id);

        assertThat(retry.isDuplicate()).isTrue();
        assertThat(credits()).isZero();
    }

    @Test
    void upsert_once_inserts_once_and_a_retry_is_a_duplicate_not_a_second_document() {
        OperationId id = OperationId.of("create-b");

        OnceOutcome<Document> first = accounts.upsertOnce(Conditions.eq("_id", "b"), update().inc("credits", 3), id);
        OnceOutcome<Document> retry = accounts.upsertOnce(Conditions.eq("_id", "b"), update().inc("credits", 3), id);
        OnceOutcome<Document> other = accounts.upsertOnce(Conditions.eq("_id", "b"), update().inc("credits", 3),
                OperationId.of("create-b-2"));

        assertThat(first).isEqualTo(new OnceOutcome.Applied<Document>(id, true, java.util.Optional.empty()));
        assertThat(retry.isDuplicate()).isTrue();
        assertThat(other).isEqualTo(new OnceOutcome.Applied<Document>(OperationId.of("create-b-2"), false,
                java.util.Optional.empty()));
        assertThat(raw.countDocuments(new Document("_id", "b"))).isEqualTo(1);
        assertThat(raw.find(new Document("_id", "b")).first().getInteger("credits")).isEqualTo(6);
    }

    @Test
    void upsert_once_on_a_uniquely_indexed_key_inserts_one_document_per_key() {
        MongoCollection<Document> rawUsers = db.getCollection("users");
        rawUsers.drop();
        AtomicCollection<Document> users = AtomicCollection.of(rawUsers);
        users.ensureUniqueIndex("email");
        OperationId id = OperationId.of("signup-1");

        OnceOutcome<Document> first = users.upsertOnce(Conditions.eq("email", "x@y"), update().inc("logins", 1), id);
        OnceOutcome<Document> retry = users.upsertOnce(Conditions.eq("email", "x@y"), update().inc("logins", 1), id);

        assertThat(first.isApplied()).isTrue();
        assertThat(retry.isDuplicate()).isTrue();
        assertThat(rawUsers.countDocuments(new Document("email", "x@y"))).isEqualTo(1);
        assertThat(rawUsers.find().first().getInteger("logins")).isEqualTo(1);
    }

    @Test
    void without_a_unique_index_on_the_identity_a_retried_upsert_would_insert_a_second_document() {
        // why upsertOnce needs the unique index: the seen document fails {_ops: {$ne: id}}, so the
        // upsert inserts; only the index turns that insert into E11000, which is then a Duplicate
        MongoCollection<Document> rawUsers = db.getCollection("unindexed");
        rawUsers.drop();
        AtomicCollection<Document> users = AtomicCollection.of(rawUsers);
        OperationId id = OperationId.of("signup-1");

        users.upsertOnce(Conditions.eq("email", "x@y"), update().inc("logins", 1), id);
        users.upsertOnce(Conditions.eq("email", "x@y"), update().inc("logins", 1), id);

        assertThat(rawUsers.countDocuments(new Document("email", "x@y"))).isEqualTo(2);
    }

    @Test
    void find_one_and_update_once_returns_the_document_or_the_current_one_for_a_duplicate() {
        OperationId id = OperationId.of("e1");

        OnceOutcome<Document> first = accounts.findOneAndUpdateOnce(Conditions.eq("_id", "a"),
                update().inc("credits", 2), id, ReturnDocument.AFTER);
        OnceOutcome<Document> retry = accounts.findOneAndUpdateOnce(Conditions.eq("_id", "a"),
                update().inc("credits", 2), id, ReturnDocument.AFTER);

        assertThat(first.isApplied()).isTrue();
        assertThat(first.orThrow().document().orElseThrow().getInteger("credits")).isEqualTo(2);
        assertThat(retry.isDuplicate()).isTrue();
        assertThat(retry.orThrow().document().orElseThrow().getInteger("credits")).isEqualTo(2);
    }

    @Test
    void a_guarded_pipeline_upsert_by_find_and_modify_inserts_once_and_reports_the_retry_as_a_duplicate() {
        var command = accounts.commands().findOneAndUpdateOnce(Conditions.eq("_id", "p"),
                PipelineUpdate.pipeline().set("n", Expr.literal(1)), OperationId.of("$e1"),
                FindAndUpdateOptions.returnAfter().withUpsert(true), OperationGuard.defaults());

        OnceOutcome<Document> first = accounts.execute(command);
        OnceOutcome<Document> retry = accounts.execute(command);

        assertThat(first.isApplied()).isTrue();
        assertThat(first.orThrow().document().orElseThrow().getList("_ops", String.class)).containsExactly("$e1");
        assertThat(retry.isDuplicate()).isTrue();
        assertThat(raw.countDocuments(new Document("_id", "p"))).isEqualTo(1);
    }

    @Test
    void one_round_trip_when_applied_two_when_a_duplicate() {
        CommandRecorder recorder = new CommandRecorder();
        try (MongoClient client = TestMongo.shared().newClient(recorder)) {
            AtomicCollection<Document> recorded = AtomicCollection.of(
                    client.getDatabase(db.getName()).getCollection("accounts"));
            OperationId id = OperationId.of("rt-1");

            assertThat(recorder.during(() -> recorded.updateOnce(Conditions.eq("_id", "a"), update().inc("credits", 1),
                    id))).containsExactly("update");
            assertThat(recorder.during(() -> recorded.updateOnce(Conditions.eq("_id", "a"), update().inc("credits", 1),
                    id))).containsExactly("update", "find");
            assertThat(recorder.during(() -> recorded.upsertOnce(Conditions.eq("_id", "new"), update().inc("credits", 1),
                    id))).containsExactly("update");
        }
    }

    @Test
    void many_threads_sending_the_same_ids_apply_each_exactly_once() throws Exception {
        int threads = 8;
        int ids = OperationGuard.DEFAULT_WINDOW;   // every id stays in the window while the threads lag
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> applied = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                applied.add(pool.submit(() -> {
                    start.await();
                    int n = 0;
                    for (int i = 0; i < ids; i++) {
                        n += accounts.updateOnce(Conditions.eq("_id", "a"), update().inc("credits", 1),
                                OperationId.of("e" + i)).isApplied() ? 1 : 0;
                    }
                    return n;
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> f : applied) {
                total += f.get();
            }
            assertThat(total).isEqualTo(ids);
            assertThat(credits()).isEqualTo(ids);
        } finally {
            pool.shutdownNow();
        }
    }
}

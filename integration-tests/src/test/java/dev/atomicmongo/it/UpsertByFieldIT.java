package dev.atomicmongo.it;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.collection.UpdateOutcome;
import dev.atomicmongo.collection.UpsertOutcome;
import dev.atomicmongo.test.MongoTest;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@MongoTest
class UpsertByFieldIT {
    private final MongoDatabase db;

    UpsertByFieldIT(MongoDatabase db) {
        this.db = db;
    }

    @Test
    void inserts_once_and_a_second_call_with_other_values_changes_nothing() {
        MongoCollection<Event> raw = db.getCollection("events_once", Event.class);
        AtomicCollection<Event> events = AtomicCollection.of(raw);
        events.ensureUniqueIndex("url");
        ObjectId id = new ObjectId();

        UpsertOutcome first = events.upsertByField("url", "https://a", new Event(id, "https://a", "first", 1, List.of("x")));
        UpsertOutcome second = events.upsertByField("url", "https://a",
                new Event(new ObjectId(), "https://a", "second", 99, List.of("y")));

        assertThat(first).isEqualTo(new UpsertOutcome.Inserted(new org.bson.BsonObjectId(id)));
        assertThat(second).isEqualTo(new UpsertOutcome.AlreadyExists(new org.bson.BsonDocument("url",
                new org.bson.BsonString("https://a")), new org.bson.BsonObjectId(id)));
        assertThat(raw.find().into(new ArrayList<>()))
                .containsExactly(new Event(id, "https://a", "first", 1, List.of("x")));
    }

    @Test
    void map_variant_inserts_once_leaves_out_nulls_and_never_modifies() {
        MongoCollection<Document> raw = db.getCollection("events_map");
        AtomicCollection<Document> events = AtomicCollection.of(raw);
        events.ensureUniqueIndex("url");
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("title", "first");
        fields.put("note", null);
        Map<String, Object> before = new LinkedHashMap<>(fields);

        assertThat(events.upsertByField("url", "https://b", fields).isInserted()).isTrue();
        assertThat(events.upsertByField("url", "https://b", Map.of("title", "second", "extra", 1)).isInserted()).isFalse();

        Document stored = raw.find().first();
        assertThat(stored).containsEntry("url", "https://b").containsEntry("title", "first")
                .doesNotContainKeys("note", "extra");
        assertThat(fields).isEqualTo(before);
        assertThat(raw.countDocuments()).isEqualTo(1);
    }

    @Test
    void refuses_a_document_whose_key_field_differs_from_the_key_value() {
        AtomicCollection<Event> events = AtomicCollection.of(db.getCollection("events_mismatch", Event.class));

        assertThatThrownBy(() -> events.upsertByField("url", "https://a",
                new Event(new ObjectId(), "https://other", "t", 0, List.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("upsertByField: the document's 'url' is BsonString{value='https://other'} but the key "
                        + "value is BsonString{value='https://a'}; they must be equal");
    }

    @Test
    void fifty_concurrent_upserts_of_one_key_give_one_insert_and_no_exception() throws Exception {
        MongoCollection<Document> raw = db.getCollection("events_race");
        AtomicCollection<Document> events = AtomicCollection.of(raw);
        events.ensureUniqueIndex("url");
        int threads = 50;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<UpsertOutcome>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int n = i;
            Callable<UpsertOutcome> attempt = () -> {
                start.await();
                return events.upsertByField("url", "https://race", Map.of("writer", n));
            };
            results.add(pool.submit(attempt));
        }
        start.countDown();
        int inserted = 0;
        int existing = 0;
        List<Object> ids = new ArrayList<>();
        for (Future<UpsertOutcome> f : results) {
            UpsertOutcome outcome = f.get(60, TimeUnit.SECONDS); // throws if any attempt threw
            if (outcome instanceof UpsertOutcome.Inserted i) {
                inserted++;
                ids.add(i.id());
            } else if (outcome instanceof UpsertOutcome.AlreadyExists e) {
                existing++;
                ids.add(e.existingId());
            }
        }
        pool.shutdown();

        assertThat(inserted).isEqualTo(1);
        assertThat(existing).isEqualTo(49);
        assertThat(raw.countDocuments(new Document("url", "https://race"))).isEqualTo(1);
        Object stored = raw.find(new Document("url", "https://race")).first().get("_id");
        assertThat(ids).as("every caller learns the one stored document's id").hasSize(50)
                .allSatisfy(id -> assertThat(id).isEqualTo(new org.bson.BsonObjectId((ObjectId) stored)));
    }

    @Test
    void replaceOrInsertByField_inserts_then_replaces_the_whole_document_and_says_which_happened() {
        MongoCollection<Document> raw = db.getCollection("events_replace");
        AtomicCollection<Document> events = AtomicCollection.of(raw);
        events.ensureUniqueIndex("url");

        UpdateOutcome inserted = events.replaceOrInsertByField("url", "https://a", Map.of("title", "first", "tags", List.of("x")));
        UpdateOutcome replaced = events.replaceOrInsertByField("url", "https://a", Map.of("title", "second"));
        UpdateOutcome same = events.replaceOrInsertByField("url", "https://a", Map.of("title", "second"));

        assertThat(inserted.isInserted()).isTrue();
        assertThat(replaced.isUpdated()).isTrue();
        assertThat(same.isUnchanged()).as("matched without modifying").isTrue();
        Document stored = raw.find().first();
        assertThat(stored.get("_id")).isEqualTo(inserted.insertedId().orElseThrow().asObjectId().getValue());
        assertThat(stored).containsEntry("url", "https://a").containsEntry("title", "second").doesNotContainKey("tags");
        assertThat(raw.countDocuments()).isEqualTo(1);
    }

    @Test
    void replaceOrInsertByField_under_fifty_concurrent_callers_leaves_one_document_and_no_exception() throws Exception {
        MongoCollection<Document> raw = db.getCollection("events_replace_race");
        AtomicCollection<Document> events = AtomicCollection.of(raw);
        events.ensureUniqueIndex("url");
        int threads = 50;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<UpdateOutcome>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int n = i;
            results.add(pool.submit(() -> {
                start.await();
                return events.replaceOrInsertByField("url", "https://race", Map.of("writer", n));
            }));
        }
        start.countDown();
        int inserts = 0;
        for (Future<UpdateOutcome> f : results) {
            if (f.get(60, TimeUnit.SECONDS).isInserted()) {
                inserts++;
            }
        }
        pool.shutdown();

        assertThat(inserts).isEqualTo(1);
        assertThat(raw.countDocuments(new Document("url", "https://race"))).isEqualTo(1);
    }

    @Test
    void insertOrUpdateByField_inserts_then_sets_the_fields_of_the_existing_document() {
        MongoCollection<Document> raw = db.getCollection("events_save");
        AtomicCollection<Document> events = AtomicCollection.of(raw);
        events.ensureUniqueIndex("url");

        UpdateOutcome first = events.insertOrUpdateByField("url", "https://c", Map.of("title", "one", "views", 1));
        UpdateOutcome second = events.insertOrUpdateByField("url", "https://c", Map.of("title", "two"));

        assertThat(first.isInserted()).isTrue();
        assertThat(second.isUpdated()).isTrue();
        Document stored = raw.find().first();
        assertThat(stored).containsEntry("title", "two").containsEntry("views", 1).containsEntry("url", "https://c");
        assertThat(stored.get("_id")).isEqualTo(first.upsertedId().asObjectId().getValue());
    }

    @Test
    void an_operator_shaped_key_is_inserted_as_a_value_not_matched_as_an_operator() {
        MongoCollection<Document> raw = db.getCollection("keys_injected");
        AtomicCollection<Document> users = AtomicCollection.of(raw);
        users.ensureUniqueIndex("name");
        raw.insertOne(new Document("name", "alice"));

        UpsertOutcome outcome = users.upsertByField("name", Map.of("$ne", "guess"), Map.of("role", "admin"));

        assertThat(outcome.isInserted()).isTrue();
        assertThat(raw.countDocuments()).isEqualTo(2);
        assertThat(raw.find(new Document("role", "admin")).first()).containsEntry("name", new Document("$ne", "guess"));
        assertThat(users.upsertByField("name", Map.of("$ne", "guess"), Map.of("role", "other")).isInserted()).isFalse();
    }

    @Test
    void a_null_key_is_refused_and_nothing_is_written() {
        MongoCollection<Document> raw = db.getCollection("keys_null");
        AtomicCollection<Document> users = AtomicCollection.of(raw);
        raw.insertOne(new Document("other", 1));

        assertThatThrownBy(() -> users.upsertByField("email", null, Map.of("name", "x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the key value of 'email' is null");
        assertThat(raw.countDocuments()).isEqualTo(1);
    }

    @Test
    void a_dotted_key_is_stored_at_its_path_in_the_inserted_document() {
        MongoCollection<Document> raw = db.getCollection("keys_nested");
        AtomicCollection<Document> users = AtomicCollection.of(raw);
        users.ensureUniqueIndex("profile.email");

        UpsertOutcome first = users.upsertByField("profile.email", "a@x",
                Map.of("profile", Map.of("name", "Ann")));
        UpsertOutcome second = users.upsertByField("profile.email", "a@x",
                Map.of("profile", Map.of("name", "Other")));

        assertThat(first.isInserted()).isTrue();
        assertThat(second.isInserted()).isFalse();
        Document stored = raw.find().first();
        assertThat(stored.get("profile", Document.class)).containsEntry("name", "Ann").containsEntry("email", "a@x");
        assertThat(raw.countDocuments()).isEqualTo(1);
    }

    @Test
    void insertOrUpdateByField_never_erases_a_stored_value_with_a_null_and_generates_a_null_id() {
        MongoCollection<Document> raw = db.getCollection("keys_nulls");
        AtomicCollection<Document> users = AtomicCollection.of(raw);
        users.ensureUniqueIndex("email");

        users.insertOrUpdateByField("email", "a@x", new Document("_id", null).append("name", "Ann").append("age", 30));
        users.insertOrUpdateByField("email", "b@x", new Document("_id", null).append("name", "Bob"));
        users.insertOrUpdateByField("email", "a@x", new Document("name", "Ann B").append("age", null));

        Document ann = raw.find(new Document("email", "a@x")).first();
        assertThat(ann).containsEntry("name", "Ann B").containsEntry("age", 30);
        assertThat(ann.get("_id")).isInstanceOf(ObjectId.class);
        assertThat(raw.find(new Document("email", "b@x")).first().get("_id")).isInstanceOf(ObjectId.class);
        assertThat(raw.countDocuments()).isEqualTo(2);
    }
}

package dev.atomicmongo.it.pattern.version;

import static dev.atomicmongo.update.UpdateBuilder.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.atomicmongo.DocumentNotFoundException;
import dev.atomicmongo.RetriesExhaustedException;
import dev.atomicmongo.collection.RetryPolicy;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.it.pattern.Concurrency;
import dev.atomicmongo.pattern.version.OptimisticVersioning;
import dev.atomicmongo.pattern.version.Version;
import dev.atomicmongo.pattern.version.VersionConflictException;
import dev.atomicmongo.pattern.version.VersionedOutcome;
import dev.atomicmongo.test.MongoTest;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.codecs.pojo.annotations.BsonId;
import org.bson.codecs.pojo.annotations.BsonProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

@MongoTest
class OptimisticVersioningTest {
    private MongoCollection<Document> docs;
    private OptimisticVersioning<Document> versioning;

    /** A record whose version is stored as "rev". */
    public record Article(@BsonId String id, String title, @Version @BsonProperty("rev") long version) {
    }

    @BeforeEach
    void setUp(MongoDatabase db, TestInfo test) {
        docs = db.getCollection(test.getTestMethod().orElseThrow().getName());
        versioning = OptimisticVersioning.of(docs);
    }

    @Test
    void applies_the_change_and_increments_the_version_when_the_version_matches() {
        docs.insertOne(new Document("_id", "a").append("title", "draft").append("version", 3L));

        VersionedOutcome outcome = versioning.update(Conditions.eq("_id", "a"), 3, update().set("title", "final"));

        assertThat(outcome).isEqualTo(new VersionedOutcome.Updated(4));
        assertThat(docs.find().first()).isEqualTo(new Document("_id", "a").append("title", "final").append("version", 4L));
    }

    @Test
    void a_write_based_on_a_stale_read_is_refused_with_the_current_version_not_lost() {
        docs.insertOne(new Document("_id", "a").append("title", "draft").append("version", 1L));
        long readByAlice = versioning.versionOf(docs.find().first());
        long readByBob = versioning.versionOf(docs.find().first());

        VersionedOutcome alice = versioning.update(Conditions.eq("_id", "a"), readByAlice, update().set("title", "alice"));
        VersionedOutcome bob = versioning.update(Conditions.eq("_id", "a"), readByBob, update().set("title", "bob"));

        assertThat(alice).isEqualTo(new VersionedOutcome.Updated(2));
        assertThat(bob).isEqualTo(new VersionedOutcome.Conflict(BsonDocument.parse("{_id: 'a'}"), "version", 1, 2));
        assertThat(docs.find().first()).isEqualTo(new Document("_id", "a").append("title", "alice").append("version", 2L));
    }

    @Test
    void a_missing_document_is_not_found_rather_than_a_conflict() {
        VersionedOutcome outcome = versioning.update(Conditions.eq("_id", "nope"), 1, update().set("title", "x"));

        assertThat(outcome).isEqualTo(new VersionedOutcome.NotFound(BsonDocument.parse("{_id: 'nope'}")));
        assertThatThrownBy(outcome::orThrow).isInstanceOf(DocumentNotFoundException.class)
                .hasMessage("No document matches {\"_id\": \"nope\"}");
        assertThat(docs.countDocuments()).isZero();
    }

    @Test
    void orThrow_on_a_conflict_throws_a_version_conflict_naming_both_versions() {
        docs.insertOne(new Document("_id", "a").append("version", 7L));

        VersionedOutcome outcome = versioning.update(Conditions.eq("_id", "a"), 5, update().set("title", "x"));

        assertThatThrownBy(outcome::orThrow).isInstanceOfSatisfying(VersionConflictException.class, e -> {
            assertThat(e.expectedVersion()).isEqualTo(5);
            assertThat(e.currentVersion()).isEqualTo(7);
            assertThat(e.condition()).isEqualTo(BsonDocument.parse("{version: {$numberLong: '5'}}"));
        }).hasMessage("Version conflict on {\"_id\": \"a\"}: expected version 5 but the document is at version 7");
    }

    @Test
    void expected_version_zero_matches_a_document_that_was_never_versioned() {
        docs.insertOne(new Document("_id", "legacy").append("title", "old"));

        VersionedOutcome first = versioning.update(Conditions.eq("_id", "legacy"), 0, update().set("title", "new"));
        VersionedOutcome second = versioning.update(Conditions.eq("_id", "legacy"), 0, update().set("title", "newer"));

        assertThat(first).isEqualTo(new VersionedOutcome.Updated(1));
        assertThat(second).isEqualTo(new VersionedOutcome.Conflict(BsonDocument.parse("{_id: 'legacy'}"), "version", 0, 1));
        assertThat(docs.find().first()).isEqualTo(new Document("_id", "legacy").append("title", "new").append("version", 1L));
    }

    @Test
    void upsert_inserts_at_version_one_with_its_insert_only_fields_then_increments() {
        VersionedOutcome inserted = versioning.upsert(Conditions.eq("_id", "u"),
                update().setOnInsert("createdBy", "alice").set("title", "first"));
        VersionedOutcome updated = versioning.upsert(Conditions.eq("_id", "u"),
                update().setOnInsert("createdBy", "bob").set("title", "second"));

        assertThat(inserted).isEqualTo(new VersionedOutcome.Inserted(OptimisticVersioning.FIRST_VERSION));
        assertThat(updated).isEqualTo(new VersionedOutcome.Updated(2));
        assertThat(docs.find().first()).isEqualTo(new Document("_id", "u").append("createdBy", "alice")
                .append("title", "second").append("version", 2L));
    }

    @Test
    void refuses_a_change_that_writes_the_version_field_itself() {
        assertThatThrownBy(() -> versioning.update(Conditions.eq("_id", "a"), 1, update().set("version", 9)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The change writes the version field 'version'; OptimisticVersioning increments it itself");
        assertThatThrownBy(() -> versioning.upsert(Conditions.eq("_id", "a"), update().setOnInsert("version", 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The change writes the version field 'version'; OptimisticVersioning increments it itself");
    }

    @Test
    void refuses_a_negative_expected_version() {
        assertThatThrownBy(() -> versioning.update(Conditions.eq("_id", "a"), -1, update().set("t", 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expectedVersion must be >= 0, got -1");
    }

    @Test
    void finds_the_version_field_of_a_record_from_its_Version_annotation_and_BsonProperty(MongoDatabase db) {
        MongoCollection<Article> articles = db.getCollection("articles", Article.class);
        articles.insertOne(new Article("a", "draft", 1));
        OptimisticVersioning<Article> byAnnotation = OptimisticVersioning.of(articles);

        long version = byAnnotation.versionOf(articles.find().first());
        VersionedOutcome outcome = byAnnotation.update(Conditions.eq("_id", "a"), version, update().set("title", "final"));

        assertThat(byAnnotation.versionField()).isEqualTo("rev");
        assertThat(outcome).isEqualTo(new VersionedOutcome.Updated(2));
        assertThat(articles.find().first()).isEqualTo(new Article("a", "final", 2));
    }

    @Test
    void updateWithRetry_that_loses_every_race_ends_after_the_retry_policys_attempts() {
        docs.insertOne(new Document("_id", "a").append("version", 1L));
        AtomicInteger reads = new AtomicInteger();
        OptimisticVersioning<Document> three = versioning.withRetryPolicy(
                RetryPolicy.builder().maxAttempts(3).backoff(Duration.ZERO, Duration.ZERO).build());

        assertThatThrownBy(() -> three.updateWithRetry(Conditions.eq("_id", "a"), read -> {
            reads.incrementAndGet();
            // another writer moves the version on between this read and its write
            docs.updateOne(new Document("_id", "a"), new Document("$inc", new Document("version", 1L)));
            return update().set("title", "mine");
        })).isInstanceOfSatisfying(RetriesExhaustedException.class, e -> assertThat(e.attempts()).isEqualTo(3))
                .hasMessageStartingWith("updateWithRetry({\"_id\": \"a\"}) on ");
        assertThat(reads).hasValue(3);
        assertThat(docs.find().first()).isEqualTo(new Document("_id", "a").append("version", 4L));
    }

    @Test
    void updateWithRetry_of_a_missing_document_is_not_found_at_once() {
        VersionedOutcome outcome = versioning.updateWithRetry(Conditions.eq("_id", "none"), d -> update().set("t", 1));

        assertThat(outcome).isEqualTo(new VersionedOutcome.NotFound(BsonDocument.parse("{_id: 'none'}")));
    }

    @Test
    void a_conflict_is_an_outcome_whose_exception_is_typed_on_it() {
        docs.insertOne(new Document("_id", "a").append("version", 2L));

        VersionedOutcome outcome = versioning.update(Conditions.eq("_id", "a"), 1, update().set("t", 1));

        assertThat(outcome.isRefused()).isTrue();
        assertThatThrownBy(outcome::orThrow).isInstanceOfSatisfying(VersionConflictException.class, e -> {
            VersionedOutcome.Conflict conflict = e.refusal();
            assertThat(conflict).isEqualTo(outcome);
        });
        assertThat(new VersionedOutcome.Updated(3).orThrow()).isEqualTo(3L);
    }

    @Test
    void a_configured_field_name_and_accessor_are_used() {
        docs.insertOne(new Document("_id", "a").append("meta", new Document("rev", 4L)));
        OptimisticVersioning<Document> nested = versioning.withVersionField("meta.rev")
                .withVersionAccessor(d -> d.get("meta", Document.class).getLong("rev"));

        VersionedOutcome outcome = nested.withRetryPolicy(RetryPolicy.none())
                .updateWithRetry(Conditions.eq("_id", "a"), d -> update().set("seen", true));

        assertThat(outcome).isEqualTo(new VersionedOutcome.Updated(5));
        assertThat(docs.find().first()).isEqualTo(new Document("_id", "a").append("meta", new Document("rev", 5L))
                .append("seen", true));
    }

    /**
     * The version and the data it guards are separate top-level fields, as an application stores
     * them: a read must see all of them from one version (the test server answers one request at a
     * time, as consistent as MongoDB; see docs/testing.md), or a read-modify-write loses updates.
     */
    @Test
    void eight_threads_making_500_read_modify_writes_with_retry_apply_each_exactly_once() throws Exception {
        int writes = 500;
        docs.insertOne(new Document("_id", "doc").append("version", 0L).append("entries", List.of()).append("total", 0L));
        OptimisticVersioning<Document> state = versioning
                .withRetryPolicy(RetryPolicy.builder().maxAttempts(10_000).maxDuration(Duration.ofMinutes(2)).build());
        AtomicInteger tickets = new AtomicInteger();

        Concurrency.run(8, thread -> {
            for (int ticket = tickets.getAndIncrement(); ticket < writes; ticket = tickets.getAndIncrement()) {
                int mine = ticket;
                VersionedOutcome outcome = state.updateWithRetry(Conditions.eq("_id", "doc"), read -> {
                    // a change computed from what was read: lost if written over a newer version
                    List<Integer> entries = new ArrayList<>(read.getList("entries", Integer.class));
                    entries.add(mine);
                    return update().set("entries", entries).set("total", read.getLong("total") + mine);
                });
                assertThat(outcome).isInstanceOf(VersionedOutcome.Updated.class);
            }
        });

        Document stored = docs.find().first();
        assertThat(stored.getList("entries", Integer.class))
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, writes).boxed().toList());
        assertThat(stored.getLong("total")).isEqualTo(writes * (writes - 1L) / 2);
        assertThat(stored.getLong("version")).isEqualTo(writes);
    }
}

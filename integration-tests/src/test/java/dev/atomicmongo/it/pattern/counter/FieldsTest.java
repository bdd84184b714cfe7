package dev.atomicmongo.it.pattern.counter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.atomicmongo.DocumentNotFoundException;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.it.pattern.Concurrency;
import dev.atomicmongo.it.pattern.PathCases;
import dev.atomicmongo.it.pattern.ServerPath;
import dev.atomicmongo.pattern.counter.FieldAlreadySetException;
import dev.atomicmongo.pattern.counter.Fields;
import dev.atomicmongo.pattern.counter.FillOutcome;
import dev.atomicmongo.update.UpdateBuilder;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

class FieldsTest {
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
        private MongoCollection<Document> players;
        private Fields fields;

        Cases(ServerPath path) {
            super(path);
        }

        @BeforeEach
        void setUp(MongoDatabase db, TestInfo test) {
            players = db.getCollection(test.getTestMethod().orElseThrow().getName());
            fields = Fields.of(path.assertTakenBy(AtomicCollection.of(players)));
        }

        @Test
        void setIfMissing_fills_a_missing_or_null_field_and_keeps_an_existing_value() {
            players.insertOne(new Document("_id", "p1").append("nickname", null));

            assertThat(fields.setIfMissing("p1", "highScore", 100)).isEqualTo(new FillOutcome.Filled());
            assertThat(fields.setIfMissing("p1", "highScore", 500)).isEqualTo(new FillOutcome.AlreadySet(
                    BsonDocument.parse("{highScore: null}"), new BsonInt32(100)));
            assertThat(fields.setIfMissing("p1", "nickname", "ace")).isEqualTo(new FillOutcome.Filled());
            assertThat(fields.setIfMissing("p1", "stats.level", 1)).isEqualTo(new FillOutcome.Filled());

            assertThat(players.find().first()).isEqualTo(new Document("_id", "p1").append("nickname", "ace")
                    .append("highScore", 100).append("stats", new Document("level", 1)));
        }

        @Test
        void setIfMissing_never_inserts_a_document() {
            FillOutcome outcome = fields.setIfMissing("nobody", "highScore", 1);

            assertThat(outcome).isEqualTo(new FillOutcome.NotFound(BsonDocument.parse("{_id: 'nobody'}")));
            assertThatThrownBy(outcome::orThrow).isInstanceOf(DocumentNotFoundException.class);
            assertThat(players.countDocuments()).isZero();
        }

        @Test
        void orThrow_on_a_field_already_set_throws_the_typed_exception_with_the_value_kept() {
            players.insertOne(new Document("_id", "p1").append("stats", new Document("level", 7)));

            FillOutcome outcome = fields.setIfMissing("p1", "stats.level", 1);

            assertThatThrownBy(outcome::orThrow).isInstanceOfSatisfying(FieldAlreadySetException.class, e -> {
                assertThat(e.refusal().current()).isEqualTo(new BsonInt32(7));
                assertThat(e.condition()).isEqualTo(BsonDocument.parse("{'stats.level': null}"));
            });
            assertThat(fields.setIfMissing("p1", "stats.badge", "new").orThrow()).isEqualTo(new FillOutcome.Filled());
            assertThat(players.find().first()).isEqualTo(new Document("_id", "p1")
                    .append("stats", new Document("level", 7).append("badge", "new")));
        }

        @Test
        void unlike_setOnInsert_it_fills_a_field_of_a_document_that_already_exists() {
            players.insertOne(new Document("_id", "p1"));
            AtomicCollection<Document> atomic = AtomicCollection.of(players);

            atomic.upsertOne(Conditions.eq("_id", "p1"), UpdateBuilder.update().setOnInsert("highScore", 100));
            Document afterSetOnInsert = players.find().first();
            fields.setIfMissing("p1", "highScore", 100);

            assertThat(afterSetOnInsert).isEqualTo(new Document("_id", "p1"));
            assertThat(players.find().first()).isEqualTo(new Document("_id", "p1").append("highScore", 100));
        }

        @Test
        void sixteen_threads_filling_one_field_leave_exactly_one_value() throws Exception {
            players.insertOne(new Document("_id", "p1"));
            Set<Integer> winners = ConcurrentHashMap.newKeySet();

            Concurrency.run(16, thread -> {
                if (fields.setIfMissing("p1", "owner", thread).isFilled()) {
                    winners.add(thread);
                }
            });

            assertThat(winners).hasSize(1);
            assertThat(players.find().first().getInteger("owner")).isEqualTo(winners.iterator().next());
        }
    }
}

package dev.atomicmongo.it.pattern.counter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.it.pattern.Concurrency;
import dev.atomicmongo.pattern.counter.Fields;
import dev.atomicmongo.pattern.counter.FillOutcome;
import dev.atomicmongo.test.MongoTest;
import dev.atomicmongo.update.UpdateBuilder;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

@MongoTest
class FieldsTest {
    private MongoCollection<Document> players;
    private Fields fields;

    @BeforeEach
    void setUp(MongoDatabase db, TestInfo test) {
        players = db.getCollection(test.getTestMethod().orElseThrow().getName());
        fields = Fields.of(players);
    }

    @Test
    void setIfMissing_fills_a_missing_or_null_field_and_keeps_an_existing_value() {
        players.insertOne(new Document("_id", "p1").append("nickname", null));

        assertThat(fields.setIfMissing("p1", "highScore", 100)).isEqualTo(FillOutcome.FILLED);
        assertThat(fields.setIfMissing("p1", "highScore", 500)).isEqualTo(FillOutcome.ALREADY_SET);
        assertThat(fields.setIfMissing("p1", "nickname", "ace")).isEqualTo(FillOutcome.FILLED);
        assertThat(fields.setIfMissing("p1", "stats.level", 1)).isEqualTo(FillOutcome.FILLED);

        assertThat(players.find().first()).isEqualTo(new Document("_id", "p1").append("nickname", "ace")
                .append("highScore", 100).append("stats", new Document("level", 1)));
    }

    @Test
    void setIfMissing_never_inserts_a_document() {
        assertThat(fields.setIfMissing("nobody", "highScore", 1)).isEqualTo(FillOutcome.NOT_FOUND);
        assertThat(players.countDocuments()).isZero();
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

package dev.atomicmongo.it;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.atomicmongo.ConditionFailedException;
import dev.atomicmongo.DocumentNotFoundException;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.collection.ConditionalOutcome;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.test.MongoTest;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.atomicmongo.update.UpdateBuilder.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@MongoTest
class ConditionalUpdateIT {
    private final MongoCollection<Document> raw;
    private final AtomicCollection<Document> orders;

    ConditionalUpdateIT(MongoDatabase db) {
        raw = db.getCollection("orders");
        orders = AtomicCollection.of(raw);
    }

    @BeforeEach
    void oneOrder() {
        raw.deleteMany(new Document());
        raw.insertOne(new Document("_id", "o1").append("status", "pending").append("paymentId", "p1"));
    }

    @Test
    void applies_the_update_when_the_condition_holds() {
        ConditionalOutcome<Document> outcome = orders.updateIf(Conditions.eq("_id", "o1"),
                Conditions.and(Conditions.eq("status", "pending"), Conditions.exists("paymentId")),
                update().set("status", "cancelled"));

        assertThat(outcome.isApplied()).isTrue();
        assertThat(outcome.orThrow().modifiedCount()).isEqualTo(1);
        assertThat(raw.find().first().getString("status")).isEqualTo("cancelled");
    }

    @Test
    void reports_condition_failed_with_the_current_document_and_writes_nothing() {
        raw.updateOne(new Document("_id", "o1"), new Document("$set", new Document("status", "shipped")));

        ConditionalOutcome<Document> outcome = orders.updateIf(Conditions.eq("_id", "o1"),
                Conditions.eq("status", "pending"), update().set("status", "cancelled"));

        assertThat(outcome).isInstanceOf(ConditionalOutcome.ConditionFailed.class);
        Document current = ((ConditionalOutcome.ConditionFailed<Document>) outcome).current();
        assertThat(current.getString("status")).isEqualTo("shipped");
        assertThat(raw.find().first().getString("status")).isEqualTo("shipped");
        assertThatThrownBy(outcome::orThrow).isInstanceOf(ConditionFailedException.class)
                .hasMessageStartingWith("Condition {\"status\": \"pending\"} failed for Document{{_id=o1, status=shipped");
    }

    @Test
    void reports_not_found_when_no_document_has_the_identity() {
        ConditionalOutcome<Document> outcome = orders.updateIf(Conditions.eq("_id", "missing"),
                Conditions.eq("status", "pending"), update().set("status", "cancelled"));

        assertThat(outcome).isEqualTo(new ConditionalOutcome.NotFound<Document>(
                org.bson.BsonDocument.parse("{_id: 'missing'}")));
        assertThatThrownBy(outcome::orThrow).isInstanceOf(DocumentNotFoundException.class)
                .hasMessage("No document matches {\"_id\": \"missing\"}");
    }
}

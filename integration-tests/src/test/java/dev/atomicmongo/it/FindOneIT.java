package dev.atomicmongo.it;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Projections;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.test.MongoTest;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@MongoTest
class FindOneIT {
    private final MongoCollection<Document> raw;
    private final AtomicCollection<Document> docs;

    FindOneIT(MongoDatabase db) {
        raw = db.getCollection("reads");
        docs = AtomicCollection.of(raw);
    }

    @Test
    void findOne_returns_the_matching_document_with_only_the_projected_fields_or_empty() {
        raw.insertOne(new Document("_id", 1).append("a", 1).append("b", 2));

        assertThat(docs.findOne(Conditions.eq("_id", 1))).contains(new Document("_id", 1).append("a", 1).append("b", 2));
        assertThat(docs.findOne(Conditions.eq("_id", 1), Projections.include("b"))).contains(new Document("_id", 1).append("b", 2));
        assertThat(docs.findOne(Conditions.eq("_id", 2))).isEmpty();
    }
}

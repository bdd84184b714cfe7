package dev.atomicmongo.it;

import static dev.atomicmongo.filter.Conditions.eq;
import static dev.atomicmongo.filter.Conditions.field;
import static dev.atomicmongo.filter.Conditions.matchAll;
import static dev.atomicmongo.update.UpdateBuilder.update;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.collection.ConditionalOutcome;
import dev.atomicmongo.test.MongoTest;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** {@code Conditions.matchAll()} as the filter of the write methods: every document, on purpose. */
@MongoTest
class MatchAllIT {
    private final MongoCollection<Document> raw;
    private final AtomicCollection<Document> items;

    MatchAllIT(MongoDatabase db) {
        raw = db.getCollection("items");
        raw.drop(); // one database per class: each test starts from an empty collection
        items = AtomicCollection.of(raw);
    }

    @Test
    void updateMany_with_matchAll_updates_every_document() {
        raw.insertMany(java.util.List.of(new Document("_id", 1).append("n", 1), new Document("_id", 2),
                new Document("_id", 3).append("n", "x")));

        assertThat(items.updateMany(matchAll(), update().set("seen", true)).modifiedCount()).isEqualTo(3);

        assertThat(raw.find().into(new ArrayList<>())).allMatch(d -> d.getBoolean("seen"));
    }

    @Test
    void updateIf_with_matchAll_updates_the_first_document_meeting_the_condition() {
        raw.insertMany(java.util.List.of(new Document("_id", 1).append("n", 1), new Document("_id", 2).append("n", 5)));

        ConditionalOutcome<Document> outcome = items.updateIf(matchAll(), field("n").gte(5), update().set("big", true));

        assertThat(outcome).isInstanceOf(ConditionalOutcome.Applied.class);
        assertThat(raw.find(eq("big", true)).into(new ArrayList<>())).extracting(d -> d.get("_id")).containsExactly(2);
    }

    @Test
    void updateIf_with_matchAll_is_not_found_only_in_an_empty_collection() {
        assertThat(items.updateIf(matchAll(), field("n").gte(5), update().set("big", true)))
                .isInstanceOf(ConditionalOutcome.NotFound.class);

        raw.insertOne(new Document("_id", 1).append("n", 1));
        assertThat(items.updateIf(matchAll(), field("n").gte(5), update().set("big", true)))
                .isInstanceOf(ConditionalOutcome.ConditionFailed.class);
    }
}

package dev.atomicmongo.it;

import java.util.List;
import java.util.Optional;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.collection.FindAndUpdateOptions;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.test.MongoTest;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.atomicmongo.update.UpdateBuilder.update;
import static org.assertj.core.api.Assertions.assertThat;

@MongoTest
class FindOneAndUpdateIT {
    private final MongoCollection<Document> raw;
    private final AtomicCollection<Document> pages;

    FindOneAndUpdateIT(MongoDatabase db) {
        raw = db.getCollection("pages");
        pages = AtomicCollection.of(raw);
    }

    @BeforeEach
    void twoPages() {
        raw.deleteMany(new Document());
        raw.insertMany(List.of(new Document("_id", 1).append("views", 10).append("rank", 2),
                new Document("_id", 2).append("views", 20).append("rank", 1)));
    }

    @Test
    void returns_the_document_before_the_update() {
        Optional<Document> before = pages.findOneAndUpdate(Conditions.eq("_id", 1),
                update().inc("views", 1).addToSet("tags", "hot"), ReturnDocument.BEFORE);

        assertThat(before).get().satisfies(d -> assertThat(d.getInteger("views")).isEqualTo(10));
        assertThat(raw.find(new Document("_id", 1)).first().getInteger("views")).isEqualTo(11);
    }

    @Test
    void returns_the_document_after_the_update() {
        Optional<Document> after = pages.findOneAndUpdate(Conditions.eq("_id", 1),
                update().inc("views", 1).addToSet("tags", "hot"), ReturnDocument.AFTER);

        assertThat(after).get().satisfies(d -> {
            assertThat(d.getInteger("views")).isEqualTo(11);
            assertThat(d.getList("tags", String.class)).containsExactly("hot");
        });
    }

    @Test
    void is_empty_when_nothing_matches() {
        assertThat(pages.findOneAndUpdate(Conditions.eq("_id", 3), update().inc("views", 1), ReturnDocument.AFTER))
                .isEmpty();
        assertThat(raw.countDocuments()).isEqualTo(2);
    }

    @Test
    void upserts_with_projection_and_updates_the_first_in_sort_order() {
        Optional<Document> created = pages.findOneAndUpdate(Conditions.eq("_id", 3),
                update().setOnInsert("views", 0).set("rank", 3),
                FindAndUpdateOptions.returnAfter().withUpsert(true).withProjection(Projections.include("views")));
        Optional<Document> firstByRank = pages.findOneAndUpdate(Conditions.exists("rank"), update().inc("views", 100),
                FindAndUpdateOptions.returnAfter().withSort(Sorts.ascending("rank")));

        assertThat(created).contains(new Document("_id", 3).append("views", 0));
        assertThat(firstByRank).get().satisfies(d -> assertThat(d.getInteger("_id")).isEqualTo(2));
        assertThat(raw.find(new Document("_id", 2)).first().getInteger("views")).isEqualTo(120);
    }
}

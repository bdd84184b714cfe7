package dev.atomicmongo.it.bulk;

import static dev.atomicmongo.update.UpdateBuilder.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import dev.atomicmongo.ConditionFailedException;
import dev.atomicmongo.DuplicateKeyException;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.collection.BulkItem;
import dev.atomicmongo.collection.BulkOrder;
import dev.atomicmongo.collection.BulkOutcome;
import dev.atomicmongo.collection.BulkResult;
import dev.atomicmongo.collection.Commands;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.test.MongoTest;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@MongoTest
class BulkWriteIT {
    private final MongoCollection<Document> raw;
    private final AtomicCollection<Document> orders;
    private final Commands c;

    BulkWriteIT(MongoDatabase db) {
        raw = db.getCollection("bulk_orders");
        orders = AtomicCollection.of(raw);
        c = orders.commands();
    }

    @BeforeEach
    void fresh() {
        raw.drop();
        raw.createIndex(new Document("sku", 1), new IndexOptions().unique(true).sparse(true));
    }

    private BulkItem.UpdateIf pay(int id) {
        return BulkItem.of(c.updateIf(Conditions.eq("_id", id), Conditions.eq("status", "open"),
                update().set("status", "paid").inc("n", 1)));
    }

    @Test
    void every_item_applied_gives_applied_in_input_order() {
        for (int i = 0; i < 10; i++) {
            raw.insertOne(new Document("_id", i).append("status", "open").append("n", 0));
        }
        List<BulkItem> items = new ArrayList<>();
        for (int i = 9; i >= 0; i--) {
            items.add(pay(i));
        }

        BulkResult<Document> result = orders.bulkWrite(items);

        assertThat(result.outcomes()).hasSize(10).allMatch(o -> o instanceof BulkOutcome.Applied);
        assertThat(result.reads()).isZero();
        assertThat(raw.countDocuments(new Document("status", "paid").append("n", 1))).isEqualTo(10);
    }

    @Test
    void mixed_items_each_get_their_own_outcome() {
        raw.insertOne(new Document("_id", 1).append("status", "open").append("n", 0));
        raw.insertOne(new Document("_id", 2).append("status", "shipped").append("n", 0));
        raw.insertOne(new Document("_id", 3).append("sku", "A").append("n", 0));
        List<BulkItem> items = List.of(
                pay(1),
                pay(2),
                pay(99),
                c.insertOnce("sku", "B", Map.of("n", 7)),
                c.insertOnce("sku", "A", Map.of("n", 8)),
                BulkItem.of(c.upsertOne(Conditions.eq("_id", 50), update().inc("n", 5))),
                BulkItem.of(c.upsertOne(Conditions.eq("_id", 1), update().inc("n", 5))),
                BulkItem.of(c.updateIf(Conditions.eq("_id", 2), Conditions.exists("status"), update().set("sku", "A"))));

        BulkResult<Document> result = orders.bulkWrite(items);

        assertThat(result.get(0)).isInstanceOf(BulkOutcome.Applied.class);
        assertThat(result.get(1)).isInstanceOf(BulkOutcome.ConditionFailed.class);
        assertThat(((BulkOutcome.ConditionFailed<Document>) result.get(1)).current().getString("status")).isEqualTo("shipped");
        assertThat(result.get(2)).isEqualTo(new BulkOutcome.NotFound<Document>(c.filter(Conditions.eq("_id", 99))));
        assertThat(result.get(3)).isEqualTo(new BulkOutcome.Inserted<Document>(((BulkItem.InsertOnce) items.get(3)).id()));
        assertThat(result.get(4)).isEqualTo(new BulkOutcome.AlreadyExists<Document>(
                new org.bson.BsonDocument("sku", new BsonString("A")), new BsonInt32(3)));
        assertThat(result.get(5)).isEqualTo(new BulkOutcome.Inserted<Document>(new BsonInt32(50)));
        assertThat(result.get(6)).isInstanceOf(BulkOutcome.Applied.class);
        assertThat(result.get(7)).isInstanceOf(BulkOutcome.DuplicateKey.class);
        assertThat(result.reads()).isEqualTo(1);
        assertThatThrownBy(result.get(1)::orThrow).isInstanceOf(ConditionFailedException.class);
        assertThatThrownBy(result.get(7)::orThrow).isInstanceOf(DuplicateKeyException.class);
        assertThat(raw.find(new Document("_id", 1)).first().getInteger("n")).isEqualTo(6);
        assertThat(raw.find(new Document("_id", 3)).first().getInteger("n")).isZero();
    }

    @Test
    void ordered_bulk_stops_at_the_first_write_error_and_marks_the_rest_not_attempted() {
        raw.insertOne(new Document("_id", 1).append("status", "open").append("sku", "A"));
        raw.insertOne(new Document("_id", 2).append("status", "open"));
        raw.insertOne(new Document("_id", 3).append("status", "open"));
        List<BulkItem> items = List.of(pay(1),
                BulkItem.of(c.updateIf(Conditions.eq("_id", 2), Conditions.eq("status", "open"), update().set("sku", "A"))),
                pay(3));

        BulkResult<Document> result = orders.bulkWrite(items, BulkOrder.ORDERED);

        assertThat(result.get(0)).isInstanceOf(BulkOutcome.Applied.class);
        assertThat(result.get(1)).isInstanceOf(BulkOutcome.DuplicateKey.class);
        assertThat(result.get(2)).isEqualTo(new BulkOutcome.NotAttempted<Document>(1));
        assertThat(raw.find(new Document("_id", 3)).first().getString("status")).isEqualTo("open");
    }
}

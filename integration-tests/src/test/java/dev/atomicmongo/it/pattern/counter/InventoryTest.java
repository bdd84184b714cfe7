package dev.atomicmongo.it.pattern.counter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.atomicmongo.ConditionFailedException;
import dev.atomicmongo.it.pattern.Concurrency;
import dev.atomicmongo.pattern.counter.InsufficientStockException;
import dev.atomicmongo.pattern.counter.Inventory;
import dev.atomicmongo.pattern.counter.InventoryOutcome;
import dev.atomicmongo.test.MongoTest;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

@MongoTest
class InventoryTest {
    private MongoCollection<Document> items;
    private Inventory inventory;

    @BeforeEach
    void setUp(MongoDatabase db, TestInfo test) {
        items = db.getCollection(test.getTestMethod().orElseThrow().getName());
        inventory = Inventory.of(items);
    }

    @Test
    void reserve_moves_units_from_available_to_reserved_in_one_update() {
        inventory.restock("sku", 10);

        InventoryOutcome held = inventory.reserve("sku", 3);

        assertThat(held).isEqualTo(new InventoryOutcome.Applied(7, 3));
        assertThat(items.find().first()).isEqualTo(new Document("_id", "sku").append("available", 7L).append("reserved", 3L));
    }

    @Test
    void release_gives_reserved_units_back_and_commit_removes_them() {
        inventory.restock("sku", 10);
        inventory.reserve("sku", 4);

        assertThat(inventory.release("sku", 1)).isEqualTo(new InventoryOutcome.Applied(7, 3));
        assertThat(inventory.commit("sku", 3)).isEqualTo(new InventoryOutcome.Applied(7, 0));
        assertThat(inventory.get("sku")).contains(new InventoryOutcome.Applied(7, 0));
    }

    @Test
    void reserving_more_than_is_available_is_refused_and_changes_nothing() {
        inventory.restock("sku", 2);

        InventoryOutcome outcome = inventory.reserve("sku", 3);

        assertThat(outcome).isEqualTo(new InventoryOutcome.Insufficient(2, 0, 3,
                BsonDocument.parse("{available: {$gte: {$numberLong: '3'}}}"),
                BsonDocument.parse("{available: {$numberLong: '2'}}")));
        assertThatThrownBy(outcome::orThrow).isInstanceOf(ConditionFailedException.class)
                .isInstanceOfSatisfying(InsufficientStockException.class, e -> {
                    assertThat(e.refusal()).isEqualTo(outcome);
                    assertThat(e.current()).isEqualTo(BsonDocument.parse("{available: {$numberLong: '2'}}"));
                })
                .hasMessage("Condition {\"available\": {\"$gte\": 3}} failed for {\"available\": 2}");
        assertThat(inventory.commit("sku", 1)).isInstanceOf(InventoryOutcome.Insufficient.class);
        assertThat(items.find().first()).isEqualTo(new Document("_id", "sku").append("available", 2L));
    }

    @Test
    void an_unknown_item_is_not_found_and_not_created() {
        assertThat(inventory.reserve("nothing", 1))
                .isEqualTo(new InventoryOutcome.NotFound(BsonDocument.parse("{_id: 'nothing'}")));
        assertThat(inventory.get("nothing")).isEmpty();
        assertThat(items.countDocuments()).isZero();
    }

    @Test
    void configured_field_names_are_used() {
        items.insertOne(new Document("_id", "sku").append("stock", new Document("free", 5).append("held", 0)));
        Inventory nested = inventory.withAvailableField("stock.free").withReservedField("stock.held");

        assertThat(nested.reserve("sku", 5)).isEqualTo(new InventoryOutcome.Applied(0, 5));
        assertThat(items.find().first()).isEqualTo(new Document("_id", "sku").append("stock",
                new Document("free", 0L).append("held", 5L))); // an int32 plus an int64 is an int64

    }

    @Test
    void sixteen_threads_reserving_three_units_at_a_time_never_oversell_a_stock_of_100() throws Exception {
        inventory.restock("sku", 100);
        AtomicInteger reservations = new AtomicInteger();
        AtomicInteger negativeSeen = new AtomicInteger();

        Concurrency.run(16, thread -> {
            for (int i = 0; i < 10; i++) {
                InventoryOutcome outcome = inventory.reserve("sku", 3);
                if (outcome instanceof InventoryOutcome.Applied a) {
                    reservations.incrementAndGet();
                    if (a.available() < 0) {
                        negativeSeen.incrementAndGet();
                    }
                }
            }
        });

        assertThat(reservations).hasValue(33);
        assertThat(negativeSeen).hasValue(0);
        assertThat(items.find().first()).isEqualTo(new Document("_id", "sku").append("available", 1L).append("reserved", 99L));
    }

    @Test
    void refuses_a_quantity_that_is_not_positive() {
        assertThatThrownBy(() -> inventory.reserve("sku", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("quantity must be > 0, got 0");
    }

    @Test
    void one_field_given_two_roles_is_refused_when_configured() {
        assertThatThrownBy(() -> inventory.withReservedField("available"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The available field 'available' and the reserved field 'available' overlap; each role "
                        + "needs a field of its own");
        assertThatThrownBy(() -> inventory.withAvailableField("reserved.now"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("overlap");
    }
}

package dev.atomicmongo.it.bulk;

import static dev.atomicmongo.update.UpdateBuilder.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.ServerAddress;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.bulk.WriteConcernError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.WriteModel;
import dev.atomicmongo.AtomicMongoException;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.collection.BulkItem;
import dev.atomicmongo.collection.BulkOrder;
import dev.atomicmongo.collection.BulkOutcome;
import dev.atomicmongo.collection.BulkResult;
import dev.atomicmongo.collection.Commands;
import dev.atomicmongo.collection.OperationId;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.test.MongoTest;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A server that stores the array {@code _id} of a poisoned upsert instead of refusing it (MongoDB
 * refuses it; a compatible server might not). The embedded server refuses array ids too, so a
 * {@link Proxy} over the driver collection stands in for such a server: it sends each poisoned
 * {@code $setOnInsert: {_id: [...]}} with the array's string instead, which the embedded server
 * stores, so an unmatched item really inserts a document with a fixed {@code _id} (and a second
 * one in the same bulk really fails with E11000 on it). Everything else goes to the server as is.
 */
@MongoTest
class BulkArrayIdAcceptedIT {
    private static final String POISON = "atomic-mongo: no document matched";

    private final MongoCollection<Document> raw;
    private final List<List<WriteModel<?>>> sent = new ArrayList<>();
    /** When set, a bulk that the server applied is reported with this write concern error. */
    private WriteConcernError writeConcernError;
    private final Commands c;

    BulkArrayIdAcceptedIT(MongoDatabase db) {
        raw = db.getCollection("bulk_array_id_accepted");
        c = AtomicCollection.of(raw).commands();
    }

    @BeforeEach
    void fresh() {
        raw.drop();
        raw.insertOne(new Document("_id", 1).append("status", "open"));
        raw.insertOne(new Document("_id", 2).append("status", "shipped"));
        raw.insertOne(new Document("_id", 3).append("status", "open"));
    }

    private BulkItem.UpdateIf pay(int id) {
        return BulkItem.of(c.updateIf(Conditions.eq("_id", id), Conditions.eq("status", "open"), update().set("status", "paid")));
    }

    private BulkItem.UpdateIf payBySku(String sku) {
        return BulkItem.of(c.updateIf(Conditions.eq("sku", sku), Conditions.eq("status", "open"), update().set("status", "paid")));
    }

    @Test
    void stored_poison_is_deleted_the_items_are_refusals_and_the_collection_stops_poisoning() {
        AtomicCollection<Document> orders = AtomicCollection.of(accepting(raw));

        BulkResult<Document> first = orders.bulkWrite(List.of(payBySku("absent"), pay(2), pay(1), payBySku("gone")));

        assertThat(first.get(0)).isEqualTo(new BulkOutcome.NotFound<Document>(c.filter(Conditions.eq("sku", "absent"))));
        assertThat(first.get(1)).isInstanceOf(BulkOutcome.ConditionFailed.class);
        assertThat(first.get(2)).isInstanceOf(BulkOutcome.Applied.class);
        assertThat(first.get(3)).isEqualTo(new BulkOutcome.NotFound<Document>(c.filter(Conditions.eq("sku", "gone"))));
        assertThat(raw.find().map(d -> d.get("_id")).into(new ArrayList<>())).containsExactlyInAnyOrder(1, 2, 3);
        assertThat(poisoned(sent.get(0))).isEqualTo(4);

        BulkResult<BsonDocument> second = orders.withDocumentClass(BsonDocument.class).bulkWrite(List.of(pay(3), payBySku("absent")));

        assertThat(poisoned(sent.get(1))).isZero();
        assertThat(second.get(0)).isInstanceOf(BulkOutcome.Applied.class);
        assertThat(second.get(1)).isInstanceOf(BulkOutcome.NotFound.class);
        assertThat(raw.countDocuments()).isEqualTo(3);

        AtomicCollection.of(accepting(raw)).bulkWrite(List.of(pay(3)));
        assertThat(poisoned(sent.get(2))).as("another AtomicCollection has not seen the server store one").isEqualTo(1);
    }

    private BulkItem.Once creditBySku(String sku, String operation) {
        return BulkItem.of(c.updateOnce(Conditions.eq("sku", sku), update().inc("n", 1), OperationId.of(operation)));
    }

    @Test
    void a_guarded_item_whose_poison_was_stored_is_classified_and_refused_once_poisoning_stopped() {
        raw.insertOne(new Document("_id", 4).append("sku", "seen").append("n", 1).append("_ops", List.of("op-1")));
        raw.insertOne(new Document("_id", 5).append("sku", "fresh").append("n", 0));
        AtomicCollection<Document> orders = AtomicCollection.of(accepting(raw));

        BulkResult<Document> first = orders.bulkWrite(List.of(creditBySku("seen", "op-1"), creditBySku("fresh", "op-2"),
                creditBySku("absent", "op-3")));

        assertThat(first.get(0)).isInstanceOf(BulkOutcome.DuplicateOperation.class);
        assertThat(first.get(1)).isInstanceOf(BulkOutcome.Applied.class);
        assertThat(first.get(2)).isInstanceOf(BulkOutcome.NotFound.class);
        assertThat(raw.find().map(d -> d.get("_id")).into(new ArrayList<>())).containsExactlyInAnyOrder(1, 2, 3, 4, 5);
        assertThat(raw.find(new Document("_id", 4)).first().getInteger("n")).isEqualTo(1);
        // without poisoning a guarded update that matched nothing looks like one applied before
        assertThatThrownBy(() -> orders.bulkWrite(List.of(pay(1), creditBySku("fresh", "op-4"))))
                .isInstanceOf(AtomicMongoException.class)
                .hasMessageContaining("item 1 is guarded by an operation id")
                .hasMessageContaining("run it with execute");
        assertThat(raw.find(new Document("_id", 1)).first().getString("status")).as("nothing sent").isEqualTo("open");
    }

    @Test
    void ordered_bulk_deletes_the_stored_poison_before_reading_and_goes_on_past_the_duplicate_it_causes() {
        AtomicCollection<Document> orders = AtomicCollection.of(accepting(raw));

        BulkResult<Document> result = orders.bulkWrite(List.of(payBySku("absent"), payBySku("gone"), pay(1)), BulkOrder.ORDERED);

        assertThat(result.get(0)).isInstanceOf(BulkOutcome.NotFound.class);
        assertThat(result.get(1)).as("E11000 on the first item's stored _id, then read: nothing has sku 'gone'")
                .isInstanceOf(BulkOutcome.NotFound.class);
        assertThat(result.get(2)).isInstanceOf(BulkOutcome.Applied.class);
        assertThat(raw.find().map(d -> d.get("_id")).into(new ArrayList<>())).containsExactlyInAnyOrder(1, 2, 3);
        assertThat(raw.find(new Document("_id", 1)).first().getString("status")).isEqualTo("paid");
    }

    @Test
    void stored_poison_is_deleted_even_when_the_batch_fails_on_its_write_concern() {
        AtomicCollection<Document> orders = AtomicCollection.of(accepting(raw));
        writeConcernError = new WriteConcernError(64, "WriteConcernFailed", "waiting for replication timed out",
                new BsonDocument());

        assertThatThrownBy(() -> orders.bulkWrite(List.of(payBySku("absent"), pay(1))))
                .isInstanceOf(AtomicMongoException.class)
                .hasMessageContaining("waiting for replication timed out");
        assertThat(raw.find().map(d -> d.get("_id")).into(new ArrayList<>())).containsExactlyInAnyOrder(1, 2, 3);
    }

    private static long poisoned(List<WriteModel<?>> models) {
        return models.stream().filter(m -> m instanceof UpdateOneModel<?> u && u.getUpdate() instanceof BsonDocument update
                && update.containsKey("$setOnInsert") && update.getDocument("$setOnInsert").containsKey("_id")).count();
    }

    /** The collection as a server that stores the poisoned {@code _id} would behave; records each bulk sent. */
    @SuppressWarnings("unchecked")
    private <T> MongoCollection<T> accepting(MongoCollection<T> delegate) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("bulkWrite")) {
                int at = args[0] instanceof List<?> ? 0 : 1;
                List<WriteModel<?>> models = (List<WriteModel<?>>) args[at];
                sent.add(List.copyOf(models));
                List<WriteModel<?>> stored = new ArrayList<>();
                for (WriteModel<?> model : models) {
                    stored.add(storable(model));
                }
                args = args.clone();
                args[at] = stored;
            }
            Object result;
            try {
                result = method.invoke(delegate, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (result instanceof BulkWriteResult applied && writeConcernError != null) {
                throw new MongoBulkWriteException(applied, List.of(), writeConcernError, new ServerAddress(), Set.of());
            }
            return result instanceof MongoCollection<?> copy ? accepting(copy) : result;
        };
        return (MongoCollection<T>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {MongoCollection.class}, handler);
    }

    /** A poisoned model with the array {@code _id} replaced by its string, which the embedded server stores. */
    private static WriteModel<?> storable(WriteModel<?> model) {
        if (model instanceof UpdateOneModel<?> u && u.getUpdate() instanceof BsonDocument update
                && update.containsKey("$setOnInsert")
                && new BsonArray(List.of(new BsonString(POISON))).equals(update.getDocument("$setOnInsert").get("_id"))) {
            BsonDocument copy = update.clone();
            copy.getDocument("$setOnInsert").put("_id", new BsonString(POISON));
            return new UpdateOneModel<>(u.getFilter(), copy, u.getOptions());
        }
        return model;
    }
}

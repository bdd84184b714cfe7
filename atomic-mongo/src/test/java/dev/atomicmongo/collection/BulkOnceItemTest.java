package dev.atomicmongo.collection;

import static dev.atomicmongo.update.UpdateBuilder.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOneModel;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.update.Expr;
import dev.atomicmongo.update.PipelineUpdate;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

/** Guarded updates (operation ids) as bulk items: what is sent, and what a bulk refuses. Plain values, no server. */
class BulkOnceItemTest {
    private final Commands c = Commands.withDefaultCodecs();
    private final OperationId id = OperationId.of("delivery-7");

    private static UpdateOneModel<BsonDocument> sent(BulkItem item) {
        return (UpdateOneModel<BsonDocument>) BulkRunner.models(List.of(item)).get(0);
    }

    @Test
    void a_guarded_update_is_sent_as_its_guarded_write_upserting_into_a_refused_id() {
        UpdateOneModel<BsonDocument> model = sent(BulkItem.of(c.updateOnce(Conditions.eq("_id", 1),
                Conditions.gte("balance", 10), update().inc("balance", -10), id)));

        assertThat(model.getFilter()).isEqualTo(BsonDocument.parse(
                "{$and: [{_id: 1}, {balance: {$gte: 10}}, {_ops: {$ne: 'delivery-7'}}]}"));
        assertThat(model.getUpdate()).isEqualTo(BsonDocument.parse("{$inc: {balance: -10}, "
                + "$push: {_ops: {$each: ['delivery-7'], $slice: -100}}, "
                + "$setOnInsert: {_id: ['atomic-mongo: no document matched']}}"));
        assertThat(model.getOptions().isUpsert()).isTrue();
    }

    @Test
    void a_guarded_upsert_is_sent_as_a_plain_upsert_of_its_guarded_write() {
        UpdateOneModel<BsonDocument> model = sent(BulkItem.of(c.upsertOnce(Conditions.eq("_id", "alice"),
                update().inc("n", 5), id)));

        assertThat(model.getFilter()).isEqualTo(BsonDocument.parse(
                "{$and: [{_id: 'alice'}, {_ops: {$ne: 'delivery-7'}}]}"));
        assertThat(model.getUpdate()).isEqualTo(BsonDocument.parse(
                "{$inc: {n: 5}, $push: {_ops: {$each: ['delivery-7'], $slice: -100}}}"));
        assertThat(model.getOptions().isUpsert()).isTrue();
    }

    @Test
    void a_guarded_command_a_bulk_cannot_classify_is_refused_saying_to_run_it_alone() {
        assertThatThrownBy(() -> BulkItem.of(c.findOneAndUpdateOnce(Conditions.eq("_id", 1), update().inc("n", 1), id,
                ReturnDocument.AFTER)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("returns a document");
        assertThatThrownBy(() -> BulkItem.of(c.updateOnce(Conditions.eq("_id", 1),
                PipelineUpdate.pipeline().set("n", Expr.literal(1)), id)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pipeline");
        assertThatThrownBy(() -> BulkItem.of(c.updateOnce(Conditions.eq("_id", 1),
                Conditions.field("sold").lt(Conditions.field("capacity")), update().inc("sold", 1), id)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("$expr");
        assertThatThrownBy(() -> BulkItem.of(c.updateOnce(Conditions.eq("_id", 1), Conditions.matchAll(),
                update().inc("n", 1), id, OperationGuard.defaults(), WriteOptions.none().withComment("x"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("options");
        assertThatThrownBy(() -> BulkItem.of((OnceUpdateCommand) null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void a_guarded_update_in_a_transaction_is_refused_before_anything_is_sent() {
        com.mongodb.client.MongoCollection<org.bson.Document> never = (com.mongodb.client.MongoCollection<org.bson.Document>)
                java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                        new Class<?>[] {com.mongodb.client.MongoCollection.class}, (proxy, method, args) -> {
                            if (method.getName().equals("getNamespace")) {
                                return new com.mongodb.MongoNamespace("db.accounts");
                            }
                            throw new AssertionError("sent " + method.getName());
                        });
        BulkRunner<org.bson.Document> runner = new BulkRunner<>(never, inTransaction(), new ServerState());
        List<BulkItem> items = List.of(BulkItem.of(c.upsertOnce(Conditions.eq("_id", 1), update().inc("n", 1), id)),
                BulkItem.of(c.updateOnce(Conditions.eq("_id", 1), update().inc("n", 1), id)));

        assertThatThrownBy(() -> runner.run(items, BulkOrder.UNORDERED))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("item 1 is guarded by an operation id")
                .hasMessageContaining("inside a transaction");
    }

    private static com.mongodb.client.ClientSession inTransaction() {
        return (com.mongodb.client.ClientSession) java.lang.reflect.Proxy.newProxyInstance(
                BulkOnceItemTest.class.getClassLoader(), new Class<?>[] {com.mongodb.client.ClientSession.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("hasActiveTransaction")) {
                        return true;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void a_guarded_item_is_a_value() {
        BulkItem a = BulkItem.of(c.updateOnce(Conditions.eq("_id", 1), update().inc("n", 1), id));
        BulkItem b = BulkItem.of(c.updateOnce(Conditions.eq("_id", 1), update().inc("n", 1), id));
        BulkItem other = BulkItem.of(c.updateOnce(Conditions.eq("_id", 1), update().inc("n", 1), OperationId.of("x")));

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(other);
        assertThat(a.toString()).contains("delivery-7");
    }

    @Test
    void a_duplicate_operation_is_a_success_that_orThrow_returns() {
        BulkOutcome<String> duplicate = new BulkOutcome.DuplicateOperation<>(id, "current");

        assertThat(duplicate.isSuccess()).isTrue();
        assertThat(duplicate.orThrow()).isSameAs(duplicate);
        assertThat(new BulkResult<>(List.of(duplicate, new BulkOutcome.Applied<String>()), 0).allSucceeded()).isTrue();
        assertThatThrownBy(() -> new BulkOutcome.DuplicateOperation<>(null, "x")).isInstanceOf(NullPointerException.class);
    }
}

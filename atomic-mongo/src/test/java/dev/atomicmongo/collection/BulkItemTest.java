package dev.atomicmongo.collection;

import static dev.atomicmongo.update.UpdateBuilder.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.WriteModel;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.update.Expr;
import dev.atomicmongo.update.PipelineUpdate;
import org.bson.BsonDocument;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.junit.jupiter.api.Test;

/** Building bulk items and what a bulk sends for them: plain values, no server. */
class BulkItemTest {
    private final Commands c = Commands.withDefaultCodecs();

    private static UpdateOneModel<BsonDocument> sent(BulkItem item) {
        List<WriteModel<BsonDocument>> models = BulkRunner.models(List.of(item));
        return (UpdateOneModel<BsonDocument>) models.get(0);
    }

    @Test
    void a_conditional_update_is_sent_as_an_upsert_whose_insert_the_server_refuses() {
        UpdateOneModel<BsonDocument> model = sent(BulkItem.of(c.updateIf(Conditions.eq("_id", 1),
                Conditions.eq("status", "open"), update().set("status", "paid"))));

        assertThat(model.getFilter()).isEqualTo(BsonDocument.parse("{_id: 1, status: 'open'}"));
        assertThat(model.getUpdate()).isEqualTo(BsonDocument.parse(
                "{$set: {status: 'paid'}, $setOnInsert: {_id: ['atomic-mongo: no document matched']}}"));
        assertThat(model.getOptions().isUpsert()).isTrue();
    }

    @Test
    void unpoisoned_a_conditional_update_is_sent_as_a_plain_update_counted_by_the_server() {
        BulkItem item = BulkItem.of(c.updateIf(Conditions.eq("_id", 1), Conditions.eq("status", "open"),
                update().set("status", "paid")));

        UpdateOneModel<BsonDocument> model = (UpdateOneModel<BsonDocument>) BulkRunner.models(List.of(item), false).get(0);

        assertThat(model.getUpdate()).isEqualTo(BsonDocument.parse("{$set: {status: 'paid'}}"));
        assertThat(model.getOptions().isUpsert()).isFalse();
    }

    @Test
    void no_poisoning_in_an_active_transaction_whose_write_error_would_abort_it() {
        ServerState state = new ServerState();

        assertThat(BulkRunner.poisons(null, state)).isTrue();
        assertThat(BulkRunner.poisons(session(false), state)).isTrue();
        assertThat(BulkRunner.poisons(session(true), state)).isFalse();
    }

    @Test
    void no_poisoning_once_the_server_stored_an_array_id() {
        ServerState state = new ServerState();
        state.arrayIdAccepted(true);

        assertThat(BulkRunner.poisons(null, state)).isFalse();
    }

    @Test
    void a_rename_into_id_is_sent_counted_because_its_immutable_field_error_would_look_like_the_poison() {
        BulkItem item = BulkItem.of(new ConditionalUpdateCommand(BsonDocument.parse("{_id: 1}"),
                BsonDocument.parse("{status: 'open'}"), new CompiledUpdate.Operators(BsonDocument.parse("{$rename: {other: '_id'}}"), List.of())));

        assertThat(sent(item).getOptions().isUpsert()).isFalse();
    }

    @Test
    void a_poisoned_items_error_says_unmatched_failed_or_read() {
        com.mongodb.MongoException cause = new com.mongodb.MongoException(11000, "E11000");

        assertThat(BulkRunner.verdict(new dev.atomicmongo.MongoOperationException("bulk", new com.mongodb.MongoException(53, "array _id"))))
                .isEqualTo(BulkRunner.Verdict.UNMATCHED);
        assertThat(BulkRunner.verdict(new dev.atomicmongo.MongoOperationException("bulk", new com.mongodb.MongoException(66, "immutable"))))
                .isEqualTo(BulkRunner.Verdict.UNMATCHED);
        assertThat(BulkRunner.verdict(new dev.atomicmongo.DuplicateKeyException("bulk", cause, "_id_", null, null)))
                .as("only an insert collides on _id: a poisoned update never writes it").isEqualTo(BulkRunner.Verdict.UNMATCHED);
        assertThat(BulkRunner.verdict(new dev.atomicmongo.DuplicateKeyException("bulk", cause, "sku_1", null, null)))
                .as("a refused insert never reaches an index").isEqualTo(BulkRunner.Verdict.FAILED);
        assertThat(BulkRunner.verdict(new dev.atomicmongo.DuplicateKeyException("bulk", cause, null, null, null)))
                .isEqualTo(BulkRunner.Verdict.READ);
        assertThat(BulkRunner.verdict(new dev.atomicmongo.MongoOperationException("bulk", new com.mongodb.MongoException(14, "$inc"))))
                .isEqualTo(BulkRunner.Verdict.READ);
    }

    /** A session whose only answer is whether a transaction is active. */
    private static com.mongodb.client.ClientSession session(boolean inTransaction) {
        return (com.mongodb.client.ClientSession) java.lang.reflect.Proxy.newProxyInstance(BulkItemTest.class.getClassLoader(),
                new Class<?>[] {com.mongodb.client.ClientSession.class}, (proxy, method, args) -> {
                    if (method.getName().equals("hasActiveTransaction")) {
                        return inTransaction;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void a_condition_on_an_identity_field_keeps_the_and() {
        UpdateOneModel<BsonDocument> model = sent(BulkItem.of(c.updateIf(Conditions.eq("_id", 1),
                Conditions.ne("_id", 2), update().inc("n", 1))));

        assertThat(model.getFilter()).isEqualTo(BsonDocument.parse("{$and: [{_id: 1}, {_id: {$ne: 2}}]}"));
    }

    @Test
    void an_expr_condition_or_a_pipeline_is_sent_as_a_plain_update_counted_by_the_server() {
        UpdateOneModel<BsonDocument> expr = sent(BulkItem.of(c.updateIf(Conditions.eq("_id", 1),
                Conditions.field("sold").lt(Conditions.field("capacity")), update().inc("sold", 1))));
        UpdateOneModel<BsonDocument> pipeline = sent(BulkItem.of(c.updateIf(Conditions.eq("_id", 1),
                Conditions.eq("status", "open"), PipelineUpdate.pipeline().set("n", Expr.literal(1)))));

        assertThat(expr.getOptions().isUpsert()).isFalse();
        assertThat(expr.getUpdate()).isEqualTo(BsonDocument.parse("{$inc: {sold: 1}}"));
        assertThat(pipeline.getOptions().isUpsert()).isFalse();
        assertThat(pipeline.getUpdatePipeline()).isNotNull();
    }

    @Test
    void an_update_of_the_id_is_never_poisoned() {
        UpdateOneModel<BsonDocument> model = sent(BulkItem.of(c.updateIf(Conditions.eq("k", 1),
                Conditions.eq("status", "open"), update().setOnInsert("_id", 5).set("n", 1))));

        assertThat(model.getOptions().isUpsert()).isFalse();
        assertThat(model.getUpdate()).isEqualTo(BsonDocument.parse("{$set: {n: 1}, $setOnInsert: {_id: 5}}"));
    }

    @Test
    void insertOnce_sets_the_document_on_insert_only_with_an_id_chosen_when_it_has_none() {
        BulkItem.InsertOnce item = c.insertOnce("sku", "A-1", Map.of("qty", 5));
        UpdateOneModel<BsonDocument> model = sent(item);

        assertThat(item.id()).isInstanceOf(BsonObjectId.class);
        assertThat(item.key()).isEqualTo(BsonDocument.parse("{sku: 'A-1'}"));
        assertThat(model.getFilter()).isEqualTo(BsonDocument.parse("{sku: 'A-1'}"));
        assertThat(model.getUpdate()).isEqualTo(new BsonDocument("$setOnInsert",
                new BsonDocument("_id", item.id()).append("qty", new org.bson.BsonInt32(5)).append("sku", new BsonString("A-1"))));
        assertThat(model.getOptions().isUpsert()).isTrue();
    }

    @Test
    void insertOnce_compares_an_operator_shaped_key_as_a_value_and_refuses_a_null_key() {
        BulkItem.InsertOnce item = c.insertOnce("sku", Map.of("$ne", 1), Map.of("_id", 7));

        assertThat(item.filter()).isEqualTo(BsonDocument.parse("{sku: {$eq: {$ne: 1}}}"));
        assertThat(item.id()).isEqualTo(new org.bson.BsonInt32(7));
        assertThatThrownBy(() -> c.insertOnce("sku", null, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("insertOnce: the key value of 'sku' is null");
    }

    @Test
    void items_with_options_and_upserts_that_are_not_single_are_refused() {
        WriteOptions hinted = WriteOptions.none().withHint("status_1");
        assertThatThrownBy(() -> BulkItem.of(c.updateIf(Conditions.eq("_id", 1), Conditions.eq("a", 1), update().inc("n", 1), hinted)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bulk updateIf: the item carries options {\"hint\": \"status_1\"}; a bulk item takes none (run it alone with execute)");
        assertThatThrownBy(() -> BulkItem.of(c.updateOne(Conditions.eq("_id", 1), update().inc("n", 1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bulk upsert: the command is updateOne; a bulk upsert item is an upsertOne");
        assertThatThrownBy(() -> BulkItem.of(c.upsertMany(Conditions.eq("a", 1), update().inc("n", 1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bulk upsert: the command is upsertMany; a bulk upsert item is an upsertOne");
        assertThatThrownBy(() -> BulkItem.of((ConditionalUpdateCommand) null)).isInstanceOf(NullPointerException.class)
                .hasMessage("command");
    }

    @Test
    void a_bulk_refuses_an_empty_list_a_null_item_and_more_than_100000_items() {
        BulkItem one = BulkItem.of(c.upsertOne(Conditions.eq("_id", 1), update().inc("n", 1)));

        assertThatThrownBy(() -> BulkRunner.validate(List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bulkWrite: the list of items is empty; there is nothing to write");
        assertThatThrownBy(() -> BulkRunner.validate(Arrays.asList(one, null))).isInstanceOf(NullPointerException.class)
                .hasMessage("items[1]");
        assertThatThrownBy(() -> BulkRunner.validate(Collections.nCopies(100_001, one)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bulkWrite: 100001 items, more than the 100000 one call takes; split the list");
        assertThat(BulkRunner.validate(Collections.nCopies(100_000, one))).hasSize(100_000);
    }

    @Test
    void the_list_is_copied_so_a_later_change_of_it_changes_nothing() {
        List<BulkItem> items = new ArrayList<>(List.of(BulkItem.of(c.upsertOne(Conditions.eq("_id", 1), update().inc("n", 1)))));
        List<BulkItem> copy = BulkRunner.validate(items);
        items.clear();

        assertThat(copy).hasSize(1);
    }

    @Test
    void items_are_values() {
        BulkItem a = BulkItem.of(c.updateIf(Conditions.eq("_id", 1), Conditions.eq("s", "open"), update().inc("n", 1)));
        BulkItem b = BulkItem.of(c.updateIf(Conditions.eq("_id", 1), Conditions.eq("s", "open"), update().inc("n", 1)));

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.toString()).isEqualTo("updateIf identity={\"_id\": 1} condition={\"s\": \"open\"} update={\"$inc\": {\"n\": 1}}");
    }

    @Test
    void outcomes_throw_what_their_refusal_or_error_says() {
        BulkOutcome<BsonDocument> notAttempted = new BulkOutcome.NotAttempted<>(3);
        BulkOutcome<BsonDocument> exists = new BulkOutcome.AlreadyExists<>(BsonDocument.parse("{sku: 'A'}"), new BsonString("x"));

        assertThatThrownBy(notAttempted::orThrow).isInstanceOf(BulkItemException.class)
                .hasMessage("not attempted: the ordered bulk stopped at the failed item 3");
        assertThatThrownBy(exists::orThrow).isInstanceOf(AlreadyExistsException.class)
                .hasMessage("A document with {\"sku\": \"A\"} already exists");
        assertThat(new BulkOutcome.Applied<BsonDocument>().orThrow()).isEqualTo(new BulkOutcome.Applied<BsonDocument>());
        assertThat(new BulkResult<>(List.of(notAttempted, new BulkOutcome.Applied<>()), 0).count(BulkOutcome.Applied.class))
                .isEqualTo(1);
    }
}

package dev.atomicmongo.it.bulk;

import static dev.atomicmongo.update.UpdateBuilder.update;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.collection.BulkItem;
import dev.atomicmongo.collection.BulkOrder;
import dev.atomicmongo.collection.BulkOutcome;
import dev.atomicmongo.collection.BulkResult;
import dev.atomicmongo.collection.Commands;
import dev.atomicmongo.filter.Conditions;
import org.bson.Document;
import dev.atomicmongo.test.MongoTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A conditional update sent as a poisoned upsert can fail with another code than the poison's when
 * its operators cannot apply to the document the upsert builds from the filter: here the condition
 * pins {@code n} to a string and the update increments {@code n}, so the seeded document has
 * {@code n: "x"} and {@code $inc} fails (code 14, TypeMismatch, on MongoDB as on the embedded
 * server) whether a document matched or not. The read after the write tells them apart.
 */
@MongoTest
class BulkPoisonedItemErrorIT {
    private final MongoCollection<Document> raw;
    private final AtomicCollection<Document> stock;
    private final Commands c;

    BulkPoisonedItemErrorIT(MongoDatabase db) {
        raw = db.getCollection("bulk_poisoned_errors");
        stock = AtomicCollection.of(raw);
        c = stock.commands();
    }

    @BeforeEach
    void fresh() {
        raw.drop();
    }

    /** Increments n of the document with this sku if n is the string "x": fails on every document it could match. */
    private BulkItem.UpdateIf incWhereString(String sku) {
        return BulkItem.of(c.updateIf(Conditions.eq("sku", sku), Conditions.eq("n", "x"), update().inc("n", 1)));
    }

    private BulkItem.UpdateIf open(String sku) {
        return BulkItem.of(c.updateIf(Conditions.eq("sku", sku), Conditions.eq("status", "open"), update().set("status", "done")));
    }

    @Test
    void an_error_on_the_seeded_document_of_an_absent_document_is_not_found() {
        BulkResult<Document> result = stock.bulkWrite(List.of(incWhereString("absent")));

        assertThat(result.get(0)).isEqualTo(new BulkOutcome.NotFound<Document>(c.filter(Conditions.eq("sku", "absent"))));
        assertThat(result.reads()).isEqualTo(1);
        assertThat(raw.countDocuments()).isZero();
    }

    @Test
    void an_error_on_the_seeded_document_of_a_document_that_fails_the_condition_is_condition_failed() {
        raw.insertOne(new Document("_id", 1).append("sku", "a").append("n", 3));

        BulkResult<Document> result = stock.bulkWrite(List.of(incWhereString("a")));

        assertThat(result.get(0)).isInstanceOf(BulkOutcome.ConditionFailed.class);
        assertThat(((BulkOutcome.ConditionFailed<Document>) result.get(0)).current().getInteger("n")).isEqualTo(3);
        assertThat(raw.find().into(new java.util.ArrayList<>()))
                .containsExactly(new Document("_id", 1).append("sku", "a").append("n", 3));
    }

    @Test
    void an_error_on_a_document_that_meets_the_condition_is_write_failed_with_the_server_error() {
        raw.insertOne(new Document("_id", 1).append("sku", "a").append("n", "x"));

        BulkResult<Document> result = stock.bulkWrite(List.of(incWhereString("a")));

        assertThat(result.get(0)).isInstanceOf(BulkOutcome.WriteFailed.class);
        assertThat(((BulkOutcome.WriteFailed<Document>) result.get(0)).error().code()).isEqualTo(14);
        assertThat(raw.find().first().getString("n")).isEqualTo("x");
    }

    @Test
    void an_array_filter_that_the_seeded_document_has_no_array_for_is_not_found_when_absent() {
        raw.insertOne(new Document("_id", 1).append("sku", "a").append("status", "open")
                .append("items", List.of(new Document("qty", 5))));
        BulkItem.UpdateIf zero = BulkItem.of(c.updateIf(Conditions.eq("sku", "absent"), Conditions.eq("status", "open"),
                update().set("items.$[i].qty", 0).arrayFilter(Conditions.gte("i.qty", 1))));
        BulkItem.UpdateIf zeroA = BulkItem.of(c.updateIf(Conditions.eq("sku", "a"), Conditions.eq("status", "open"),
                update().set("items.$[i].qty", 0).arrayFilter(Conditions.gte("i.qty", 1))));

        BulkResult<Document> result = stock.bulkWrite(List.of(zero, zeroA));

        assertThat(result.get(0)).isEqualTo(new BulkOutcome.NotFound<Document>(c.filter(Conditions.eq("sku", "absent"))));
        assertThat(result.get(1)).isInstanceOf(BulkOutcome.Applied.class);
        assertThat(raw.countDocuments()).isEqualTo(1);
    }

    @Test
    void unordered_bulk_classifies_each_kind_of_error_with_one_read() {
        raw.insertOne(new Document("_id", 1).append("sku", "a").append("n", 3));
        raw.insertOne(new Document("_id", 2).append("sku", "b").append("n", "x"));
        raw.insertOne(new Document("_id", 3).append("sku", "c").append("status", "open"));

        BulkResult<Document> result = stock.bulkWrite(List.of(incWhereString("absent"), incWhereString("a"),
                incWhereString("b"), open("c"), open("absent")));

        assertThat(result.get(0)).isInstanceOf(BulkOutcome.NotFound.class);
        assertThat(result.get(1)).isInstanceOf(BulkOutcome.ConditionFailed.class);
        assertThat(result.get(2)).isInstanceOf(BulkOutcome.WriteFailed.class);
        assertThat(result.get(3)).isInstanceOf(BulkOutcome.Applied.class);
        assertThat(result.get(4)).isInstanceOf(BulkOutcome.NotFound.class);
        assertThat(result.reads()).isEqualTo(1);
        assertThat(raw.countDocuments()).isEqualTo(3);
    }

    @Test
    void ordered_bulk_goes_on_past_such_an_error_that_matched_nothing_and_stops_at_a_real_failure() {
        raw.insertOne(new Document("_id", 1).append("sku", "a").append("n", 3));
        raw.insertOne(new Document("_id", 2).append("sku", "b").append("n", "x"));
        raw.insertOne(new Document("_id", 3).append("sku", "c").append("status", "open"));
        raw.insertOne(new Document("_id", 4).append("sku", "d").append("status", "open"));

        BulkResult<Document> result = stock.bulkWrite(List.of(incWhereString("absent"), incWhereString("a"),
                open("c"), incWhereString("b"), open("d")), BulkOrder.ORDERED);

        assertThat(result.get(0)).isInstanceOf(BulkOutcome.NotFound.class);
        assertThat(result.get(1)).isInstanceOf(BulkOutcome.ConditionFailed.class);
        assertThat(result.get(2)).isInstanceOf(BulkOutcome.Applied.class);
        assertThat(result.get(3)).isInstanceOf(BulkOutcome.WriteFailed.class);
        assertThat(result.get(4)).isEqualTo(new BulkOutcome.NotAttempted<Document>(3));
        assertThat(result.reads()).isEqualTo(3);   // one read at each of the three errors, none after
        assertThat(raw.find(new Document("_id", 3)).first().getString("status")).isEqualTo("done");
        assertThat(raw.find(new Document("_id", 4)).first().getString("status")).isEqualTo("open");
    }
}

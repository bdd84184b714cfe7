package dev.atomicmongo.it;

import java.math.BigDecimal;
import java.util.Date;
import java.util.List;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.test.MongoTest;
import dev.atomicmongo.test.TestMongo;
import dev.atomicmongo.update.PushEach;
import dev.atomicmongo.update.UpdateBuilder;
import org.bson.BsonDocument;
import org.bson.BsonTimestamp;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.atomicmongo.update.UpdateBuilder.update;
import static org.assertj.core.api.Assertions.assertThat;

/** Each operator's effect on a real document, read back from the server. */
@MongoTest
class OperatorEffectsIT {
    private final MongoCollection<Document> raw;
    private final AtomicCollection<Document> docs;

    OperatorEffectsIT(MongoDatabase db) {
        raw = db.getCollection("effects");
        docs = AtomicCollection.of(raw);
    }

    @BeforeEach
    void oneDocument() {
        raw.deleteMany(new Document());
        raw.insertOne(Document.parse("{_id: 1, n: 5, price: {$numberDecimal: '10.10'}, name: 'a', old: 'x', gone: 1,"
                + " tags: ['a', 'b'], scores: [3, 9, 1], list: [1, 2, 3, 4],"
                + " grades: [{score: 50, ok: false}, {score: 70, ok: false}], flags: 6}"));
    }

    private Document apply(UpdateBuilder update) {
        assertThat(docs.updateOne(Conditions.eq("_id", 1), update).matchedCount()).isEqualTo(1);
        return raw.find(new Document("_id", 1)).first();
    }

    @Test
    void set_unset_and_rename_change_the_named_fields() {
        Document d = apply(update().set("name", "b").set("nested.deep", true).unset("gone").rename("old", "renamed"));
        assertThat(d).containsEntry("name", "b").containsEntry("renamed", "x").doesNotContainKeys("gone", "old");
        assertThat(d.get("nested", Document.class)).containsEntry("deep", true);
    }

    @Test
    void inc_dec_and_mul_do_arithmetic_on_the_server() {
        Document d = apply(update().inc("n", 10).dec("missing", 3).mul("price", new BigDecimal("2")));
        assertThat(d.getInteger("n")).isEqualTo(15);
        assertThat(d.getInteger("missing")).isEqualTo(-3);
        assertThat(d.get("price", Decimal128.class).bigDecimalValue()).isEqualByComparingTo("20.20");
    }

    @Test
    void min_and_max_keep_the_smaller_or_larger_value() {
        Document d = apply(update().min("n", 2).max("top", 7));
        assertThat(d.getInteger("n")).isEqualTo(2);
        assertThat(d.getInteger("top")).isEqualTo(7);
        assertThat(apply(update().min("n", 4).max("top", 1))).containsEntry("n", 2).containsEntry("top", 7);
    }

    @Test
    void currentDate_and_currentTimestamp_use_the_server_clock() {
        Date before = new Date(System.currentTimeMillis() - 60_000);
        Document d = apply(update().currentDate("at").currentTimestamp("ts"));
        assertThat(d.getDate("at")).isAfter(before);
        assertThat(d.get("ts")).isInstanceOf(BsonTimestamp.class);
    }

    @Test
    void addToSet_adds_only_missing_values() {
        Document d = apply(update().addToSet("tags", "a").addToSetEach("more", List.of("x", "x", "y")));
        assertThat(d.getList("tags", String.class)).containsExactly("a", "b");
        assertThat(d.getList("more", String.class)).containsExactly("x", "y");
    }

    @Test
    void push_with_each_sort_and_slice_keeps_the_top_three() {
        Document d = apply(update().push("scores", PushEach.of(7, 2).withSort(-1).withSlice(3)).push("tags", "c"));
        assertThat(d.getList("scores", Integer.class)).containsExactly(9, 7, 3);
        assertThat(d.getList("tags", String.class)).containsExactly("a", "b", "c");
    }

    @Test
    void push_at_position_zero_prepends() {
        Document d = apply(update().push("tags", PushEach.of("first").withPosition(0)));
        assertThat(d.getList("tags", String.class)).containsExactly("first", "a", "b");
    }

    @Test
    void pull_by_value_and_by_condition_and_pullAll_remove_elements() {
        Document d = apply(update().pull("tags", "a").pull("scores", Conditions.element().gte(3))
                .pullAll("list", List.of(1, 3)));
        assertThat(d.getList("tags", String.class)).containsExactly("b");
        assertThat(d.getList("scores", Integer.class)).containsExactly(1);
        assertThat(d.getList("list", Integer.class)).containsExactly(2, 4);
    }

    @Test
    void popFirst_popLast_and_setAt_edit_arrays_by_position() {
        Document d = apply(update().popFirst("tags").popLast("list").setAt("scores", 1, 100));
        assertThat(d.getList("tags", String.class)).containsExactly("b");
        assertThat(d.getList("list", Integer.class)).containsExactly(1, 2, 3);
        assertThat(d.getList("scores", Integer.class)).containsExactly(3, 100, 1);
    }

    @Test
    void positional_paths_update_matched_all_and_filtered_elements() {
        assertThat(docs.updateOne(Conditions.and(Conditions.eq("_id", 1), Conditions.eq("tags", "b")),
                update().set("tags.$", "B")).modifiedCount()).isEqualTo(1);
        apply(update().inc("grades.$[].score", 1));
        Document d = apply(update().set("grades.$[g].ok", true).arrayFilter(Conditions.gte("g.score", 60)));

        assertThat(d.getList("tags", String.class)).containsExactly("a", "B");
        assertThat(d.getList("grades", Document.class)).containsExactly(
                new Document("score", 51).append("ok", false), new Document("score", 71).append("ok", true));
    }

    @Test
    void setOnInsert_applies_only_when_the_upsert_inserts() {
        docs.upsertOne(Conditions.eq("_id", 1), update().setOnInsert("created", true).inc("n", 1));
        docs.upsertOne(Conditions.eq("_id", 2), update().setOnInsert("created", true).inc("n", 1));

        assertThat(raw.find(new Document("_id", 1)).first()).doesNotContainKey("created").containsEntry("n", 6);
        assertThat(raw.find(new Document("_id", 2)).first()).containsEntry("created", true).containsEntry("n", 1);
    }

    @Test
    void bit_operators_combine_masks(TestMongo mongo) {
        Assumptions.assumeTrue(bitSupported(), () -> "The test server (" + mongo.source()
                + ") lacks the $bit update operator; skipped");
        Document d = apply(update().bitAnd("flags", 3).bitOr("flags", 8));
        assertThat(d.getInteger("flags")).isEqualTo((6 & 3) | 8);
    }

    private boolean bitSupported() {
        try {
            raw.updateOne(new Document("_id", "bit-probe"), BsonDocument.parse("{$bit: {b: {or: 1}}}"),
                    new com.mongodb.client.model.UpdateOptions().upsert(true));
            return true;
        } catch (com.mongodb.MongoException e) {
            return false;
        } finally {
            raw.deleteOne(new Document("_id", "bit-probe"));
        }
    }
}

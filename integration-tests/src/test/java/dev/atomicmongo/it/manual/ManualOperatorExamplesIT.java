package dev.atomicmongo.it.manual;

import static dev.atomicmongo.filter.Conditions.eq;
import static dev.atomicmongo.filter.Conditions.matchAll;
import static dev.atomicmongo.filter.Conditions.ne;
import static dev.atomicmongo.it.manual.OperatorExample.COMMANDS;
import static dev.atomicmongo.it.manual.OperatorExample.assertSameCommand;
import static dev.atomicmongo.update.UpdateBuilder.update;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Date;

import com.mongodb.client.MongoDatabase;
import dev.atomicmongo.collection.UpdateCommand;
import dev.atomicmongo.collection.UpdateOutcome;
import dev.atomicmongo.test.MongoTest;
import org.bson.BsonDocument;
import org.bson.BsonType;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;

/**
 * The examples of the manual's field update operator pages ({@code $currentDate}, {@code $inc},
 * {@code $min}, {@code $max}, {@code $mul}, {@code $rename}, {@code $set}, {@code $setOnInsert},
 * {@code $unset}) and of the bitwise {@code $bit} page, each written with the DSL: the compiled
 * command is compared with the manual's, then run, and the documents compared with the manual's
 * result. Page addresses are those of the MongoDB 8.0 manual.
 *
 * <p>Checked against the manual's own source (repository mongodb/docs): the pages of its main
 * branch at commit 96788e8e (2026-06-19, {@code content/manual/manual/source/reference/operator/update/*.txt})
 * where they still carry self-contained examples ({@code $mul}, {@code $rename}, {@code $setOnInsert});
 * for {@code $set}, whose main-branch examples moved to the {@code sample_mflix} data set, the 8.0
 * pages (https://www.mongodb.com/docs/v8.0/, the same text as the 5.0 to 7.x pages); for the other pages
 * the stored copies of {@code source/reference/operator/update/*.txt} and the published pages. Where the
 * manual's printed result contradicts its own start documents and command, the test asserts what the
 * command does and says so at the example.
 */
@MongoTest
class ManualOperatorExamplesIT {
    private final MongoDatabase db;

    ManualOperatorExamplesIT(MongoDatabase db) {
        this.db = db;
    }

    // ---- $currentDate -----------------------------------------------------------------------

    /** https://www.mongodb.com/docs/manual/reference/operator/update/currentDate/ "Example": a date and a timestamp, beside a $set. */
    @Test
    void currentDate_sets_a_date_and_a_timestamp() {
        OperatorExample ex = OperatorExample.given(db, "customers",
                "{_id: 1, status: 'a', lastModified: {$date: '2013-10-02T01:11:18.965Z'}}");
        UpdateCommand cmd = COMMANDS.updateOne(eq("_id", 1), update()
                .currentDate("lastModified").currentTimestamp("cancellation.date")
                .set("cancellation.reason", "user request").set("status", "D"));

        assertSameCommand(cmd, "{_id: 1}", """
                {$currentDate: {lastModified: true, 'cancellation.date': {$type: 'timestamp'}},
                 $set: {'cancellation.reason': 'user request', status: 'D'}}""", false, false);
        Instant before = Instant.now().minusSeconds(60);
        ex.run(cmd);

        BsonDocument d = ex.document(1);
        assertThat(d.getString("status").getValue()).isEqualTo("D");
        assertThat(Instant.ofEpochMilli(d.getDateTime("lastModified").getValue())).isAfter(before);
        assertThat(d.getDocument("cancellation").get("date").getBsonType()).isEqualTo(BsonType.TIMESTAMP);
        assertThat(d.getDocument("cancellation").getString("reason").getValue()).isEqualTo("user request");
    }

    // ---- $inc -------------------------------------------------------------------------------

    /** https://www.mongodb.com/docs/manual/reference/operator/update/inc/ "Example": a negative and a positive amount, one in an embedded document. */
    @Test
    void inc_adds_negative_and_positive_amounts() {
        OperatorExample ex = OperatorExample.given(db, "products",
                "{_id: 1, sku: 'abc123', quantity: 10, metrics: {orders: 2, ratings: 3.5}}");
        UpdateCommand cmd = COMMANDS.updateOne(eq("sku", "abc123"), update().inc("quantity", -2).inc("metrics.orders", 1));

        assertSameCommand(cmd, "{sku: 'abc123'}", "{$inc: {quantity: -2, 'metrics.orders': 1}}", false, false);
        ex.run(cmd);
        ex.assertDocuments("{_id: 1, sku: 'abc123', quantity: 8, metrics: {orders: 3, ratings: 3.5}}");
    }

    // ---- $min / $max ------------------------------------------------------------------------

    /** https://www.mongodb.com/docs/manual/reference/operator/update/min/ "Use $min to Compare Numbers": the smaller value wins. */
    @Test
    void min_lowers_a_number() {
        OperatorExample ex = OperatorExample.given(db, "scores", "{_id: 1, highScore: 800, lowScore: 200}");
        UpdateCommand cmd = COMMANDS.updateOne(eq("_id", 1), update().min("lowScore", 150));

        assertSameCommand(cmd, "{_id: 1}", "{$min: {lowScore: 150}}", false, false);
        ex.run(cmd);
        ex.assertDocuments("{_id: 1, highScore: 800, lowScore: 150}");
    }

    /** https://www.mongodb.com/docs/manual/reference/operator/update/min/ "Use $min to Compare Numbers": a larger value changes nothing. */
    @Test
    void min_leaves_a_smaller_number() {
        OperatorExample ex = OperatorExample.given(db, "scores", "{_id: 1, highScore: 800, lowScore: 150}");
        UpdateCommand cmd = COMMANDS.updateOne(eq("_id", 1), update().min("lowScore", 250));

        assertSameCommand(cmd, "{_id: 1}", "{$min: {lowScore: 250}}", false, false);
        assertThat(ex.run(cmd).modifiedCount()).isZero();
        ex.assertDocuments("{_id: 1, highScore: 800, lowScore: 150}");
    }

    /** https://www.mongodb.com/docs/manual/reference/operator/update/min/ "Use $min to Compare Dates": the earlier date wins. */
    @Test
    void min_keeps_the_earlier_date() {
        OperatorExample ex = OperatorExample.given(db, "tags", """
                {_id: 1, desc: 'crafts', dateEntered: {$date: '2013-10-01T05:00:00Z'},
                 dateExpired: {$date: '2013-10-01T16:38:16Z'}}""");
        UpdateCommand cmd = COMMANDS.updateOne(eq("_id", 1),
                update().min("dateEntered", Date.from(Instant.parse("2013-09-25T00:00:00Z"))));

        assertSameCommand(cmd, "{_id: 1}", "{$min: {dateEntered: {$date: '2013-09-25T00:00:00Z'}}}", false, false);
        ex.run(cmd);
        ex.assertDocuments("""
                {_id: 1, desc: 'crafts', dateEntered: {$date: '2013-09-25T00:00:00Z'},
                 dateExpired: {$date: '2013-10-01T16:38:16Z'}}""");
    }

    /** https://www.mongodb.com/docs/manual/reference/operator/update/max/ "Use $max to Compare Numbers": the larger value wins. */
    @Test
    void max_raises_a_number() {
        OperatorExample ex = OperatorExample.given(db, "scores", "{_id: 1, highScore: 800, lowScore: 200}");
        UpdateCommand cmd = COMMANDS.updateOne(eq("_id", 1), update().max("highScore", 950));

        assertSameCommand(cmd, "{_id: 1}", "{$max: {highScore: 950}}", false, false);
        ex.run(cmd);
        ex.assertDocuments("{_id: 1, highScore: 950, lowScore: 200}");
    }

    /** https://www.mongodb.com/docs/manual/reference/operator/update/max/ "Use $max to Compare Numbers": a smaller value changes nothing. */
    @Test
    void max_leaves_a_larger_number() {
        OperatorExample ex = OperatorExample.given(db, "scores", "{_id: 1, highScore: 950, lowScore: 200}");
        UpdateCommand cmd = COMMANDS.updateOne(eq("_id", 1), update().max("highScore", 870));

        assertSameCommand(cmd, "{_id: 1}", "{$max: {highScore: 870}}", false, false);
        assertThat(ex.run(cmd).modifiedCount()).isZero();
        ex.assertDocuments("{_id: 1, highScore: 950, lowScore: 200}");
    }

    /**
     * https://www.mongodb.com/docs/manual/reference/operator/update/max/ "Use $max to Compare Dates": an
     * earlier date changes nothing. The manual's printed result shows {@code desc: "decorative arts"},
     * which neither its start document ({@code "crafts"}) nor its command can produce: the test expects
     * the unchanged start document.
     */
    @Test
    void max_keeps_the_later_date() {
        String start = """
                {_id: 1, desc: 'crafts', dateEntered: {$date: '2013-10-01T05:00:00Z'},
                 dateExpired: {$date: '2013-10-01T16:38:16.163Z'}}""";
        OperatorExample ex = OperatorExample.given(db, "tags", start);
        UpdateCommand cmd = COMMANDS.updateOne(eq("_id", 1),
                update().max("dateExpired", Date.from(Instant.parse("2013-09-30T00:00:00Z"))));

        assertSameCommand(cmd, "{_id: 1}", "{$max: {dateExpired: {$date: '2013-09-30T00:00:00Z'}}}", false, false);
        ex.run(cmd);
        ex.assertDocuments(start);
    }

    // ---- $mul -------------------------------------------------------------------------------

    /** https://www.mongodb.com/docs/manual/reference/operator/update/mul/ "Multiply the Value of a Field": a decimal and an integer factor. */
    @Test
    void mul_multiplies_a_decimal_and_an_integer() {
        OperatorExample ex = OperatorExample.given(db, "products",
                "{_id: 1, item: 'Hats', price: {$numberDecimal: '10.99'}, quantity: 25}");
        UpdateCommand cmd = COMMANDS.updateOne(eq("_id", 1),
                update().mul("price", Decimal128.parse("1.25")).mul("quantity", 2));

        assertSameCommand(cmd, "{_id: 1}", "{$mul: {price: {$numberDecimal: '1.25'}, quantity: 2}}", false, false);
        ex.run(cmd);
        ex.assertDocuments("{_id: 1, item: 'Hats', price: {$numberDecimal: '13.7375'}, quantity: 50}");
        assertThat(ex.document(1).get("price").getBsonType()).isEqualTo(BsonType.DECIMAL128);
    }

    /**
     * https://www.mongodb.com/docs/manual/reference/operator/update/mul/ "Apply $mul Operator to a
     * Non-existing Field": the field is set to 0 of the factor's type. The manual's factor is
     * {@code Decimal128("100")}; its text says the field becomes {@code Decimal128("0")} ("the same type as
     * the multiplier") while its printed document shows {@code Long(0)}: the text is right, the print is
     * a leftover of the older {@code NumberLong(100)} version of the example.
     */
    @Test
    void mul_on_a_missing_field_sets_zero() {
        OperatorExample ex = OperatorExample.given(db, "products", "{_id: 2, item: 'Unknown'}");
        UpdateCommand cmd = COMMANDS.updateOne(eq("_id", 2), update().mul("price", Decimal128.parse("100")));

        assertSameCommand(cmd, "{_id: 2}", "{$mul: {price: {$numberDecimal: '100'}}}", false, false);
        ex.run(cmd);
        ex.assertDocuments("{_id: 2, item: 'Unknown', price: {$numberDecimal: '0'}}");
        assertThat(ex.document(2).get("price").getBsonType()).isEqualTo(BsonType.DECIMAL128);
    }

    /** https://www.mongodb.com/docs/manual/reference/operator/update/mul/ "Multiply Mixed Numeric Types": a Decimal128 times an Int32 is a Decimal128. */
    @Test
    void mul_of_mixed_types_keeps_the_wider_type() {
        OperatorExample ex = OperatorExample.given(db, "products",
                "{_id: 3, item: 'Scarf', price: {$numberDecimal: '10'}}");
        UpdateCommand cmd = COMMANDS.updateOne(eq("_id", 3), update().mul("price", 5));

        assertSameCommand(cmd, "{_id: 3}", "{$mul: {price: {$numberInt: '5'}}}", false, false);
        ex.run(cmd);
        ex.assertDocuments("{_id: 3, item: 'Scarf', price: {$numberDecimal: '50'}}");
        assertThat(ex.document(3).get("price").getBsonType()).isEqualTo(BsonType.DECIMAL128);
    }

    // ---- $rename ----------------------------------------------------------------------------

    private OperatorExample students() {
        return OperatorExample.given(db, "students",
                "{_id: 1, alias: ['The American Cincinnatus', 'The American Fabius'], mobile: '555-555-5555', "
                        + "nmae: {first: 'george', last: 'washington'}}",
                "{_id: 2, alias: ['My dearest friend'], mobile: '222-222-2222', nmae: {first: 'abigail', last: 'adams'}}",
                "{_id: 3, alias: ['Amazing grace'], mobile: '111-111-1111', nmae: {first: 'grace', last: 'hopper'}}");
    }

    /** https://www.mongodb.com/docs/manual/reference/operator/update/rename/ "Rename a Field": in every document that has it. */
    @Test
    void rename_a_field_in_every_document() {
        OperatorExample ex = students();
        UpdateCommand cmd = COMMANDS.updateMany(ne("nmae", null), update().rename("nmae", "name"));

        assertSameCommand(cmd, "{nmae: {$ne: null}}", "{$rename: {nmae: 'name'}}", false, true);
        assertThat(ex.run(cmd).modifiedCount()).isEqualTo(3);
        ex.assertDocuments(
                "{_id: 1, alias: ['The American Cincinnatus', 'The American Fabius'], mobile: '555-555-5555', "
                        + "name: {first: 'george', last: 'washington'}}",
                "{_id: 2, alias: ['My dearest friend'], mobile: '222-222-2222', name: {first: 'abigail', last: 'adams'}}",
                "{_id: 3, alias: ['Amazing grace'], mobile: '111-111-1111', name: {first: 'grace', last: 'hopper'}}");
    }

    private static final String WASHINGTON_RENAMED =
            "{_id: 1, alias: ['The American Cincinnatus', 'The American Fabius'], mobile: '555-555-5555', "
                    + "name: {first: 'george', last: 'washington'}}";

    /**
     * https://www.mongodb.com/docs/manual/reference/operator/update/rename/ "Rename a Field in an Embedded
     * Document": on the first document as the previous example left it.
     */
    @Test
    void rename_a_field_of_an_embedded_document() {
        OperatorExample ex = OperatorExample.given(db, "students", WASHINGTON_RENAMED);
        UpdateCommand cmd = COMMANDS.updateOne(eq("_id", 1), update().rename("name.first", "name.fname"));

        assertSameCommand(cmd, "{_id: 1}", "{$rename: {'name.first': 'name.fname'}}", false, false);
        ex.run(cmd);
        ex.assertDocuments("{_id: 1, alias: ['The American Cincinnatus', 'The American Fabius'], mobile: '555-555-5555', "
                + "name: {last: 'washington', fname: 'george'}}");
    }

    /** https://www.mongodb.com/docs/manual/reference/operator/update/rename/ "Rename a Field That Does Not Exist": nothing changes. */
    @Test
    void rename_a_missing_field_changes_nothing() {
        OperatorExample ex = OperatorExample.given(db, "students", WASHINGTON_RENAMED);
        UpdateCommand cmd = COMMANDS.updateOne(eq("_id", 1), update().rename("wife", "spouse"));

        assertSameCommand(cmd, "{_id: 1}", "{$rename: {wife: 'spouse'}}", false, false);
        assertThat(ex.run(cmd).modifiedCount()).isZero();
        ex.assertDocuments(WASHINGTON_RENAMED);
    }

    // ---- $set -------------------------------------------------------------------------------

    private static final String PRODUCT_100 = """
            {_id: 100, quantity: 250, instock: true, reorder: false,
             details: {model: '14QQ', make: 'Clothes Corp'}, tags: ['apparel', 'clothing'],
             ratings: [{by: 'Customer007', rating: 4}]}""";

    /** https://www.mongodb.com/docs/manual/reference/operator/update/set/ "Set Top-Level Fields": a number, a document and an array. */
    @Test
    void set_top_level_fields() {
        OperatorExample ex = OperatorExample.given(db, "products", PRODUCT_100);
        UpdateCommand cmd = COMMANDS.updateOne(eq("_id", 100), update().set("quantity", 500)
                .set("details", new org.bson.Document("model", "2600").append("make", "Fashionaires"))
                .set("tags", java.util.List.of("coats", "outerwear", "clothing")));

        assertSameCommand(cmd, "{_id: 100}", """
                {$set: {quantity: 500, details: {model: '2600', make: 'Fashionaires'},
                        tags: ['coats', 'outerwear', 'clothing']}}""", false, false);
        ex.run(cmd);
        ex.assertDocuments(PRODUCT_100_AFTER_TOP_LEVEL);
    }

    /** The product as "Set Top-Level Fields" leaves it: the start of the page's next example. */
    private static final String PRODUCT_100_AFTER_TOP_LEVEL = """
            {_id: 100, quantity: 500, instock: true, reorder: false,
             details: {model: '2600', make: 'Fashionaires'}, tags: ['coats', 'outerwear', 'clothing'],
             ratings: [{by: 'Customer007', rating: 4}]}""";

    /** The product as "Set Fields in Embedded Documents" leaves it. */
    private static final String PRODUCT_100_AFTER_EMBEDDED = """
            {_id: 100, quantity: 500, instock: true, reorder: false,
             details: {model: '2600', make: 'Kustom Kidz'}, tags: ['coats', 'outerwear', 'clothing'],
             ratings: [{by: 'Customer007', rating: 4}]}""";

    /**
     * https://www.mongodb.com/docs/manual/reference/operator/update/set/ "Set Fields in Embedded Documents":
     * on the document the previous example left, dot notation changes one field of {@code details}.
     */
    @Test
    void set_a_field_of_an_embedded_document() {
        OperatorExample ex = OperatorExample.given(db, "products", PRODUCT_100_AFTER_TOP_LEVEL);
        UpdateCommand cmd = COMMANDS.updateOne(eq("_id", 100), update().set("details.make", "Kustom Kidz"));

        assertSameCommand(cmd, "{_id: 100}", "{$set: {'details.make': 'Kustom Kidz'}}", false, false);
        ex.run(cmd);
        ex.assertDocuments(PRODUCT_100_AFTER_EMBEDDED);
    }

    /**
     * https://www.mongodb.com/docs/manual/reference/operator/update/set/ "Set Fields in Embedded Documents",
     * the contrasting form: setting {@code details} to a document replaces it whole, "removing all other
     * fields in the embedded details document" (the manual prints no result for it).
     */
    @Test
    void set_an_embedded_document_replaces_it_whole() {
        OperatorExample ex = OperatorExample.given(db, "products", PRODUCT_100_AFTER_TOP_LEVEL);
        UpdateCommand cmd = COMMANDS.updateOne(eq("_id", 100),
                update().set("details", new org.bson.Document("make", "Kustom Kidz")));

        assertSameCommand(cmd, "{_id: 100}", "{$set: {details: {make: 'Kustom Kidz'}}}", false, false);
        ex.run(cmd);
        assertThat(ex.document(100).getDocument("details")).isEqualTo(BsonDocument.parse("{make: 'Kustom Kidz'}"));
    }

    /**
     * https://www.mongodb.com/docs/manual/reference/operator/update/set/ "Set Elements in Arrays": by index,
     * in a scalar array and in an array of documents, on the document the previous examples left.
     */
    @Test
    void set_array_elements_by_index() {
        OperatorExample ex = OperatorExample.given(db, "products", PRODUCT_100_AFTER_EMBEDDED);
        UpdateCommand cmd = COMMANDS.updateOne(eq("_id", 100),
                update().setAt("tags", 1, "rain gear").set("ratings.0.rating", 2));

        assertSameCommand(cmd, "{_id: 100}", "{$set: {'tags.1': 'rain gear', 'ratings.0.rating': 2}}", false, false);
        ex.run(cmd);
        ex.assertDocuments("""
                {_id: 100, quantity: 500, instock: true, reorder: false,
                 details: {model: '2600', make: 'Kustom Kidz'}, tags: ['coats', 'rain gear', 'clothing'],
                 ratings: [{by: 'Customer007', rating: 2}]}""");
    }

    // ---- $setOnInsert -----------------------------------------------------------------------

    /** https://www.mongodb.com/docs/manual/reference/operator/update/setOnInsert/ "Example": an upsert that inserts writes $set and $setOnInsert. */
    @Test
    void setOnInsert_applies_when_the_upsert_inserts() {
        OperatorExample ex = OperatorExample.given(db, "products");
        UpdateCommand cmd = COMMANDS.upsertOne(eq("_id", 1), update().set("item", "apple").setOnInsert("defaultQty", 100));

        assertSameCommand(cmd, "{_id: 1}", "{$set: {item: 'apple'}, $setOnInsert: {defaultQty: 100}}", true, false);
        UpdateOutcome outcome = ex.run(cmd);
        assertThat(outcome.isInserted()).isTrue();
        ex.assertDocuments("{_id: 1, item: 'apple', defaultQty: 100}");
    }

    // ---- $unset -----------------------------------------------------------------------------

    /** https://www.mongodb.com/docs/manual/reference/operator/update/unset/ "Example": removes two fields of the first match. */
    @Test
    void unset_removes_fields() {
        OperatorExample ex = OperatorExample.given(db, "products",
                "{item: 'chisel', sku: 'C001', quantity: 4, instock: true}",
                "{item: 'hammer', sku: 'unknown', quantity: 3, instock: true}",
                "{item: 'nails', sku: 'unknown', quantity: 100, instock: true}");
        UpdateCommand cmd = COMMANDS.updateOne(eq("sku", "unknown"), update().unset("quantity").unset("instock"));

        assertSameCommand(cmd, "{sku: 'unknown'}", "{$unset: {quantity: '', instock: ''}}", false, false);
        ex.run(cmd);
        ex.assertDocuments("{item: 'chisel', sku: 'C001', quantity: 4, instock: true}",
                "{item: 'hammer', sku: 'unknown'}",
                "{item: 'nails', sku: 'unknown', quantity: 100, instock: true}");
    }

    // ---- $bit -------------------------------------------------------------------------------

    private OperatorExample switches() {
        return OperatorExample.given(db, "switches",
                "{_id: 1, expdata: {$numberInt: '13'}}", "{_id: 2, expdata: {$numberInt: '3'}}",
                "{_id: 3, expdata: {$numberInt: '1'}}");
    }

    /** https://www.mongodb.com/docs/manual/reference/operator/update/bit/ "Bitwise AND": 13 AND 10 is 8. */
    @Test
    void bit_and() {
        OperatorExample ex = switches();
        UpdateCommand cmd = COMMANDS.updateOne(eq("_id", 1), update().bitAnd("expdata", 10));

        assertSameCommand(cmd, "{_id: 1}", "{$bit: {expdata: {and: {$numberInt: '10'}}}}", false, false);
        ex.assumeServerAccepts("$bit", BsonDocument.parse("{$bit: {b: {and: 1}}}"));
        ex.run(cmd);
        assertThat(ex.document(1).getInt32("expdata").getValue()).isEqualTo(8);
    }

    /** https://www.mongodb.com/docs/manual/reference/operator/update/bit/ "Bitwise OR": 3 OR 5 is 7. */
    @Test
    void bit_or() {
        OperatorExample ex = switches();
        UpdateCommand cmd = COMMANDS.updateOne(eq("_id", 2), update().bitOr("expdata", 5));

        assertSameCommand(cmd, "{_id: 2}", "{$bit: {expdata: {or: {$numberInt: '5'}}}}", false, false);
        ex.assumeServerAccepts("$bit", BsonDocument.parse("{$bit: {b: {or: 1}}}"));
        ex.run(cmd);
        assertThat(ex.document(2).getInt32("expdata").getValue()).isEqualTo(7);
    }

    /** https://www.mongodb.com/docs/manual/reference/operator/update/bit/ "Bitwise XOR": 1 XOR 5 is 4. */
    @Test
    void bit_xor() {
        OperatorExample ex = switches();
        UpdateCommand cmd = COMMANDS.updateOne(eq("_id", 3), update().bitXor("expdata", 5));

        assertSameCommand(cmd, "{_id: 3}", "{$bit: {expdata: {xor: {$numberInt: '5'}}}}", false, false);
        ex.assumeServerAccepts("$bit", BsonDocument.parse("{$bit: {b: {xor: 1}}}"));
        ex.run(cmd);
        assertThat(ex.document(3).getInt32("expdata").getValue()).isEqualTo(4);
    }

    /**
     * Not from the manual: a check that {@code matchAll()}, used above for the manual's {@code {}} filter
     * (e.g. $rename's first version, $[] and $[<identifier>] examples), compiles to exactly {@code {}}.
     */
    @Test
    void match_all_is_the_manuals_empty_filter() {
        assertThat(COMMANDS.updateMany(matchAll(), update().inc("n", 1)).filter()).isEqualTo(new BsonDocument());
    }
}

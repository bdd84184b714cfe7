package dev.atomicmongo.update;

import static dev.atomicmongo.update.UpdateBuilder.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.mongodb.MongoClientSettings;

import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.UuidRepresentation;
import org.bson.codecs.UuidCodec;
import org.bson.codecs.configuration.CodecRegistries;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

class UpdateBuilderFieldOperatorsTest {

    private static BsonDocument json(String json) {
        return BsonDocument.parse(json);
    }

    @Test
    void set_compiles_to_$set() {
        assertThat(update().set("name", "Ada").toBsonDocument()).isEqualTo(json("{$set: {name: 'Ada'}}"));
    }

    @Test
    void set_of_null_stores_bson_null() {
        assertThat(update().set("deletedAt", null).toBsonDocument()).isEqualTo(json("{$set: {deletedAt: null}}"));
    }

    @Test
    void set_encodes_every_common_value_type() {
        ObjectId id = new ObjectId("650000000000000000000001");
        UpdateBuilder u = update()
                .set("i", 1)
                .set("l", 2L)
                .set("d", 1.5)
                .set("b", true)
                .set("id", id)
                .set("date", new Date(1_000))
                .set("instant", Instant.ofEpochMilli(2_000))
                .set("dec", new Decimal128(new BigDecimal("9.99")))
                .set("big", new BigDecimal("0.10"))
                .set("list", List.of(1, "two"))
                .set("doc", new Document("x", 1).append("y", new Document("z", "$notAPath")));

        assertThat(u.toBsonDocument()).isEqualTo(json("{$set: {"
                + "i: 1, l: {$numberLong: '2'}, d: 1.5, b: true, id: {$oid: '650000000000000000000001'},"
                + "date: {$date: {$numberLong: '1000'}}, instant: {$date: {$numberLong: '2000'}},"
                + "dec: {$numberDecimal: '9.99'}, big: {$numberDecimal: '0.10'}, list: [1, 'two'],"
                + "doc: {x: 1, y: {z: '$notAPath'}}}}"));
    }

    @Test
    void values_are_encoded_with_the_registry_the_update_is_compiled_with() {
        UUID id = UUID.fromString("00000000-0000-0000-0000-000000000001");
        CodecRegistry standardUuids = CodecRegistries.fromRegistries(
                CodecRegistries.fromCodecs(new UuidCodec(UuidRepresentation.STANDARD)),
                MongoClientSettings.getDefaultCodecRegistry());
        UpdateBuilder u = update().set("owner", id);

        assertThat(u.toBsonDocument(BsonDocument.class, standardUuids))
                .isEqualTo(json("{$set: {owner: {$binary: {base64: 'AAAAAAAAAAAAAAAAAAAAAQ==', subType: '04'}}}}"));
        assertThatThrownBy(() -> u.toBsonDocument(BsonDocument.class, MongoClientSettings.getDefaultCodecRegistry()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("uuidRepresentation");
    }

    @Test
    void set_on_a_dotted_path_writes_the_nested_field() {
        assertThat(update().set("address.city", "Oslo").toBsonDocument())
                .isEqualTo(json("{$set: {'address.city': 'Oslo'}}"));
    }

    @Test
    void setAt_sets_the_array_element_at_an_index() {
        assertThat(update().setAt("scores", 2, 10).toBsonDocument()).isEqualTo(json("{$set: {'scores.2': 10}}"));
    }

    @Test
    void unset_compiles_to_$unset_with_an_empty_string() {
        assertThat(update().unset("token").toBsonDocument()).isEqualTo(json("{$unset: {token: ''}}"));
    }

    @Test
    void inc_compiles_to_$inc_keeping_the_number_type() {
        UpdateBuilder u = update().inc("i", 1).inc("l", 5_000_000_000L).inc("d", 0.5)
                .inc("dec", new Decimal128(new BigDecimal("1.25")));

        assertThat(u.toBsonDocument()).isEqualTo(json("{$inc: {i: 1, l: {$numberLong: '5000000000'}, d: 0.5,"
                + " dec: {$numberDecimal: '1.25'}}}"));
    }

    @Test
    void inc_widens_short_and_byte_to_int32_and_float_to_double_as_the_driver_codecs_do() {
        UpdateBuilder u = update().inc("s", (short) 3).inc("b", (byte) 4).inc("f", 0.5f);

        assertThat(u.toBsonDocument()).isEqualTo(json("{$inc: {s: 3, b: 4, f: 0.5}}"));
    }

    @Test
    void inc_of_a_big_decimal_becomes_decimal128() {
        assertThat(update().inc("balance", new BigDecimal("-12.50")).toBsonDocument())
                .isEqualTo(json("{$inc: {balance: {$numberDecimal: '-12.50'}}}"));
    }

    @Test
    void inc_with_a_negative_amount_subtracts() {
        assertThat(update().inc("stock", -2).toBsonDocument()).isEqualTo(json("{$inc: {stock: -2}}"));
    }

    @Test
    void dec_compiles_to_$inc_of_the_negated_amount() {
        UpdateBuilder u = update().dec("i", 3).dec("l", 4L).dec("d", 1.5)
                .dec("dec", new BigDecimal("2.5")).dec("neg", -7);

        assertThat(u.toBsonDocument()).isEqualTo(json("{$inc: {i: -3, l: {$numberLong: '-4'}, d: -1.5,"
                + " dec: {$numberDecimal: '-2.5'}, neg: 7}}"));
    }

    @Test
    void dec_of_int_min_value_widens_to_a_long_instead_of_overflowing() {
        assertThat(update().dec("n", Integer.MIN_VALUE).toBsonDocument())
                .isEqualTo(json("{$inc: {n: {$numberLong: '2147483648'}}}"));
    }

    @Test
    void dec_of_a_decimal128_negative_zero_negates_it_exactly() {
        assertThat(update().dec("neg", Decimal128.NEGATIVE_ZERO).toBsonDocument())
                .isEqualTo(json("{$inc: {neg: {$numberDecimal: '0'}}}"));
    }

    @Test
    void a_nan_or_infinite_amount_is_refused_because_it_would_poison_the_field_for_good() {
        assertThatThrownBy(() -> update().inc("n", Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$inc on 'n': the amount must be finite, got NaN (a Double); it would leave the stored "
                        + "value NaN for good");
        assertThatThrownBy(() -> update().mul("n", Decimal128.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("$mul on 'n': the amount must be finite, got Infinity (a Decimal128)");
        assertThatThrownBy(() -> update().dec("n", Float.NEGATIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the amount must be finite");
    }

    @Test
    void dec_of_a_decimal_keeps_its_scale() {
        assertThat(update().dec("price", new BigDecimal("1.50")).toBsonDocument())
                .isEqualTo(json("{$inc: {price: {$numberDecimal: '-1.50'}}}"));
    }

    @Test
    void dec_is_the_same_update_as_inc_of_the_negative() {
        assertThat(update().dec("stock", 2)).isEqualTo(update().inc("stock", -2));
    }

    @Test
    void mul_compiles_to_$mul() {
        assertThat(update().mul("price", 1.1).mul("qty", 2).toBsonDocument())
                .isEqualTo(json("{$mul: {price: 1.1, qty: 2}}"));
    }

    @Test
    void min_and_max_compile_to_$min_and_$max() {
        UpdateBuilder u = update().min("low", 3).max("high", new Date(5_000));

        assertThat(u.toBsonDocument())
                .isEqualTo(json("{$min: {low: 3}, $max: {high: {$date: {$numberLong: '5000'}}}}"));
    }

    @Test
    void currentDate_compiles_to_true_and_currentTimestamp_to_a_timestamp_type() {
        UpdateBuilder u = update().currentDate("updatedAt").currentTimestamp("version");

        assertThat(u.toBsonDocument())
                .isEqualTo(json("{$currentDate: {updatedAt: true, version: {$type: 'timestamp'}}}"));
    }

    @Test
    void rename_compiles_to_$rename_with_the_target_as_a_string() {
        assertThat(update().rename("nmae", "name").toBsonDocument()).isEqualTo(json("{$rename: {nmae: 'name'}}"));
    }

    @Test
    void setOnInsert_per_field_compiles_to_$setOnInsert() {
        UpdateBuilder u = update().setOnInsert("createdAt", new Date(0)).setOnInsert("owner", null);

        assertThat(u.toBsonDocument())
                .isEqualTo(json("{$setOnInsert: {createdAt: {$date: {$numberLong: '0'}}, owner: null}}"));
    }

    @Test
    void positional_paths_are_written_as_given() {
        UpdateBuilder u = update().set("grades.$", 90).inc("grades.$[].bonus", 1).set("a.$[item].done", true)
                .arrayFilter(org.bson.BsonDocument.parse("{'item.id': 3}"));

        assertThat(u.toBsonDocument())
                .isEqualTo(json("{$set: {'grades.$': 90, 'a.$[item].done': true}, $inc: {'grades.$[].bonus': 1}}"));
    }

    @Test
    void a_path_that_only_shares_a_string_prefix_does_not_overlap() {
        assertThat(update().set("a", 1).set("ab", 2).set("a_b", 3).toBsonDocument())
                .isEqualTo(json("{$set: {a: 1, ab: 2, a_b: 3}}"));
    }

    @Test
    void sibling_paths_inside_one_parent_do_not_overlap() {
        assertThat(update().set("stats.views", 1).inc("stats.likes", 1).toBsonDocument())
                .isEqualTo(json("{$set: {'stats.views': 1}, $inc: {'stats.likes': 1}}"));
    }
}

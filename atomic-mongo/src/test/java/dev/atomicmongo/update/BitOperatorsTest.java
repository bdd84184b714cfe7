package dev.atomicmongo.update;

import static dev.atomicmongo.update.UpdateBuilder.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.model.Updates;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

class BitOperatorsTest {

    private static BsonDocument json(String json) {
        return BsonDocument.parse(json);
    }

    @Test
    void and_or_xor_compile_to_$bit() {
        UpdateBuilder u = update().bitAnd("a", 0b1100).bitOr("b", 0b0011).bitXor("c", 1);

        assertThat(u.toBsonDocument()).isEqualTo(json("{$bit: {a: {and: 12}, b: {or: 3}, c: {xor: 1}}}"));
    }

    @Test
    void a_mask_that_fits_an_int_is_an_int32_and_a_larger_one_an_int64() {
        UpdateBuilder u = update().bitOr("small", 5L).bitOr("large", 1L << 40);

        assertThat(u.toBsonDocument()).isEqualTo(json(
                "{$bit: {small: {or: 5}, large: {or: {$numberLong: '1099511627776'}}}}"));
    }

    @Test
    void different_bit_operations_on_one_path_are_kept_together_in_order() {
        assertThat(update().bitAnd("flags", 6).bitOr("flags", 1).toBsonDocument())
                .isEqualTo(json("{$bit: {flags: {and: 6, or: 1}}}"));
    }

    @Test
    void the_same_bit_operation_twice_on_one_path_is_refused() {
        assertThatThrownBy(() -> update().bitOr("flags", 1).bitOr("flags", 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Path 'flags' is written twice by $bit or: an update may write each path only once");
    }

    // The driver's combine() overwrites the first $bit of a path with the second; ours keeps both.
    @Test
    void unlike_the_drivers_combine_a_second_bit_operation_is_not_dropped() {
        BsonDocument driver = Updates.combine(Updates.bitwiseAnd("flags", 6), Updates.bitwiseOr("flags", 1))
                .toBsonDocument(BsonDocument.class, MongoClientSettings.getDefaultCodecRegistry());

        assertThat(driver).isEqualTo(json("{$bit: {flags: {or: 1}}}"));
        assertThat(update().bitAnd("flags", 6).bitOr("flags", 1).toBsonDocument())
                .isEqualTo(json("{$bit: {flags: {and: 6, or: 1}}}"));
    }

    @Test
    void bit_and_another_operator_on_one_path_is_refused() {
        assertThatThrownBy(() -> update().bitAnd("flags", 1).set("flags", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Path 'flags' is written by both $bit and $set: an update may write each path only once");
    }
}

package dev.atomicmongo.update;

import static dev.atomicmongo.update.UpdateBuilder.update;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.model.Updates;
import dev.atomicmongo.filter.Conditions;
import org.bson.BsonDocument;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.Test;

class UpdateBuilderValueSemanticsTest {

    // ---- immutability ------------------------------------------------------------------------

    @Test
    void deriving_a_builder_leaves_the_original_unchanged() {
        UpdateBuilder base = update().set("a", 1);

        UpdateBuilder derived = base.inc("b", 1).unset("c");

        assertThat(base).hasToString("{\"$set\": {\"a\": 1}}");
        assertThat(derived).hasToString("{\"$set\": {\"a\": 1}, \"$inc\": {\"b\": 1}, \"$unset\": {\"c\": \"\"}}");
    }

    @Test
    void merging_into_an_existing_path_leaves_the_original_unchanged() {
        UpdateBuilder base = update().push("log", 1).addToSet("tags", "a").pullAll("old", List.of(1)).bitAnd("f", 1);

        UpdateBuilder derived = base.push("log", 2).addToSet("tags", "b").pullAll("old", List.of(2)).bitOr("f", 2);

        assertThat(base.toBsonDocument()).isEqualTo(BsonDocument.parse(
                "{$push: {log: 1}, $addToSet: {tags: 'a'}, $pullAll: {old: [1]}, $bit: {f: {and: 1}}}"));
        assertThat(derived.toBsonDocument()).isEqualTo(BsonDocument.parse("{$push: {log: {$each: [1, 2]}},"
                + " $addToSet: {tags: {$each: ['a', 'b']}}, $pullAll: {old: [1, 2]}, $bit: {f: {and: 1, or: 2}}}"));
    }

    @Test
    void adding_an_array_filter_leaves_the_original_unchanged() {
        UpdateBuilder base = update().set("a.$[x]", 1);

        UpdateBuilder derived = base.arrayFilter(Conditions.eq("x", 0));

        assertThat(base).isNotEqualTo(derived);
        assertThat(derived).hasToString("{\"update\": {\"$set\": {\"a.$[x]\": 1}}, \"arrayFilters\": [{\"x\": 0}]}");
    }

    @Test
    void one_base_can_be_a_template_for_many_updates() {
        UpdateBuilder template = update().currentDate("updatedAt");

        UpdateBuilder first = template.set("status", "open");
        UpdateBuilder second = template.set("status", "closed");

        assertThat(first).hasToString("{\"$currentDate\": {\"updatedAt\": true}, \"$set\": {\"status\": \"open\"}}");
        assertThat(second).hasToString("{\"$currentDate\": {\"updatedAt\": true}, \"$set\": {\"status\": \"closed\"}}");
        assertThat(template).hasToString("{\"$currentDate\": {\"updatedAt\": true}}");
    }

    // ---- order -------------------------------------------------------------------------------

    @Test
    void operators_appear_in_the_order_first_used_and_fields_in_the_order_added() {
        UpdateBuilder u = update().inc("z", 1).set("y", 1).inc("a", 1).unset("m").set("b", 1);

        assertThat(List.copyOf(u.toBsonDocument().keySet())).containsExactly("$inc", "$set", "$unset");
        assertThat(u).hasToString(
                "{\"$inc\": {\"z\": 1, \"a\": 1}, \"$set\": {\"y\": 1, \"b\": 1}, \"$unset\": {\"m\": \"\"}}");
    }

    @Test
    void compiling_twice_gives_the_same_document_in_the_same_order() {
        UpdateBuilder u = update();
        for (int i = 0; i < 40; i++) {
            u = switch (i % 4) {
                case 0 -> u.set("s" + i, i);
                case 1 -> u.inc("i" + i, i);
                case 2 -> u.push("p" + i, i);
                default -> u.max("m" + i, i);
            };
        }

        assertThat(u.toBsonDocument().toJson()).isEqualTo(u.toBsonDocument().toJson());
        assertThat(List.copyOf(u.toBsonDocument().keySet())).containsExactly("$set", "$inc", "$push", "$max");
        assertThat(List.copyOf(u.toBsonDocument().getDocument("$max").keySet()))
                .containsExactly("m3", "m7", "m11", "m15", "m19", "m23", "m27", "m31", "m35", "m39");
    }

    @Test
    void the_same_operators_in_the_same_order_compile_identically_whoever_builds_them() {
        UpdateBuilder a = update().set("x", 1).inc("n", 2).setOnInsert(Map.of("k", "v"));
        UpdateBuilder b = update().set("x", 1).inc("n", 2).setOnInsert(Map.of("k", "v"));

        assertThat(a.toString()).isEqualTo(b.toString());
    }

    // ---- equality ----------------------------------------------------------------------------

    @Test
    void updates_compiling_to_the_same_document_are_equal_with_equal_hash_codes() {
        UpdateBuilder a = update().set("a", 1).push("l", 1).push("l", 2);
        UpdateBuilder b = update().set("a", 1).push("l", PushEach.of(1, 2));

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    }

    @Test
    void updates_with_different_values_or_operators_are_not_equal() {
        assertThat(update().set("a", 1)).isNotEqualTo(update().set("a", 2));
        assertThat(update().set("a", 1)).isNotEqualTo(update().max("a", 1));
        assertThat(update().set("a", 1)).isNotEqualTo(update().set("b", 1));
    }

    @Test
    void an_int_a_long_and_a_double_of_the_same_number_are_different_updates() {
        assertThat(update().set("a", 1)).isNotEqualTo(update().set("a", 1L));
        assertThat(update().inc("a", 1)).isNotEqualTo(update().inc("a", 1.0));
        assertThat(update().min("a", 1L)).isNotEqualTo(update().min("a", 1)).doesNotHaveSameHashCodeAs(update().min("a", 1));
    }

    @Test
    void array_filters_take_part_in_equality() {
        UpdateBuilder u = update().set("a.$[x]", 1);

        assertThat(u.arrayFilter(Conditions.eq("x", 1))).isEqualTo(u.arrayFilter(Conditions.eq("x", 1)));
        assertThat(u.arrayFilter(Conditions.eq("x", 1))).isNotEqualTo(u.arrayFilter(Conditions.eq("x", 2)));
    }

    @Test
    void empty_updates_are_equal() {
        assertThat(update()).isEqualTo(update()).hasToString("{}");
    }

    @Test
    void an_update_is_not_equal_to_its_bson_document() {
        assertThat((Object) update().set("a", 1)).isNotEqualTo(BsonDocument.parse("{$set: {a: 1}}"));
    }

    // ---- printing ----------------------------------------------------------------------------

    @Test
    void toString_prints_the_compiled_json() {
        assertThat(update().set("a", "x").inc("n", 1)).hasToString("{\"$set\": {\"a\": \"x\"}, \"$inc\": {\"n\": 1}}");
    }

    @Test
    void toString_of_an_update_that_does_not_compile_prints_the_reason() {
        assertThat(update().setOnInsert(Map.of("a.b", 1))).hasToString(
                "UpdateBuilder{invalid: setOnInsert(map): field name 'a.b' must be non-empty, not start with '$'"
                        + " and not contain '.'}");
    }

    @Test
    void toString_of_an_update_missing_an_array_filter_prints_the_reason() {
        assertThat(update().set("a.$[x]", 1)).hasToString(
                "UpdateBuilder{invalid: Path segment $[x] has no arrayFilter for identifier 'x'}");
    }

    // ---- queries and interoperability --------------------------------------------------------

    @Test
    void isEmpty_and_writes_describe_the_builder() {
        UpdateBuilder u = update().set("a.b", 1).rename("old", "new");

        assertThat(u.isEmpty()).isFalse();
        assertThat(u.writes("a.b")).isTrue();
        assertThat(u.writes("a")).isFalse();
        assertThat(u.writes("old")).isTrue();
        assertThat(u.writes("new")).isTrue();
    }

    @Test
    void an_update_is_a_driver_bson_and_mixes_with_the_drivers_updates() {
        Bson combined = Updates.combine(update().set("a", 1), Updates.inc("n", 1));

        assertThat(combined.toBsonDocument(BsonDocument.class, MongoClientSettings.getDefaultCodecRegistry()))
                .isEqualTo(BsonDocument.parse("{$set: {a: 1}, $inc: {n: 1}}"));
    }
}

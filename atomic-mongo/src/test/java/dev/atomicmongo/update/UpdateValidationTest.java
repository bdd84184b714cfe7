package dev.atomicmongo.update;

import static dev.atomicmongo.update.UpdateBuilder.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UpdateValidationTest {

    // ---- paths -------------------------------------------------------------------------------

    @Test
    void a_path_with_a_nul_character_is_refused_in_updates_and_filters() {
        assertThatThrownBy(() -> update().set("a\u0000b", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$set on 'a\\0b': a path must not contain the NUL character (field names cannot hold it)");
        assertThatThrownBy(() -> dev.atomicmongo.filter.Conditions.eq("a\u0000", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not contain the NUL character");
    }

    @ParameterizedTest
    @ValueSource(strings = {"_id", "_id.part"})
    void operators_that_would_change_id_are_refused_because_id_is_immutable(String path) {
        assertThatThrownBy(() -> update().unset(path)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$unset on '" + path + "': _id is immutable, the server refuses every update that would remove it");
        assertThatThrownBy(() -> update().inc(path, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$inc on '" + path + "': _id is immutable, the server refuses every update that would change it");
        assertThatThrownBy(() -> update().rename(path, "other")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$rename on '" + path + "': _id is immutable, the server refuses every update that would rename it");
        assertThatThrownBy(() -> update().rename("other", path)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("_id is immutable");
        assertThatThrownBy(() -> update().mul(path, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> update().currentDate(path)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> update().push(path, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> update().bitOr(path, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void set_and_setOnInsert_of_id_stay_allowed_for_upserts() {
        assertThat(update().setOnInsert("_id", 7).toBsonDocument()).isEqualTo(BsonDocument.parse("{$setOnInsert: {_id: 7}}"));
        assertThat(update().set("_id", 7).toBsonDocument()).isEqualTo(BsonDocument.parse("{$set: {_id: 7}}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"items.$", "items.$[]", "items.$[i].n"})
    void a_positional_path_in_setOnInsert_is_refused_because_an_insert_has_no_matched_element(String path) {
        assertThatThrownBy(() -> update().setOnInsert(path, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("$setOnInsert on '" + path + "': a positional operator (");
    }

    @Test
    void a_null_path_is_refused_naming_the_operator() {
        assertThatThrownBy(() -> update().set(null, 1))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("$set: path must not be null");
        assertThatThrownBy(() -> update().inc(null, 1))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("$inc: path must not be null");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t"})
    void a_blank_path_is_refused(String path) {
        assertThatThrownBy(() -> update().unset(path))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$unset: path must not be blank");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a..b", ".a", "a.", "a.b."})
    void an_empty_segment_is_refused(String path) {
        assertThatThrownBy(() -> update().push(path, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$push on '" + path + "': a path must not have an empty segment");
    }

    @Test
    void a_$_prefixed_segment_is_refused() {
        assertThatThrownBy(() -> update().set("$where", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$set on '$where': segment '$where' starts with '$';"
                        + " only the positional operators $, $[] and $[<identifier>] may");
        assertThatThrownBy(() -> update().max("a.$gt", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$max on 'a.$gt': segment '$gt' starts with '$';"
                        + " only the positional operators $, $[] and $[<identifier>] may");
    }

    @Test
    void the_positional_operators_are_accepted_as_segments() {
        assertThat(update().set("a.$", 1).set("b.$[].c", 2).set("d.$[e1].f", 3).toBsonDocument())
                .isEqualTo(BsonDocument.parse("{$set: {'a.$': 1, 'b.$[].c': 2, 'd.$[e1].f': 3}}"));
    }

    // ---- conflicts ---------------------------------------------------------------------------

    @Test
    void the_same_path_twice_in_one_operator_is_refused() {
        assertThatThrownBy(() -> update().set("a", 1).set("a", 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Path 'a' is written twice by $set: an update may write each path only once");
    }

    @Test
    void the_same_path_in_two_operators_is_refused() {
        assertThatThrownBy(() -> update().set("a.b", 1).unset("a.b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Path 'a.b' is written by both $set and $unset: an update may write each path only once");
    }

    @Test
    void a_parent_then_a_child_path_is_refused() {
        assertThatThrownBy(() -> update().set("a", 1).inc("a.b", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Paths 'a' ($set) and 'a.b' ($inc) overlap: an update may not write a path and a path inside it");
    }

    @Test
    void a_child_then_a_parent_path_is_refused() {
        assertThatThrownBy(() -> update().push("a.b.c", 1).unset("a"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Paths 'a.b.c' ($push) and 'a' ($unset) overlap: an update may not write a path and a path inside it");
    }

    @Test
    void inc_with_setOnInsert_on_the_same_path_is_refused_explaining_that_inc_starts_from_zero() {
        assertThatThrownBy(() -> update().inc("n", 1).setOnInsert("n", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Path 'n' is written by both $inc and $setOnInsert: an update may write each path only once."
                        + " $inc on a missing field starts from 0, so the $inc alone sets 'n' to the increment"
                        + " when the document is inserted; drop the setOnInsert");
    }

    @Test
    void setOnInsert_then_inc_on_the_same_path_gets_the_same_explanation() {
        assertThatThrownBy(() -> update().setOnInsert("n", 0).inc("n", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Path 'n' is written by both $setOnInsert and $inc: an update may write each path only once."
                        + " $inc on a missing field starts from 0, so the $inc alone sets 'n' to the increment"
                        + " when the document is inserted; drop the setOnInsert");
    }

    @Test
    void dec_with_setOnInsert_is_the_same_inc_conflict() {
        assertThatThrownBy(() -> update().setOnInsert("tokens", 10).dec("tokens", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Path 'tokens' is written by both $setOnInsert and $inc")
                .hasMessageContaining("$inc on a missing field starts from 0");
    }

    @Test
    void set_and_setOnInsert_on_the_same_path_is_refused_without_the_inc_explanation() {
        assertThatThrownBy(() -> update().set("n", 1).setOnInsert("n", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Path 'n' is written by both $set and $setOnInsert: an update may write each path only once");
    }

    @Test
    void a_refused_operator_leaves_the_builder_it_was_called_on_usable() {
        UpdateBuilder base = update().set("a", 1);

        assertThatThrownBy(() -> base.set("a", 2)).isInstanceOf(IllegalArgumentException.class);
        assertThat(base.set("b", 2).toBsonDocument()).isEqualTo(BsonDocument.parse("{$set: {a: 1, b: 2}}"));
    }

    // ---- rename ------------------------------------------------------------------------------

    @Test
    void rename_to_the_same_path_or_one_inside_it_is_refused() {
        assertThatThrownBy(() -> update().rename("a", "a"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$rename from 'a' to 'a': source and target must not be the same path or one inside the other");
        assertThatThrownBy(() -> update().rename("a", "a.b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$rename from 'a' to 'a.b': source and target must not be the same path or one inside the other");
    }

    @Test
    void rename_with_a_positional_segment_is_refused() {
        assertThatThrownBy(() -> update().rename("a.$", "b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$rename from 'a.$' to 'b': paths must not contain positional operators");
    }

    @Test
    void rename_counts_its_target_as_written() {
        assertThatThrownBy(() -> update().rename("old", "name").set("name", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Path 'name' is written by both $rename and $set: an update may write each path only once");
        assertThatThrownBy(() -> update().rename("old", "name").set("name.first", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Paths 'name' ($rename) and 'name.first' ($set) overlap: an update may not write a path"
                        + " and a path inside it");
    }

    @Test
    void rename_counts_its_source_as_written() {
        assertThatThrownBy(() -> update().set("old", 1).rename("old", "name"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Path 'old' is written by both $set and $rename: an update may write each path only once");
    }

    @Test
    void rename_validates_both_paths() {
        assertThatThrownBy(() -> update().rename("a", "$b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$rename on '$b': segment '$b' starts with '$';"
                        + " only the positional operators $, $[] and $[<identifier>] may");
    }

    // ---- numbers and indexes -----------------------------------------------------------------

    @Test
    void inc_of_a_big_integer_is_refused() {
        assertThatThrownBy(() -> update().inc("n", BigInteger.ONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$inc on 'n': the amount must be a Byte, Short, Integer, Long, Float, Double, Decimal128 or BigDecimal,"
                        + " got java.math.BigInteger");
    }

    @Test
    void inc_of_a_mutable_atomic_number_is_refused() {
        assertThatThrownBy(() -> update().inc("n", new AtomicInteger(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$inc on 'n': the amount must be a Byte, Short, Integer, Long, Float, Double, Decimal128 or BigDecimal,"
                        + " got java.util.concurrent.atomic.AtomicInteger");
    }

    @Test
    void mul_of_a_non_numeric_type_is_refused() {
        assertThatThrownBy(() -> update().mul("n", new AtomicLong(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$mul on 'n': the amount must be a Byte, Short, Integer, Long, Float, Double, Decimal128 or BigDecimal,"
                        + " got java.util.concurrent.atomic.AtomicLong");
        assertThatThrownBy(() -> update().mul("n", BigInteger.TWO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$mul on 'n': the amount must be a Byte, Short, Integer, Long, Float, Double, Decimal128 or BigDecimal,"
                        + " got java.math.BigInteger");
    }

    @Test
    void dec_of_a_non_numeric_type_is_refused_as_an_inc() {
        assertThatThrownBy(() -> update().dec("n", BigInteger.ONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$inc on 'n': the amount must be a Byte, Short, Integer, Long, Float, Double, Decimal128 or BigDecimal,"
                        + " got java.math.BigInteger");
    }

    @Test
    void a_null_amount_is_refused() {
        assertThatThrownBy(() -> update().inc("n", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("$inc on 'n': amount must not be null");
        assertThatThrownBy(() -> update().mul("n", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("$mul on 'n': amount must not be null");
    }

    @Test
    void a_big_decimal_that_decimal128_cannot_hold_exactly_is_refused_naming_the_path() {
        assertThatThrownBy(() -> update().inc("balance", new java.math.BigDecimal("1.00000000000000000000000000000000001")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$inc on 'balance': Conversion to Decimal128 would require inexact rounding of"
                        + " 1.00000000000000000000000000000000001");
    }

    @Test
    void dec_of_long_min_value_is_refused_because_it_cannot_be_negated() {
        assertThatThrownBy(() -> update().dec("n", Long.MIN_VALUE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$inc on 'n': cannot negate Long.MIN_VALUE");
    }

    @Test
    void setAt_a_negative_index_is_refused() {
        assertThatThrownBy(() -> update().setAt("scores", -1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("setAt on 'scores': index must be >= 0, got -1");
    }

    // ---- arguments and the empty update ------------------------------------------------------

    @Test
    void an_empty_update_does_not_compile() {
        assertThat(update().isEmpty()).isTrue();
        assertThatThrownBy(() -> update().toBsonDocument())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Empty update: add at least one operator");
    }

    @Test
    void null_lists_and_documents_are_refused() {
        assertThatThrownBy(() -> update().addToSetEach("a", null))
                .isInstanceOf(NullPointerException.class).hasMessage("values");
        assertThatThrownBy(() -> update().pullAll("a", null))
                .isInstanceOf(NullPointerException.class).hasMessage("values");
        assertThatThrownBy(() -> update().setOnInsert((Object) null))
                .isInstanceOf(NullPointerException.class).hasMessage("document");
        assertThatThrownBy(() -> update().setOnInsert((java.util.Map<String, ?>) null))
                .isInstanceOf(NullPointerException.class).hasMessage("fields");
    }

    @Test
    void a_value_without_a_codec_fails_to_compile_naming_its_path_and_class() {
        UpdateBuilder u = update().set("lock", new Object());

        assertThatThrownBy(u::toBsonDocument)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("$set on 'lock': No codec for java.lang.Object in the codec registry: ");
    }

    @Test
    void many_different_paths_compile_together() {
        UpdateBuilder u = update();
        for (int i = 0; i < 100; i++) {
            u = u.set("f" + i, i);
        }

        assertThat(u.toBsonDocument().getDocument("$set").keySet()).hasSize(100).startsWith("f0", "f1").endsWith("f99");
        assertThat(List.copyOf(u.toBsonDocument().keySet())).containsExactly("$set");
    }
}

package dev.atomicmongo.collection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Date;
import java.util.List;
import java.util.Map;

import com.mongodb.client.model.Collation;
import com.mongodb.client.model.CollationStrength;
import com.mongodb.client.model.Indexes;
import dev.atomicmongo.update.Expr;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The write options as values: the BSON they add to a command, equality, and what is refused when they are built. */
class WriteOptionsTest {
    private static final Collation CASE_INSENSITIVE = Collation.builder().locale("en")
            .collationStrength(CollationStrength.SECONDARY).build();

    @Test
    void none_adds_nothing_and_is_empty() {
        assertThat(WriteOptions.none().isEmpty()).isTrue();
        assertThat(WriteOptions.none().toBsonDocument()).isEqualTo(new BsonDocument());
        assertThat(WriteOptions.none().let()).isEmpty();
        assertThat(WriteOptions.none()).hasToString("WriteOptions{}");
    }

    @Test
    void every_option_becomes_the_command_field_of_its_name() {
        WriteOptions options = WriteOptions.none()
                .withHint(Indexes.compoundIndex(Indexes.ascending("status"), Indexes.descending("at")))
                .withCollation(CASE_INSENSITIVE)
                .withLet("target", "cherry")
                .withComment("nightly");

        assertThat(options.toBsonDocument()).isEqualTo(BsonDocument.parse("{hint: {status: 1, at: -1},"
                + " collation: " + CASE_INSENSITIVE.asDocument().toJson() + ", let: {target: 'cherry'}, comment: 'nightly'}"));
        assertThat(options.isEmpty()).isFalse();
        assertThat(options.toString()).startsWith("WriteOptions{\"hint\": {\"status\": 1, \"at\": -1}, \"collation\": {");
    }

    @Test
    void a_hint_by_name_replaces_a_hint_by_keys_and_back() {
        WriteOptions byName = WriteOptions.none().withHint(Indexes.ascending("a")).withHint("status_1");
        assertThat(byName.hintName()).contains("status_1");
        assertThat(byName.hintKeys()).isEmpty();
        assertThat(byName.toBsonDocument()).isEqualTo(BsonDocument.parse("{hint: 'status_1'}"));

        WriteOptions byKeys = byName.withHint(new Document("a", 1));
        assertThat(byKeys.hintName()).isEmpty();
        assertThat(byKeys.hintKeys()).contains(BsonDocument.parse("{a: 1}"));
    }

    @Test
    void accepts_index_types_natural_order_and_wildcard_keys_as_hints() {
        assertThat(WriteOptions.none().withHint(BsonDocument.parse("{loc: '2dsphere', t: 'text', h: 'hashed', p: '2d'}"))
                .hintKeys()).isPresent();
        assertThat(WriteOptions.none().withHint(BsonDocument.parse("{$natural: -1}")).hintKeys()).isPresent();
        assertThat(WriteOptions.none().withHint(BsonDocument.parse("{'$**': 1}")).hintKeys()).isPresent();
        assertThat(WriteOptions.none().withHint(BsonDocument.parse("{'attrs.$**': 1}")).hintKeys()).isPresent();
        assertThat(WriteOptions.none().withHint(BsonDocument.parse("{a: 1.0, b: {$numberLong: '-1'}}")).hintKeys())
                .isPresent();
    }

    @Test
    void rejects_an_empty_hint_document() {
        assertThatThrownBy(() -> WriteOptions.none().withHint(new BsonDocument()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hint: the index keys must not be empty");
    }

    @Test
    void rejects_a_hint_value_that_is_no_direction_or_index_type() {
        assertThatThrownBy(() -> WriteOptions.none().withHint(BsonDocument.parse("{a: 2}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hint: the key 'a' must be 1, -1 or an index type [text, 2d, 2dsphere, hashed], got {\"a\": 2}");
        assertThatThrownBy(() -> WriteOptions.none().withHint(BsonDocument.parse("{a: 'fulltext'}")))
                .hasMessageContaining("got {\"a\": \"fulltext\"}");
        assertThatThrownBy(() -> WriteOptions.none().withHint(BsonDocument.parse("{a: {$gt: 1}}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a' must be 1, -1");
        assertThatThrownBy(() -> WriteOptions.none().withHint(BsonDocument.parse("{a: NaN}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a' must be 1, -1");
        assertThatThrownBy(() -> WriteOptions.none().withHint(BsonDocument.parse("{$natural: 'text'}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hint: the key '$natural' must be 1, -1, got {\"$natural\": \"text\"}");
    }

    @Test
    void rejects_operator_shaped_or_malformed_hint_keys() {
        assertThatThrownBy(() -> WriteOptions.none().withHint(BsonDocument.parse("{$where: 1}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("hint: '$where' is not an index key");
        assertThatThrownBy(() -> WriteOptions.none().withHint(BsonDocument.parse("{'': 1}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("hint: '' is not an index key");
        assertThatThrownBy(() -> WriteOptions.none().withHint(BsonDocument.parse("{'a..b': 1}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("hint: 'a..b' is not an index key");
        assertThatThrownBy(() -> WriteOptions.none().withHint(BsonDocument.parse("{$natural: 1, a: 1}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hint: $natural must be the only key, got {\"$natural\": 1, \"a\": 1}");
    }

    @Test
    void a_hint_document_whose_codec_fails_is_refused_naming_the_hint() {
        Document keys = new Document("a", Map.of(1, "x"));   // a map with a non-String key: its codec fails lazily
        assertThatThrownBy(() -> WriteOptions.none().withHint(keys))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("hint: ");
    }

    @Test
    void rejects_an_empty_index_name() {
        assertThatThrownBy(() -> WriteOptions.none().withHint(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hint: an index name must not be empty");
    }

    @Test
    void a_hint_document_is_copied_so_later_changes_do_not_leak_in() {
        Document keys = new Document("a", 1);
        WriteOptions options = WriteOptions.none().withHint(keys);
        keys.put("b", 1);
        assertThat(options.hintKeys()).contains(BsonDocument.parse("{a: 1}"));
    }

    @Test
    void let_values_that_the_server_could_read_as_paths_or_expressions_are_literals() {
        WriteOptions options = WriteOptions.none()
                .withLet("price", "$100")
                .withLet("doc", Map.of("$gt", 1))
                .withLet("plain", 7)
                .withLet("none", BsonNull.VALUE)
                .withLet("list", List.of("$a", "b"));

        assertThat(options.let()).isEqualTo(BsonDocument.parse("{price: {$literal: '$100'},"
                + " doc: {$literal: {$gt: 1}}, plain: 7, none: null, list: {$literal: ['$a', 'b']}}"));
    }

    @Test
    void a_let_value_can_be_an_expression() {
        WriteOptions options = WriteOptions.none()
                .withLet("total", Expr.add(Expr.literal(1), Expr.literal(2)))
                .withLet("at", Expr.now());

        assertThat(options.let()).isEqualTo(BsonDocument.parse("{total: {$add: [1, 2]}, at: '$$NOW'}"));
    }

    @Test
    void an_expr_passed_as_an_object_is_still_an_expression() {
        Object value = Expr.now();
        assertThat(WriteOptions.none().withLet("at", value).let()).isEqualTo(BsonDocument.parse("{at: '$$NOW'}"));
    }

    @Test
    void a_let_value_is_encoded_when_given() {
        Date date = new Date(1000);
        WriteOptions options = WriteOptions.none().withLet("since", date);
        date.setTime(5000);
        assertThat(options.let().get("since").asDateTime().getValue()).isEqualTo(1000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "target", "newFlavor", "a_1", "éte", "x9", "日付"})
    void accepts_user_variable_names(String name) {
        assertThat(WriteOptions.none().withLet(name, 1).let().containsKey(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"NOW", "Target", "_x", "1a", "$x"})
    void rejects_variable_names_that_do_not_start_with_a_lower_case_letter(String name) {
        assertThatThrownBy(() -> WriteOptions.none().withLet(name, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("let: the variable name '" + name
                        + "' must start with a lower-case ASCII letter or a non-ASCII character");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.b", "a-b", "a b", "a$"})
    void rejects_variable_names_with_other_characters(String name) {
        assertThatThrownBy(() -> WriteOptions.none().withLet(name, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("let: the variable name '" + name + "' holds '" + name.charAt(1)
                        + "'; only letters, digits, '_' and non-ASCII characters are allowed");
    }

    @Test
    void rejects_an_empty_variable_name_and_a_second_definition() {
        assertThatThrownBy(() -> WriteOptions.none().withLet("", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("let: a variable name must not be empty");
        assertThatThrownBy(() -> WriteOptions.none().withLet("x", 1).withLet("x", 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("let: the variable 'x' is already defined as {\"x\": 1}");
    }

    @Test
    void rejects_a_let_value_without_a_codec() {
        assertThatThrownBy(() -> WriteOptions.none().withLet("id", java.util.UUID.randomUUID()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("let: the variable 'id': Cannot encode a java.util.UUID")
                .hasMessageContaining("uuidRepresentation");
    }

    @Test
    void refuses_null_naming_the_parameter() {
        WriteOptions none = WriteOptions.none();
        assertThatThrownBy(() -> none.withHint((org.bson.conversions.Bson) null)).hasMessage("indexKeys");
        assertThatThrownBy(() -> none.withHint((String) null)).hasMessage("indexName");
        assertThatThrownBy(() -> none.withCollation(null)).hasMessage("collation");
        assertThatThrownBy(() -> none.withLet(null, 1)).hasMessage("name");
        assertThatThrownBy(() -> none.withLet("x", (Expr) null)).hasMessage("value");
        assertThatThrownBy(() -> none.withLet("x", (Object) null)).hasMessage("value");
        assertThatThrownBy(() -> none.withComment((String) null)).hasMessage("comment");
        assertThatThrownBy(() -> none.withComment((BsonValue) null)).hasMessage("comment");
    }

    @Test
    void a_comment_can_be_any_bson_value() {
        assertThat(WriteOptions.none().withComment(BsonDocument.parse("{job: 42, tags: ['a']}")).toBsonDocument())
                .isEqualTo(BsonDocument.parse("{comment: {job: 42, tags: ['a']}}"));
        assertThat(WriteOptions.none().withComment(new BsonInt32(7)).comment()).contains(new BsonInt32(7));
        assertThat(WriteOptions.none().withComment("x").comment()).contains(new BsonString("x"));
    }

    @Test
    void a_comment_document_is_copied() {
        BsonDocument comment = BsonDocument.parse("{job: 42}");
        WriteOptions options = WriteOptions.none().withComment(comment);
        comment.put("job", new BsonInt32(43));
        assertThat(options.comment()).contains(BsonDocument.parse("{job: 42}"));
    }

    @Test
    void equal_options_are_equal_and_hash_alike() {
        WriteOptions a = WriteOptions.none().withHint("i").withCollation(CASE_INSENSITIVE).withLet("x", 1).withComment("c");
        WriteOptions b = WriteOptions.none().withComment("c").withLet("x", 1).withCollation(
                Collation.builder().locale("en").collationStrength(CollationStrength.SECONDARY).build()).withHint("i");

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(b.withComment("d"));
        assertThat(a).isNotEqualTo(WriteOptions.none().withHint("i").withCollation(CASE_INSENSITIVE)
                .withLet("x", 1L).withComment("c"));
        assertThat(WriteOptions.none().withHint("a_1")).isNotEqualTo(WriteOptions.none().withHint(Indexes.ascending("a")));
    }

    @Test
    void the_let_document_is_read_only() {
        BsonDocument let = WriteOptions.none().withLet("x", 1).let();
        assertThatThrownBy(() -> let.put("y", new BsonInt32(2))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void sort_bypassDocumentValidation_and_maxTime_become_their_command_fields() {
        WriteOptions options = WriteOptions.none().withSort(com.mongodb.client.model.Sorts.descending("at"))
                .withBypassDocumentValidation(true).withMaxTime(java.time.Duration.ofMillis(1500));

        assertThat(options.toBsonDocument()).isEqualTo(BsonDocument.parse(
                "{sort: {at: -1}, bypassDocumentValidation: true, maxTimeMS: {$numberLong: '1500'}}"));
        assertThat(options).isEqualTo(WriteOptions.none().withSort(new Document("at", -1))
                .withBypassDocumentValidation(true).withMaxTime(java.time.Duration.ofMillis(1500)))
                .hasSameHashCodeAs(WriteOptions.none().withSort(new Document("at", -1))
                        .withBypassDocumentValidation(true).withMaxTime(java.time.Duration.ofMillis(1500)));
        assertThat(options).isNotEqualTo(options.withBypassDocumentValidation(false));
    }

    @Test
    void a_sort_that_is_no_order_is_refused_naming_the_field() {
        assertThatThrownBy(() -> WriteOptions.none().withSort(new Document()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("sort: the order must name at least one field");
        assertThatThrownBy(() -> WriteOptions.none().withSort(new Document("at", 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("sort: 'at' must be 1, -1 or {$meta: ...}, got BsonInt32{value=2}");
        assertThatThrownBy(() -> WriteOptions.none().withSort(new Document("at", "up")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("sort: 'at' must be 1, -1");
    }

    @Test
    void a_maxTime_outside_what_the_server_takes_is_refused() {
        assertThatThrownBy(() -> WriteOptions.none().withMaxTime(java.time.Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("maxTime: must be between 1 ms and");
        assertThatThrownBy(() -> WriteOptions.none().withMaxTime(java.time.Duration.ofNanos(10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("maxTime: must be at least 1 ms");
        assertThatThrownBy(() -> WriteOptions.none().withMaxTime(java.time.Duration.ofDays(30)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("maxTime: must be between 1 ms and");
    }

    @Test
    void a_multi_document_update_with_a_sort_and_an_update_with_maxTime_are_refused_when_the_command_is_built() {
        Commands commands = Commands.withDefaultCodecs();
        WriteOptions sorted = WriteOptions.none().withSort(new Document("at", 1));
        WriteOptions bounded = WriteOptions.none().withMaxTime(java.time.Duration.ofSeconds(1));
        var filter = dev.atomicmongo.filter.Conditions.eq("a", 1);
        var change = dev.atomicmongo.update.UpdateBuilder.update().inc("n", 1);

        assertThat(commands.updateOne(filter, change, sorted).options()).isEqualTo(sorted);
        assertThatThrownBy(() -> commands.updateMany(filter, change, sorted)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("updateMany: a sort picks the one document a single update changes; updateMany changes every match,"
                        + " so it takes no sort");
        assertThatThrownBy(() -> commands.updateOne(filter, change, bounded)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("updateOne: maxTimeMS is an option of findAndModify only");
        assertThatThrownBy(() -> commands.updateIf(filter, filter, change, bounded)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("updateIf: maxTimeMS is an option of findAndModify only");
    }
}

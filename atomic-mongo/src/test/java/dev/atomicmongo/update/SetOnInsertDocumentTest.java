package dev.atomicmongo.update;

import static dev.atomicmongo.update.UpdateBuilder.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.mongodb.MongoClientSettings;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.codecs.pojo.annotations.BsonId;
import org.bson.codecs.pojo.annotations.BsonIgnore;
import org.bson.codecs.pojo.annotations.BsonProperty;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

class SetOnInsertDocumentTest {

    private static final ObjectId ID = new ObjectId("650000000000000000000042");

    /** A record as users write them; the driver's record codec needs it public. */
    public record Event(@BsonId ObjectId id, @BsonProperty("u") String url, String title, Integer views, Date lastSeen) {
    }

    /** Nested counters, to show a sub-field written by another operator. */
    public record Stats(Integer views, Integer likes, Daily daily) {
    }

    /** A second level of nesting. */
    public record Daily(Integer views, Integer shares) {
    }

    /** A record with a nested document. */
    public record Page(String url, Stats stats) {
    }

    /** A record with a scalar where another operator writes a sub-field. */
    public record Counter(String name, Integer stats) {
    }

    /** The driver's record codec refuses {@code @BsonIgnore} on a record component. */
    public record WithIgnored(String name, @BsonIgnore String secret) {
    }

    /** A mutable POJO with public fields. */
    public static final class Account {
        @BsonId
        public ObjectId id;
        @BsonProperty("mail")
        public String email;
        @BsonIgnore
        public String password;
        public String name;
        public Integer credits;
    }

    /** A POJO with private fields and getters. */
    public static final class Profile {
        private String name;
        private String token;

        public Profile(String name, String token) {
            this.name = name;
            this.token = token;
        }

        public String getName() {
            return name;
        }

        @BsonIgnore
        public String getToken() {
            return token;
        }
    }

    private static BsonDocument json(String json) {
        return BsonDocument.parse(json);
    }

    // ---- from a map --------------------------------------------------------------------------

    @Test
    void a_map_becomes_top_level_setOnInsert_fields_in_its_order() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("url", "https://a.example");
        fields.put("title", "A");
        fields.put("tags", List.of("x"));
        fields.put("meta", Map.of("lang", "en"));

        assertThat(update().setOnInsert(fields).toBsonDocument()).isEqualTo(json(
                "{$setOnInsert: {url: 'https://a.example', title: 'A', tags: ['x'], meta: {lang: 'en'}}}"));
    }

    @Test
    void null_entries_and_a_null_id_are_left_out_of_a_map() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("_id", null);
        fields.put("url", "u");
        fields.put("title", null);

        assertThat(update().setOnInsert(fields).toBsonDocument()).isEqualTo(json("{$setOnInsert: {url: 'u'}}"));
    }

    @Test
    void the_callers_map_is_copied_and_never_modified() {
        Map<String, Object> fields = new HashMap<>();
        fields.put("url", "u");
        fields.put("_id", null);
        fields.put("seen", "s");
        UpdateBuilder u = update().setOnInsert(fields).set("seen", "now");

        BsonDocument compiled = u.toBsonDocument();
        fields.put("title", "added later");

        assertThat(fields).containsOnlyKeys("url", "_id", "seen", "title");
        assertThat(compiled).isEqualTo(json("{$setOnInsert: {url: 'u'}, $set: {seen: 'now'}}"));
        assertThat(u.toBsonDocument()).isEqualTo(compiled);
    }

    @Test
    void an_empty_map_is_refused() {
        assertThatThrownBy(() -> update().setOnInsert(Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("setOnInsert(map): the map has no non-null entry");
    }

    @Test
    void a_map_of_nulls_only_is_refused() {
        Map<String, Object> fields = new HashMap<>();
        fields.put("_id", null);

        assertThatThrownBy(() -> update().setOnInsert(fields))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("setOnInsert(map): the map has no non-null entry");
    }

    @Test
    void a_dotted_or_$_prefixed_or_empty_map_key_fails_to_compile() {
        for (String key : List.of("a.b", "$set", "")) {
            UpdateBuilder u = update().setOnInsert(Map.of(key, 1));
            assertThatThrownBy(u::toBsonDocument)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("setOnInsert(map): field name '" + key
                            + "' must be non-empty, not start with '$' and not contain '.'");
        }
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void a_map_key_that_is_not_a_string_fails_to_compile() {
        UpdateBuilder u = update().setOnInsert((Map) Map.of(1, "one"));

        assertThatThrownBy(u::toBsonDocument)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("setOnInsert(map): keys must be strings, got 1");
    }

    @Test
    void a_bson_document_is_taken_as_a_map() {
        assertThat(update().setOnInsert(json("{a: 1, b: null}")).toBsonDocument())
                .isEqualTo(json("{$setOnInsert: {a: 1}}"));
    }

    // ---- from a record -----------------------------------------------------------------------

    @Test
    void a_record_is_flattened_honouring_bson_id_and_bson_property() {
        Event event = new Event(ID, "https://a.example", "A", 3, new Date(0));

        assertThat(update().setOnInsert(event).toBsonDocument()).isEqualTo(json("{$setOnInsert: {"
                + "_id: {$oid: '650000000000000000000042'}, u: 'https://a.example', title: 'A', views: 3,"
                + " lastSeen: {$date: {$numberLong: '0'}}}}"));
    }

    @Test
    void null_components_and_a_null_id_are_left_out_of_a_record() {
        Event event = new Event(null, "u", null, null, null);

        assertThat(update().setOnInsert(event).toBsonDocument()).isEqualTo(json("{$setOnInsert: {u: 'u'}}"));
    }

    @Test
    void a_record_with_every_component_null_is_refused_when_compiled() {
        UpdateBuilder u = update().setOnInsert(new Event(null, null, null, null, null));

        assertThatThrownBy(u::toBsonDocument)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("setOnInsert(Event): the document has no non-null field to insert");
    }

    @Test
    void bson_ignore_on_a_record_component_is_refused_by_the_drivers_record_codec() {
        UpdateBuilder u = update().setOnInsert(new WithIgnored("n", "s"));

        assertThatThrownBy(u::toBsonDocument)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("setOnInsert(document): No codec for " + WithIgnored.class.getName() + " in the codec registry: Annotation"
                        + " 'org.bson.codecs.pojo.annotations.BsonIgnore' is not supported on records, but found on"
                        + " component 'java.lang.String secret' of record 'class " + WithIgnored.class.getName() + "'");
    }

    // ---- from a POJO -------------------------------------------------------------------------

    @Test
    void a_pojo_is_flattened_honouring_bson_id_bson_property_and_bson_ignore() {
        Account account = new Account();
        account.id = ID;
        account.email = "ada@example.com";
        account.password = "secret";
        account.name = "Ada";
        account.credits = 5;

        BsonDocument onInsert = update().setOnInsert(account).toBsonDocument().getDocument("$setOnInsert");

        assertThat(onInsert).isEqualTo(json("{_id: {$oid: '650000000000000000000042'}, mail: 'ada@example.com',"
                + " name: 'Ada', credits: 5}"));
        assertThat(onInsert).doesNotContainKeys("password", "email", "id");
    }

    @Test
    void null_fields_and_a_null_id_are_left_out_of_a_pojo() {
        Account account = new Account();
        account.name = "Ada";

        assertThat(update().setOnInsert(account).toBsonDocument()).isEqualTo(json("{$setOnInsert: {name: 'Ada'}}"));
    }

    @Test
    void a_pojo_with_every_field_null_is_refused_when_compiled() {
        UpdateBuilder u = update().setOnInsert(new Account());

        assertThatThrownBy(u::toBsonDocument)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("setOnInsert(Account): the document has no non-null field to insert");
    }

    @Test
    void bson_ignore_on_a_getter_leaves_the_property_out() {
        assertThat(update().setOnInsert(new Profile("Ada", "t0k3n")).toBsonDocument())
                .isEqualTo(json("{$setOnInsert: {name: 'Ada'}}"));
    }

    @Test
    void the_callers_pojo_is_never_modified() {
        Account account = new Account();
        account.name = "Ada";
        account.credits = 1;
        account.password = "secret";

        BsonDocument compiled = update().setOnInsert(account).set("credits", 10).toBsonDocument();

        assertThat(compiled).isEqualTo(json("{$setOnInsert: {name: 'Ada'}, $set: {credits: 10}}"));
        assertThat(account.id).isNull();
        assertThat(account.name).isEqualTo("Ada");
        assertThat(account.credits).isEqualTo(1);
        assertThat(account.password).isEqualTo("secret");
    }

    @Test
    void an_object_that_does_not_encode_to_a_document_is_refused_when_compiled() {
        UpdateBuilder u = update().setOnInsert((Object) "just a string");

        assertThatThrownBy(u::toBsonDocument)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("setOnInsert(String) must encode to a document, but java.lang.String encodes to STRING");
    }

    @Test
    void the_object_is_encoded_with_the_registry_the_update_is_compiled_with() {
        UpdateBuilder u = update().setOnInsert(new Account());

        assertThatThrownBy(() -> u.toBsonDocument(BsonDocument.class, MongoClientSettings.getDefaultCodecRegistry()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("setOnInsert(document): No codec for " + Account.class.getName() + " in the codec registry");
    }

    // ---- interplay with other operators ------------------------------------------------------

    @Test
    void a_field_another_operator_writes_is_left_out_so_there_is_no_conflict() {
        Date now = new Date(1_000);
        Event event = new Event(ID, "u", "A", 0, new Date(0));

        UpdateBuilder u = update().setOnInsert(event).set("lastSeen", now).inc("views", 1);

        assertThat(u.toBsonDocument()).isEqualTo(json("{$setOnInsert: {_id: {$oid: '650000000000000000000042'},"
                + " u: 'u', title: 'A'}, $set: {lastSeen: {$date: {$numberLong: '1000'}}}, $inc: {views: 1}}"));
    }

    @Test
    void a_field_written_before_the_document_is_added_is_left_out_too() {
        UpdateBuilder u = update().inc("views", 1).setOnInsert(new Event(null, "u", null, 7, null));

        assertThat(u.toBsonDocument()).isEqualTo(json("{$inc: {views: 1}, $setOnInsert: {u: 'u'}}"));
    }

    @Test
    void a_field_renamed_into_is_refused_because_the_rename_writes_nothing_on_insert() {
        UpdateBuilder u = update().setOnInsert(Map.of("title", "A")).rename("name", "title");

        org.assertj.core.api.Assertions.assertThatThrownBy(u::toBsonDocument)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("field 'title' is also the path of $rename");
    }

    @Test
    void an_explicit_per_field_setOnInsert_wins_over_the_documents_field() {
        UpdateBuilder u = update().setOnInsert(new Event(null, "u", "A", null, null)).setOnInsert("title", null);

        assertThat(u.toBsonDocument()).isEqualTo(json("{$setOnInsert: {u: 'u', title: null}}"));
    }

    @Test
    void when_every_field_is_written_by_other_operators_the_$setOnInsert_disappears() {
        UpdateBuilder u = update().setOnInsert(Map.of("a", 1)).set("a", 2);

        assertThat(u.toBsonDocument()).isEqualTo(json("{$set: {a: 2}}"));
    }

    @Test
    void a_sub_field_written_by_another_operator_splits_the_object_into_its_other_sub_fields() {
        Page page = new Page("u", new Stats(10, 2, null));

        UpdateBuilder u = update().setOnInsert(page).inc("stats.views", 1);

        assertThat(u.toBsonDocument()).isEqualTo(json(
                "{$setOnInsert: {url: 'u', 'stats.likes': 2}, $inc: {'stats.views': 1}}"));
    }

    @Test
    void a_sub_field_two_levels_down_splits_each_level() {
        Page page = new Page("u", new Stats(10, 2, new Daily(4, 5)));

        UpdateBuilder u = update().setOnInsert(page).inc("stats.daily.views", 1);

        assertThat(u.toBsonDocument()).isEqualTo(json("{$setOnInsert: {url: 'u', 'stats.views': 10,"
                + " 'stats.likes': 2, 'stats.daily.shares': 5}, $inc: {'stats.daily.views': 1}}"));
    }

    @Test
    void a_sub_field_written_inside_a_scalar_field_is_refused_when_compiled() {
        UpdateBuilder u = update().setOnInsert(new Counter("c", 3)).inc("stats.views", 1);

        assertThatThrownBy(u::toBsonDocument)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("setOnInsert(document): field 'stats' holds a BSON INT32, but $inc writes 'stats.views' inside it");
    }

    @Test
    void document_fields_and_per_field_values_keep_the_order_of_the_calls() {
        UpdateBuilder u = update().setOnInsert("first", 1).setOnInsert(Map.of("second", 2)).setOnInsert("third", 3);

        assertThat(u).hasToString("{\"$setOnInsert\": {\"first\": 1, \"second\": 2, \"third\": 3}}");
    }

    @Test
    void two_documents_with_distinct_fields_are_combined() {
        UpdateBuilder u = update().setOnInsert(Map.of("a", 1)).setOnInsert(new Event(null, "u", null, null, null));

        assertThat(u.toBsonDocument()).isEqualTo(json("{$setOnInsert: {a: 1, u: 'u'}}"));
    }

    @Test
    void two_documents_giving_the_same_field_are_refused_when_compiled() {
        UpdateBuilder u = update().setOnInsert(Map.of("a", 1)).setOnInsert(Map.of("a", 2));

        assertThatThrownBy(u::toBsonDocument)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("setOnInsert(document): field 'a' is given by more than one setOnInsert document");
    }

    @Test
    void writes_does_not_count_the_fields_of_a_document() {
        UpdateBuilder u = update().setOnInsert(Map.of("a", 1)).set("b", 2);

        assertThat(u.writes("b")).isTrue();
        assertThat(u.writes("a")).isFalse();
    }

    @Test
    void document_fields_are_encoded_as_the_driver_encodes_them() {
        BsonDocument compiled = update().setOnInsert(Map.of("n", 1)).toBsonDocument();

        assertThat(compiled.getDocument("$setOnInsert").get("n")).isEqualTo(new BsonInt32(1));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"pull", "unset", "popLast", "renameFrom", "renameTo"})
    void an_entry_whose_path_another_operator_leaves_empty_on_insert_is_refused_not_lost(String other) {
        UpdateBuilder base = update().setOnInsert(java.util.Map.of("tags", java.util.List.of("a"), "n", 1));
        UpdateBuilder u = switch (other) {
            case "pull" -> base.pull("tags", "x");
            case "unset" -> base.unset("tags");
            case "popLast" -> base.popLast("tags");
            case "renameFrom" -> base.rename("tags", "labels");
            default -> base.rename("labels", "tags");
        };

        org.assertj.core.api.Assertions.assertThatThrownBy(u::toBsonDocument)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("setOnInsert(document): field 'tags' is also the path of $")
                .hasMessageContaining("which writes nothing when the update inserts, so the inserted document would lack it");
    }

    @Test
    void an_entry_whose_path_another_operator_writes_on_insert_is_left_to_that_operator() {
        assertThat(update().setOnInsert(java.util.Map.of("tags", java.util.List.of("a"))).push("tags", "x").inc("n", 1)
                .toBsonDocument().toJson()).isEqualTo("{\"$push\": {\"tags\": \"x\"}, \"$inc\": {\"n\": 1}}");
    }
}

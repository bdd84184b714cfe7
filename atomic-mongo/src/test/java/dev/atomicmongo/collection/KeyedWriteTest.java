package dev.atomicmongo.collection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.bson.BsonDocument;
import org.bson.BsonNull;
import org.bson.BsonRegularExpression;
import org.bson.BsonString;
import org.junit.jupiter.api.Test;

class KeyedWriteTest {

    private static BsonDocument json(String json) {
        return BsonDocument.parse(json);
    }

    @Test
    void a_scalar_key_is_a_plain_equality_and_the_document_keeps_its_order() {
        KeyedWrite write = KeyedWrite.of("upsertByField", "url", new BsonString("u"), json("{title: 't', url: 'u'}"));

        assertThat(write.filter()).isEqualTo(json("{url: 'u'}"));
        assertThat(write.document().toJson()).isEqualTo(json("{title: 't', url: 'u'}").toJson());
    }

    @Test
    void an_operator_shaped_key_is_compared_as_a_value_with_eq() {
        BsonDocument injected = json("{$ne: 'guess'}");

        KeyedWrite write = KeyedWrite.of("upsertByField", "password", injected, json("{}"));

        assertThat(write.filter()).isEqualTo(json("{password: {$eq: {$ne: 'guess'}}}"));
        assertThat(write.document()).isEqualTo(json("{password: {$ne: 'guess'}}"));
        assertThat(write.keyDocument()).isEqualTo(json("{password: {$ne: 'guess'}}"));
    }

    @Test
    void a_regular_expression_key_is_compared_as_a_value_not_matched_as_a_pattern() {
        BsonRegularExpression any = new BsonRegularExpression(".*");

        KeyedWrite write = KeyedWrite.of("upsertByField", "name", any, json("{}"));

        assertThat(write.filter()).isEqualTo(new BsonDocument("name", new BsonDocument("$eq", any)));
    }

    @Test
    void a_null_key_is_refused_because_it_would_match_every_document_lacking_the_field() {
        assertThatThrownBy(() -> KeyedWrite.of("upsertByField", "email", BsonNull.VALUE, json("{}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("upsertByField: the key value of 'email' is null; the filter {email: null} matches every "
                        + "document lacking the field, so nothing would be inserted");
        assertThatThrownBy(() -> KeyedWrite.of("insertOrUpdateByField", "email", null, json("{}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("insertOrUpdateByField: the key value of 'email' is null");
    }

    @Test
    void a_dotted_key_is_checked_against_the_nested_value() {
        assertThatThrownBy(() -> KeyedWrite.of("upsertByField", "profile.email", new BsonString("a@x"),
                json("{profile: {email: 'b@x'}}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("upsertByField: the document's 'profile.email' is BsonString{value='b@x'} but the key "
                        + "value is BsonString{value='a@x'}; they must be equal");
    }

    @Test
    void a_dotted_key_missing_from_the_document_is_put_there_without_touching_the_input() {
        BsonDocument fields = json("{profile: {name: 'Ann'}, n: 1}");

        KeyedWrite write = KeyedWrite.of("upsertByField", "profile.email", new BsonString("a@x"), fields);

        assertThat(write.document()).isEqualTo(json("{profile: {name: 'Ann', email: 'a@x'}, n: 1}"));
        assertThat(fields).isEqualTo(json("{profile: {name: 'Ann'}, n: 1}"));
        assertThat(KeyedWrite.of("upsertByField", "a.b.c", new BsonString("k"), json("{}")).document())
                .isEqualTo(json("{a: {b: {c: 'k'}}}"));
    }

    @Test
    void a_parent_of_the_key_that_is_not_a_document_is_refused() {
        assertThatThrownBy(() -> KeyedWrite.of("upsertByField", "profile.email", new BsonString("a@x"),
                json("{profile: 'plain'}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("upsertByField: the document's 'profile' is a STRING, so it cannot hold the key 'profile.email'");
    }

    @Test
    void a_null_id_is_left_out_so_the_server_generates_one() {
        KeyedWrite write = KeyedWrite.of("upsertByField", "url", new BsonString("u"), json("{_id: null, url: 'u'}"));

        assertThat(write.document()).isEqualTo(json("{url: 'u'}"));
    }

    @Test
    void a_key_path_with_an_operator_segment_is_refused() {
        assertThatThrownBy(() -> KeyedWrite.of("upsertByField", "$where", new BsonString("u"), json("{}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("upsertByField");
    }

    @Test
    void a_dotted_or_operator_key_in_the_document_is_refused_as_setOnInsert_of_a_map_refuses_it() {
        assertThatThrownBy(() -> KeyedWrite.of("insertOrUpdateByField", "url", new BsonString("u"), json("{'a.b': 1}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("insertOrUpdateByField: field name 'a.b' must be non-empty, not start with '$' and not "
                        + "contain '.' (a key of the document is a field, never a path)");
        assertThatThrownBy(() -> KeyedWrite.of("upsertByField", "url", new BsonString("u"), json("{$set: 1}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("upsertByField: field name '$set' must be");
    }
}

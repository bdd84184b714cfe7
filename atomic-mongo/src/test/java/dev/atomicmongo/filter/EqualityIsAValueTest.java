package dev.atomicmongo.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.mongodb.client.model.Filters;
import org.bson.BsonDocument;
import org.bson.BsonRegularExpression;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** A value handed to an equality is compared as a value, whatever its shape: no operator, no pattern injection. */
class EqualityIsAValueTest {

    private static BsonDocument json(String json) {
        return BsonDocument.parse(json);
    }

    @Test
    void an_operator_shaped_map_from_a_request_is_compared_with_eq_where_the_driver_sends_it_bare() {
        Map<String, Object> fromRequest = Map.of("$ne", "guess");

        assertThat(Conditions.eq("password", fromRequest).toBsonDocument())
                .isEqualTo(json("{password: {$eq: {$ne: 'guess'}}}"));
        assertThat(Filters.eq("password", fromRequest).toBsonDocument())
                .as("the deliberate difference: the driver's Filters.eq lets the operator through")
                .isEqualTo(json("{password: {$ne: 'guess'}}"));
    }

    @Test
    void a_document_with_a_dollar_key_anywhere_is_compared_with_eq() {
        assertThat(Conditions.eq("a", new Document("x", 1).append("$gt", 0)).toBsonDocument())
                .isEqualTo(json("{a: {$eq: {x: 1, $gt: 0}}}"));
    }

    @Test
    void a_regex_parsed_from_json_is_compared_as_a_value_not_matched_as_a_pattern() {
        Object parsed = Document.parse("{password: {$regex: '.*', $options: ''}}").get("password");
        assertThat(parsed).isInstanceOf(BsonRegularExpression.class);

        assertThat(Conditions.eq("password", parsed).toBsonDocument())
                .isEqualTo(json("{password: {$eq: {$regularExpression: {pattern: '.*', options: ''}}}}"));
        assertThat(Conditions.eq("name", Pattern.compile("^a")).toBsonDocument())
                .isEqualTo(json("{name: {$eq: {$regularExpression: {pattern: '^a', options: ''}}}}"));
    }

    @Test
    void plain_values_and_plain_documents_keep_the_drivers_shape() {
        assertThat(Conditions.eq("a", 1).toBsonDocument()).isEqualTo(Filters.eq("a", 1).toBsonDocument());
        assertThat(Conditions.eq("a", new Document("x", 1)).toBsonDocument())
                .isEqualTo(Filters.eq("a", new Document("x", 1)).toBsonDocument());
        assertThat(Conditions.eq("a", List.of(1, 2)).toBsonDocument())
                .isEqualTo(Filters.eq("a", List.of(1, 2)).toBsonDocument());
    }

    @Test
    void a_regular_expression_in_a_list_operator_is_refused_because_it_would_match_as_a_pattern() {
        assertThatThrownBy(() -> Conditions.in("name", "alice", Pattern.compile(".*")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$in on 'name': value 1 is a regular expression, which $in matches as a pattern, not as "
                        + "a value; use regex(...) for a pattern");
        assertThatThrownBy(() -> Conditions.nin("name", List.of(new BsonRegularExpression("x"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("$nin on 'name': value 0 is a regular expression");
    }

    @Test
    void not_and_upsert_keep_the_value_a_value() {
        assertThat(Conditions.not(Conditions.eq("a", Map.of("$exists", false))).toBsonDocument())
                .isEqualTo(json("{a: {$not: {$eq: {$exists: false}}}}"));
    }
}

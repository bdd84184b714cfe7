package dev.atomicmongo.update;

import static dev.atomicmongo.filter.Conditions.and;
import static dev.atomicmongo.filter.Conditions.field;
import static dev.atomicmongo.update.UpdateBuilder.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.model.Filters;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.internal.BsonValues;
import java.util.UUID;

import org.bson.BsonDocument;
import org.bson.RawBsonDocument;
import org.bson.UuidRepresentation;
import org.bson.codecs.UuidCodec;
import org.bson.codecs.configuration.CodecRegistries;
import org.bson.codecs.configuration.CodecRegistry;
import org.junit.jupiter.api.Test;

class ArrayFilterConjunctionTest {

    private static BsonDocument filterOf(UpdateBuilder u) {
        return u.arrayFilters(BsonValues.DEFAULT_REGISTRY).get(0);
    }

    private static UpdateBuilder onGrades(org.bson.conversions.Bson filter) {
        return update().set("grades.$[e].mean", 100).arrayFilter(filter);
    }

    @Test
    void conditions_on_two_fields_of_one_identifier_are_sent_as_one_document() {
        UpdateBuilder u = onGrades(and(field("e.grade").gte(80), field("e.std").gte(5)));

        assertThat(filterOf(u)).isEqualTo(BsonDocument.parse("{'e.grade': {$gte: 80}, 'e.std': {$gte: 5}}"));
    }

    @Test
    void two_tests_of_one_path_merge_into_one_operator_document() {
        UpdateBuilder u = onGrades(and(field("e.grade").gte(80), field("e.grade").lt(90)));

        assertThat(filterOf(u)).isEqualTo(BsonDocument.parse("{'e.grade': {$gte: 80, $lt: 90}}"));
    }

    @Test
    void an_equality_merges_as_eq() {
        UpdateBuilder u = onGrades(and(Conditions.eq("e", 85), field("e").ne(0)));

        assertThat(filterOf(u)).isEqualTo(BsonDocument.parse("{e: {$eq: 85, $ne: 0}}"));
    }

    @Test
    void nested_ands_are_lifted_and_the_driver_filters_are_flattened_too() {
        UpdateBuilder u = onGrades(and(Conditions.eq("e.a", 1), and(Conditions.eq("e.b", 2), Conditions.eq("e.c", 3))));
        assertThat(filterOf(u)).isEqualTo(BsonDocument.parse("{'e.a': 1, 'e.b': 2, 'e.c': 3}"));

        UpdateBuilder driver = onGrades(Filters.and(Filters.gte("e.grade", 80), Filters.gte("e.std", 5)));
        assertThat(filterOf(driver)).isEqualTo(BsonDocument.parse("{'e.grade': {$gte: 80}, 'e.std': {$gte: 5}}"));
    }

    @Test
    void read_only_documents_from_elsewhere_merge_too() {
        RawBsonDocument gte = RawBsonDocument.parse("{'e.grade': {$gte: 80}}");
        RawBsonDocument lt = RawBsonDocument.parse("{'e.grade': {$lt: 90}}");

        assertThat(filterOf(onGrades(and(gte, lt)))).isEqualTo(BsonDocument.parse("{'e.grade': {$gte: 80, $lt: 90}}"));
    }

    @Test
    void the_same_operator_twice_on_one_path_keeps_an_and_for_the_second() {
        UpdateBuilder u = onGrades(and(field("e.grade").gte(80), field("e.grade").gte(85), field("e.std").lt(3)));

        assertThat(filterOf(u)).isEqualTo(BsonDocument.parse(
                "{'e.grade': {$gte: 80}, 'e.std': {$lt: 3}, $and: [{'e.grade': {$gte: 85}}]}"));
    }

    @Test
    void a_regular_expression_beside_another_test_of_its_path_keeps_an_and() {
        UpdateBuilder u = onGrades(and(Conditions.regex("e.name", "^a"), field("e.name").ne("ab")));

        assertThat(filterOf(u)).isEqualTo(BsonDocument.parse(
                "{'e.name': {$regularExpression: {pattern: '^a', options: ''}}, $and: [{'e.name': {$ne: 'ab'}}]}"));
    }

    @Test
    void an_or_is_kept_beside_the_merged_fields() {
        UpdateBuilder u = onGrades(and(field("e.grade").gte(80), Conditions.or(Conditions.eq("e.std", 1), Conditions.eq("e.std", 2))));

        assertThat(filterOf(u)).isEqualTo(BsonDocument.parse("{'e.grade': {$gte: 80}, $or: [{'e.std': 1}, {'e.std': 2}]}"));
    }

    @Test
    void conditions_on_two_identifiers_are_refused_when_the_filter_is_added_naming_both() {
        assertThatThrownBy(() -> update().set("a.$[x].n", 1).set("b.$[y].n", 1)
                .arrayFilter(and(Conditions.eq("x.k", 1), Conditions.eq("y.k", 2))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("arrayFilter {\"$and\": [{\"x.k\": 1}, {\"y.k\": 2}]} names the identifiers 'x' and 'y'; "
                        + "MongoDB takes one identifier per array filter: give each its own arrayFilter(...)");
        assertThatThrownBy(() -> update().arrayFilter(Conditions.or(Conditions.eq("x", 1), Conditions.eq("y", 2))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("names the identifiers 'x' and 'y'");
    }

    @Test
    void two_identifiers_in_a_filter_only_the_collection_can_encode_are_refused_when_compiled() {
        // the default codecs refuse a UUID (no representation set); the collection's may not
        UpdateBuilder u = update().set("a.$[x].n", 1)
                .arrayFilter(and(Conditions.eq("x.k", UUID.randomUUID()), Conditions.eq("y.k", 2)));
        CodecRegistry standardUuids = CodecRegistries.fromRegistries(
                CodecRegistries.fromCodecs(new UuidCodec(UuidRepresentation.STANDARD)), BsonValues.DEFAULT_REGISTRY);

        assertThatThrownBy(() -> u.arrayFilters(standardUuids))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("names the identifiers 'x' and 'y'");
    }
}

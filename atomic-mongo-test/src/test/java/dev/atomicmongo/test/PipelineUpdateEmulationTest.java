package dev.atomicmongo.test;

import java.util.Date;
import java.util.List;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.result.UpdateResult;
import dev.atomicmongo.Capability;
import dev.atomicmongo.collection.ServerCapabilities;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The embedded server's emulation of pipeline updates and $bit, through the plain driver. */
class PipelineUpdateEmulationTest {
    private static TestMongo emulated;
    private static TestMongo plain;
    private MongoCollection<Document> docs;

    @BeforeAll
    static void start() {
        emulated = TestMongo.embedded(true);
        plain = TestMongo.embedded(false);
    }

    @AfterAll
    static void stop() {
        emulated.close();
        plain.close();
    }

    @BeforeEach
    void freshCollection() {
        docs = emulated.freshDatabase("emulation").getCollection("docs");
    }

    private static List<Bson> pipeline(String... stages) {
        return java.util.Arrays.stream(stages).<Bson>map(BsonDocument::parse).toList();
    }

    private Document only(Object id) {
        return docs.find(new Document("_id", id)).first();
    }

    @Test
    void set_evaluates_every_expression_of_a_stage_against_the_stage_input() {
        docs.insertOne(Document.parse("{_id: 1, a: 1, b: 2, sub: {x: 1, y: 2}, other: {z: 3}}"));

        UpdateResult result = docs.updateOne(new Document("_id", 1),
                pipeline("{$set: {a: '$b', b: '$a', sub: '$other', n: {$add: [{$ifNull: ['$n', 0]}, 1]}}}"));

        assertThat(result.getMatchedCount()).isEqualTo(1);
        assertThat(result.getModifiedCount()).isEqualTo(1);
        assertThat(only(1)).isEqualTo(Document.parse("{_id: 1, a: 2, b: 1, sub: {z: 3}, other: {z: 3}, n: 1}"));
    }

    @Test
    void array_literals_holding_expressions_are_evaluated_element_by_element() {
        docs.insertOne(Document.parse("{_id: 1, a: 'x', b: 2, list: [1]}"));

        docs.updateOne(new Document("_id", 1), pipeline(
                "{$set: {pair: ['$a', {$add: ['$b', 1]}, '$missing', 'plain'], more: {$concatArrays: ['$list', ['$b']]}}}",
                "{$replaceWith: {$mergeObjects: ['$$ROOT', {wrapped: ['$a']}]}}"));

        assertThat(only(1)).isEqualTo(Document.parse(
                "{_id: 1, a: 'x', b: 2, list: [1], pair: ['x', 3, null, 'plain'], more: [1, 2], wrapped: ['x']}"));
    }

    @Test
    void an_array_literal_reading_a_variable_bound_inside_the_expression_is_refused() {
        docs.insertOne(Document.parse("{_id: 1, list: [1, 2]}"));

        assertThatThrownBy(() -> docs.updateOne(new Document("_id", 1), pipeline(
                "{$set: {m: {$map: {input: '$list', in: ['$$this']}}}}")))
                .isInstanceOfSatisfying(MongoWriteException.class, e -> assertThat(e.getCode()).isEqualTo(1));
        assertThat(only(1)).isEqualTo(Document.parse("{_id: 1, list: [1, 2]}"));
    }

    @Test
    void a_later_stage_sees_the_result_of_the_earlier_one() {
        docs.insertOne(Document.parse("{_id: 1, a: 1}"));

        docs.updateOne(new Document("_id", 1), pipeline("{$set: {a: {$add: ['$a', 1]}}}", "{$set: {b: {$multiply: ['$a', 10]}}}"));

        assertThat(only(1)).isEqualTo(Document.parse("{_id: 1, a: 2, b: 20}"));
    }

    @Test
    void unset_project_replaceWith_and_replaceRoot_run_as_stages() {
        docs.insertOne(Document.parse("{_id: 1, a: 1, b: 2, c: 3, inner: {d: 4}}"));

        docs.updateOne(new Document("_id", 1), pipeline("{$unset: ['c', 'inner.d']}", "{$project: {a: 1, b: 1}}"));
        assertThat(only(1)).isEqualTo(Document.parse("{_id: 1, a: 1, b: 2}"));

        docs.updateOne(new Document("_id", 1), pipeline("{$replaceWith: {$mergeObjects: ['$$ROOT', {b: 5, e: 6}]}}"));
        assertThat(only(1)).isEqualTo(Document.parse("{_id: 1, a: 1, b: 5, e: 6}"));

        docs.updateOne(new Document("_id", 1), pipeline("{$replaceRoot: {newRoot: {kept: '$a'}}}"));
        assertThat(only(1)).as("a replacement without _id keeps the document's _id").isEqualTo(Document.parse("{_id: 1, kept: 1}"));
    }

    @Test
    void literal_documents_and_dollar_strings_stay_as_written() {
        docs.insertOne(Document.parse("{_id: 1, a: {old: true}}"));

        docs.updateOne(new Document("_id", 1), pipeline("{$set: {a: {$literal: {price: '$5', nested: {k: '$x'}}}, 'b.c': {$literal: '$$NOW'}}}"));

        assertThat(only(1)).isEqualTo(Document.parse("{_id: 1, a: {price: '$5', nested: {k: '$x'}}, b: {c: '$$NOW'}}"));
    }

    @Test
    void slice_to_the_end_with_the_largest_int_takes_the_rest_of_the_array() {
        docs.insertOne(Document.parse("{_id: 1, events: ['a', 'b', 'c']}"));

        docs.updateOne(new Document("_id", 1), pipeline("{$set: {events: {$slice: ['$events', 1, 2147483647]}}}"));

        assertThat(only(1).getList("events", String.class)).containsExactly("b", "c");
    }

    @Test
    void now_is_one_date_for_the_whole_command() {
        docs.insertMany(List.of(new Document("_id", 1), new Document("_id", 2)));
        Date before = new Date();

        docs.updateMany(new Document(), pipeline("{$set: {at: '$$NOW', again: '$$NOW'}}"));

        Date at = only(1).getDate("at");
        assertThat(at).isAfterOrEqualTo(new Date(before.getTime() - 1000)).isEqualTo(only(1).getDate("again")).isEqualTo(only(2).getDate("at"));
    }

    @Test
    void cluster_time_is_a_timestamp() {
        docs.insertOne(new Document("_id", 1));

        docs.updateOne(new Document("_id", 1), pipeline("{$set: {t: '$$CLUSTER_TIME'}}"));

        assertThat(only(1).get("t")).isInstanceOf(org.bson.BsonTimestamp.class);
    }

    @Test
    void let_variables_are_bound_for_the_command() {
        docs.insertOne(new Document("_id", 1));

        docs.updateOne(new Document("_id", 1), pipeline("{$set: {v: '$$limit'}}"),
                new UpdateOptions().let(new Document("limit", 7)));

        assertThat(only(1).getInteger("v")).isEqualTo(7);
    }

    @Test
    void multi_updates_every_match_and_counts_only_changed_documents() {
        docs.insertMany(List.of(Document.parse("{_id: 1, g: 'x', n: 1}"), Document.parse("{_id: 2, g: 'x', n: 5}"),
                Document.parse("{_id: 3, g: 'y', n: 1}")));

        UpdateResult result = docs.updateMany(new Document("g", "x"), pipeline("{$set: {n: {$max: ['$n', 5]}}}"));

        assertThat(result.getMatchedCount()).isEqualTo(2);
        assertThat(result.getModifiedCount()).isEqualTo(1);
        assertThat(docs.find().sort(Sorts.ascending("_id")).map(d -> d.getInteger("n")).into(new java.util.ArrayList<>()))
                .containsExactly(5, 5, 1);
    }

    @Test
    void upsert_starts_from_the_filter_equalities_then_runs_the_pipeline() {
        UpdateResult result = docs.updateOne(Document.parse("{_id: 'k', 'owner.name': 'ann', tier: {$eq: 2}, n: {$gt: 3}}"),
                pipeline("{$set: {count: {$add: [{$ifNull: ['$count', 0]}, 1]}, tierCopy: '$tier'}}"),
                new UpdateOptions().upsert(true));

        assertThat(result.getMatchedCount()).isZero();
        assertThat(result.getModifiedCount()).isZero();
        assertThat(result.getUpsertedId()).isEqualTo(new org.bson.BsonString("k"));
        assertThat(only("k")).isEqualTo(Document.parse("{_id: 'k', owner: {name: 'ann'}, tier: 2, count: 1, tierCopy: 2}"));
    }

    @Test
    void upsert_without_id_in_the_filter_gets_an_object_id() {
        UpdateResult result = docs.updateOne(new Document("key", "a"), pipeline("{$set: {n: 1}}"), new UpdateOptions().upsert(true));

        assertThat(result.getUpsertedId().isObjectId()).isTrue();
        assertThat(docs.find(new Document("key", "a")).first()).containsEntry("n", 1);
    }

    @Test
    void array_filters_are_refused_with_pipelines_as_mongodb_refuses_them() {
        docs.insertOne(new Document("_id", 1));

        assertThatThrownBy(() -> docs.updateOne(new Document("_id", 1), pipeline("{$set: {a: 1}}"),
                new UpdateOptions().arrayFilters(List.of(new Document("x", 1)))))
                .isInstanceOfSatisfying(MongoWriteException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(72);
                    assertThat(e.getError().getMessage()).isEqualTo("arrayFilters may not be specified for pipeline-style updates");
                });
    }

    @Test
    void stages_other_than_the_update_stages_are_refused() {
        docs.insertOne(new Document("_id", 1));

        assertThatThrownBy(() -> docs.updateOne(new Document("_id", 1), pipeline("{$match: {a: 1}}")))
                .isInstanceOfSatisfying(MongoWriteException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(72);
                    assertThat(e.getError().getMessage()).isEqualTo("$match is not allowed to be used within an update");
                });
    }

    @Test
    void changing_the_id_is_refused_as_an_immutable_field() {
        docs.insertOne(new Document("_id", 1));

        assertThatThrownBy(() -> docs.updateOne(new Document("_id", 1), pipeline("{$set: {_id: 2}}")))
                .isInstanceOfSatisfying(MongoWriteException.class, e -> assertThat(e.getCode()).isEqualTo(66));
        assertThat(only(1)).isEqualTo(new Document("_id", 1));
    }

    @Test
    void a_unique_index_violation_is_a_duplicate_key_error_and_changes_nothing() {
        docs.createIndex(Indexes.ascending("email"), new IndexOptions().unique(true));
        docs.insertMany(List.of(Document.parse("{_id: 1, email: 'a'}"), Document.parse("{_id: 2, email: 'b'}")));

        assertThatThrownBy(() -> docs.updateOne(new Document("_id", 2), pipeline("{$set: {email: 'a'}}")))
                .isInstanceOfSatisfying(MongoWriteException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(11000);
                    assertThat(e.getError().getMessage()).startsWith("E11000");
                });
        assertThatThrownBy(() -> docs.updateOne(new Document("_id", 3), pipeline("{$set: {email: 'b'}}"), new UpdateOptions().upsert(true)))
                .isInstanceOfSatisfying(MongoWriteException.class, e -> assertThat(e.getCode()).isEqualTo(11000));
        assertThat(only(2)).containsEntry("email", "b");
        assertThat(docs.countDocuments()).isEqualTo(2);
    }

    @Test
    void an_expression_the_engine_does_not_know_is_an_error_never_a_guess() {
        docs.insertOne(Document.parse("{_id: 1, a: 1}"));

        assertThatThrownBy(() -> docs.updateOne(new Document("_id", 1), pipeline("{$set: {a: {$noSuchOperator: 1}}}")))
                .isInstanceOfSatisfying(MongoWriteException.class, e -> assertThat(e.getCode()).isEqualTo(168));
        assertThat(only(1)).containsEntry("a", 1);
    }

    @Test
    void find_one_and_update_returns_the_document_before_or_after_with_sort_and_projection() {
        docs.insertMany(List.of(Document.parse("{_id: 1, q: 'x', n: 1, hidden: 0}"), Document.parse("{_id: 2, q: 'x', n: 9, hidden: 0}")));

        Document before = docs.findOneAndUpdate(new Document("q", "x"), pipeline("{$set: {n: {$add: ['$n', 1]}}}"),
                new FindOneAndUpdateOptions().sort(Sorts.descending("n")).projection(Projections.include("n")));
        Document after = docs.findOneAndUpdate(new Document("q", "x"), pipeline("{$set: {n: {$add: ['$n', 1]}}}"),
                new FindOneAndUpdateOptions().sort(Sorts.ascending("n")).returnDocument(ReturnDocument.AFTER));

        assertThat(before).isEqualTo(Document.parse("{_id: 2, n: 9}"));
        assertThat(after).isEqualTo(Document.parse("{_id: 1, q: 'x', n: 2, hidden: 0}"));
        assertThat(only(2)).containsEntry("n", 10);
    }

    @Test
    void find_one_and_update_upserts_and_reports_it_as_mongodb_does() {
        BsonDocument reply = emulated.freshDatabase("fam").runCommand(BsonDocument.parse(
                "{findAndModify: 'c', query: {_id: 5}, update: [{$set: {n: 1}}], upsert: true, new: true}"), BsonDocument.class);
        BsonDocument none = emulated.freshDatabase("fam").runCommand(BsonDocument.parse(
                "{findAndModify: 'c', query: {_id: 6}, update: [{$set: {n: 1}}]}"), BsonDocument.class);

        assertThat(reply.getDocument("lastErrorObject")).isEqualTo(BsonDocument.parse("{n: 1, updatedExisting: false, upserted: 5}"));
        assertThat(reply.getDocument("value")).isEqualTo(BsonDocument.parse("{_id: 5, n: 1}"));
        assertThat(none.getDocument("lastErrorObject")).isEqualTo(BsonDocument.parse("{n: 0, updatedExisting: false}"));
        assertThat(none.isNull("value")).isTrue();
    }

    @Test
    void an_update_command_reports_upserts_by_statement_index_and_stops_at_the_first_error_when_ordered() {
        docs.insertOne(Document.parse("{_id: 1, n: 1}"));
        BsonDocument reply = emulated.database(docs.getNamespace().getDatabaseName())
                .runCommand(BsonDocument.parse("{update: '" + docs.getNamespace().getCollectionName() + "', updates: ["
                        + "{q: {_id: 1}, u: {$inc: {n: 1}}},"
                        + "{q: {_id: 2}, u: [{$set: {n: 1}}], upsert: true},"
                        + "{q: {_id: 1}, u: [{$set: {_id: 9}}]},"
                        + "{q: {_id: 3}, u: [{$set: {n: 1}}], upsert: true}]}"), BsonDocument.class);

        assertThat(reply.getInt32("n")).isEqualTo(new BsonInt32(2));
        assertThat(reply.getArray("upserted")).containsExactly(BsonDocument.parse("{index: 1, _id: 2}"));
        assertThat(reply.getArray("writeErrors")).hasSize(1);
        assertThat(reply.getArray("writeErrors").get(0).asDocument().getInt32("index")).isEqualTo(new BsonInt32(2));
        assertThat(reply.getArray("writeErrors").get(0).asDocument().getInt32("code")).isEqualTo(new BsonInt32(66));
        assertThat(only(1)).containsEntry("n", 2);
        assertThat(only(3)).isNull();
    }

    @Test
    void bit_combines_masks_on_ints_and_longs_and_counts_a_missing_field_as_zero() {
        docs.insertOne(Document.parse("{_id: 1, i: 6, l: {$numberLong: '6'}}"));

        docs.updateOne(new Document("_id", 1), Document.parse("{$bit: {i: {and: 3, or: 8}, l: {xor: 5}, m: {or: 4}}, $set: {s: 1}}"));

        Document d = only(1);
        assertThat(d.get("i")).isEqualTo((6 & 3) | 8);
        assertThat(d.get("l")).isEqualTo(6L ^ 5L);
        assertThat(d.get("m")).isEqualTo(4);
        assertThat(d.get("s")).isEqualTo(1);
    }

    @Test
    void bit_upserts_from_the_filter_and_refuses_non_integers() {
        docs.updateOne(Document.parse("{_id: 2, flags: 1}"), Document.parse("{$bit: {flags: {or: 2}}}"), new UpdateOptions().upsert(true));
        docs.insertOne(Document.parse("{_id: 3, flags: 1.5}"));

        assertThat(only(2)).isEqualTo(Document.parse("{_id: 2, flags: 3}"));
        assertThatThrownBy(() -> docs.updateOne(new Document("_id", 3), Document.parse("{$bit: {flags: {or: 2}}}")))
                .isInstanceOfSatisfying(MongoWriteException.class, e -> assertThat(e.getError().getMessage())
                        .startsWith("Cannot apply $bit to a value of non-integral type"));
        assertThatThrownBy(() -> docs.updateOne(new Document("_id", 2), Document.parse("{$bit: {flags: {or: 2.0}}}")))
                .isInstanceOf(MongoWriteException.class);
        assertThatThrownBy(() -> docs.updateOne(new Document("_id", 2), Document.parse("{$bit: {flags: {nand: 2}}}")))
                .isInstanceOf(MongoWriteException.class);
        assertThat(only(3)).containsEntry("flags", 1.5);
    }

    @Test
    void find_one_and_update_with_bit_returns_the_new_value() {
        docs.insertOne(Document.parse("{_id: 1, flags: 1}"));

        Document after = docs.findOneAndUpdate(new Document("_id", 1), Document.parse("{$bit: {flags: {or: 6}}}"),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));

        assertThat(after).isEqualTo(Document.parse("{_id: 1, flags: 7}"));
    }

    @Test
    void the_capability_probe_finds_pipeline_updates_on_the_emulation_and_not_on_the_plain_server() {
        assertThat(ServerCapabilities.probe(emulated.database("probe")).has(Capability.PIPELINE_UPDATES)).isTrue();
        assertThat(ServerCapabilities.probe(plain.database("probe")).has(Capability.PIPELINE_UPDATES)).isFalse();
        assertThatThrownBy(() -> plain.database("p").getCollection("c").updateOne(new Document("_id", 1), pipeline("{$set: {a: 1}}")))
                .isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> plain.database("p").getCollection("c")
                .updateOne(new Document("_id", 1), Document.parse("{$bit: {a: {or: 1}}}"), new UpdateOptions().upsert(true)))
                .isInstanceOf(RuntimeException.class);
    }

    @Test
    void the_description_names_the_mode_and_the_reported_version() {
        assertThat(emulated.description())
                .startsWith("embedded mongo-java-server 1.47.0 + pipeline updates and $bit (atomic-mongo-test emulation, not MongoDB), buildInfo version ")
                .contains(" at mongodb://");
        assertThat(plain.description()).startsWith("embedded mongo-java-server 1.47.0 (plain: no pipeline updates, no $bit; not MongoDB)");
        assertThat(emulated.serverVersion()).matches("\\d+\\.\\d+\\.\\d+");
    }

    @Test
    void the_image_comes_from_the_property_else_the_default() {
        String previous = System.getProperty(TestMongo.IMAGE_VARIABLE);
        try {
            System.setProperty(TestMongo.IMAGE_VARIABLE, " mongo:7.0 ");
            assertThat(TestMongo.configuredImage()).isEqualTo("mongo:7.0");
            System.clearProperty(TestMongo.IMAGE_VARIABLE);
            assertThat(TestMongo.configuredImage()).isEqualTo(System.getenv(TestMongo.IMAGE_VARIABLE) == null
                    ? TestMongo.IMAGE : System.getenv(TestMongo.IMAGE_VARIABLE).trim());
        } finally {
            if (previous != null) {
                System.setProperty(TestMongo.IMAGE_VARIABLE, previous);
            }
        }
    }
}

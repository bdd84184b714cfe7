package dev.atomicmongo.test;

import java.util.ArrayList;
import java.util.List;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryParameters;
import de.bwaldvogel.mongo.backend.memory.index.MemoryUniqueIndex;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import io.netty.buffer.Unpooled;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The emulating server's {@code _id} index: which filters it answers, and with which documents. */
class IdIndexTest {
    private static final List<IndexKey> ID_KEY = List.of(new IndexKey("_id", true));

    private IdIndex index;
    private MemoryUniqueIndex original;

    /** Both indexes hold _id 5 (an int) at position 0, 7 (a long) at 1, "x" at 2, {a: 1} at 3 and 3 (a double) at 4. */
    @BeforeEach
    void fill() {
        index = new IdIndex("_id_", ID_KEY);
        original = new MemoryUniqueIndex("_id_", ID_KEY, false);
        List<Object> ids = List.of(5, 7L, "x", new Document("a", 1), 3.0);
        for (int position = 0; position < ids.size(); position++) {
            Document document = new Document("_id", ids.get(position)).append("n", 1);
            index.add(document, position, null);
            original.add(document, position, null);
        }
    }

    /** {@code json} as the server holds it when it arrives over the wire. */
    static Document parse(String json) {
        return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(RawBsonDocument.parse(json).getByteBuffer().asNIO()));
    }

    private List<Integer> positions(Index<Integer> from, Document query) {
        List<Integer> positions = new ArrayList<>();
        from.getPositions(query).forEach(positions::add);
        return positions;
    }

    @Test
    void answers_an_id_beside_other_conditions_which_the_original_scans() {
        Document query = parse("{_id: 5, n: {$lt: 10}}");

        assertThat(original.canHandle(query)).isFalse();
        assertThat(index.canHandle(query)).isTrue();
        assertThat(positions(index, query)).containsExactly(0);
    }

    @Test
    void answers_an_id_inside_a_top_level_and() {
        Document query = parse("{$and: [{n: {$lt: 10}}, {_id: 7}]}");

        assertThat(original.canHandle(query)).isFalse();
        assertThat(index.canHandle(query)).isTrue();
        assertThat(positions(index, query)).containsExactly(1);
    }

    @Test
    void answers_an_id_inside_nested_ands_and_after_an_id_it_cannot_look_up() {
        Document nested = parse("{n: 1, $and: [{n: {$gt: 0}}, {$and: [{tag: 'a'}, {_id: 'x'}]}]}");
        Document afterRange = parse("{_id: {$gt: 0}, $and: [{_id: 3}]}");

        assertThat(index.canHandle(nested)).isTrue();
        assertThat(positions(index, nested)).containsExactly(2);
        assertThat(index.canHandle(afterRange)).isTrue();
        assertThat(positions(index, afterRange)).containsExactly(4);
    }

    @Test
    void answers_eq_and_in_beside_other_conditions() {
        Document eq = parse("{_id: {$eq: {a: 1}}, n: 1}");
        Document in = parse("{_id: {$in: [3, 'x', 'missing', 5]}, n: 1}");

        assertThat(index.canHandle(eq)).isTrue();
        assertThat(positions(index, eq)).containsExactly(3);
        assertThat(index.canHandle(in)).isTrue();
        assertThat(positions(index, in)).as("position order, the order a scan visits").containsExactly(0, 2, 4);
    }

    @Test
    void finds_a_number_stored_as_another_numeric_type() {
        assertThat(positions(index, parse("{_id: 5.0, n: 1}"))).containsExactly(0);
        assertThat(positions(index, parse("{_id: {$numberLong: '5'}, n: 1}"))).containsExactly(0);
        assertThat(positions(index, parse("{_id: 7, n: 1}"))).containsExactly(1);
        assertThat(positions(index, parse("{_id: 3, n: 1}"))).containsExactly(4);
        assertThat(positions(index, parse("{_id: {a: 1.0}, n: 1}"))).containsExactly(3);
    }

    @Test
    void answers_nothing_for_an_id_no_document_has() {
        Document query = parse("{_id: 6, n: 1}");

        assertThat(index.canHandle(query)).isTrue();
        assertThat(positions(index, query)).isEmpty();
    }

    @Test
    void leaves_an_id_under_or_nor_not_or_expr_to_the_scan() {
        for (String json : List.of(
                "{$or: [{_id: 5}, {n: 1}]}",
                "{$or: [{_id: 5}], n: 1}",
                "{$nor: [{_id: 5}], n: 1}",
                "{_id: {$not: {$eq: 5}}, n: 1}",
                "{$expr: {$eq: ['$_id', 5]}, n: 1}",
                "{n: 1, sub: {_id: 5}}",
                "{'_id.a': 1, n: 1}")) {
            assertThat(index.canHandle(parse(json))).as(json).isFalse();
        }
    }

    @Test
    void leaves_ranges_and_values_the_matcher_compares_otherwise_than_the_index_to_the_scan() {
        for (String json : List.of(
                "{_id: {$gt: 5}, n: 1}",
                "{_id: {$in: [5, null]}, n: 1}",
                "{_id: {$in: [5, [1, 2]]}, n: 1}",
                "{_id: {$eq: 5, $ne: 6}, n: 1}",
                "{_id: null, n: 1}",
                "{_id: [5], n: 1}",
                "{_id: {}, n: 1}",
                "{_id: {a: null}, n: 1}",
                "{_id: {a: {}}, n: 1}",
                "{_id: {$numberDecimal: '5'}, n: 1}")) {
            assertThat(index.canHandle(parse(json))).as(json).isFalse();
        }
        assertThat(index.canHandle(parse("{_id: /^x/, n: 1}"))).isFalse();
        assertThat(index.canHandle(parse("{_id: {$in: [/^x/]}, n: 1}"))).isFalse();
    }

    @Test
    void answers_what_the_original_answers_as_the_original_does() {
        for (String json : List.of("{_id: 5}", "{_id: {$in: [3, 'x', 5, 9]}}", "{_id: {a: 1}}", "{_id: 9}")) {
            Document query = parse(json);
            assertThat(index.canHandle(query)).as(json).isTrue();
            assertThat(positions(index, query)).as(json).containsExactlyElementsOf(positions(original, query));
        }
        Document regex = parse("{_id: /^x/}");
        assertThat(index.canHandle(regex)).isEqualTo(original.canHandle(regex)).isTrue();
        assertThat(positions(index, regex)).containsExactly(2);
    }

    @Test
    void is_the_id_index_of_every_collection_of_the_emulating_server_and_its_queries_match_fully() {
        EmulatingDatabase database = new EmulatingBackend().openOrCreateDatabase("db");
        MongoCollection<?> collection = database.createCollectionOrThrowIfExists("docs");
        for (int i = 0; i < 5; i++) {
            collection.addDocument(new Document("_id", i).append("n", i));
        }

        assertThat(collection.getIndexes()).hasSize(1).first().isInstanceOf(IdIndex.class);
        assertThat(query(collection, "{_id: 3, n: {$lt: 10}}")).containsExactly(new Document("_id", 3).append("n", 3));
        assertThat(query(collection, "{_id: 3, n: {$gt: 10}}")).as("the full filter runs on what the index finds").isEmpty();
        assertThat(query(collection, "{$and: [{_id: {$in: [4, 1]}}, {n: {$gte: 0}}]}")).extracting(d -> d.get("_id"))
                .containsExactly(1, 4);
    }

    private static List<Document> query(MongoCollection<?> collection, String filter) {
        List<Document> found = new ArrayList<>();
        collection.handleQuery(new QueryParameters(new Document("query", parse(filter)), 0, 0)).forEach(found::add);
        return found;
    }
}

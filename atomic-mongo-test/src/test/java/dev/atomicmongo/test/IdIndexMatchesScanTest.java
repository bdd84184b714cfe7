package dev.atomicmongo.test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.regex.Pattern;

import com.mongodb.MongoException;
import de.bwaldvogel.mongo.backend.IndexKey;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The emulating server, whose {@code _id} index answers filters with an {@code _id} equality
 * conjunct, answers them exactly as the plain server, which scans the collection for them: the
 * same documents in the same order, the same counts, the same writes. Collections of mixed
 * {@code _id} types (int, long, double, string, ObjectId, document) and filters combining an
 * {@code _id} equality (plain, {@code $eq}, {@code $in}, inside {@code $and}) with other
 * conditions are drawn from a seeded {@link Random}; a failure names the seed, the case, the
 * documents and the filter.
 */
class IdIndexMatchesScanTest {
    private static final long SEED = 20261201L;
    private static final int CASES = 300;

    private static final ObjectId OID_A = new ObjectId("5f0000000000000000000001");
    private static final ObjectId OID_B = new ObjectId("5f0000000000000000000002");

    /** 2^53 + 1, which a double cannot hold. */
    private static final long BIG_LONG = 9_007_199_254_740_993L;

    /** Stored ids; numbers that are equal across types collide in the unique index, as on MongoDB. */
    private static final List<Object> STORED_IDS = List.of(
            0, 1, 2, 3L, 4L, 5.0, 6.0, 7.5, "a", "b", "1", OID_A, BIG_LONG, Double.NaN,
            new Document("k", 1), new Document("k", 2L).append("j", "x"), new Document("j", "x").append("k", 3));

    /**
     * Queried ids: the stored ones, the same numbers in other types, reordered documents, ids no
     * document has, 2^53 + 1 as a long (which the index keeps as a long) and as a double (2^53),
     * NaN, and values the index leaves to the scan (an empty document, a document holding null,
     * an array, a pattern).
     */
    private static final List<Object> QUERIED_IDS = List.of(
            0, 1, 2, 3L, 4L, 5.0, 6.0, 7.5, "a", "b", "1", OID_A,
            new Document("k", 1), new Document("k", 2L).append("j", "x"), new Document("j", "x").append("k", 3),
            1L, 1.0, 3, 3.0, 5, 5L, 2.0, "c", OID_B, new Document("k", 1.0), new Document("k", 1L),
            new Document("j", "x").append("k", 2), new Document("k", 3).append("j", "x"), new Document("k", 9), 99, -1.5,
            BIG_LONG, (double) BIG_LONG, Double.NaN, new Document(), new Document("k", null), List.of(1), Pattern.compile("^a"));

    private static TestMongo emulated;
    private static TestMongo plain;

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

    @Test
    void answers_find_count_and_writes_with_id_filters_exactly_as_a_full_scan() {
        // one name on both servers (each started for this class), so that error messages naming it compare equal
        MongoDatabase indexed = emulated.database("idindex");
        MongoDatabase scanned = plain.database("idindex");
        Random random = new Random(SEED);
        IdIndex probe = new IdIndex("_id_", List.of(new IndexKey("_id", true)));
        int answeredByIndex = 0;
        for (int i = 0; i < CASES; i++) {
            int c = i;
            List<Document> documents = documents(random);
            Document filter = filter(random);
            String where = String.format("seed %d, case %d, documents %s, filter %s", SEED, c,
                    documents.stream().map(Document::toJson).toList(), filter.toJson());
            if (probe.canHandle(IdIndexTest.parse(filter.toJson()))) {
                answeredByIndex++;
            }
            MongoCollection<Document> a = indexed.getCollection("c" + c);
            MongoCollection<Document> b = scanned.getCollection("c" + c);
            same(where + ", insert", a, b, coll -> insertEach(coll, documents));

            same(where + ", find", a, b, coll -> coll.find(filter).into(new ArrayList<>()));
            same(where + ", find sorted by n, skip 1, limit 2", a, b,
                    coll -> coll.find(filter).sort(Sorts.descending("n")).skip(1).limit(2).into(new ArrayList<>()));
            same(where + ", find limit 1", a, b, coll -> coll.find(filter).limit(1).into(new ArrayList<>()));
            same(where + ", count", a, b, coll -> coll.countDocuments(filter));
            same(where + ", updateOne", a, b, coll -> coll.updateOne(filter, Updates.inc("n", 10)).getMatchedCount());
            same(where + ", updateMany", a, b, coll -> coll.updateMany(filter, Updates.set("hit", c)).getModifiedCount());
            same(where + ", findOneAndUpdate", a, b, coll -> coll.findOneAndUpdate(filter, Updates.inc("n", 1),
                    new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)));
            same(where + ", deleteOne", a, b, coll -> coll.deleteOne(filter).getDeletedCount());
            same(where + ", upsert", a, b, coll -> coll.updateOne(filter, Updates.set("up", c),
                    new UpdateOptions().upsert(true)).getUpsertedId() != null);
            same(where + ", ordered bulk of two updateOne", a, b, coll -> coll.bulkWrite(List.of(
                    new UpdateOneModel<>(filter, Updates.inc("n", 100)),
                    new UpdateOneModel<>(filter, Updates.inc("n", 1000)))).getMatchedCount());
            same(where + ", find after the writes", a, b, coll -> coll.find(filter).into(new ArrayList<>()));
            same(where + ", deleteMany", a, b, coll -> coll.deleteMany(filter).getDeletedCount());
            a.drop();
            b.drop();
        }
        assertThat(answeredByIndex).as("filters the _id index answers (the others are scanned on both servers)")
                .isBetween(CASES / 2, CASES - CASES / 10);
    }

    /** Runs {@code operation} on both collections: the same result or the same error, and then the same contents. */
    private static void same(String where, MongoCollection<Document> indexed, MongoCollection<Document> scanned,
                             Function<MongoCollection<Document>, Object> operation) {
        assertThat(generic(outcome(indexed, operation))).as(where).isEqualTo(generic(outcome(scanned, operation)));
        assertThat(generic(indexed.find().into(new ArrayList<>()))).as(where + ", then the collection")
                .isEqualTo(generic(scanned.find().into(new ArrayList<>())));
    }

    /** {@code value} with the ObjectIds an upsert generated (each server its own) replaced by one placeholder. */
    private static Object generic(Object value) {
        if (value instanceof ObjectId id && !id.equals(OID_A) && !id.equals(OID_B)) {
            return "(generated ObjectId)";
        }
        if (value instanceof Document document) {
            Document copy = new Document();
            document.forEach((key, field) -> copy.append(key, generic(field)));
            return copy;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(IdIndexMatchesScanTest::generic).toList();
        }
        return value;
    }

    private static Object outcome(MongoCollection<Document> collection, Function<MongoCollection<Document>, Object> operation) {
        try {
            return operation.apply(collection);
        } catch (MongoException e) {
            // without the server's address, which differs
            return e.getClass().getSimpleName() + " " + e.getCode() + ": " + e.getMessage().replaceAll("server [0-9.]+:[0-9]+", "server");
        }
    }

    /** Inserts one by one; the ids refused as duplicates (1 and 1.0 are the same key). */
    private static List<String> insertEach(MongoCollection<Document> collection, List<Document> documents) {
        List<String> refused = new ArrayList<>();
        for (Document document : documents) {
            try {
                collection.insertOne(new Document(document));
            } catch (MongoException e) {
                refused.add(document.get("_id") + ": " + e.getCode());
            }
        }
        return refused;
    }

    private static List<Document> documents(Random random) {
        int size = random.nextInt(9);
        List<Document> documents = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            documents.add(new Document("_id", pick(random, STORED_IDS)).append("n", random.nextInt(4))
                    .append("tag", random.nextBoolean() ? "x" : "y"));
        }
        return documents;
    }

    private static Document filter(Random random) {
        Document id = new Document("_id", idCondition(random));
        Document other = otherCondition(random);
        return switch (random.nextInt(9)) {
            case 0 -> id;
            case 1 -> new Document(id).append(other.keySet().iterator().next(), other.values().iterator().next());
            case 2 -> new Document(other).append("_id", id.get("_id"));
            case 3 -> new Document("$and", List.of(id, other));
            case 4 -> new Document("$and", List.of(other, new Document("$and", List.of(otherCondition(random), id))));
            case 5 -> new Document("_id", new Document("$gte", pick(random, QUERIED_IDS))).append("$and", List.of(id));
            case 6 -> new Document("$and", List.of(id, new Document("_id", idCondition(random))));
            case 7 -> new Document("$or", List.of(id, other));
            default -> new Document(other).append("$and", List.of(id, otherCondition(random)));
        };
    }

    private static Object idCondition(Random random) {
        return switch (random.nextInt(4)) {
            case 0, 1 -> pick(random, QUERIED_IDS);
            case 2 -> new Document("$eq", pick(random, QUERIED_IDS));
            default -> new Document("$in", List.of(pick(random, QUERIED_IDS), pick(random, QUERIED_IDS), pick(random, QUERIED_IDS)));
        };
    }

    private static Document otherCondition(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> new Document("n", new Document("$lt", random.nextInt(4)));
            case 1 -> new Document("n", random.nextInt(4));
            case 2 -> new Document("tag", random.nextBoolean() ? "x" : "y");
            default -> new Document("n", new Document("$gte", 0));
        };
    }

    private static Object pick(Random random, List<Object> values) {
        return values.get(random.nextInt(values.size()));
    }
}

package dev.atomicmongo.it.manual;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReturnDocument;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.collection.Commands;
import dev.atomicmongo.collection.CompiledUpdate;
import dev.atomicmongo.collection.FindAndModifyCommand;
import dev.atomicmongo.collection.UpdateCommand;
import dev.atomicmongo.collection.UpdateOutcome;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.Assumptions;

/**
 * One example of the MongoDB manual, replayed: the start documents are inserted, the command the
 * DSL compiles is compared with the manual's, then run on the test server, and the documents are
 * compared with the manual's result. Comparisons go through {@link #equivalent}, which is loose
 * only where the mongo shell is: field order of documents, number types (the shell writes
 * {@code 5} as a double), and an {@code $and} of clauses on distinct keys against the same clauses
 * in one document. Self-contained: the other manual suites of this package have their own helpers.
 */
final class OperatorExample {
    static final Commands COMMANDS = Commands.withDefaultCodecs();

    private final MongoCollection<BsonDocument> raw;
    private final AtomicCollection<BsonDocument> collection;

    private OperatorExample(MongoCollection<BsonDocument> raw) {
        this.raw = raw;
        this.collection = AtomicCollection.of(raw);
    }

    /** A fresh collection holding the manual's start documents, in their order. */
    static OperatorExample given(MongoDatabase db, String collection, String... startDocuments) {
        MongoCollection<BsonDocument> raw = db.getCollection(collection, BsonDocument.class);
        raw.drop();
        for (String json : startDocuments) {
            raw.insertOne(BsonDocument.parse(json));
        }
        return new OperatorExample(raw);
    }

    AtomicCollection<BsonDocument> collection() {
        return collection;
    }

    // ---- the command -------------------------------------------------------------------------

    /** The manual's {@code updateOne}/{@code updateMany}, compared field by field with what the DSL compiled. */
    static void assertSameCommand(UpdateCommand compiled, String manualFilter, String manualUpdate, boolean upsert,
                                  boolean multi, String... manualArrayFilters) {
        assertEquivalent("filter", compiled.filter(), BsonDocument.parse(manualFilter));
        CompiledUpdate.Operators ops = (CompiledUpdate.Operators) compiled.update();
        assertEquivalent("update", ops.document(), BsonDocument.parse(manualUpdate));
        assertEquivalent("arrayFilters", new BsonArray(ops.arrayFilters()), parseAll(manualArrayFilters));
        assertThat(compiled.upsert()).as("upsert").isEqualTo(upsert);
        assertThat(compiled.multi()).as("multi").isEqualTo(multi);
    }

    /** The manual's {@code findOneAndUpdate(filter, update)}, which returns the document as it was. */
    static void assertSameCommand(FindAndModifyCommand compiled, String manualFilter, String manualUpdate,
                                  String... manualArrayFilters) {
        assertEquivalent("filter", compiled.filter(), BsonDocument.parse(manualFilter));
        CompiledUpdate.Operators ops = (CompiledUpdate.Operators) compiled.update();
        assertEquivalent("update", ops.document(), BsonDocument.parse(manualUpdate));
        assertEquivalent("arrayFilters", new BsonArray(ops.arrayFilters()), parseAll(manualArrayFilters));
        assertThat(compiled.returnDocument()).isEqualTo(ReturnDocument.BEFORE);
        assertThat(compiled.upsert()).isFalse();
        assertThat(compiled.sortIfAny()).isEmpty();
        assertThat(compiled.projectionIfAny()).isEmpty();
    }

    /**
     * The manual's {@code findOneAndUpdate(filter, update, options)} with its {@code sort},
     * {@code projection}, {@code upsert} and {@code returnNewDocument}; {@code null} for an option the
     * manual leaves out.
     */
    static void assertSameCommand(FindAndModifyCommand compiled, String manualFilter, String manualUpdate,
                                  String manualSort, String manualProjection, boolean upsert,
                                  boolean returnNewDocument) {
        assertEquivalent("filter", compiled.filter(), BsonDocument.parse(manualFilter));
        CompiledUpdate.Operators ops = (CompiledUpdate.Operators) compiled.update();
        assertEquivalent("update", ops.document(), BsonDocument.parse(manualUpdate));
        assertThat(ops.arrayFilters()).as("arrayFilters").isEmpty();
        assertThat(compiled.sortIfAny().map(OperatorExample::json)).as("sort")
                .isEqualTo(Optional.ofNullable(manualSort).map(BsonDocument::parse).map(OperatorExample::json));
        assertThat(compiled.projectionIfAny().map(OperatorExample::json)).as("projection")
                .isEqualTo(Optional.ofNullable(manualProjection).map(BsonDocument::parse).map(OperatorExample::json));
        assertThat(compiled.upsert()).as("upsert").isEqualTo(upsert);
        assertThat(compiled.returnDocument()).as("returnNewDocument")
                .isEqualTo(returnNewDocument ? ReturnDocument.AFTER : ReturnDocument.BEFORE);
    }

    // ---- running it --------------------------------------------------------------------------

    UpdateOutcome run(UpdateCommand command) {
        return collection.execute(command);
    }

    Optional<BsonDocument> run(FindAndModifyCommand command) {
        return collection.execute(command);
    }

    /**
     * The collection holds exactly these documents, in any order. An expected document without
     * {@code _id} matches whatever {@code _id} the server gave (the manual prints
     * {@code ObjectId(...)} for an upserted document).
     */
    void assertDocuments(String... expected) {
        List<BsonDocument> actual = raw.find().into(new ArrayList<>());
        List<BsonDocument> left = new ArrayList<>(actual);
        for (String json : expected) {
            BsonDocument want = BsonDocument.parse(json);
            BsonDocument match = left.stream().filter(have -> equivalentDocument(want, have)).findFirst().orElse(null);
            assertThat(match).as("a document like %s among %s", want.toJson(), actual).isNotNull();
            left.remove(match);
        }
        assertThat(left).as("documents the manual does not show").isEmpty();
    }

    /** The stored document with this integer {@code _id}. */
    BsonDocument document(int id) {
        return raw.find(new BsonDocument("_id", new org.bson.BsonInt32(id))).first();
    }

    /** Skips the run (not the command comparison before it) on a server without the operator, naming both. */
    void assumeServerAccepts(String operator, Bson probeUpdate) {
        boolean accepted;
        BsonDocument probeId = new BsonDocument("_id", new org.bson.BsonString("probe-" + operator));
        try {
            raw.updateOne(probeId, probeUpdate, new com.mongodb.client.model.UpdateOptions().upsert(true));
            accepted = true;
        } catch (com.mongodb.MongoException e) {
            accepted = false;
        } finally {
            raw.deleteOne(probeId);
        }
        Assumptions.assumeTrue(accepted, () -> "The test server lacks " + operator
                + "; the compiled command was compared with the manual's, the run is skipped");
    }

    // ---- the comparator ----------------------------------------------------------------------

    static void assertEquivalent(String what, BsonValue actual, BsonValue manual) {
        assertThat(equivalent(actual, manual))
                .as("%s: atomic-mongo compiled %s, the manual writes %s", what, json(actual), json(manual))
                .isTrue();
    }

    private static String json(BsonValue v) {
        return v.isDocument() ? v.asDocument().toJson() : new BsonDocument("v", v).toJson();
    }

    private static BsonArray parseAll(String... documents) {
        BsonArray array = new BsonArray();
        for (String json : documents) {
            array.add(BsonDocument.parse(json));
        }
        return array;
    }

    /** Equal up to document field order, number types, and {@code $and} of clauses on distinct keys. */
    static boolean equivalent(BsonValue a, BsonValue b) {
        if (a.isNumber() || a.isDecimal128()) {
            return (b.isNumber() || b.isDecimal128()) && number(a).compareTo(number(b)) == 0;
        }
        if (a.isDocument() && b.isDocument()) {
            BsonDocument x = flattenAnd(a.asDocument());
            BsonDocument y = flattenAnd(b.asDocument());
            if (x.size() != y.size()) {
                return false;
            }
            for (Map.Entry<String, BsonValue> e : x.entrySet()) {
                BsonValue other = y.get(e.getKey());
                if (other == null || !equivalent(e.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray() && b.isArray()) {
            BsonArray x = a.asArray();
            BsonArray y = b.asArray();
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!equivalent(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    private static boolean equivalentDocument(BsonDocument want, BsonDocument have) {
        if (!want.containsKey("_id")) {
            BsonDocument copy = new BsonDocument();
            copy.putAll(have);
            copy.remove("_id");
            have = copy;
        }
        return equivalent(have, want);
    }

    private static BigDecimal number(BsonValue v) {
        return v.isDecimal128() ? v.asDecimal128().decimal128Value().bigDecimalValue()
                : v.isDouble() ? BigDecimal.valueOf(v.asDouble().getValue())
                : BigDecimal.valueOf(v.asNumber().longValue());
    }

    /** {@code {$and: [{a: 1}, {b: 2}]}} as {@code {a: 1, b: 2}} when every clause has keys no other clause has. */
    private static BsonDocument flattenAnd(BsonDocument doc) {
        BsonValue and = doc.get("$and");
        if (and == null || !and.isArray()) {
            return doc;
        }
        BsonDocument flat = new BsonDocument(); // the compiled command is frozen: copy into a mutable document
        flat.putAll(doc);
        flat.remove("$and");
        for (BsonValue clause : and.asArray()) {
            if (!clause.isDocument()) {
                return doc;
            }
            for (Map.Entry<String, BsonValue> e : flattenAnd(clause.asDocument()).entrySet()) {
                if (flat.containsKey(e.getKey())) {
                    return doc;
                }
                flat.put(e.getKey(), e.getValue());
            }
        }
        return flat;
    }
}

package dev.atomicmongo.it.options;

import static dev.atomicmongo.update.UpdateBuilder.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Collation;
import com.mongodb.client.model.CollationStrength;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.atomicmongo.MongoOperationException;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.collection.ConditionalOutcome;
import dev.atomicmongo.collection.FindAndUpdateOptions;
import dev.atomicmongo.collection.UpdateOutcome;
import dev.atomicmongo.collection.WriteOptions;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.test.MongoTest;
import org.bson.Document;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the server does with the options atomic-mongo sends (the commands themselves are compared
 * with the driver's in {@link WriteOptionsDifferentialIT}). Options the test server does not apply
 * are probed through the raw driver first, and the test is skipped with the reason when the server
 * ignores them: the embedded mongo-java-server 1.47 ignores collation and hint, and knows no
 * {@code let} variables.
 */
@MongoTest
class WriteOptionsOnServerIT {
    private static final Collation CASE_INSENSITIVE = Collation.builder().locale("en")
            .collationStrength(CollationStrength.SECONDARY).build();

    private final MongoCollection<Document> raw;
    private final AtomicCollection<Document> items;

    WriteOptionsOnServerIT(MongoDatabase db) {
        raw = db.getCollection("items");
        items = AtomicCollection.of(raw);
    }

    @BeforeEach
    void startDocuments() {
        raw.deleteMany(new Document());
        raw.insertMany(List.of(new Document("_id", 1).append("name", "abc").append("n", 1),
                new Document("_id", 2).append("name", "abc").append("n", 2),
                new Document("_id", 3).append("name", "xyz").append("n", 3)));
    }

    @Test
    void upsertMany_updates_every_matching_document_and_inserts_none() {
        UpdateOutcome outcome = items.upsertMany(Conditions.eq("name", "abc"), update().inc("n", 10));

        assertThat(outcome.matchedCount()).isEqualTo(2);
        assertThat(outcome.isInserted()).isFalse();
        assertThat(raw.countDocuments()).isEqualTo(3);
        assertThat(raw.countDocuments(Filters.gt("n", 10))).isEqualTo(2);
    }

    @Test
    void upsertMany_inserts_one_document_from_the_filter_when_none_matches() {
        UpdateOutcome outcome = items.upsertMany(Conditions.eq("name", "new"), update().set("n", 0),
                WriteOptions.none().withComment("seed"));

        assertThat(outcome.isInserted()).isTrue();
        assertThat(raw.find(Filters.eq("name", "new")).first().getInteger("n")).isZero();
        assertThat(raw.countDocuments()).isEqualTo(4);
    }

    @Test
    void a_comment_changes_nothing_in_what_is_written() {
        // every server takes a comment for its logs and profiler only; the embedded one ignores it
        UpdateOutcome outcome = items.updateMany(Conditions.eq("name", "abc"), update().inc("n", 10),
                WriteOptions.none().withComment("nightly"));

        assertThat(outcome.modifiedCount()).isEqualTo(2);
    }

    @Test
    void a_hint_of_a_missing_index_ends_as_the_driver_write_ends() {
        // MongoDB refuses a hint naming no index (BadValue, code 2); the embedded server ignores hints
        Integer driverCode = codeOf(() -> raw.updateOne(Filters.eq("_id", 1), Updates.inc("n", 1),
                new UpdateOptions().hintString("missing_1")));
        startDocuments();
        WriteOptions hint = WriteOptions.none().withHint("missing_1");

        if (driverCode == null) {
            assertThat(items.updateOne(Conditions.eq("_id", 1), update().inc("n", 1), hint).modifiedCount()).isEqualTo(1);
        } else {
            assertThatThrownBy(() -> items.updateOne(Conditions.eq("_id", 1), update().inc("n", 1), hint))
                    .isInstanceOfSatisfying(MongoOperationException.class, e -> assertThat(e.code()).isEqualTo(driverCode));
        }
    }

    @Test
    void a_case_insensitive_collation_matches_ABC_to_abc() {
        assumeCollation();

        UpdateOutcome outcome = items.updateMany(Conditions.eq("name", "ABC"), update().inc("n", 10),
                WriteOptions.none().withCollation(CASE_INSENSITIVE));

        assertThat(outcome.modifiedCount()).isEqualTo(2);
    }

    @Test
    void updateIf_classifies_a_miss_with_the_same_collation_as_the_update() {
        assumeCollation();
        raw.insertOne(new Document("_id", "Key").append("n", 0));

        ConditionalOutcome<Document> outcome = items.updateIf(Conditions.eq("_id", "KEY"), Conditions.gt("n", 5),
                update().inc("n", 1), WriteOptions.none().withCollation(CASE_INSENSITIVE));

        assertThat(outcome).isInstanceOf(ConditionalOutcome.ConditionFailed.class);
    }

    @Test
    void findOneAndUpdate_with_a_collation_returns_the_case_insensitive_match() {
        assumeCollation();

        assertThat(items.findOneAndUpdate(Conditions.eq("name", "XYZ"), update().inc("n", 1),
                FindAndUpdateOptions.returnAfter().withCollation(CASE_INSENSITIVE)))
                .get().satisfies(d -> assertThat(d.getInteger("n")).isEqualTo(4));
    }

    @Test
    void let_variables_are_read_by_an_expr_filter() {
        Integer code = codeOf(() -> raw.updateMany(Filters.expr(new Document("$eq", List.of("$name", "$$target"))),
                Updates.inc("n", 0), new UpdateOptions().let(new Document("target", "none"))));
        Assumptions.assumeTrue(code == null, "The test server knows no let variables (the embedded"
                + " mongo-java-server fails with 17276, 'Use of undefined variable'): BSON only, see WriteOptionsDifferentialIT");

        UpdateOutcome outcome = items.updateMany(Filters.expr(new Document("$eq", List.of("$name", "$$target"))),
                update().inc("n", 10), WriteOptions.none().withLet("target", "abc"));

        assertThat(outcome.modifiedCount()).isEqualTo(2);
    }

    private void assumeCollation() {
        boolean applied = raw.find(Filters.eq("name", "ABC")).collation(CASE_INSENSITIVE).first() != null;
        Assumptions.assumeTrue(applied, "The test server ignores collations (the embedded mongo-java-server"
                + " compares binary): BSON only, see WriteOptionsDifferentialIT");
    }

    private static Integer codeOf(Runnable write) {
        try {
            write.run();
            return null;
        } catch (MongoException e) {
            return e.getCode();
        }
    }
}

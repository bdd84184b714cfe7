package dev.atomicmongo.it.options;

import static dev.atomicmongo.update.UpdateBuilder.update;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

import com.mongodb.MongoException;
import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Collation;
import com.mongodb.client.model.CollationStrength;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import dev.atomicmongo.MongoOperationException;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.collection.ConditionalOutcome;
import dev.atomicmongo.collection.FindAndUpdateOptions;
import dev.atomicmongo.collection.UpdateOutcome;
import dev.atomicmongo.collection.WriteOptions;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.test.MongoTest;
import dev.atomicmongo.test.TestMongo;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Differential tests: each write, with each option, is run once through the raw driver (its
 * {@code UpdateOptions} / {@code FindOneAndUpdateOptions} / {@code FindIterable}) and once through
 * atomic-mongo; both {@code update} / {@code findAndModify} / {@code find} commands are captured by
 * a {@link CommandListener} and must be the same JSON apart from {@code lsid}, {@code $db},
 * {@code $clusterTime} and {@code txnNumber}, and end the same way (same counts, or the same error
 * code). The command is sent whatever the server then does with the option. What the embedded
 * mongo-java-server 1.47 does with each option (probed): it ignores {@code hint} (even of an index
 * that does not exist, which MongoDB refuses), ignores {@code collation} (compares binary), ignores
 * {@code comment}, and accepts a {@code let} it never reads (a {@code $$name} use fails there with
 * code 17276, "Use of undefined variable").
 */
@MongoTest
class WriteOptionsDifferentialIT {
    private static final Set<String> CAPTURED = Set.of("update", "findAndModify", "find");
    private static final Collation CASE_INSENSITIVE = Collation.builder().locale("en")
            .collationStrength(CollationStrength.SECONDARY).build();

    /** One option as atomic-mongo writes it and as the driver's three option types do. */
    record Case(String name, WriteOptions options, Consumer<UpdateOptions> update,
                Consumer<FindOneAndUpdateOptions> findAndModify, Consumer<FindIterable<Document>> find) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        Document letDoc = new Document("target", "abc").append("price", new Document("$literal", "$100"));
        return Stream.of(
                new Case("hint by keys", WriteOptions.none().withHint(Indexes.ascending("name")),
                        o -> o.hint(Indexes.ascending("name")), o -> o.hint(Indexes.ascending("name")),
                        f -> f.hint(Indexes.ascending("name"))),
                new Case("hint by name", WriteOptions.none().withHint("name_1"),
                        o -> o.hintString("name_1"), o -> o.hintString("name_1"), f -> f.hintString("name_1")),
                new Case("collation", WriteOptions.none().withCollation(CASE_INSENSITIVE),
                        o -> o.collation(CASE_INSENSITIVE), o -> o.collation(CASE_INSENSITIVE),
                        f -> f.collation(CASE_INSENSITIVE)),
                new Case("let", WriteOptions.none().withLet("target", "abc").withLet("price", "$100"),
                        o -> o.let(letDoc), o -> o.let(letDoc), f -> f.let(letDoc)),
                new Case("comment string", WriteOptions.none().withComment("nightly"),
                        o -> o.comment("nightly"), o -> o.comment("nightly"), f -> f.comment("nightly")),
                new Case("comment document", WriteOptions.none().withComment(new BsonDocument("job", new BsonInt32(42))),
                        o -> o.comment(new BsonDocument("job", new BsonInt32(42))),
                        o -> o.comment(new BsonDocument("job", new BsonInt32(42))),
                        f -> f.comment(new BsonDocument("job", new BsonInt32(42)))),
                new Case("all four", WriteOptions.none().withHint("name_1").withCollation(CASE_INSENSITIVE)
                        .withLet("target", "abc").withComment("nightly"),
                        o -> o.hintString("name_1").collation(CASE_INSENSITIVE).let(new Document("target", "abc"))
                                .comment("nightly"),
                        o -> o.hintString("name_1").collation(CASE_INSENSITIVE).let(new Document("target", "abc"))
                                .comment("nightly"),
                        f -> f.hintString("name_1").collation(CASE_INSENSITIVE).let(new Document("target", "abc"))
                                .comment(new BsonString("nightly"))));
    }

    private final Recorder recorder = new Recorder();
    private final MongoClient client;
    private final MongoCollection<Document> raw;
    private final AtomicCollection<Document> atomic;

    WriteOptionsDifferentialIT(MongoDatabase db, TestMongo mongo) {
        client = mongo.newClient(recorder);
        raw = client.getDatabase(db.getName()).getCollection("items");
        atomic = AtomicCollection.of(raw);
    }

    @BeforeEach
    void anIndexOnName() {
        raw.createIndex(Indexes.ascending("name"));
    }

    @AfterEach
    void closeClient() {
        client.close();
    }

    private void startDocuments() {
        raw.deleteMany(new Document());
        raw.insertMany(List.of(new Document("_id", 1).append("name", "abc").append("n", 1),
                new Document("_id", 2).append("name", "abc").append("n", 2),
                new Document("_id", 3).append("name", "xyz").append("n", 3)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void updateOne_sends_what_the_driver_sends(Case option) {
        same(() -> raw.updateOne(Filters.and(Filters.eq("name", "abc"), Filters.eq("n", 1)), Updates.inc("n", 10),
                        with(option)),
                () -> atomic.updateOne(Conditions.and(Conditions.eq("name", "abc"), Conditions.eq("n", 1)),
                        update().inc("n", 10), option.options()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void updateMany_sends_what_the_driver_sends(Case option) {
        same(() -> raw.updateMany(Filters.eq("name", "abc"), Updates.inc("n", 10), with(option)),
                () -> atomic.updateMany(Conditions.eq("name", "abc"), update().inc("n", 10), option.options()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void upsertOne_sends_what_the_driver_sends(Case option) {
        same(() -> raw.updateOne(Filters.eq("_id", 9), Updates.inc("n", 10), with(option).upsert(true)),
                () -> atomic.upsertOne(Conditions.eq("_id", 9), update().inc("n", 10), option.options()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void upsertMany_sends_what_the_driver_sends(Case option) {
        same(() -> raw.updateMany(Filters.eq("name", "abc"), Updates.inc("n", 10), with(option).upsert(true)),
                () -> atomic.upsertMany(Conditions.eq("name", "abc"), update().inc("n", 10), option.options()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void updateIf_sends_the_update_and_the_classifying_read_the_driver_sends(Case option) {
        // the condition fails, so both the update and the read by identity are sent
        same(() -> {
            UpdateResult result = raw.updateOne(Filters.and(Filters.eq("_id", 1), Filters.gt("n", 5)),
                    Updates.inc("n", 10), with(option));
            FindIterable<Document> read = raw.find(Filters.eq("_id", 1));
            option.find().accept(read);
            return List.of(result.getMatchedCount(), String.valueOf(read.first()));
        }, () -> {
            ConditionalOutcome<Document> outcome = atomic.updateIf(Conditions.eq("_id", 1), Conditions.gt("n", 5),
                    update().inc("n", 10), option.options());
            return List.of(0L, String.valueOf(((ConditionalOutcome.ConditionFailed<Document>) outcome).current()));
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void findOneAndUpdate_sends_what_the_driver_sends(Case option) {
        FindOneAndUpdateOptions driver = new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)
                .upsert(true).sort(Sorts.descending("n")).projection(Projections.include("n"));
        option.findAndModify().accept(driver);
        same(() -> raw.findOneAndUpdate(Filters.eq("name", "abc"), Updates.inc("n", 10), driver),
                () -> atomic.findOneAndUpdate(Conditions.eq("name", "abc"), update().inc("n", 10),
                        FindAndUpdateOptions.returnAfter().withUpsert(true).withSort(Sorts.descending("n"))
                                .withProjection(Projections.include("n")).withWriteOptions(option.options())));
    }

    @org.junit.jupiter.api.Test
    void updateOne_with_a_sort_and_bypassDocumentValidation_sends_what_the_driver_sends() {
        // sort on update is MongoDB 8.0; the embedded server ignores it, as it ignores bypassDocumentValidation
        same(() -> raw.updateOne(Filters.eq("name", "abc"), Updates.inc("n", 10),
                        new UpdateOptions().sort(Sorts.descending("n")).bypassDocumentValidation(true)),
                () -> atomic.updateOne(Conditions.eq("name", "abc"), update().inc("n", 10),
                        WriteOptions.none().withSort(Sorts.descending("n")).withBypassDocumentValidation(true)));
    }

    @org.junit.jupiter.api.Test
    void updateIf_with_a_sort_sorts_its_classifying_read_too() {
        same(() -> {
            UpdateResult result = raw.updateOne(Filters.and(Filters.eq("name", "abc"), Filters.gt("n", 5)),
                    Updates.inc("n", 10), new UpdateOptions().sort(Sorts.descending("n")));
            FindIterable<Document> read = raw.find(Filters.eq("name", "abc")).sort(Sorts.descending("n"));
            return List.of(result.getMatchedCount(), String.valueOf(read.first()));
        }, () -> {
            ConditionalOutcome<Document> outcome = atomic.updateIf(Conditions.eq("name", "abc"), Conditions.gt("n", 5),
                    update().inc("n", 10), WriteOptions.none().withSort(Sorts.descending("n")));
            return List.of(0L, String.valueOf(((ConditionalOutcome.ConditionFailed<Document>) outcome).current()));
        });
    }

    @org.junit.jupiter.api.Test
    void findOneAndUpdate_with_maxTime_and_bypassDocumentValidation_sends_what_the_driver_sends() {
        same(() -> raw.findOneAndUpdate(Filters.eq("name", "abc"), Updates.inc("n", 10),
                        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)
                                .maxTime(250, java.util.concurrent.TimeUnit.MILLISECONDS).bypassDocumentValidation(false)),
                () -> atomic.findOneAndUpdate(Conditions.eq("name", "abc"), update().inc("n", 10),
                        FindAndUpdateOptions.returnAfter().withMaxTime(java.time.Duration.ofMillis(250))
                                .withBypassDocumentValidation(false)));
    }

    private static UpdateOptions with(Case option) {
        UpdateOptions options = new UpdateOptions();
        option.update().accept(options);
        return options;
    }

    /** Runs both from the same start documents; the captured commands and the endings must be the same. */
    private void same(Supplier<Object> driver, Supplier<Object> atomicMongo) {
        startDocuments();
        Run expected = recorder.run(driver);
        List<Document> afterDriver = raw.find().sort(Sorts.ascending("n")).projection(Projections.exclude("_id"))
                .into(new ArrayList<>());
        startDocuments();
        Run actual = recorder.run(atomicMongo);
        List<Document> afterAtomic = raw.find().sort(Sorts.ascending("n")).projection(Projections.exclude("_id"))
                .into(new ArrayList<>());

        assertThat(actual.commands()).isNotEmpty().isEqualTo(expected.commands());
        assertThat(actual.ending()).isEqualTo(expected.ending());
        assertThat(afterAtomic).isEqualTo(afterDriver);
    }

    /** The commands an action sent (as JSON, session fields removed) and how it ended. */
    record Run(List<String> commands, String ending) {
    }

    /** Captures the write and read commands of this test's client. */
    static final class Recorder implements CommandListener {
        private final List<String> commands = new ArrayList<>();

        @Override
        public synchronized void commandStarted(CommandStartedEvent event) {
            if (CAPTURED.contains(event.getCommandName())) {
                BsonDocument command = new BsonDocument();
                command.putAll(event.getCommand());
                for (String field : List.of("lsid", "$db", "$clusterTime", "txnNumber")) {
                    command.remove(field);
                }
                commands.add(command.toJson());
            }
        }

        Run run(Supplier<Object> action) {
            synchronized (this) {
                commands.clear();
            }
            String ending;
            try {
                ending = "ok " + describe(action.get());
            } catch (MongoException e) {
                ending = "failed " + e.getCode();
            } catch (MongoOperationException e) {
                ending = "failed " + e.code();
            }
            synchronized (this) {
                return new Run(List.copyOf(commands), ending);
            }
        }

        private static String describe(Object result) {
            if (result instanceof UpdateResult r) {
                return "matched=" + r.getMatchedCount() + " modified=" + r.getModifiedCount()
                        + " inserted=" + (r.getUpsertedId() != null);
            }
            if (result instanceof UpdateOutcome o) {
                return "matched=" + o.matchedCount() + " modified=" + o.modifiedCount() + " inserted=" + o.isInserted();
            }
            if (result instanceof java.util.Optional<?> o) {
                return String.valueOf(o.orElse(null));
            }
            return String.valueOf(result);
        }
    }
}

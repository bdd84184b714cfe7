package dev.atomicmongo.examples;

import java.time.Duration;
import java.util.Map;

import com.mongodb.client.MongoDatabase;
import dev.atomicmongo.AtomicMongoException;
import dev.atomicmongo.MongoOperationException;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.collection.ConditionalOutcome;
import dev.atomicmongo.collection.ConditionalUpdateCommand;
import dev.atomicmongo.collection.RetryPolicy;
import dev.atomicmongo.collection.UpdateOutcome;
import dev.atomicmongo.test.TestMongo;
import org.bson.Document;

import static dev.atomicmongo.filter.Conditions.eq;
import static dev.atomicmongo.filter.Conditions.field;
import static dev.atomicmongo.update.UpdateBuilder.update;

/**
 * Commands as values: compile a write, look at what will be sent, then run it; a retry policy;
 * and the one exception hierarchy. The AtomicCollection guide quotes this main.
 */
public final class CommandsExample {
    private CommandsExample() {
    }

    public static void main(String[] args) {
        try (TestMongo mongo = Examples.server()) {
            MongoDatabase db = mongo.database("atomic_mongo_examples");
            db.getCollection("concerts").drop();
            AtomicCollection<Document> concerts = AtomicCollection.of(db.getCollection("concerts"));
            concerts.upsertByField("_id", "jazz-night", Map.of("capacity", 2, "sold", 0));

            // commands:start
            // Compile: pure, nothing is sent, so a unit test can assert exactly this BSON.
            ConditionalUpdateCommand book = concerts.commands().updateIf(
                    eq("_id", "jazz-night"),
                    field("sold").lt(field("capacity")),
                    update().inc("sold", 1));
            System.out.println(book.filter().toJson());
            // {"$and": [{"_id": "jazz-night"}, {"$expr": {"$lt": ["$sold", "$capacity"]}}]}
            System.out.println(book.operators().document().toJson());
            // {"$inc": {"sold": 1}}

            // Run: one updateOne, and one read only when nothing matched, to say why.
            ConditionalOutcome<Document> outcome = concerts.execute(book);
            // commands:end
            Examples.check(outcome.isApplied(), "the compiled command booked a seat when run");

            // retry:start
            RetryPolicy patient = RetryPolicy.builder()
                    .maxAttempts(20)                                        // the first included
                    .maxDuration(Duration.ofSeconds(2))                     // no attempt starts after that
                    .backoff(Duration.ofMillis(5), Duration.ofMillis(200))  // doubling, with full jitter
                    .build();
            AtomicCollection<Document> patientConcerts = concerts.withRetryPolicy(patient);
            // retry:end

            // errors:start
            try {
                UpdateOutcome done = patientConcerts.updateIf(eq("_id", "jazz-night"),
                        field("sold").lt(field("capacity")), update().inc("sold", 1)).orThrow();
                System.out.println("booked: " + done);
            } catch (MongoOperationException e) {
                // the server or the network failed: code(), errorLabels(), and whether a retry may help
                System.out.println("failed (" + (e.isTransient() ? "transient" : "permanent") + "): " + e.getMessage());
            } catch (AtomicMongoException e) {
                // a refusal asked to succeed (not found, condition failed), or a missing capability
                System.out.println("refused: " + e.getMessage());
            }
            // errors:end

            ConditionalOutcome<Document> full = concerts.execute(book);
            Examples.check(full instanceof ConditionalOutcome.ConditionFailed<Document> failed
                    && failed.current().getInteger("sold") == 2, "the same command run again is refused: sold out");
        }
    }
}

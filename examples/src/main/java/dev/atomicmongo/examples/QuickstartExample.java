package dev.atomicmongo.examples;

import java.util.Map;
import java.util.Optional;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReturnDocument;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.collection.ConditionalOutcome;
import dev.atomicmongo.collection.UpsertOutcome;
import dev.atomicmongo.test.TestMongo;
import org.bson.Document;

import static dev.atomicmongo.filter.Conditions.and;
import static dev.atomicmongo.filter.Conditions.eq;
import static dev.atomicmongo.filter.Conditions.field;
import static dev.atomicmongo.filter.Conditions.ne;
import static dev.atomicmongo.update.UpdateBuilder.update;

/** The README's quickstart, as a main that runs. */
public final class QuickstartExample {
    private QuickstartExample() {
    }

    public static void main(String[] args) {
        try (TestMongo mongo = Examples.server()) {
            MongoDatabase db = mongo.database("atomic_mongo_examples");
            db.getCollection("events").drop();
            // quickstart:start
            AtomicCollection<Document> events = AtomicCollection.of(db.getCollection("events"));
            events.ensureUniqueIndex("url");

            // Insert once, never modify: a second call with other values changes nothing.
            UpsertOutcome created = events.upsertByField("url", "https://conf.example/jug",
                    Map.of("title", "JUG night", "capacity", 1, "sold", 0));

            // Book a seat only if the user has none and there is room: one atomic update.
            ConditionalOutcome<Document> alice = events.updateIf(
                    eq("url", "https://conf.example/jug"),
                    and(ne("attendees", "alice"), field("sold").lt(field("capacity"))),
                    update().inc("sold", 1).addToSet("attendees", "alice"));
            ConditionalOutcome<Document> bob = events.updateIf(
                    eq("url", "https://conf.example/jug"),
                    and(ne("attendees", "bob"), field("sold").lt(field("capacity"))),
                    update().inc("sold", 1).addToSet("attendees", "bob"));

            // Change and read back in one round trip.
            Optional<Document> after = events.findOneAndUpdate(
                    eq("url", "https://conf.example/jug"),
                    update().inc("views", 1).addToSet("tags", "hot"),
                    ReturnDocument.AFTER);

            System.out.println(created);   // Inserted[id=BsonObjectId{...}]
            System.out.println(alice);     // Applied[outcome=UpdateOutcome[matchedCount=1, ...]]
            System.out.println(bob);       // ConditionFailed[condition={...}, current=Document{{... sold=1 ...}}]
            System.out.println(after.orElseThrow().toJson());
            // quickstart:end
            Examples.check(created.isInserted() && alice.isApplied()
                    && bob instanceof ConditionalOutcome.ConditionFailed<Document>, "alice booked the last seat, bob was told why not");
        }
    }
}

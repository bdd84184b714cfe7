package dev.atomicmongo.examples;

import java.util.LinkedHashMap;
import java.util.Map;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.collection.UpdateOutcome;
import dev.atomicmongo.collection.UpsertOutcome;
import dev.atomicmongo.test.TestMongo;
import dev.atomicmongo.update.UpdateBuilder;

import static dev.atomicmongo.filter.Conditions.eq;
import static dev.atomicmongo.update.UpdateBuilder.update;

/**
 * Five ways to insert a document once and never modify it ({@code $setOnInsert}), then a second
 * attempt with the same key and other values, which changes nothing.
 *
 * <pre>./mvnw -q -pl examples -am -DskipTests package exec:java -Dexample=dev.atomicmongo.examples.AtomicUpsertExample</pre>
 */
public final class AtomicUpsertExample {
    private AtomicUpsertExample() {
    }

    public static void main(String[] args) {
        try (TestMongo mongo = Examples.server()) {
            MongoDatabase db = mongo.database("atomic_mongo_examples");
            MongoCollection<MediaEvent> raw = db.getCollection("media_events", MediaEvent.class);
            raw.drop();
            AtomicCollection<MediaEvent> events = AtomicCollection.of(raw);
            events.ensureUniqueIndex("url");   // what makes concurrent first inserts safe

            for (int attempt = 1; attempt <= 2; attempt++) {
                String title = attempt == 1 ? "Original title" : "CHANGED title";
                System.out.println("\n--- attempt " + attempt + " (title: " + title + ") ---");

                // 1. field by field
                UpdateBuilder perField = update()
                        .setOnInsert("_id", "evt-1")
                        .setOnInsert("media_id", "m-1")
                        .setOnInsert("title", title);
                report("1. setOnInsert per field", events.upsertOne(eq("url", "https://example.com/1"), perField));

                // 2. from a map
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("_id", "evt-2");
                fields.put("media_id", "m-2");
                fields.put("title", title);
                report("2. setOnInsert(map)", events.upsertOne(eq("url", "https://example.com/2"), update().setOnInsert(fields)));

                // 3. from a record (or POJO): its fields, encoded by the collection's codecs
                MediaEvent third = new MediaEvent("evt-3", "m-3", title, "https://example.com/3");
                report("3. setOnInsert(record)", events.upsertOne(eq("url", third.url()), update().setOnInsert(third)));

                // 4. upsertByField with the document
                MediaEvent fourth = new MediaEvent("evt-4", "m-4", title, "https://example.com/4");
                report("4. upsertByField(document)", events.upsertByField("url", fourth.url(), fourth));

                // 5. upsertByField with a map
                Map<String, Object> fifth = Map.of("_id", "evt-5", "media_id", "m-5", "title", title);
                report("5. upsertByField(map)", events.upsertByField("url", "https://example.com/5", fifth));
            }

            System.out.println("\nStored documents:");
            raw.find().forEach(e -> System.out.println("  " + e));
            Examples.check(raw.countDocuments() == 5, "five documents, one per URL");
            Examples.check(raw.countDocuments(eq("title", "Original title")) == 5,
                    "the second attempt changed nothing: every title is still the original");
        }
    }

    private static void report(String way, UpdateOutcome outcome) {
        System.out.printf("%-28s %s%n", way, outcome.isInserted() ? "inserted " + outcome.upsertedId()
                : "already there, unchanged (matched " + outcome.matchedCount() + ", modified " + outcome.modifiedCount() + ")");
    }

    private static void report(String way, UpsertOutcome outcome) {
        System.out.printf("%-28s %s%n", way, outcome instanceof UpsertOutcome.Inserted inserted
                ? "inserted " + inserted.id() : "already there, unchanged");
    }
}

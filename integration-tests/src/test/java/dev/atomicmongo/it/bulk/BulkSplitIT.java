package dev.atomicmongo.it.bulk;

import static dev.atomicmongo.update.UpdateBuilder.update;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.collection.BulkItem;
import dev.atomicmongo.collection.BulkOrder;
import dev.atomicmongo.collection.BulkOutcome;
import dev.atomicmongo.collection.BulkResult;
import dev.atomicmongo.collection.Commands;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.test.CommandRecorder;
import dev.atomicmongo.test.MongoTest;
import dev.atomicmongo.test.TestMongo;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A bulk larger than one message: 51 items of 1 MB each are more than the 48 MB a message may
 * carry, so the driver sends them as several {@code update} commands. Every outcome must still be
 * at its item's index, including those of refused items in the later messages.
 */
@MongoTest
class BulkSplitIT {
    private static final int ITEMS = 51;
    private static final String MEGABYTE = "x".repeat(1024 * 1024);

    private final CommandRecorder recorder = new CommandRecorder();
    private MongoClient client;
    private MongoCollection<Document> raw;
    private AtomicCollection<Document> documents;

    @BeforeEach
    void connect(TestMongo mongo, MongoDatabase db) {
        client = mongo.newClient(recorder);
        raw = db.getCollection("bulk_split");
        raw.drop();
        documents = AtomicCollection.of(client.getDatabase(db.getName()).getCollection("bulk_split"));
        // item i: document i is open (applies), shipped (condition fails) or absent (not found)
        for (int i = 0; i < ITEMS; i++) {
            if (i % 3 == 0) {
                raw.insertOne(new Document("_id", i).append("status", "open"));
            } else if (i % 3 == 1) {
                raw.insertOne(new Document("_id", i).append("status", "shipped"));
            }
        }
    }

    @AfterEach
    void disconnect() {
        client.close();
    }

    private List<BulkItem> items() {
        Commands c = documents.commands();
        List<BulkItem> items = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            items.add(BulkItem.of(c.updateIf(Conditions.eq("_id", i), Conditions.eq("status", "open"),
                    update().set("blob", MEGABYTE).set("status", "paid"))));
        }
        return items;
    }

    private void assertOutcomesAtTheirIndexes(BulkResult<Document> result) {
        assertThat(result.outcomes()).hasSize(ITEMS);
        for (int i = 0; i < ITEMS; i++) {
            Class<?> expected = switch (i % 3) {
                case 0 -> BulkOutcome.Applied.class;
                case 1 -> BulkOutcome.ConditionFailed.class;
                default -> BulkOutcome.NotFound.class;
            };
            assertThat(result.get(i)).as("item %d", i).isInstanceOf(expected);
        }
        assertThat(raw.countDocuments(new Document("status", "paid"))).isEqualTo(ITEMS / 3);
        assertThat(raw.countDocuments()).as("no document inserted by a refused item").isEqualTo(2 * ITEMS / 3);
    }

    @Test
    void an_unordered_bulk_beyond_one_message_is_split_and_keeps_every_outcome_at_its_index() {
        List<String> commands = new ArrayList<>();
        BulkResult<Document>[] result = new BulkResult[1];

        commands.addAll(recorder.during(() -> result[0] = documents.bulkWrite(items())));

        assertThat(commands.stream().filter("update"::equals).count()).as("update messages").isGreaterThanOrEqualTo(2);
        assertThat(commands).endsWith("find").containsOnly("update", "find");
        assertOutcomesAtTheirIndexes(result[0]);
    }

    @Test
    void an_ordered_bulk_beyond_one_message_is_split_and_keeps_every_outcome_at_its_index() {
        BulkResult<Document> result = documents.bulkWrite(items(), BulkOrder.ORDERED);

        assertOutcomesAtTheirIndexes(result);
    }
}

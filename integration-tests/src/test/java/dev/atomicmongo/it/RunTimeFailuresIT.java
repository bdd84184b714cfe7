package dev.atomicmongo.it;

import static dev.atomicmongo.update.UpdateBuilder.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReturnDocument;
import dev.atomicmongo.ClientClosedException;
import dev.atomicmongo.DocumentCodecException;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.collection.ReadOptions;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.test.MongoTest;
import dev.atomicmongo.test.TestMongo;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** Failures of a driver call that are not server errors still arrive as the library's exceptions. */
@MongoTest
class RunTimeFailuresIT {
    /** A record whose {@code count} cannot hold a string. */
    public record Counter(String id, int count) {
    }

    private final MongoDatabase db;

    RunTimeFailuresIT(MongoDatabase db) {
        this.db = db;
    }

    @Test
    void a_stored_document_that_does_not_decode_is_a_DocumentCodecException() {
        MongoCollection<Document> raw = db.getCollection("undecodable");
        raw.insertOne(new Document("_id", "c").append("count", "not a number"));
        AtomicCollection<Counter> counters = AtomicCollection.of(db.getCollection("undecodable", Counter.class));

        assertThatThrownBy(() -> counters.findOne(Conditions.eq("_id", "c")))
                .isInstanceOf(DocumentCodecException.class)
                .hasMessageStartingWith("find on ");
        assertThatThrownBy(() -> counters.find(Conditions.eq("_id", "c"), ReadOptions.all()))
                .isInstanceOf(DocumentCodecException.class);
        assertThatThrownBy(() -> counters.findOneAndUpdate(Conditions.eq("_id", "c"), update().set("seen", true),
                ReturnDocument.AFTER))
                .isInstanceOf(DocumentCodecException.class)
                .hasMessageStartingWith("findOneAndUpdate on ");
        assertThat(raw.find().first()).containsEntry("seen", true);
    }

    @Test
    void a_document_over_sixteen_mebibytes_is_a_DocumentCodecException_and_nothing_is_written() {
        MongoCollection<Document> raw = db.getCollection("too_big");
        AtomicCollection<Document> docs = AtomicCollection.of(raw);
        String huge = "x".repeat(17 * 1024 * 1024);

        assertThatThrownBy(() -> docs.upsertOne(Conditions.eq("_id", 1), update().set("blob", huge)))
                .isInstanceOf(DocumentCodecException.class);
        assertThat(raw.countDocuments()).isZero();
    }

    @Test
    void every_operation_on_a_closed_client_is_a_ClientClosedException() {
        MongoClient client = TestMongo.shared().newClient(new dev.atomicmongo.test.CommandRecorder());
        AtomicCollection<Document> docs = AtomicCollection.of(client.getDatabase(db.getName()).getCollection("closed"));
        client.close();

        assertThatThrownBy(() -> docs.updateOne(Conditions.eq("_id", 1), update().set("a", 1)))
                .isInstanceOf(ClientClosedException.class)
                .hasMessageEndingWith("failed: the MongoClient is closed");
        assertThatThrownBy(() -> docs.findOne(Conditions.eq("_id", 1))).isInstanceOf(ClientClosedException.class);
        assertThatThrownBy(() -> docs.upsertByField("k", "v", Map.of("a", 1))).isInstanceOf(ClientClosedException.class);
        assertThatThrownBy(() -> docs.ensureUniqueIndex("k")).isInstanceOf(ClientClosedException.class);
        assertThatThrownBy(docs::supportsPipelineUpdates).isInstanceOf(ClientClosedException.class);
    }
}

package dev.atomicmongo.it;

import static dev.atomicmongo.filter.Conditions.eq;
import static dev.atomicmongo.update.UpdateBuilder.update;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.test.MongoTest;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** Values from a request that look like operators or patterns match only themselves. */
@MongoTest
class InjectionIT {
    private final MongoCollection<Document> raw;
    private final AtomicCollection<Document> users;

    InjectionIT(MongoDatabase db) {
        raw = db.getCollection("users");
        users = AtomicCollection.of(raw);
        raw.deleteMany(new Document());
        raw.insertOne(new Document("_id", "alice").append("password", "s3cret").append("logins", 0));
    }

    @Test
    void an_operator_shaped_password_matches_nothing() {
        Object fromRequest = Document.parse("{password: {$ne: 'guess'}}").get("password");

        assertThat(users.findOne(eq("password", fromRequest))).isEmpty();
        assertThat(users.updateOne(eq("password", fromRequest), update().inc("logins", 1)).isMatched()).isFalse();
        assertThat(users.findOne(eq("password", Map.of("$exists", true)))).isEmpty();
    }

    @Test
    void a_regex_shaped_password_matches_nothing() {
        Object parsedAsRegex = Document.parse("{password: {$regex: '.*', $options: ''}}").get("password");
        Object parsedAsDocument = Document.parse("{password: {$regex: '.*'}}").get("password");

        assertThat(users.findOne(eq("password", parsedAsRegex))).isEmpty();
        assertThat(users.findOne(eq("password", parsedAsDocument))).isEmpty();
    }

    @Test
    void the_real_password_still_matches() {
        assertThat(users.findOne(eq("password", "s3cret"))).isPresent();
    }
}

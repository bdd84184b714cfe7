package dev.atomicmongo.test;

import java.time.Duration;

import com.mongodb.MongoSocketException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultyProxyTest {

    @Test
    void a_dropped_reply_fails_the_call_of_a_write_the_server_applied() {
        TestMongo mongo = TestMongo.shared();
        String database = mongo.freshDatabase("proxy").getName();
        try (FaultyProxy proxy = FaultyProxy.inFrontOf(mongo); MongoClient client = proxy.newClient(false)) {
            MongoCollection<Document> counters = client.getDatabase(database).getCollection("counters");
            counters.insertOne(new Document("_id", "c").append("n", 0));

            proxy.dropNextReplies(1);
            assertThatThrownBy(() -> counters.updateOne(Filters.eq("_id", "c"), Updates.inc("n", 1)))
                    .isInstanceOf(MongoSocketException.class);

            assertThat(counters.find().first()).containsEntry("n", 1);
            assertThat(proxy.droppedReplies()).isEqualTo(1);
        }
    }

    @Test
    void a_reply_delay_makes_every_round_trip_at_least_that_much_longer() {
        TestMongo mongo = TestMongo.shared();
        try (FaultyProxy proxy = FaultyProxy.inFrontOf(mongo); MongoClient client = proxy.newClient(true)) {
            client.getDatabase("admin").runCommand(new Document("ping", 1));   // connected before timing
            proxy.delayReplies(Duration.ofMillis(40));

            long start = System.nanoTime();
            client.getDatabase("admin").runCommand(new Document("ping", 1));
            long pingNanos = System.nanoTime() - start;

            assertThat(Duration.ofNanos(pingNanos)).isGreaterThanOrEqualTo(Duration.ofMillis(40));
        }
    }

    @Test
    void a_negative_or_absurd_reply_delay_is_refused_naming_the_range() {
        try (FaultyProxy proxy = FaultyProxy.inFrontOf(TestMongo.shared())) {
            assertThatThrownBy(() -> proxy.delayReplies(Duration.ofMillis(-1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("between 0 and PT10S");
            assertThatThrownBy(() -> proxy.delayReplies(Duration.ofMinutes(1)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> proxy.delayReplies(null)).isInstanceOf(NullPointerException.class);
        }
    }
}

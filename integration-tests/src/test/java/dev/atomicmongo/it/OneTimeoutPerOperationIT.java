package dev.atomicmongo.it;

import static dev.atomicmongo.filter.Conditions.eq;
import static dev.atomicmongo.update.UpdateBuilder.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.ReturnDocument;
import dev.atomicmongo.MongoOperationException;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.collection.OperationId;
import dev.atomicmongo.collection.ReadOptions;
import dev.atomicmongo.it.support.UnreachableServer;
import dev.atomicmongo.pattern.booking.CapacityBooking;
import dev.atomicmongo.pattern.counter.Counters;
import dev.atomicmongo.pattern.counter.Inventory;
import dev.atomicmongo.pattern.lease.Leases;
import dev.atomicmongo.pattern.ratelimit.FixedWindowRateLimiter;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Against a server that does not answer, every public operation fails with a transient
 * MongoOperationException after one server-selection timeout, not one per round trip it would
 * have made.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OneTimeoutPerOperationIT {
    private static final long TIMEOUT_MILLIS = 700;
    private MongoClient client;
    private AtomicCollection<Document> docs;

    @BeforeAll
    void connectToAPortNobodyListensOn() {
        client = UnreachableServer.client(TIMEOUT_MILLIS);
        docs = AtomicCollection.of(client.getDatabase("unreachable").getCollection("docs"));
    }

    @AfterAll
    void close() {
        client.close();
    }

    Stream<Arguments> operations() {
        return Stream.of(
                op("updateOne", () -> docs.updateOne(eq("_id", 1), update().inc("n", 1))),
                op("upsertOne", () -> docs.upsertOne(eq("_id", 1), update().inc("n", 1))),
                op("updateIf", () -> docs.updateIf(eq("_id", 1), eq("n", 0), update().inc("n", 1))),
                op("findOneAndUpdate", () -> docs.findOneAndUpdate(eq("_id", 1), update().inc("n", 1), ReturnDocument.AFTER)),
                op("findOne", () -> docs.findOne(eq("_id", 1))),
                op("find", () -> docs.find(eq("_id", 1), ReadOptions.all())),
                op("upsertByField", () -> docs.upsertByField("url", "u", Map.of("n", 1))),
                op("insertOrUpdateByField", () -> docs.insertOrUpdateByField("mail", "m", Map.of("n", 1))),
                op("createIndex", () -> docs.createIndex(new BsonDocument("k", new org.bson.BsonInt32(1)), new IndexOptions())),
                op("supportsPipelineUpdates", () -> docs.supportsPipelineUpdates()),
                op("Counters.incrementAndGet", () -> Counters.of(docs).incrementAndGet("c", "n")),
                op("Inventory.reserve", () -> Inventory.of(docs).reserve("sku", 1)),
                op("CapacityBooking.create", () -> CapacityBooking.of(docs).create("gig", 1)),
                op("CapacityBooking.reserve", () -> CapacityBooking.of(docs).reserve("gig", "alice")),
                op("CapacityBooking.reserve with an operation id", () -> CapacityBooking.of(docs).reserve("gig", "alice",
                        OperationId.of("req-1"))),
                op("FixedWindowRateLimiter.tryAcquire", () -> FixedWindowRateLimiter.of(docs).tryAcquire("k", 1, Duration.ofMinutes(1))),
                op("Leases.acquire", () -> Leases.on(docs).acquire("job", "worker", Duration.ofSeconds(5))));
    }

    private static Arguments op(String name, Runnable call) {
        return Arguments.of(Named.of(name, call));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operations")
    void fails_typed_and_transient_after_one_server_selection_timeout(Runnable call) {
        long start = System.nanoTime();
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(MongoOperationException.class, e -> assertThat(e.isTransient()).isTrue());
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(elapsedMillis).as("one selection timeout of %d ms, not two", TIMEOUT_MILLIS)
                .isLessThan(2 * TIMEOUT_MILLIS - 100);
    }
}

package dev.atomicmongo.it.roundtrip;

import static dev.atomicmongo.update.UpdateBuilder.update;
import static dev.atomicmongo.update.PipelineUpdate.pipeline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.ReturnDocument;
import dev.atomicmongo.MissingCapabilityException;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.Capability;
import dev.atomicmongo.collection.ConditionalOutcome;
import dev.atomicmongo.collection.UpsertOutcome;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.pattern.booking.CapacityBooking;
import dev.atomicmongo.pattern.booking.ReleaseOutcome;
import dev.atomicmongo.pattern.booking.ReservationOutcome;
import dev.atomicmongo.pattern.counter.BoundedChange;
import dev.atomicmongo.pattern.counter.Counters;
import dev.atomicmongo.pattern.lease.Lease;
import dev.atomicmongo.pattern.lease.LeaseOutcome;
import dev.atomicmongo.pattern.lease.Leases;
import dev.atomicmongo.pattern.mailbox.Mailbox;
import dev.atomicmongo.pattern.ratelimit.FixedWindowRateLimiter;
import dev.atomicmongo.pattern.ratelimit.RateLimitDecision;
import dev.atomicmongo.pattern.version.OptimisticVersioning;
import dev.atomicmongo.pattern.version.VersionedOutcome;
import dev.atomicmongo.test.CommandRecorder;
import dev.atomicmongo.test.MongoTest;
import dev.atomicmongo.test.RequiresCapability;
import dev.atomicmongo.test.TestMongo;
import dev.atomicmongo.update.Expr;
import dev.atomicmongo.update.PipelineUpdate;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * How many commands each operation sends, counted with the driver's {@code CommandListener}
 * (handshake and monitoring commands left out): the minimum the docs promise, asserted as the
 * exact list of command names. A command sent once (the probe for pipeline updates, the
 * unique-index check) is asserted in its own assertion on the first call, and the count after it
 * in another. Documents are prepared through the shared client, which is not counted.
 *
 * <p>Two pattern counts are asserted next to their pattern and not repeated here:
 * {@code LeaseRoundTripTest} (acquire, a refused acquire, renew and release, one round trip each,
 * on the path of the server it runs on) and {@code MailboxRoundTripTest} (a post: one round trip
 * with pipeline updates, two without). This class adds their one-time probe and the lease's
 * pipeline path. docs/benchmarks.md lists every operation with the test that proves its count.
 */
@MongoTest
class RoundTripTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final CommandRecorder commands = new CommandRecorder();
    private MongoClient client;
    private MongoDatabase counted;
    private MongoDatabase uncounted;
    private String collectionName;

    @BeforeEach
    void connect(TestMongo mongo, MongoDatabase db, TestInfo test) {
        client = mongo.newClient(commands);
        uncounted = db;
        counted = client.getDatabase(db.getName());
        collectionName = test.getTestMethod().orElseThrow().getName();
    }

    @AfterEach
    void disconnect() {
        client.close();
    }

    /** The collection through the counting client. */
    private AtomicCollection<Document> events() {
        return AtomicCollection.of(counted.getCollection(collectionName));
    }

    /** The collection through the counting client, as the driver's type. */
    private MongoCollection<Document> countedCollection() {
        return counted.getCollection(collectionName);
    }

    /** The same collection through the shared client, for setting up and reading back uncounted. */
    private MongoCollection<Document> setUp() {
        return uncounted.getCollection(collectionName);
    }

    @Test
    void updateOne_takes_one_round_trip() {
        setUp().insertOne(new Document("_id", 1).append("sold", 0));
        AtomicCollection<Document> events = events();

        assertThat(commands.during(() -> events.updateOne(Conditions.eq("_id", 1), update().inc("sold", 1))))
                .containsExactly("update");
        assertThat(setUp().find().first()).containsEntry("sold", 1);
    }

    @Test
    void upsertOne_takes_one_round_trip_when_it_inserts() {
        AtomicCollection<Document> events = events();

        assertThat(commands.during(() -> events.upsertOne(Conditions.eq("_id", 1), update().inc("sold", 1))))
                .containsExactly("update");
        assertThat(setUp().countDocuments()).isEqualTo(1);
    }

    @Test
    void updateMany_takes_one_round_trip_for_many_documents() {
        setUp().insertMany(List.of(new Document("_id", 1), new Document("_id", 2), new Document("_id", 3)));
        AtomicCollection<Document> events = events();

        assertThat(commands.during(() -> events.updateMany(Conditions.exists("_id"), update().set("seen", true))))
                .containsExactly("update");
        assertThat(setUp().countDocuments(new Document("seen", true))).isEqualTo(3);
    }

    @Test
    void updateIf_takes_one_round_trip_when_the_condition_holds() {
        setUp().insertOne(new Document("_id", 1).append("sold", 0).append("capacity", 1));
        AtomicCollection<Document> events = events();
        AtomicReference<ConditionalOutcome<Document>> outcome = new AtomicReference<>();

        assertThat(commands.during(() -> outcome.set(events.updateIf(Conditions.eq("_id", 1),
                Conditions.field("sold").lt(Conditions.field("capacity")), update().inc("sold", 1)))))
                .containsExactly("update");
        assertThat(outcome.get()).isInstanceOf(ConditionalOutcome.Applied.class);
    }

    @Test
    void updateIf_takes_two_round_trips_when_the_condition_fails_the_second_being_the_classifying_read() {
        setUp().insertOne(new Document("_id", 1).append("sold", 1).append("capacity", 1));
        AtomicCollection<Document> events = events();
        AtomicReference<ConditionalOutcome<Document>> outcome = new AtomicReference<>();

        assertThat(commands.during(() -> outcome.set(events.updateIf(Conditions.eq("_id", 1),
                Conditions.field("sold").lt(Conditions.field("capacity")), update().inc("sold", 1)))))
                .containsExactly("update", "find");
        assertThat(outcome.get()).isInstanceOf(ConditionalOutcome.ConditionFailed.class);
    }

    @Test
    void updateIf_takes_two_round_trips_when_the_document_is_missing() {
        AtomicCollection<Document> events = events();
        AtomicReference<ConditionalOutcome<Document>> outcome = new AtomicReference<>();

        assertThat(commands.during(() -> outcome.set(events.updateIf(Conditions.eq("_id", 1),
                Conditions.field("sold").lt(Conditions.field("capacity")), update().inc("sold", 1)))))
                .containsExactly("update", "find");
        assertThat(outcome.get()).isInstanceOf(ConditionalOutcome.NotFound.class);
    }

    @Test
    void findOneAndUpdate_takes_one_round_trip_and_returns_the_new_value() {
        setUp().insertOne(new Document("_id", 1).append("views", 41));
        AtomicCollection<Document> events = events();
        AtomicReference<Document> after = new AtomicReference<>();

        assertThat(commands.during(() -> after.set(events.findOneAndUpdate(Conditions.eq("_id", 1),
                update().inc("views", 1), ReturnDocument.AFTER).orElseThrow())))
                .containsExactly("findAndModify");
        assertThat(after.get()).containsEntry("views", 42);
    }

    @Test
    void upsertByField_lists_the_indexes_on_its_first_call_per_collection_and_field_then_takes_one_round_trip() {
        setUp().createIndex(new Document("url", 1), new IndexOptions().unique(true));  // made elsewhere: listed, not warned about
        AtomicCollection<Document> events = events();

        AtomicReference<UpsertOutcome> first = new AtomicReference<>();
        assertThat(commands.during(() -> first.set(events.upsertByField("url", "a", Map.of("url", "a", "hits", 1)))))
                .as("first call: the one-time unique-index check, then the insert-once findAndModify")
                .containsExactly("listIndexes", "findAndModify");
        assertThat(commands.during(() -> events.upsertByField("url", "b", Map.of("url", "b", "hits", 1))))
                .as("a new key").containsExactly("findAndModify");
        AtomicReference<UpsertOutcome> again = new AtomicReference<>();
        assertThat(commands.during(() -> again.set(events.upsertByField("url", "a", Map.of("url", "a", "hits", 2)))))
                .as("an existing key, its id included").containsExactly("findAndModify");
        assertThat(again.get()).isInstanceOfSatisfying(UpsertOutcome.AlreadyExists.class,
                e -> assertThat(e.existingId()).isEqualTo(first.get().orThrow().id()));
        assertThat(setUp().countDocuments()).isEqualTo(2);
    }

    @Test
    void upsertByField_takes_one_round_trip_from_the_first_call_once_ensureUniqueIndex_ran() {
        AtomicCollection<Document> events = events();
        assertThat(commands.during(() -> events.ensureUniqueIndex("url"))).containsExactly("createIndexes");

        assertThat(commands.during(() -> events.upsertByField("url", "a", Map.of("url", "a", "hits", 1))))
                .containsExactly("findAndModify");
    }

    @Test
    void replaceOrInsertByField_takes_one_round_trip_once_ensureUniqueIndex_ran() {
        AtomicCollection<Document> events = events();
        events.ensureUniqueIndex("url");

        assertThat(commands.during(() -> events.replaceOrInsertByField("url", "a", Map.of("url", "a", "hits", 1))))
                .containsExactly("update");
    }

    @Test
    void supportsPipelineUpdates_probes_once_per_collection() {
        AtomicCollection<Document> events = events();

        assertThat(commands.during(events::supportsPipelineUpdates)).as("the probe").containsExactly("update");
        assertThat(commands.during(events::supportsPipelineUpdates)).as("cached").isEmpty();
    }

    @Test
    @RequiresCapability(Capability.PIPELINE_UPDATES)
    void a_pipeline_update_takes_one_round_trip_after_the_one_time_capability_probe() {
        setUp().insertOne(new Document("_id", 1).append("count", 1));
        AtomicCollection<Document> events = events();
        PipelineUpdate addOne = pipeline().set("count",
                Expr.add(Expr.ifNull(Expr.field("count"), Expr.literal(0)), Expr.literal(1)));

        assertThat(commands.during(() -> events.updateOne(Conditions.eq("_id", 1), addOne)))
                .as("first pipeline update: the probe, then the update").containsExactly("update", "update");
        assertThat(commands.during(() -> events.updateOne(Conditions.eq("_id", 1), addOne)))
                .as("after that").containsExactly("update");
        assertThat(setUp().find().first()).containsEntry("count", 3);
    }

    /** On the plain embedded server, which has no pipeline updates, whatever server the suite runs on. */
    @Test
    void a_pipeline_update_on_a_server_without_them_sends_only_the_probe_then_fails() {
        TestMongo plain = TestMongo.sharedPlainEmbedded();
        client.close();
        client = plain.newClient(commands);
        AtomicCollection<Document> events = AtomicCollection.of(
                client.getDatabase(plain.freshDatabase("RoundTripTest").getName()).getCollection(collectionName));
        PipelineUpdate addOne = pipeline().set("count", Expr.literal(1));

        assertThat(commands.during(() -> assertThatThrownBy(() -> events.updateOne(Conditions.eq("_id", 1), addOne))
                .isInstanceOf(MissingCapabilityException.class)))
                .containsExactly("update");
        assertThat(commands.during(() -> assertThatThrownBy(() -> events.updateOne(Conditions.eq("_id", 1), addOne))
                .isInstanceOf(MissingCapabilityException.class)))
                .as("the refusal is cached: nothing is sent").isEmpty();
    }

    // ---- booking: CapacityBooking ------------------------------------------------------------

    /** Booking through the shared client, for setting up uncounted. */
    private CapacityBooking uncountedBooking() {
        return CapacityBooking.of(setUp());
    }

    @Test
    void booking_reserve_takes_one_round_trip_when_it_reserves() {
        uncountedBooking().create("concert", 2);
        CapacityBooking booking = CapacityBooking.of(events());
        AtomicReference<ReservationOutcome> outcome = new AtomicReference<>();

        assertThat(commands.during(() -> outcome.set(booking.reserve("concert", "alice", 2))))
                .containsExactly("update");
        assertThat(outcome.get()).isEqualTo(new ReservationOutcome.Reserved("concert", "alice", 2));
    }

    @Test
    void booking_reserve_takes_two_round_trips_when_full_the_second_being_the_classifying_read() {
        uncountedBooking().create("concert", 1);
        uncountedBooking().reserve("concert", "bob").orThrow();
        CapacityBooking booking = CapacityBooking.of(events());
        AtomicReference<ReservationOutcome> outcome = new AtomicReference<>();

        assertThat(commands.during(() -> outcome.set(booking.reserve("concert", "alice"))))
                .containsExactly("update", "find");
        assertThat(outcome.get()).isEqualTo(new ReservationOutcome.Full("concert", 1, 1, 1,
                BsonDocument.parse("{$and: [{'holders.holder': {$ne: 'alice'}},"
                        + " {$or: [{holders: {$exists: false}}, {holders: {$type: 4}}]},"
                        + " {holders: {$not: {$elemMatch: {$not: {$type: 'object'}}}}}, {capacity: {$type: 'number'}},"
                        + " {$expr: {$lte: [{$add: [{$ifNull: ['$sold', 0]}, 1]}, '$capacity']}}]}")));
    }

    @Test
    void booking_reserve_takes_two_round_trips_when_the_holder_already_has_seats() {
        uncountedBooking().create("concert", 5);
        uncountedBooking().reserve("concert", "alice", 2).orThrow();
        CapacityBooking booking = CapacityBooking.of(events());
        AtomicReference<ReservationOutcome> outcome = new AtomicReference<>();

        assertThat(commands.during(() -> outcome.set(booking.reserve("concert", "alice"))))
                .containsExactly("update", "find");
        assertThat(outcome.get()).isEqualTo(new ReservationOutcome.AlreadyReserved("concert", "alice", 2,
                BsonDocument.parse("{$and: [{'holders.holder': {$ne: 'alice'}},"
                        + " {$or: [{holders: {$exists: false}}, {holders: {$type: 4}}]},"
                        + " {holders: {$not: {$elemMatch: {$not: {$type: 'object'}}}}}, {capacity: {$type: 'number'}},"
                        + " {$expr: {$lte: [{$add: [{$ifNull: ['$sold', 0]}, 1]}, '$capacity']}}]}")));
    }

    @Test
    void booking_reserve_takes_two_round_trips_when_the_resource_is_missing() {
        CapacityBooking booking = CapacityBooking.of(events());
        AtomicReference<ReservationOutcome> outcome = new AtomicReference<>();

        assertThat(commands.during(() -> outcome.set(booking.reserve("concert", "alice"))))
                .containsExactly("update", "find");
        assertThat(outcome.get()).isEqualTo(new ReservationOutcome.NotFound(BsonDocument.parse("{_id: 'concert'}")));
    }

    @Test
    void booking_release_takes_one_round_trip_for_a_one_seat_reservation() {
        uncountedBooking().create("concert", 2);
        uncountedBooking().reserve("concert", "alice").orThrow();
        CapacityBooking booking = CapacityBooking.of(events());
        AtomicReference<ReleaseOutcome> outcome = new AtomicReference<>();

        assertThat(commands.during(() -> outcome.set(booking.release("concert", "alice"))))
                .containsExactly("update");
        assertThat(outcome.get()).isEqualTo(new ReleaseOutcome.Released("concert", "alice", 1));
    }

    @Test
    void booking_release_of_several_seats_takes_three_round_trips_as_its_first_update_assumes_one_seat() {
        uncountedBooking().create("concert", 5);
        uncountedBooking().reserve("concert", "alice", 3).orThrow();
        CapacityBooking booking = CapacityBooking.of(events());
        AtomicReference<ReleaseOutcome> outcome = new AtomicReference<>();

        assertThat(commands.during(() -> outcome.set(booking.release("concert", "alice"))))
                .as("the update for one seat matches nothing, the read finds three, the update for three")
                .containsExactly("update", "find", "update");
        assertThat(outcome.get()).isEqualTo(new ReleaseOutcome.Released("concert", "alice", 3));
        assertThat(setUp().find().first()).containsEntry("sold", 0L).containsEntry("holders", List.of());
    }

    @Test
    void booking_release_of_several_seats_takes_one_round_trip_when_the_caller_states_the_seats() {
        uncountedBooking().create("concert", 5);
        uncountedBooking().reserve("concert", "alice", 3).orThrow();
        CapacityBooking booking = CapacityBooking.of(events());
        AtomicReference<ReleaseOutcome> outcome = new AtomicReference<>();

        assertThat(commands.during(() -> outcome.set(booking.release("concert", "alice", 3))))
                .containsExactly("update");
        assertThat(outcome.get()).isEqualTo(new ReleaseOutcome.Released("concert", "alice", 3));
        assertThat(setUp().find().first()).containsEntry("sold", 0L).containsEntry("holders", List.of());
    }

    @Test
    void booking_release_with_a_wrong_seat_count_still_releases_the_stored_count() {
        uncountedBooking().create("concert", 5);
        uncountedBooking().reserve("concert", "alice", 2).orThrow();
        CapacityBooking booking = CapacityBooking.of(events());
        AtomicReference<ReleaseOutcome> outcome = new AtomicReference<>();

        assertThat(commands.during(() -> outcome.set(booking.release("concert", "alice", 4))))
                .containsExactly("update", "find", "update");
        assertThat(outcome.get()).isEqualTo(new ReleaseOutcome.Released("concert", "alice", 2));
        assertThat(setUp().find().first()).containsEntry("sold", 0L);
    }

    @Test
    void booking_release_takes_two_round_trips_when_the_holder_has_no_seats() {
        uncountedBooking().create("concert", 2);
        CapacityBooking booking = CapacityBooking.of(events());
        AtomicReference<ReleaseOutcome> outcome = new AtomicReference<>();

        assertThat(commands.during(() -> outcome.set(booking.release("concert", "alice"))))
                .containsExactly("update", "find");
        assertThat(outcome.get()).isEqualTo(new ReleaseOutcome.NotHeld("concert", "alice",
                BsonDocument.parse("{holders: {$elemMatch: {holder: 'alice', seats: 1}}}")));
    }

    // ---- versioned update: OptimisticVersioning ---------------------------------------------------

    @Test
    void versioned_update_takes_one_round_trip_when_the_version_matches() {
        setUp().insertOne(new Document("_id", 1).append("title", "draft").append("version", 4L));
        OptimisticVersioning<Document> articles = OptimisticVersioning.of(countedCollection());
        AtomicReference<VersionedOutcome> outcome = new AtomicReference<>();

        assertThat(commands.during(() -> outcome.set(articles.update(Conditions.eq("_id", 1), 4,
                update().set("title", "final")))))
                .containsExactly("update");
        assertThat(outcome.get()).isEqualTo(new VersionedOutcome.Updated(5));
        assertThat(setUp().find().first()).containsEntry("title", "final").containsEntry("version", 5L);
    }

    @Test
    void versioned_update_takes_two_round_trips_on_a_conflict_the_second_reading_the_current_version() {
        setUp().insertOne(new Document("_id", 1).append("title", "draft").append("version", 6L));
        OptimisticVersioning<Document> articles = OptimisticVersioning.of(countedCollection());
        AtomicReference<VersionedOutcome> outcome = new AtomicReference<>();

        assertThat(commands.during(() -> outcome.set(articles.update(Conditions.eq("_id", 1), 4,
                update().set("title", "final")))))
                .containsExactly("update", "find");
        assertThat(outcome.get()).isEqualTo(
                new VersionedOutcome.Conflict(BsonDocument.parse("{_id: 1}"), "version", 4, 6));
    }

    @Test
    void versioned_update_takes_two_round_trips_when_the_document_is_missing() {
        OptimisticVersioning<Document> articles = OptimisticVersioning.of(countedCollection());
        AtomicReference<VersionedOutcome> outcome = new AtomicReference<>();

        assertThat(commands.during(() -> outcome.set(articles.update(Conditions.eq("_id", 1), 4,
                update().set("title", "final")))))
                .containsExactly("update", "find");
        assertThat(outcome.get()).isEqualTo(new VersionedOutcome.NotFound(BsonDocument.parse("{_id: 1}")));
    }

    @Test
    void versioned_upsert_takes_one_round_trip_whether_it_inserts_or_updates() {
        OptimisticVersioning<Document> articles = OptimisticVersioning.of(countedCollection());
        AtomicReference<VersionedOutcome> outcome = new AtomicReference<>();

        assertThat(commands.during(() -> outcome.set(articles.upsert(Conditions.eq("_id", 1),
                update().set("title", "draft"))))).as("insert").containsExactly("findAndModify");
        assertThat(outcome.get()).isEqualTo(new VersionedOutcome.Inserted(1));
        assertThat(commands.during(() -> outcome.set(articles.upsert(Conditions.eq("_id", 1),
                update().set("title", "final"))))).as("update").containsExactly("findAndModify");
        assertThat(outcome.get()).isEqualTo(new VersionedOutcome.Updated(2));
    }

    @Test
    void versioned_updateWithRetry_reads_then_writes_two_round_trips_when_uncontended() {
        setUp().insertOne(new Document("_id", 1).append("views", 41).append("version", 4L));
        OptimisticVersioning<Document> articles = OptimisticVersioning.of(countedCollection());
        AtomicReference<VersionedOutcome> outcome = new AtomicReference<>();

        assertThat(commands.during(() -> outcome.set(articles.updateWithRetry(Conditions.eq("_id", 1),
                read -> update().set("views", read.getInteger("views") + 1)))))
                .containsExactly("find", "update");
        assertThat(outcome.get()).isEqualTo(new VersionedOutcome.Updated(5));
        assertThat(setUp().find().first()).containsEntry("views", 42);
    }

    // ---- counters: Counters ---------------------------------------------------------------------

    @Test
    void counter_incrementAndGet_addAndGet_and_decrementAndGet_take_one_round_trip_returning_the_new_value() {
        Counters counters = Counters.of(events());
        AtomicLong views = new AtomicLong();
        AtomicReference<BigDecimal> balance = new AtomicReference<>();

        assertThat(commands.during(() -> views.set(counters.incrementAndGet("page", "views"))))
                .as("incrementAndGet, creating the document").containsExactly("findAndModify");
        assertThat(views).hasValue(1);
        assertThat(commands.during(() -> views.set(counters.addAndGet("page", "views", 41))))
                .as("addAndGet").containsExactly("findAndModify");
        assertThat(views).hasValue(42);
        assertThat(commands.during(() -> views.set(counters.decrementAndGet("page", "views"))))
                .as("decrementAndGet").containsExactly("findAndModify");
        assertThat(views).hasValue(41);
        assertThat(commands.during(() -> balance.set(counters.addAndGet("acc", "balance", new BigDecimal("0.10")))))
                .as("addAndGet of a decimal").containsExactly("findAndModify");
        assertThat(balance.get()).isEqualTo(new BigDecimal("0.10"));
    }

    @Test
    void counter_add_without_reading_back_takes_one_round_trip() {
        Counters counters = Counters.of(events());

        assertThat(commands.during(() -> counters.add("page", "views", 5))).containsExactly("update");
        assertThat(setUp().find().first()).containsEntry("views", 5L);
    }

    @Test
    void bounded_decrement_and_increment_take_one_round_trip_when_applied() {
        setUp().insertOne(new Document("_id", "sku").append("stock", 5L));
        Counters counters = Counters.of(events());
        AtomicReference<BoundedChange<Long>> change = new AtomicReference<>();

        assertThat(commands.during(() -> change.set(counters.decrement("sku", "stock", 2, 0))))
                .as("decrement").containsExactly("findAndModify");
        assertThat(change.get()).isEqualTo(new BoundedChange.Applied<>(3L));
        assertThat(commands.during(() -> change.set(counters.increment("sku", "stock", 4, 10))))
                .as("increment").containsExactly("findAndModify");
        assertThat(change.get()).isEqualTo(new BoundedChange.Applied<>(7L));
    }

    @Test
    void bounded_decrement_takes_two_round_trips_when_refused_the_second_reading_the_current_value() {
        setUp().insertOne(new Document("_id", "sku").append("stock", 1L));
        Counters counters = Counters.of(events());
        AtomicReference<BoundedChange<Long>> change = new AtomicReference<>();

        assertThat(commands.during(() -> change.set(counters.decrement("sku", "stock", 2, 0))))
                .containsExactly("findAndModify", "find");
        assertThat(change.get()).isInstanceOfSatisfying(BoundedChange.Refused.class, refused -> {
            assertThat(refused.current()).isEqualTo(1L);
            assertThat(refused.bound()).isEqualTo(0L);
        });
        assertThat(setUp().find().first()).containsEntry("stock", 1L);
    }

    @Test
    void bounded_decrement_takes_two_round_trips_when_the_document_is_missing() {
        Counters counters = Counters.of(events());
        AtomicReference<BoundedChange<Long>> change = new AtomicReference<>();

        assertThat(commands.during(() -> change.set(counters.decrement("sku", "stock", 2, 0))))
                .containsExactly("findAndModify", "find");
        assertThat(change.get()).isEqualTo(new BoundedChange.NotFound<>(BsonDocument.parse("{_id: 'sku'}")));
    }

    // ---- rate limiter: FixedWindowRateLimiter ---------------------------------------------------

    @Test
    void rate_limiter_tryAcquire_takes_one_round_trip_whether_allowed_or_refused() {
        FixedWindowRateLimiter limiter = FixedWindowRateLimiter.of(events())
                .withClock(Clock.fixed(Instant.parse("2024-01-15T10:17:00Z"), ZoneOffset.UTC));
        AtomicReference<RateLimitDecision> decision = new AtomicReference<>();

        assertThat(commands.during(() -> decision.set(limiter.tryAcquire("user-1", 1, Duration.ofHours(1)))))
                .as("allowed, creating the window").containsExactly("findAndModify");
        assertThat(decision.get().isAllowed()).isTrue();
        assertThat(commands.during(() -> decision.set(limiter.tryAcquire("user-1", 1, Duration.ofHours(1)))))
                .as("refused").containsExactly("findAndModify");
        assertThat(decision.get().isAllowed()).isFalse();
        assertThat(decision.get().count()).isEqualTo(2);
    }

    // ---- lease: Leases (steady-state counts on this server's path: LeaseRoundTripTest) ----------

    @Test
    void lease_acquire_probes_for_pipeline_updates_once_per_Leases_then_takes_one_round_trip() {
        Leases leases = Leases.on(countedCollection());

        assertThat(commands.during(() -> leases.acquire("warm-up", "worker-a", MINUTE).orThrow()))
                .as("first call: the one-time probe for pipeline updates, then the acquire")
                .containsExactly("update", "findAndModify");
        assertThat(commands.during(() -> leases.acquire("job", "worker-a", MINUTE).orThrow()))
                .as("later calls: the acquire alone").containsExactly("findAndModify");
    }

    @Test
    @RequiresCapability(Capability.PIPELINE_UPDATES)
    void with_pipeline_updates_lease_acquire_renew_release_and_a_refused_acquire_take_one_round_trip_each() {
        Leases leases = Leases.on(countedCollection());
        assertThat(commands.during(() -> leases.release(leases.acquire("warm-up", "worker-a", MINUTE).orThrow())))
                .as("warm-up: the one-time probe, an acquire, a release")
                .containsExactly("update", "findAndModify", "update");
        AtomicReference<Lease> lease = new AtomicReference<>();
        AtomicReference<LeaseOutcome> refused = new AtomicReference<>();

        assertThat(commands.during(() -> lease.set(leases.acquire("job", "worker-a", MINUTE).orThrow())))
                .as("acquire").containsExactly("findAndModify");
        assertThat(commands.during(() -> refused.set(leases.acquire("job", "worker-b", MINUTE))))
                .as("a refused acquire").containsExactly("findAndModify");
        assertThat(refused.get()).as("the pipeline path names the holder in the same round trip")
                .isEqualTo(new LeaseOutcome.Held("job", Optional.of("worker-a")));
        assertThat(commands.during(() -> lease.set(leases.renew(lease.get(), MINUTE).orThrow())))
                .as("renew").containsExactly("findAndModify");
        assertThat(commands.during(() -> assertThat(leases.release(lease.get()).isRefused()).isFalse()))
                .as("release").containsExactly("update");
    }

    // ---- mailbox: Mailbox (a post's count on each path: MailboxRoundTripTest) -------------------

    @Test
    void mailbox_first_post_probes_for_pipeline_updates_once_before_the_commands_of_a_post(TestMongo mongo) {
        List<String> firstPost = mongo.has(Capability.PIPELINE_UPDATES)
                ? List.of("update", "findAndModify")
                : List.of("update", "update", "findAndModify");
        try (Mailbox<Document, Document> mailbox = Mailbox.builder(countedCollection(), Document.class, Document.class)
                .initialState(() -> new Document("visits", 0))
                .handler((key, state, events) -> new Document("visits", state.getInteger("visits") + events.size()))
                .build()) {

            assertThat(commands.duringOnThisThread(() -> mailbox.post("home", new Document("page", "/"))))
                    .as("the probe (update), then the post: one findAndModify with pipeline updates, "
                            + "else an update ($push) and a findAndModify (the lock)")
                    .containsExactlyElementsOf(firstPost);
        }
    }
}

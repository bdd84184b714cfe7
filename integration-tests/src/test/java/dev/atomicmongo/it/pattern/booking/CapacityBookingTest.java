package dev.atomicmongo.it.pattern.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.atomicmongo.ConditionFailedException;
import dev.atomicmongo.DocumentNotFoundException;
import dev.atomicmongo.StoredValueException;
import dev.atomicmongo.collection.RetryPolicy;
import dev.atomicmongo.collection.UpsertOutcome;
import dev.atomicmongo.it.pattern.Concurrency;
import dev.atomicmongo.pattern.booking.BookingRefusal;
import dev.atomicmongo.pattern.booking.CapacityBooking;
import dev.atomicmongo.pattern.booking.ReleaseOutcome;
import dev.atomicmongo.pattern.booking.ReservationOutcome;
import dev.atomicmongo.pattern.booking.ReservationRefusedException;
import dev.atomicmongo.test.MongoTest;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

@MongoTest
class CapacityBookingTest {
    private MongoCollection<Document> events;
    private CapacityBooking booking;

    @BeforeEach
    void setUp(MongoDatabase db) {
        events = db.getCollection("events");
        events.deleteMany(new Document());
        booking = CapacityBooking.of(events);
        booking.ensureIndexes();
    }

    private Document stored(String id) {
        return events.find(new Document("_id", id)).first();
    }

    private static Document entry(String holder, int seats) {
        return new Document("holder", holder).append("seats", seats);
    }

    /** The reservation guard as sent, with the default field names. */
    static BsonDocument guard(String holder, int seats) {
        return guard("capacity", "sold", "holders", holder, seats);
    }

    static BsonDocument guard(String capacity, String sold, String holders, String holder, int seats) {
        return BsonDocument.parse("{$and: [{'" + holders + ".holder': {$ne: '" + holder + "'}}, {$or: [{" + holders
                + ": {$exists: false}}, {" + holders + ": {$type: 4}}]}, {" + holders + ": {$not: {$elemMatch: {$not: "
                + "{$type: 'object'}}}}}, {" + capacity + ": {$type: 'number'}}, {$expr: {$lte: [{$add: [{$ifNull: ['$"
                + sold + "', 0]}, " + seats + "]}, '$" + capacity + "']}}]}");
    }

    /** The release guard as sent. */
    static BsonDocument holding(String holder, int seats) {
        return BsonDocument.parse("{holders: {$elemMatch: {holder: '" + holder + "', seats: " + seats + "}}}");
    }

    @Test
    void create_inserts_an_empty_resource_once_and_never_changes_it() {
        UpsertOutcome first = booking.create("concert", 2);
        booking.reserve("concert", "alice");
        UpsertOutcome second = booking.create("concert", 50);

        assertThat(first).isInstanceOf(UpsertOutcome.Inserted.class);
        assertThat(second).isInstanceOf(UpsertOutcome.AlreadyExists.class);
        assertThat(stored("concert")).isEqualTo(new Document("_id", "concert").append("capacity", 2L)
                .append("sold", 1L).append("holders", List.of(entry("alice", 1))));
    }

    @Test
    void a_full_resource_refuses_with_what_was_sold_and_its_capacity() {
        booking.create("gig", 1);
        booking.reserve("gig", "alice");

        ReservationOutcome outcome = booking.reserve("gig", "bob");

        assertThat(outcome).isEqualTo(new ReservationOutcome.Full("gig", 1, 1, 1, guard("bob", 1)));
        assertThatThrownBy(outcome::orThrow).isInstanceOfSatisfying(ReservationRefusedException.class, e -> {
            BookingRefusal refusal = e.refusal();
            assertThat(refusal).isEqualTo(outcome);
            assertThat(e.condition()).isEqualTo(guard("bob", 1));
        }).isInstanceOf(ConditionFailedException.class).hasMessage("Resource gig has 0 of 1 seat(s) left; 1 requested");
        assertThat(stored("gig").getList("holders", Document.class)).containsExactly(entry("alice", 1));
    }

    @Test
    void an_unknown_resource_is_not_found() {
        ReservationOutcome outcome = booking.reserve("nothing", "alice");

        assertThat(outcome).isEqualTo(new ReservationOutcome.NotFound(BsonDocument.parse("{_id: 'nothing'}")));
        assertThatThrownBy(outcome::orThrow).isInstanceOf(DocumentNotFoundException.class)
                .hasMessage("No document matches {\"_id\": \"nothing\"}");
        assertThat(booking.release("nothing", "alice"))
                .isEqualTo(new ReleaseOutcome.NotFound(BsonDocument.parse("{_id: 'nothing'}")));
    }

    @Test
    void reserves_several_seats_only_while_they_fit() {
        booking.create("table", 5);

        ReservationOutcome alice = booking.reserve("table", "alice", 3);
        ReservationOutcome bobTooMany = booking.reserve("table", "bob", 3);
        ReservationOutcome bob = booking.reserve("table", "bob", 2);

        assertThat(alice).isEqualTo(new ReservationOutcome.Reserved("table", "alice", 3));
        assertThat(bobTooMany).isEqualTo(new ReservationOutcome.Full("table", 3, 3, 5, guard("bob", 3)));
        assertThat(((ReservationOutcome.Full) bobTooMany).remaining()).isEqualTo(2);
        assertThat(bob).isEqualTo(new ReservationOutcome.Reserved("table", "bob", 2));
        assertThat(stored("table")).isEqualTo(new Document("_id", "table").append("capacity", 5L).append("sold", 5L)
                .append("holders", List.of(entry("alice", 3), entry("bob", 2))));
    }

    @Test
    void a_resource_without_sold_counts_from_zero_and_one_without_capacity_is_an_error() {
        events.insertOne(new Document("_id", "bare").append("capacity", 1));
        events.insertOne(new Document("_id", "broken").append("capacity", "ten"));

        assertThat(booking.reserve("bare", "alice")).isEqualTo(new ReservationOutcome.Reserved("bare", "alice", 1));
        assertThat(stored("bare").getInteger("sold")).isEqualTo(1);
        assertThatThrownBy(() -> booking.reserve("broken", "alice")).isInstanceOf(StoredValueException.class)
                .hasMessageStartingWith("The stored 'capacity' is \"ten\" (a BSON STRING), not a number (resource broken in ")
                .hasMessageEndingWith(".events)");
    }

    @Test
    void holders_that_are_not_an_array_are_refused_at_once_as_a_stored_value_error() {
        // holders is a document, not an array: the server's guard sees alice's entry, the read cannot
        events.insertOne(new Document("_id", "odd").append("capacity", 5).append("sold", 0)
                .append("holders", entry("alice", 1)));

        assertThatThrownBy(() -> booking.reserve("odd", "alice"))
                .isInstanceOfSatisfying(StoredValueException.class, e -> assertThat(e.path()).isEqualTo("holders"))
                .hasMessageStartingWith("The stored 'holders' is DOCUMENT (a BSON DOCUMENT), not an array");
        assertThat(stored("odd").getInteger("sold")).isZero();
    }

    @Test
    void a_wrong_seat_count_is_corrected_within_one_attempt_even_without_retries() {
        booking.create("gig", 5);
        booking.reserve("gig", "alice", 2);

        assertThat(booking.withRetryPolicy(RetryPolicy.none()).release("gig", "alice"))
                .isEqualTo(new ReleaseOutcome.Released("gig", "alice", 2));
        assertThat(stored("gig").getLong("sold")).isZero();
    }

    @Test
    void a_fractional_seat_count_is_refused_at_once_never_truncated_or_retried() {
        events.insertOne(new Document("_id", "odd").append("capacity", 5).append("sold", 2.5)
                .append("holders", List.of(new Document("holder", "alice").append("seats", 2.5))));
        RetryPolicy three = RetryPolicy.builder().maxAttempts(3).backoff(Duration.ZERO, Duration.ZERO).build();

        assertThatThrownBy(() -> booking.withRetryPolicy(three).release("odd", "alice"))
                .isInstanceOfSatisfying(StoredValueException.class, e -> assertThat(e.path()).isEqualTo("holders.seats"))
                .hasMessage("The stored 'holders.seats' is 2.5 (a BSON DOUBLE), not a whole number within 64 bits");
        assertThat(stored("odd").getDouble("sold")).isEqualTo(2.5);
    }

    @Test
    void refuses_a_seat_count_below_one() {
        assertThatThrownBy(() -> booking.reserve("x", "alice", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("seats must be >= 1, got 0");
    }

    @Test
    void release_by_a_holder_without_seats_is_not_held() {
        booking.create("gig", 3);

        ReleaseOutcome outcome = booking.release("gig", "stranger");

        assertThat(outcome).isEqualTo(new ReleaseOutcome.NotHeld("gig", "stranger", holding("stranger", 1)));
        assertThatThrownBy(outcome::orThrow).isInstanceOf(ReservationRefusedException.class)
                .hasMessage("Holder stranger holds no seat of gig");
    }

    @Test
    void release_of_several_seats_gives_them_all_back() {
        booking.create("table", 4);
        booking.reserve("table", "alice", 3);
        booking.reserve("table", "bob", 1);

        assertThat(booking.release("table", "alice")).isEqualTo(new ReleaseOutcome.Released("table", "alice", 3));
        assertThat(stored("table")).isEqualTo(new Document("_id", "table").append("capacity", 4L).append("sold", 1L)
                .append("holders", List.of(entry("bob", 1))));
    }

    @Test
    void configured_field_names_are_used() {
        events.insertOne(new Document("_id", "e").append("tickets", 1).append("tickets_sold", 0)
                .append("registration_ids", List.of()));
        CapacityBooking custom = booking.withCapacityField("tickets").withSoldField("tickets_sold")
                .withHoldersField("registration_ids");

        assertThat(custom.reserve("e", "u1").isReserved()).isTrue();
        assertThat(custom.reserve("e", "u2")).isEqualTo(new ReservationOutcome.Full("e", 1, 1, 1,
                guard("tickets", "tickets_sold", "registration_ids", "u2", 1)));
        assertThat(stored("e")).isEqualTo(new Document("_id", "e").append("tickets", 1).append("tickets_sold", 1)
                .append("registration_ids", List.of(entry("u1", 1))));
        assertThat(custom.ensureIndexes()).containsExactly("registration_ids.holder_1");
    }

    @Test
    void ensureIndexes_creates_the_multikey_index_on_holder_ids() {
        List<String> names = booking.ensureIndexes();

        assertThat(names).containsExactly("holders.holder_1");
        assertThat(events.listIndexes().map(i -> i.get("key", Document.class)).into(new java.util.ArrayList<>()))
                .contains(new Document("holders.holder", 1));
    }

    @RepeatedTest(20)
    void a_holder_reserving_twice_gets_already_reserved_and_nothing_changes() {
        booking.create("gig", 10);
        booking.reserve("gig", "alice", 2);

        ReservationOutcome again = booking.reserve("gig", "alice");

        assertThat(again).isEqualTo(new ReservationOutcome.AlreadyReserved("gig", "alice", 2, guard("alice", 1)));
        assertThatThrownBy(again::orThrow).isInstanceOf(ReservationRefusedException.class)
                .hasMessage("Holder alice already holds 2 seat(s) of gig");
        assertThat(stored("gig").getLong("sold")).isEqualTo(2);
        assertThat(stored("gig").getList("holders", Document.class)).containsExactly(entry("alice", 2));
    }

    @RepeatedTest(20)
    void release_then_reserve_works_for_the_same_and_another_holder() {
        booking.create("gig", 1);
        booking.reserve("gig", "alice");

        assertThat(booking.release("gig", "alice")).isEqualTo(new ReleaseOutcome.Released("gig", "alice", 1));
        assertThat(booking.release("gig", "alice")).isEqualTo(new ReleaseOutcome.NotHeld("gig", "alice", holding("alice", 1)));
        assertThat(booking.reserve("gig", "bob").isReserved()).isTrue();
        assertThat(booking.reserve("gig", "alice")).isEqualTo(new ReservationOutcome.Full("gig", 1, 1, 1, guard("alice", 1)));
        assertThat(booking.release("gig", "bob").isReleased()).isTrue();
        assertThat(booking.reserve("gig", "alice").isReserved()).isTrue();
        assertThat(stored("gig")).isEqualTo(new Document("_id", "gig").append("capacity", 1L).append("sold", 1L)
                .append("holders", List.of(entry("alice", 1))));
    }

    @RepeatedTest(5)
    void two_hundred_threads_at_capacity_one_give_exactly_one_reservation() throws Exception {
        booking.create("last-ticket", 1);
        Set<String> winners = ConcurrentHashMap.newKeySet();
        AtomicInteger full = new AtomicInteger();

        Concurrency.run(200, thread -> {
            ReservationOutcome outcome = booking.reserve("last-ticket", "user-" + thread);
            if (outcome.isReserved()) {
                winners.add("user-" + thread);
            } else if (outcome instanceof ReservationOutcome.Full) {
                full.incrementAndGet();
            }
        });

        assertThat(winners).hasSize(1);
        assertThat(full).hasValue(199);
        Document stored = stored("last-ticket");
        assertThat(stored.getLong("sold")).isEqualTo(1);
        assertThat(stored.getList("holders", Document.class)).containsExactly(entry(winners.iterator().next(), 1));
    }

    @RepeatedTest(5)
    void a_thousand_attempts_from_16_threads_at_capacity_100_give_exactly_100() throws Exception {
        booking.create("hall", 100);
        AtomicInteger attempts = new AtomicInteger();
        Set<String> reserved = ConcurrentHashMap.newKeySet();

        Concurrency.run(16, thread -> {
            for (int n = attempts.getAndIncrement(); n < 1000; n = attempts.getAndIncrement()) {
                if (booking.reserve("hall", "user-" + n).isReserved()) {
                    reserved.add("user-" + n);
                }
            }
        });

        assertThat(reserved).hasSize(100);
        Document stored = stored("hall");
        List<Document> holders = stored.getList("holders", Document.class);
        assertThat(stored.getLong("sold")).isEqualTo(100);
        assertThat(holders).hasSize(100);
        assertThat(holders.stream().map(h -> h.getString("holder"))).containsExactlyInAnyOrderElementsOf(reserved);
    }

    @RepeatedTest(5)
    void holders_reserving_and_releasing_concurrently_never_exceed_capacity() throws Exception {
        int capacity = 5;
        booking.create("room", capacity);
        AtomicInteger holding = new AtomicInteger();
        AtomicInteger mostHolding = new AtomicInteger();

        Concurrency.run(16, thread -> {
            for (int i = 0; i < 25; i++) {
                if (booking.reserve("room", "user-" + thread).isReserved()) {
                    // counted after the server booked and before it releases: never above what is stored
                    mostHolding.accumulateAndGet(holding.incrementAndGet(), Math::max);
                    holding.decrementAndGet();
                    assertThat(booking.release("room", "user-" + thread).isReleased()).isTrue();
                }
            }
        });

        assertThat(mostHolding.get()).isBetween(1, capacity);
        assertThat(stored("room")).isEqualTo(new Document("_id", "room").append("capacity", (long) capacity)
                .append("sold", 0L).append("holders", List.of()));
    }

    /**
     * The control experiment: the same race without the guard in the filter overbooks on this
     * server too, so the tests above pass because of the filter, not because the embedded server
     * runs one write at a time.
     */
    @Test
    void a_check_then_write_without_the_filter_guard_overbooks_on_this_server() throws Exception {
        booking.create("naive", 1);
        CyclicBarrier everyoneHasRead = new CyclicBarrier(50);

        Concurrency.run(50, thread -> {
            Document read = stored("naive");
            boolean looksFree = read.getLong("sold") < read.getLong("capacity");
            everyoneHasRead.await();
            if (looksFree) {
                events.updateOne(new Document("_id", "naive"), new Document("$inc", new Document("sold", 1))
                        .append("$push", new Document("holders", entry("user-" + thread, 1))));
            }
        });

        assertThat(stored("naive").getLong("sold")).isEqualTo(50);
    }

    @Test
    void one_field_given_two_roles_is_refused_when_configured() {
        assertThatThrownBy(() -> booking.withSoldField("capacity"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The capacity field 'capacity' and the sold field 'capacity' overlap; each role needs a field "
                        + "of its own");
        assertThatThrownBy(() -> booking.withHoldersField("sold.list"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The sold field 'sold' and the holders field 'sold.list' overlap; each role needs a field "
                        + "of its own");
        assertThatThrownBy(() -> booking.withCapacityField("_id"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The capacity field must not be '_id' or inside it, got '_id'");
        assertThat(booking.withSoldField("counts.sold").withCapacityField("counts.capacity")).isNotNull();
    }
}

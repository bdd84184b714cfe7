package dev.atomicmongo.it.pattern.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.atomicmongo.StoredValueException;
import dev.atomicmongo.it.pattern.Concurrency;
import dev.atomicmongo.pattern.booking.CapacityBooking;
import dev.atomicmongo.pattern.booking.Holder;
import dev.atomicmongo.pattern.booking.HolderLayout;
import dev.atomicmongo.pattern.booking.ReleaseOutcome;
import dev.atomicmongo.pattern.booking.ReservationOutcome;
import dev.atomicmongo.test.MongoTest;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * Booking on existing data: the ticket-booking reference's documents,
 * {@code {_id, capacity, tickets_sold?, registration_ids: [user ids]}}, booked with
 * {@link HolderLayout#PLAIN_IDS}; and a booking of either layout pointed at the other layout's
 * data refusing it, never booking twice and never writing.
 */
@MongoTest
class HolderLayoutTest {
    private static final String ENTRIES_NEEDED = "The stored 'registration_ids.0' is \"u1\" (a BSON STRING), not a holder entry "
            + "{holder, seats}: the booking uses HolderLayout.ENTRIES; an array of plain ids needs "
            + "withHolderLayout(HolderLayout.PLAIN_IDS)";

    private MongoCollection<Document> events;
    private CapacityBooking registrations;

    @BeforeEach
    void setUp(MongoDatabase db) {
        events = db.getCollection("events");
        events.deleteMany(new Document());
        CapacityBooking registrations = CapacityBooking.of(events)
                .withSoldField("tickets_sold")
                .withHoldersField("registration_ids")
                .withHolderLayout(HolderLayout.PLAIN_IDS);
        registrations.ensureIndexes();                         // {registration_ids: 1}, as the reference
        this.registrations = registrations;
    }

    /** The reference's event document; {@code tickets_sold} left out when null. */
    private void insertEvent(String id, int capacity, Integer sold, List<?> registered) {
        Document event = new Document("_id", id).append("capacity", capacity);
        if (sold != null) {
            event.append("tickets_sold", sold);
        }
        events.insertOne(event.append("registration_ids", registered));
    }

    private Document stored(String id) {
        return events.find(new Document("_id", id)).first();
    }

    /** The plain-ids reservation guard as sent. */
    private static BsonDocument plainGuard(String holder) {
        return BsonDocument.parse("{$and: [{registration_ids: {$ne: '" + holder + "'}},"
                + " {$or: [{registration_ids: {$exists: false}}, {registration_ids: {$type: 4}}]},"
                + " {registration_ids: {$not: {$elemMatch: {holder: {$exists: true}}}}}, {capacity: {$type: 'number'}},"
                + " {$expr: {$lte: [{$add: [{$ifNull: ['$tickets_sold', 0]}, 1]}, '$capacity']}}]}");
    }

    @Test
    void plain_ids_book_the_references_document_once_per_user_and_never_beyond_capacity() {
        insertEvent("e1", 2, null, List.of());

        ReservationOutcome outcome = registrations.reserve("e1", "u7");
        assertThat(outcome).isEqualTo(new ReservationOutcome.Reserved("e1", "u7", 1));
        assertThat(registrations.reserve("e1", "u7"))
                .isEqualTo(new ReservationOutcome.AlreadyReserved("e1", "u7", 1, plainGuard("u7")));
        assertThat(registrations.reserve("e1", "u8").isReserved()).isTrue();
        assertThat(registrations.reserve("e1", "u9")).isEqualTo(new ReservationOutcome.Full("e1", 1, 2, 2, plainGuard("u9")));
        assertThat(stored("e1")).isEqualTo(new Document("_id", "e1").append("capacity", 2)
                .append("registration_ids", List.of("u7", "u8")).append("tickets_sold", 1 + 1));
        assertThat(events.listIndexes().map(i -> i.get("key", Document.class)).into(new ArrayList<>()))
                .contains(new Document("registration_ids", 1));
    }

    @Test
    void plain_ids_release_pulls_the_id_and_gives_its_one_seat_back() {
        insertEvent("e1", 2, 2, List.of("u1", "u2"));

        assertThat(registrations.release("e1", "u1")).isEqualTo(new ReleaseOutcome.Released("e1", "u1", 1));
        assertThat(registrations.release("e1", "u1")).isEqualTo(new ReleaseOutcome.NotHeld("e1", "u1",
                BsonDocument.parse("{registration_ids: 'u1'}")));
        assertThat(registrations.reserve("e1", "u3").isReserved()).isTrue();
        assertThat(stored("e1")).isEqualTo(new Document("_id", "e1").append("capacity", 2).append("tickets_sold", 2)
                .append("registration_ids", List.of("u2", "u3")));
    }

    @Test
    void plain_ids_refuse_more_than_one_seat_when_the_call_is_made() {
        assertThatThrownBy(() -> registrations.reserve("e1", "u1", 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("seats must be 1 with HolderLayout.PLAIN_IDS ('registration_ids' holds one id per seat), got 2");
        assertThatThrownBy(() -> registrations.release("e1", "u1", 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("seats must be 1 with HolderLayout.PLAIN_IDS ('registration_ids' holds one id per seat), got 3");
    }

    @Test
    void plain_ids_that_are_documents_or_numbers_are_compared_as_values() {
        insertEvent("e1", 10, 0, List.of());
        Document member = new Document("org", 1).append("user", 2);

        assertThat(registrations.reserve("e1", member).isReserved()).isTrue();
        assertThat(registrations.reserve("e1", new Document("org", 1)).isReserved()).as("a partial document is another id")
                .isTrue();
        assertThat(registrations.reserve("e1", 7).isReserved()).isTrue();
        assertThat(registrations.reserve("e1", 7L)).as("7 and 7L are one id to the server")
                .isEqualTo(new ReservationOutcome.AlreadyReserved("e1", 7L, 1, BsonDocument.parse(
                        plainGuard("x").toJson().replace("\"x\"", "{\"$numberLong\": \"7\"}"))));
        assertThat(registrations.release("e1", new Document("org", 1)).isReleased()).isTrue();
        assertThat(stored("e1").getList("registration_ids", Object.class)).containsExactly(member, 7);
        assertThat(stored("e1").getInteger("tickets_sold")).isEqualTo(2);
    }

    @Test
    void a_plain_id_that_looks_like_an_operator_is_booked_and_released_as_a_value() {
        insertEvent("e1", 10, 1, List.of("u1"));

        assertThat(registrations.reserve("e1", "$ne").isReserved()).isTrue();
        assertThat(registrations.reserve("e1", "u2").isReserved()).as("'$ne' matched only itself").isTrue();
        assertThat(registrations.reserve("e1", "$ne").isReserved()).isFalse();
        assertThat(registrations.release("e1", "$ne").isReleased()).isTrue();
        assertThat(stored("e1")).isEqualTo(new Document("_id", "e1").append("capacity", 10).append("tickets_sold", 2)
                .append("registration_ids", List.of("u1", "u2")));
        assertThatThrownBy(() -> registrations.reserve("e1", new Document("$gt", ""))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("holderId Document{{$gt=}}: an id must not hold a $-prefixed field name ('$gt'); "
                        + "MongoDB does not store one through an update");
    }

    @Test
    void holders_lists_each_layout_with_its_seats_and_is_empty_for_a_missing_resource() {
        insertEvent("e1", 10, 2, List.of("u1", "u2"));
        CapacityBooking entries = CapacityBooking.of(events);
        entries.create("concert", 10);
        entries.reserve("concert", "alice", 3);
        entries.reserve("concert", "bob", 1);

        List<Holder> holders = registrations.holders("e1").orElseThrow();

        assertThat(holders).containsExactly(new Holder("u1", 1), new Holder("u2", 1));
        assertThat(entries.holders("concert")).contains(List.of(new Holder("alice", 3), new Holder("bob", 1)));
        assertThat(entries.holders("nothing")).isEqualTo(Optional.empty());
        events.insertOne(new Document("_id", "bare").append("capacity", 1));
        assertThat(registrations.holders("bare")).contains(List.of());
    }

    @Test
    void an_entries_booking_pointed_at_plain_ids_refuses_with_the_layout_error_and_writes_nothing() {
        insertEvent("e1", 10, 1, List.of("u1"));
        Document before = stored("e1");
        CapacityBooking entries = CapacityBooking.of(events).withSoldField("tickets_sold").withHoldersField("registration_ids");

        assertThatThrownBy(() -> entries.reserve("e1", "u1"))
                .isInstanceOfSatisfying(StoredValueException.class, e -> assertThat(e.path()).isEqualTo("registration_ids.0"))
                .hasMessageStartingWith("The stored 'registration_ids.0' is \"u1\" (a BSON STRING), not a holder entry");
        assertThatThrownBy(() -> entries.reserve("e1", "u2")).isInstanceOf(StoredValueException.class).hasMessage(ENTRIES_NEEDED);
        assertThatThrownBy(() -> entries.release("e1", "u1")).isInstanceOf(StoredValueException.class).hasMessage(ENTRIES_NEEDED);
        assertThatThrownBy(() -> entries.holders("e1")).isInstanceOf(StoredValueException.class).hasMessage(ENTRIES_NEEDED);
        assertThat(stored("e1")).isEqualTo(before);
    }

    @Test
    void a_plain_ids_booking_pointed_at_entries_refuses_with_the_layout_error_and_writes_nothing() {
        CapacityBooking entries = CapacityBooking.of(events).withSoldField("tickets_sold").withHoldersField("registration_ids");
        entries.create("e1", 10);
        entries.reserve("e1", "u1", 2);
        Document before = stored("e1");
        String message = "The stored 'registration_ids.0' is DOCUMENT (a BSON DOCUMENT), not a plain holder id: the booking"
                + " uses HolderLayout.PLAIN_IDS; {holder, seats} entries need withHolderLayout(HolderLayout.ENTRIES)";

        assertThatThrownBy(() -> registrations.reserve("e1", "u1")).isInstanceOf(StoredValueException.class).hasMessage(message);
        assertThatThrownBy(() -> registrations.reserve("e1", "u2")).isInstanceOf(StoredValueException.class).hasMessage(message);
        assertThatThrownBy(() -> registrations.release("e1", "u1")).isInstanceOf(StoredValueException.class).hasMessage(message);
        assertThat(stored("e1")).isEqualTo(before);
    }

    @Test
    void registration_ids_that_are_null_or_not_an_array_are_refused_before_anything_is_written() {
        events.insertOne(new Document("_id", "null").append("capacity", 5).append("registration_ids", null));
        events.insertOne(new Document("_id", "text").append("capacity", 5).append("registration_ids", "u1"));

        assertThatThrownBy(() -> registrations.reserve("null", "u1")).isInstanceOf(StoredValueException.class)
                .hasMessage("The stored 'registration_ids' is NULL (a BSON NULL), not an array of holder ids");
        assertThatThrownBy(() -> registrations.reserve("text", "u2")).isInstanceOf(StoredValueException.class)
                .hasMessage("The stored 'registration_ids' is \"u1\" (a BSON STRING), not an array of holder ids");
        assertThat(stored("null")).doesNotContainKey("tickets_sold");
        assertThat(stored("text")).doesNotContainKey("tickets_sold");
    }

    @RepeatedTest(10)
    void an_entries_booking_on_plain_ids_never_books_16_racing_threads_and_never_corrupts_the_array() throws Exception {
        insertEvent("e1", 100, 1, List.of("u1"));
        Document before = stored("e1");
        CapacityBooking entries = CapacityBooking.of(events).withSoldField("tickets_sold").withHoldersField("registration_ids");
        AtomicInteger refused = new AtomicInteger();

        Concurrency.run(16, thread -> {
            try {
                entries.reserve("e1", thread % 2 == 0 ? "u1" : "u-" + thread);
            } catch (StoredValueException e) {
                refused.incrementAndGet();
            }
        });

        assertThat(refused).hasValue(16);
        assertThat(stored("e1")).isEqualTo(before);
    }

    @RepeatedTest(10)
    void sixteen_threads_booking_the_same_user_give_one_reservation() throws Exception {
        insertEvent("e1", 10, null, List.of());
        AtomicInteger reserved = new AtomicInteger();
        AtomicInteger already = new AtomicInteger();

        Concurrency.run(16, thread -> {
            ReservationOutcome outcome = registrations.reserve("e1", "u1");
            if (outcome.isReserved()) {
                reserved.incrementAndGet();
            } else if (outcome instanceof ReservationOutcome.AlreadyReserved) {
                already.incrementAndGet();
            }
        });

        assertThat(reserved).hasValue(1);
        assertThat(already).hasValue(15);
        assertThat(stored("e1")).isEqualTo(new Document("_id", "e1").append("capacity", 10)
                .append("registration_ids", List.of("u1")).append("tickets_sold", 1));
    }

    @RepeatedTest(10)
    void many_users_racing_for_the_last_seats_never_overbook_and_never_store_an_id_twice() throws Exception {
        List<String> booked = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            booked.add("early-" + i);
        }
        insertEvent("e1", 10, 7, booked);
        Set<String> winners = ConcurrentHashMap.newKeySet();
        AtomicInteger wins = new AtomicInteger();

        Concurrency.run(64, thread -> {
            String user = "user-" + thread % 16; // each user races from four threads
            if (registrations.reserve("e1", user).isReserved()) {
                winners.add(user);
                wins.incrementAndGet();
            }
        });

        assertThat(wins).hasValue(3);
        assertThat(winners).hasSize(3);
        Document stored = stored("e1");
        List<String> ids = stored.getList("registration_ids", String.class);
        assertThat(stored.getInteger("tickets_sold")).isEqualTo(10);
        assertThat(ids).hasSize(10).doesNotHaveDuplicates().containsAll(booked).containsAll(winners);
    }

    @RepeatedTest(5)
    void users_reserving_and_releasing_concurrently_keep_the_count_equal_to_the_ids() throws Exception {
        insertEvent("e1", 3, 0, List.of());

        Concurrency.run(16, thread -> {
            for (int i = 0; i < 20; i++) {
                if (registrations.reserve("e1", "user-" + thread).isReserved()) {
                    assertThat(registrations.release("e1", "user-" + thread).isReleased()).isTrue();
                }
            }
        });

        assertThat(stored("e1")).isEqualTo(new Document("_id", "e1").append("capacity", 3).append("tickets_sold", 0)
                .append("registration_ids", List.of()));
    }
}

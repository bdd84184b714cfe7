package dev.atomicmongo.it.pattern.booking;

import static dev.atomicmongo.it.pattern.booking.CapacityBookingTest.guard;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.atomicmongo.collection.OperationGuard;
import dev.atomicmongo.collection.OperationId;
import dev.atomicmongo.it.pattern.Concurrency;
import dev.atomicmongo.pattern.booking.CapacityBooking;
import dev.atomicmongo.pattern.booking.HolderLayout;
import dev.atomicmongo.pattern.booking.ReservationOutcome;
import dev.atomicmongo.test.CommandRecorder;
import dev.atomicmongo.test.MongoTest;
import dev.atomicmongo.test.TestMongo;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code reserve} with an operation id: a retry after a lost reply (here: the same call made
 * again) is the reservation already made, marked duplicate, never a refusal and never a second
 * booking; in both holder layouts and from many threads.
 */
@MongoTest
class ReserveOnceTest {
    private final MongoDatabase db;
    private MongoCollection<Document> events;
    private CapacityBooking booking;

    ReserveOnceTest(MongoDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void setUp() {
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

    private static OperationId id(String value) {
        return OperationId.of(value);
    }

    @Test
    void a_reservation_is_booked_once_and_the_same_call_again_is_that_reservation_marked_duplicate() {
        booking.create("concert", 10);

        OperationId request = OperationId.of("req-1");
        ReservationOutcome first = booking.reserve("concert", "alice", 2, request);
        ReservationOutcome retry = booking.reserve("concert", "alice", 2, request);   // the reply to the first was lost

        assertThat(first).isEqualTo(new ReservationOutcome.Reserved("concert", "alice", 2, false));
        assertThat(first.isDuplicate()).isFalse();
        assertThat(retry).isEqualTo(new ReservationOutcome.Reserved("concert", "alice", 2, true));
        assertThat(retry.isReserved()).isTrue();
        assertThat(retry.isDuplicate()).isTrue();
        assertThat(retry.orThrow()).isSameAs(retry);
        assertThat(stored("concert")).isEqualTo(new Document("_id", "concert").append("capacity", 10L).append("sold", 2L)
                .append("holders", List.of(entry("alice", 2))).append("_ops", List.of("req-1")));
    }

    @Test
    void plain_ids_of_the_reference_document_are_booked_once_per_operation_id() {
        events.insertOne(Document.parse("{_id: 'e1', capacity: 3, registration_ids: []}"));   // tickets_sold missing
        CapacityBooking registrations = CapacityBooking.of(events).withSoldField("tickets_sold")
                .withHoldersField("registration_ids").withHolderLayout(HolderLayout.PLAIN_IDS);

        ReservationOutcome first = registrations.reserve("e1", "u7", id("req-7"));
        ReservationOutcome retry = registrations.reserve("e1", "u7", id("req-7"));
        ReservationOutcome again = registrations.reserve("e1", "u7", id("req-8"));

        assertThat(first).isEqualTo(new ReservationOutcome.Reserved("e1", "u7", 1, false));
        assertThat(retry).isEqualTo(new ReservationOutcome.Reserved("e1", "u7", 1, true));
        assertThat(again).isInstanceOf(ReservationOutcome.AlreadyReserved.class);
        assertThat(stored("e1")).isEqualTo(Document.parse("{_id: 'e1', capacity: 3, registration_ids: ['u7'],"
                + " tickets_sold: 1, _ops: ['req-7']}"));
    }

    @Test
    void a_retry_after_others_filled_the_resource_is_still_the_duplicate_never_full() {
        booking.create("gig", 2);
        booking.reserve("gig", "alice", id("req-alice"));
        booking.reserve("gig", "bob", id("req-bob"));                  // the last seat, taken after alice's first call

        ReservationOutcome retry = booking.reserve("gig", "alice", id("req-alice"));   // full now, and still alice's
        ReservationOutcome carol = booking.reserve("gig", "carol", id("req-carol"));

        assertThat(retry).isEqualTo(new ReservationOutcome.Reserved("gig", "alice", 1, true));
        assertThat(carol).isEqualTo(new ReservationOutcome.Full("gig", 1, 2, 2, guard("carol", 1)));
        assertThat(stored("gig").getLong("sold")).isEqualTo(2);
        assertThat(stored("gig").getList("_ops", String.class)).containsExactly("req-alice", "req-bob");
    }

    @Test
    void a_late_retry_after_the_holder_released_is_the_duplicate_and_books_nothing_again() {
        booking.create("gig", 5);
        booking.reserve("gig", "alice", 3, id("req-1"));
        booking.release("gig", "alice");

        ReservationOutcome lateRetry = booking.reserve("gig", "alice", 3, id("req-1"));

        assertThat(lateRetry).isEqualTo(new ReservationOutcome.Reserved("gig", "alice", 3, true));
        assertThat(stored("gig").getLong("sold")).isZero();
        assertThat(stored("gig").getList("holders", Document.class)).isEmpty();
    }

    @Test
    void the_same_holder_with_a_new_id_or_without_one_is_already_reserved_as_before() {
        booking.create("gig", 5);
        booking.reserve("gig", "alice", 2, id("req-1"));

        ReservationOutcome newId = booking.reserve("gig", "alice", 1, id("req-2"));
        ReservationOutcome noId = booking.reserve("gig", "alice", 1);

        assertThat(newId).isEqualTo(new ReservationOutcome.AlreadyReserved("gig", "alice", 2, guard("alice", 1)));
        assertThat(noId).isEqualTo(newId);
        assertThat(stored("gig").getLong("sold")).isEqualTo(2);
        assertThat(stored("gig").getList("_ops", String.class)).containsExactly("req-1");
    }

    @Test
    void a_refused_reservations_id_is_not_recorded_so_its_retry_books_once_room_is_made() {
        booking.create("gig", 1);
        booking.reserve("gig", "alice", id("req-alice"));

        ReservationOutcome full = booking.reserve("gig", "bob", id("req-bob"));
        booking.release("gig", "alice");
        ReservationOutcome retry = booking.reserve("gig", "bob", id("req-bob"));
        ReservationOutcome retryAgain = booking.reserve("gig", "bob", id("req-bob"));

        assertThat(full).isEqualTo(new ReservationOutcome.Full("gig", 1, 1, 1, guard("bob", 1)));
        assertThat(retry).isEqualTo(new ReservationOutcome.Reserved("gig", "bob", 1, false));
        assertThat(retryAgain).isEqualTo(new ReservationOutcome.Reserved("gig", "bob", 1, true));
        assertThat(stored("gig").getList("holders", Document.class)).containsExactly(entry("bob", 1));
    }

    @Test
    void an_unknown_resource_is_not_found_with_an_id_too() {
        assertThat(booking.reserve("nothing", "alice", id("req-1")))
                .isEqualTo(new ReservationOutcome.NotFound(BsonDocument.parse("{_id: 'nothing'}")));
        assertThat(events.countDocuments()).isZero();
    }

    @Test
    void bad_input_is_refused_before_anything_is_sent() {
        booking.create("gig", 5);
        CapacityBooking plain = booking.withHolderLayout(HolderLayout.PLAIN_IDS);

        assertThatThrownBy(() -> booking.reserve("gig", "alice", (OperationId) null)).isInstanceOf(NullPointerException.class)
                .hasMessage("operationId");
        assertThatThrownBy(() -> booking.reserve("gig", null, id("req-1"))).isInstanceOf(NullPointerException.class)
                .hasMessage("holderId");
        assertThatThrownBy(() -> booking.reserve("gig", "alice", 0, id("req-1"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("seats must be >= 1, got 0");
        assertThatThrownBy(() -> plain.reserve("gig", "alice", 2, id("req-1"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("seats must be 1 with HolderLayout.PLAIN_IDS ('holders' holds one id per seat), got 2");
        assertThatThrownBy(() -> OperationId.of(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("operation id: must not be blank");
        assertThatThrownBy(() -> booking.withOperationGuard(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("guard");
        assertThatThrownBy(() -> booking.withOperationGuard(OperationGuard.defaults().withField("sold")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The sold field 'sold' and the operation guard field 'sold' overlap; each role needs a field of its own");
        assertThatThrownBy(() -> booking.withHoldersField("_ops").reserve("gig", "alice", id("req-1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The holders field '_ops' and the operation guard field '_ops' overlap; each role needs a field of its own");
        assertThat(stored("gig")).isEqualTo(new Document("_id", "gig").append("capacity", 5L).append("sold", 0L)
                .append("holders", List.of()));
    }

    @Test
    void the_ids_are_kept_where_and_as_many_as_the_operation_guard_says() {
        CapacityBooking guarded = booking.withOperationGuard(OperationGuard.defaults().withField("meta.ops").withWindow(2));
        guarded.create("gig", 5);

        for (String holder : List.of("ann", "bob", "cy")) {
            guarded.reserve("gig", holder, id("req-" + holder));
        }

        assertThat(guarded.operationGuard()).isEqualTo(new OperationGuard("meta.ops", 2));
        assertThat(stored("gig").get("meta", Document.class).getList("ops", String.class)).containsExactly("req-bob", "req-cy");
        // req-ann has left the window of 2: its retry is forgotten, and the holder check still refuses a second booking
        assertThat(guarded.reserve("gig", "ann", id("req-ann"))).isInstanceOf(ReservationOutcome.AlreadyReserved.class);
        assertThat(guarded.reserve("gig", "cy", id("req-cy")).isDuplicate()).isTrue();
        assertThat(stored("gig").getLong("sold")).isEqualTo(3);
    }

    @Test
    void one_round_trip_when_it_books_two_when_a_duplicate_or_refused() {
        booking.create("gig", 1);
        CommandRecorder recorder = new CommandRecorder();
        try (MongoClient client = TestMongo.shared().newClient(recorder)) {
            CapacityBooking recorded = CapacityBooking.of(client.getDatabase(db.getName()).getCollection("events"));

            assertThat(recorder.during(() -> recorded.reserve("gig", "alice", id("req-1")))).containsExactly("update");
            assertThat(recorder.during(() -> recorded.reserve("gig", "alice", id("req-1")))).containsExactly("update", "find");
            assertThat(recorder.during(() -> recorded.reserve("gig", "bob", id("req-2")))).containsExactly("update", "find");
        }
    }

    /**
     * 16 threads, 8 groups of 20 holders, each holder with its own id. Two threads share each
     * group, and each sends every id once or twice, so every id is sent 2 or 3 times, concurrently.
     * The window is 1,000: a thread may run far ahead of the one that shares its group, and more
     * than the default 100 reservations may reach the resource between two sends of an id.
     */
    @ParameterizedTest
    @EnumSource(HolderLayout.class)
    void sixteen_threads_sending_each_id_two_or_three_times_book_each_holder_exactly_once(HolderLayout layout)
            throws Exception {
        CapacityBooking guarded = booking.withHolderLayout(layout)
                .withOperationGuard(OperationGuard.defaults().withWindow(1_000));
        guarded.create("festival", 1_000);
        Map<String, AtomicInteger> fresh = new ConcurrentHashMap<>();
        AtomicInteger calls = new AtomicInteger();
        ConcurrentLinkedQueue<ReservationOutcome> others = new ConcurrentLinkedQueue<>();

        Concurrency.run(16, thread -> {
            int group = thread / 2;
            for (int i = 0; i < 20; i++) {
                String holder = "g" + group + "-h" + i;
                int sends = thread % 2 == 0 ? 1 : 1 + i % 2;
                for (int send = 0; send < sends; send++) {
                    ReservationOutcome outcome = guarded.reserve("festival", holder, id("req-" + holder));
                    calls.incrementAndGet();
                    if (!outcome.isReserved()) {
                        others.add(outcome);
                    } else if (!outcome.isDuplicate()) {
                        fresh.computeIfAbsent(holder, h -> new AtomicInteger()).incrementAndGet();
                    }
                }
            }
        });

        assertThat(others).isEmpty();
        assertThat(calls.get()).isEqualTo(8 * 20 * 2 + 8 * 10);
        assertThat(fresh).hasSize(160).allSatisfy((holder, count) -> assertThat(count.get()).as(holder).isEqualTo(1));
        Document stored = stored("festival");
        assertThat(stored.getLong("sold")).isEqualTo(160);
        List<Object> holders = storedHolderIds(stored, layout);
        assertThat(holders).hasSize(160).doesNotHaveDuplicates();
        assertThat(new HashSet<>(holders)).isEqualTo(fresh.keySet());
    }

    /**
     * 64 holders, each id sent by two threads (2 or 3 times in all), for 40 seats: exactly 40
     * holders booked, each told so on every send (once fresh, then duplicates), all others Full
     * on every send; no holder twice.
     */
    @RepeatedTest(3)
    void sixteen_threads_racing_with_retries_for_40_seats_book_40_holders_once_each() throws Exception {
        CapacityBooking guarded = booking.withOperationGuard(OperationGuard.defaults().withWindow(1_000));
        guarded.create("gig", 40);
        Map<String, List<ReservationOutcome>> outcomes = new ConcurrentHashMap<>();

        Concurrency.run(16, thread -> {
            int group = thread / 2;
            for (int i = 0; i < 8; i++) {
                String holder = "g" + group + "-h" + i;
                int sends = thread % 2 == 0 ? 1 : 1 + i % 2;
                for (int send = 0; send < sends; send++) {
                    ReservationOutcome outcome = guarded.reserve("gig", holder, id("req-" + holder));
                    outcomes.computeIfAbsent(holder, h -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(outcome);
                }
            }
        });

        Set<String> booked = new HashSet<>();
        for (Map.Entry<String, List<ReservationOutcome>> e : outcomes.entrySet()) {
            List<ReservationOutcome> sent = e.getValue();
            if (sent.get(0).isReserved()) {
                booked.add(e.getKey());
                assertThat(sent).as(e.getKey()).allMatch(ReservationOutcome::isReserved)
                        .filteredOn(o -> !o.isDuplicate()).hasSize(1);
            } else {
                assertThat(sent).as(e.getKey()).allMatch(o -> o instanceof ReservationOutcome.Full);
            }
        }
        assertThat(outcomes).hasSize(64);
        assertThat(booked).hasSize(40);
        Document stored = stored("gig");
        assertThat(stored.getLong("sold")).isEqualTo(40);
        List<Object> holders = storedHolderIds(stored, HolderLayout.ENTRIES);
        assertThat(holders).hasSize(40).doesNotHaveDuplicates();
        assertThat(new HashSet<>(holders)).isEqualTo(booked);
    }

    private static List<Object> storedHolderIds(Document stored, HolderLayout layout) {
        List<Object> ids = new ArrayList<>();
        for (Object element : stored.getList("holders", Object.class)) {
            ids.add(layout == HolderLayout.ENTRIES ? ((Document) element).get("holder") : element);
        }
        return ids;
    }
}

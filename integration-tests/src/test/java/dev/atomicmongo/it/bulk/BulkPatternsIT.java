package dev.atomicmongo.it.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.atomicmongo.DocumentNotFoundException;
import dev.atomicmongo.it.pattern.Concurrency;
import dev.atomicmongo.pattern.booking.CapacityBooking;
import dev.atomicmongo.pattern.booking.GroupReservationOutcome;
import dev.atomicmongo.pattern.booking.ReservationRefusedException;
import dev.atomicmongo.pattern.counter.Counters;
import dev.atomicmongo.test.CommandRecorder;
import dev.atomicmongo.test.MongoTest;
import dev.atomicmongo.test.TestMongo;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@MongoTest
class BulkPatternsIT {
    private final CommandRecorder recorder = new CommandRecorder();
    private MongoClient client;
    private MongoCollection<Document> events;
    private MongoCollection<Document> stats;
    private CapacityBooking booking;
    private Counters counters;

    @BeforeEach
    void setUp(TestMongo mongo, MongoDatabase db) {
        client = mongo.newClient(recorder);
        events = db.getCollection("group_events");
        stats = db.getCollection("bulk_stats");
        events.drop();
        stats.drop();
        MongoDatabase counted = client.getDatabase(db.getName());
        booking = CapacityBooking.of(counted.getCollection("group_events"));
        counters = Counters.of(counted.getCollection("bulk_stats"));
    }

    @AfterEach
    void disconnect() {
        client.close();
    }

    @Test
    void reserveAll_books_the_whole_group_in_one_round_trip() {
        booking.create("concert", 5);

        List<String> sent = recorder.during(() -> assertThat(booking.reserveAll("concert", List.of("a", "b", "c")))
                .isEqualTo(new GroupReservationOutcome.Reserved("concert", List.of("a", "b", "c"))));

        assertThat(sent).containsExactly("update");
        Document stored = events.find(new Document("_id", "concert")).first();
        assertThat(stored.get("sold", Number.class).longValue()).isEqualTo(3);
        assertThat(stored.getList("holders", Document.class)).extracting(d -> d.getString("holder"))
                .containsExactly("a", "b", "c");
    }

    @Test
    void reserveAll_books_nobody_when_one_holder_already_holds_a_seat_or_the_group_does_not_fit() {
        booking.create("concert", 4);
        booking.reserve("concert", "b").orThrow();

        GroupReservationOutcome held = booking.reserveAll("concert", List.of("a", "b", "c"));
        GroupReservationOutcome full = booking.reserveAll("concert", List.of("x", "y", "z", "w"));

        assertThat(held).isInstanceOf(GroupReservationOutcome.AlreadyReserved.class);
        assertThat(((GroupReservationOutcome.AlreadyReserved) held).holding()).containsExactly("b");
        assertThat(full).isInstanceOf(GroupReservationOutcome.Full.class);
        assertThat(((GroupReservationOutcome.Full) full).remaining()).isEqualTo(3);
        assertThatThrownBy(full::orThrow).isInstanceOf(ReservationRefusedException.class)
                .hasMessage("Resource concert has 3 of 4 seat(s) left; 4 requested together");
        assertThatThrownBy(() -> booking.reserveAll("nowhere", List.of("a")).orThrow())
                .isInstanceOf(DocumentNotFoundException.class);
        assertThat(events.find(new Document("_id", "concert")).first().get("sold", Number.class).longValue()).isEqualTo(1);
    }

    @Test
    void reserveAll_refuses_an_empty_group_a_null_and_a_repeated_holder() {
        assertThatThrownBy(() -> booking.reserveAll("concert", List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reserveAll: holderIds is empty; give at least one holder");
        assertThatThrownBy(() -> booking.reserveAll("concert", List.of("a", "a")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reserveAll: holder a is given twice; one seat per holder");
        assertThatThrownBy(() -> booking.reserveAll("concert", java.util.Arrays.asList("a", null)))
                .isInstanceOf(NullPointerException.class).hasMessage("holderIds[1]");
    }

    @Test
    void concurrent_groups_never_overbook_and_each_group_is_whole_or_absent() throws Exception {
        booking.create("hall", 100);
        AtomicInteger reserved = new AtomicInteger();

        Concurrency.run(40, thread -> {
            List<Object> group = List.of("g" + thread + "-1", "g" + thread + "-2", "g" + thread + "-3", "g" + thread + "-4");
            if (booking.reserveAll("hall", group).isReserved()) {
                reserved.incrementAndGet();
            }
        });

        assertThat(reserved.get()).isEqualTo(25);
        Document stored = events.find(new Document("_id", "hall")).first();
        assertThat(stored.get("sold", Number.class).longValue()).isEqualTo(100);
        List<String> holders = stored.getList("holders", Document.class).stream().map(d -> d.getString("holder")).toList();
        assertThat(holders).hasSize(100).doesNotHaveDuplicates();
        assertThat(holders.stream().map(h -> h.substring(0, h.indexOf('-'))).distinct().count()).isEqualTo(25);
    }

    @Test
    void addAll_adjusts_a_thousand_counters_in_one_round_trip_and_creates_the_missing_ones() {
        stats.insertOne(new Document("_id", "c0").append("views", 10L));
        Map<Object, Long> amounts = new LinkedHashMap<>();
        for (int i = 0; i < 1_000; i++) {
            amounts.put("c" + i, (long) i - 5);
        }

        List<Integer> created = new ArrayList<>();
        List<String> sent = recorder.during(() -> created.add(counters.addAll("views", amounts)));

        assertThat(sent).containsExactly("update");
        assertThat(created).containsExactly(999);
        assertThat(stats.find(new Document("_id", "c0")).first().getLong("views")).isEqualTo(5);
        assertThat(stats.find(new Document("_id", "c999")).first().getLong("views")).isEqualTo(994);
        assertThat(counters.addAll("balance", Map.of("c1", new BigDecimal("0.10")))).isZero();
        assertThat(counters.getDecimal("c1", "balance")).isEqualByComparingTo("0.10");
    }

    @Test
    void addAll_from_8_concurrent_callers_counts_every_amount_once() throws Exception {
        Map<Object, Long> amounts = new LinkedHashMap<>();
        for (int i = 0; i < 500; i++) {
            amounts.put("k" + i, 3L);
        }
        AtomicInteger created = new AtomicInteger();

        Concurrency.run(8, thread -> created.addAndGet(counters.addAll("hits", amounts)));

        assertThat(created.get()).isEqualTo(500);
        assertThat(stats.countDocuments(new Document("hits", 24L))).isEqualTo(500);
    }

    @Test
    void addAll_refuses_an_empty_map_and_a_fractional_amount() {
        assertThatThrownBy(() -> counters.addAll("n", Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("addAll: amounts is empty; give at least one counter");
        assertThatThrownBy(() -> counters.addAll("n", Map.of("a", 0.5))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("addAll: the amount of a is a Double (0.5); give a whole number (stored as a 64-bit integer) or a BigDecimal");
    }
}

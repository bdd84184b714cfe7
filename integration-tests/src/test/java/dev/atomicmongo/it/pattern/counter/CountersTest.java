package dev.atomicmongo.it.pattern.counter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.atomicmongo.StoredValueException;
import dev.atomicmongo.ConditionFailedException;
import dev.atomicmongo.DocumentNotFoundException;
import dev.atomicmongo.it.pattern.Concurrency;
import dev.atomicmongo.pattern.counter.BoundExceededException;
import dev.atomicmongo.pattern.counter.BoundedChange;
import dev.atomicmongo.pattern.counter.Counters;
import dev.atomicmongo.test.CommandRecorder;
import dev.atomicmongo.test.MongoTest;
import dev.atomicmongo.test.TestMongo;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

@MongoTest
class CountersTest {
    private MongoCollection<Document> stats;
    private Counters counters;

    @BeforeEach
    void setUp(MongoDatabase db, TestInfo test) {
        stats = db.getCollection(test.getTestMethod().orElseThrow().getName());
        counters = Counters.of(stats);
    }

    private Document stored(String id) {
        return stats.find(new Document("_id", id)).first();
    }

    @Test
    void incrementAndGet_creates_the_counter_and_returns_each_new_value() {
        assertThat(counters.incrementAndGet("page", "views")).isEqualTo(1);
        assertThat(counters.incrementAndGet("page", "views")).isEqualTo(2);
        assertThat(counters.addAndGet("page", "views", 10)).isEqualTo(12);
        assertThat(counters.decrementAndGet("page", "views")).isEqualTo(11);
        counters.add("page", "stats.clicks", 3);

        assertThat(counters.get("page", "views")).isEqualTo(11);
        assertThat(counters.get("page", "stats.clicks")).isEqualTo(3);
        assertThat(counters.get("nothing", "views")).isZero();
        assertThat(stored("page")).isEqualTo(new Document("_id", "page").append("views", 11L)
                .append("stats", new Document("clicks", 3L)));
    }

    @Test
    void addAndGet_returns_the_new_value_in_the_same_round_trip(TestMongo mongo, MongoDatabase db) {
        CommandRecorder commands = new CommandRecorder();
        try (MongoClient client = mongo.newClient(commands)) {
            Counters counted = Counters.of(client.getDatabase(db.getName()).getCollection(stats.getNamespace().getCollectionName()));
            long[] value = new long[1];

            assertThat(commands.during(() -> value[0] = counted.addAndGet("page", "views", 5)))
                    .containsExactly("findAndModify");
            assertThat(value[0]).isEqualTo(5);
        }
    }

    @Test
    void money_is_added_exactly_as_decimal128() {
        counters.add("acc", "balance", new BigDecimal("0.10"));
        BigDecimal balance = counters.addAndGet("acc", "balance", new BigDecimal("0.20"));

        assertThat(balance).isEqualTo(new BigDecimal("0.30"));
        assertThat(stored("acc").get("balance")).isEqualTo(Decimal128.parse("0.30"));
        assertThat(counters.getDecimal("acc", "balance")).isEqualTo(new BigDecimal("0.30"));
    }

    @Test
    void concurrent_money_additions_sum_exactly() throws Exception {
        Concurrency.run(8, thread -> {
            for (int i = 0; i < 250; i++) {
                counters.addAndGet("acc", "balance", new BigDecimal("0.10"));
                counters.add("acc", "fees", new BigDecimal("-0.01"));
            }
        });

        assertThat(stored("acc").get("balance")).isEqualTo(Decimal128.parse("200.00"));
        assertThat(stored("acc").get("fees")).isEqualTo(Decimal128.parse("-20.00"));
    }

    @Test
    void a_bounded_decrement_that_would_cross_the_floor_is_refused_with_the_current_value() {
        stats.insertOne(new Document("_id", "sku").append("stock", 2L));

        BoundedChange<Long> refused = counters.decrement("sku", "stock", 3, 0);
        BoundedChange<Long> applied = counters.decrement("sku", "stock", 2, 0);

        assertThat(refused).isEqualTo(new BoundedChange.Refused<>(2L, 0L, BsonDocument.parse("{stock: {$gte: {$numberLong: '3'}}}")));
        assertThatThrownBy(refused::orThrow).isInstanceOf(ConditionFailedException.class)
                .isInstanceOfSatisfying(BoundExceededException.class, e -> assertThat(e.refusal()).isEqualTo(refused))
                .hasMessage("Condition {\"stock\": {\"$gte\": 3}} failed for 2");
        assertThat(applied).isEqualTo(new BoundedChange.Applied<>(0L));
        assertThat(stored("sku").getLong("stock")).isZero();
    }

    @Test
    void a_bounded_increment_stops_at_the_ceiling_and_a_missing_field_counts_as_zero() {
        stats.insertOne(new Document("_id", "seats"));

        assertThat(counters.increment("seats", "taken", 4, 5)).isEqualTo(new BoundedChange.Applied<>(4L));
        assertThat(counters.increment("seats", "taken", 2, 5)).isInstanceOf(BoundedChange.Refused.class);
        assertThat(counters.increment("seats", "taken", 1, 5)).isEqualTo(new BoundedChange.Applied<>(5L));
        assertThat(stored("seats").getLong("taken")).isEqualTo(5);
    }

    @Test
    void a_bounded_change_never_creates_a_document() {
        BoundedChange<Long> outcome = counters.decrement("nothing", "stock", 1, 0);

        assertThat(outcome).isEqualTo(new BoundedChange.NotFound<>(BsonDocument.parse("{_id: 'nothing'}")));
        assertThatThrownBy(outcome::orThrow).isInstanceOf(DocumentNotFoundException.class);
        assertThat(stats.countDocuments()).isZero();
    }

    @Test
    void a_balance_never_goes_below_its_decimal_floor() {
        counters.add("acc", "balance", new BigDecimal("10.00"));

        BoundedChange<BigDecimal> first = counters.decrement("acc", "balance", new BigDecimal("7.50"), BigDecimal.ZERO);
        BoundedChange<BigDecimal> second = counters.decrement("acc", "balance", new BigDecimal("7.50"), BigDecimal.ZERO);

        assertThat(first).isEqualTo(new BoundedChange.Applied<>(new BigDecimal("2.50")));
        assertThat(second).isInstanceOfSatisfying(BoundedChange.Refused.class,
                r -> assertThat(r.current()).isEqualTo(new BigDecimal("2.50")));
        assertThat(stored("acc").get("balance")).isEqualTo(Decimal128.parse("2.50"));
    }

    @Test
    void refuses_amounts_that_are_not_positive() {
        assertThatThrownBy(() -> counters.decrement("sku", "stock", 0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("amount must be > 0, got 0");
        assertThatThrownBy(() -> counters.increment("sku", "stock", new BigDecimal("-1"), BigDecimal.TEN))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("amount must be > 0, got -1");
        assertThatThrownBy(() -> counters.decrement("sku", "stock", 1, Long.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("floor + amount overflows a long");
    }

    @Test
    void eight_threads_making_2000_decrements_each_of_a_stock_of_10000_end_at_exactly_zero() throws Exception {
        stats.insertOne(new Document("_id", "sku").append("stock", 10_000L));
        Set<Long> valuesAfterDecrement = ConcurrentHashMap.newKeySet();
        AtomicInteger applied = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger negativeSeen = new AtomicInteger();

        Concurrency.run(8, thread -> {
            for (int i = 0; i < 2_000; i++) {
                BoundedChange<Long> outcome = counters.decrement("sku", "stock", 1, 0);
                if (outcome instanceof BoundedChange.Applied<Long> a) {
                    applied.incrementAndGet();
                    assertThat(valuesAfterDecrement.add(a.value())).as("each stock level is reached once").isTrue();
                    if (a.value() < 0) {
                        negativeSeen.incrementAndGet();
                    }
                } else if (outcome instanceof BoundedChange.Refused<Long> r) {
                    refused.incrementAndGet();
                    if (r.current() < 0) {
                        negativeSeen.incrementAndGet();
                    }
                }
            }
        });
        Concurrency.run(8, thread -> {
            for (int i = 0; i < 625; i++) { // 5,000 more attempts on the empty stock
                if (counters.decrement("sku", "stock", 1, 0).isApplied()) {
                    applied.incrementAndGet();
                }
            }
        });

        assertThat(applied).hasValue(10_000);
        assertThat(refused).hasValue(6_000);
        assertThat(negativeSeen).hasValue(0);
        assertThat(valuesAfterDecrement).containsExactlyInAnyOrderElementsOf(LongStream.range(0, 10_000).boxed().toList());
        assertThat(stored("sku").getLong("stock")).isZero();
    }

    @Test
    void a_stored_fraction_is_refused_by_the_whole_number_api_never_truncated() {
        stats.insertOne(new Document("_id", "odd").append("views", 2.5).append("name", "x").append("whole", 4.0));

        assertThatThrownBy(() -> counters.get("odd", "views"))
                .isInstanceOfSatisfying(StoredValueException.class, e -> assertThat(e.path()).isEqualTo("views"))
                .hasMessage("The stored 'views' is 2.5 (a BSON DOUBLE), not a whole number within 64 bits");
        assertThatThrownBy(() -> counters.addAndGet("odd", "views", 1)).isInstanceOf(StoredValueException.class);
        assertThatThrownBy(() -> counters.get("odd", "name"))
                .isInstanceOf(StoredValueException.class)
                .hasMessage("The stored 'name' is \"x\" (a BSON STRING), not a whole number within 64 bits");
        assertThat(counters.getDecimal("odd", "views")).isEqualByComparingTo("3.5");
        assertThat(counters.get("odd", "whole")).isEqualTo(4);
    }
}

package dev.atomicmongo.it.pattern.ratelimit;

import dev.atomicmongo.it.support.ManualClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.atomicmongo.it.pattern.Concurrency;
import dev.atomicmongo.pattern.ratelimit.FixedWindowRateLimiter;
import dev.atomicmongo.pattern.ratelimit.RateLimitDecision;
import dev.atomicmongo.pattern.ratelimit.RateLimitExceededException;
import dev.atomicmongo.test.CommandRecorder;
import dev.atomicmongo.test.MongoTest;
import dev.atomicmongo.test.TestMongo;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

@MongoTest
class FixedWindowRateLimiterTest {
    private static final Instant TEN_OCLOCK = Instant.parse("2024-01-15T10:00:00Z");
    private static final Duration HOUR = Duration.ofHours(1);

    private MongoCollection<Document> windows;
    private ManualClock clock;
    private FixedWindowRateLimiter limiter;

    @BeforeEach
    void setUp(MongoDatabase db, TestInfo test) {
        windows = db.getCollection(test.getTestMethod().orElseThrow().getName());
        clock = new ManualClock(TEN_OCLOCK.plusSeconds(17 * 60));
        limiter = FixedWindowRateLimiter.of(windows).withClock(clock);
    }

    @Test
    void a_decision_reports_the_count_the_remaining_and_when_the_window_resets() {
        RateLimitDecision first = limiter.tryAcquire("user-1", 2, HOUR);
        RateLimitDecision second = limiter.tryAcquire("user-1", 2, HOUR);
        RateLimitDecision third = limiter.tryAcquire("user-1", 2, HOUR);

        Instant eleven = TEN_OCLOCK.plus(HOUR);
        assertThat(first).isEqualTo(new RateLimitDecision.Allowed("user-1", 1, 2, TEN_OCLOCK, eleven));
        assertThat(first.remaining()).isEqualTo(1);
        assertThat(second).isEqualTo(new RateLimitDecision.Allowed("user-1", 2, 2, TEN_OCLOCK, eleven));
        assertThat(third).isEqualTo(new RateLimitDecision.Limited("user-1", 3, 2, TEN_OCLOCK, eleven,
                Duration.ofMinutes(43)));
        assertThat(third.remaining()).isZero();
        assertThatThrownBy(third::orThrow).isInstanceOfSatisfying(RateLimitExceededException.class,
                e -> assertThat(e.refusal()).isEqualTo(third));
        assertThat(second.orThrow()).isEqualTo(second);
    }

    @Test
    void a_window_is_one_document_whose_count_is_initialised_by_inc_alone() {
        limiter.tryAcquire("user-1", 10, HOUR);
        limiter.tryAcquire("user-1", 10, HOUR);

        assertThat(windows.find().into(new ArrayList<>())).containsExactly(new Document("_id", "user-1@2024-01-15T10:00:00Z/PT1H")
                .append("count", 2L).append("key", "user-1")
                .append("windowStart", Date.from(TEN_OCLOCK)).append("expiresAt", Date.from(TEN_OCLOCK.plus(HOUR))));
    }

    @Test
    void a_new_window_starts_from_zero() {
        for (int i = 0; i < 3; i++) {
            limiter.tryAcquire("user-1", 3, HOUR);
        }
        assertThat(limiter.tryAcquire("user-1", 3, HOUR).isAllowed()).isFalse();

        clock.advance(HOUR);
        RateLimitDecision nextWindow = limiter.tryAcquire("user-1", 3, HOUR);

        assertThat(nextWindow).isEqualTo(new RateLimitDecision.Allowed("user-1", 1, 3, TEN_OCLOCK.plus(HOUR),
                TEN_OCLOCK.plus(HOUR).plus(HOUR)));
        assertThat(windows.countDocuments()).isEqualTo(2);
        assertThat(windows.find(new Document("_id", "user-1@2024-01-15T10:00:00Z/PT1H")).first().getLong("count")).isEqualTo(4);
    }

    @Test
    void keys_are_limited_independently() {
        limiter.tryAcquire("user-1", 1, HOUR);

        assertThat(limiter.tryAcquire("user-2", 1, HOUR).isAllowed()).isTrue();
        assertThat(limiter.tryAcquire("user-1", 1, HOUR).isAllowed()).isFalse();
    }

    @Test
    void windows_of_different_lengths_starting_together_keep_separate_counts() {
        FixedWindowRateLimiter atTen = limiter.withClock(Clock.fixed(TEN_OCLOCK, ZoneOffset.UTC));
        atTen.tryAcquire("user-1", 1, HOUR);

        RateLimitDecision perMinute = atTen.tryAcquire("user-1", 1, Duration.ofMinutes(1));

        assertThat(perMinute.isAllowed()).isTrue();
        assertThat(perMinute.count()).isEqualTo(1);
        assertThat(windows.countDocuments()).isEqualTo(2);
    }

    @Test
    void tryAcquire_is_one_round_trip(TestMongo mongo, MongoDatabase db) {
        CommandRecorder commands = new CommandRecorder();
        try (MongoClient client = mongo.newClient(commands)) {
            FixedWindowRateLimiter counted = FixedWindowRateLimiter.of(
                    client.getDatabase(db.getName()).getCollection(windows.getNamespace().getCollectionName())).withClock(clock);

            assertThat(commands.during(() -> {
                counted.tryAcquire("user-1", 5, HOUR);
                counted.tryAcquire("user-1", 5, HOUR);
            })).containsExactly("findAndModify", "findAndModify");
        }
    }

    @Test
    void ensureIndexes_creates_a_ttl_index_on_the_expiry() {
        List<String> names = limiter.ensureIndexes();

        assertThat(names).containsExactly("expiresAt_1");
        Document index = windows.listIndexes().into(new ArrayList<>()).stream()
                .filter(i -> i.getString("name").equals("expiresAt_1")).findFirst().orElseThrow();
        assertThat(index.get("key", Document.class)).isEqualTo(new Document("expiresAt", 1));
        assertThat(((Number) index.get("expireAfterSeconds")).longValue()).isZero();
    }

    @Test
    void refuses_a_negative_limit_and_a_window_under_a_millisecond() {
        assertThatThrownBy(() -> limiter.tryAcquire("k", -1, HOUR)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limit must be >= 0, got -1");
        assertThatThrownBy(() -> limiter.tryAcquire("k", 1, Duration.ofNanos(10))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("window must be between 1 ms and 100 years, got PT0.00000001S");
        assertThatThrownBy(() -> limiter.tryAcquire("k", 1, Duration.ofSeconds(Long.MAX_VALUE)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("window must be between 1 ms and 100 years");
    }

    @Test
    void sixteen_threads_making_500_attempts_against_a_limit_of_100_get_exactly_100() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        Set<Long> allowedCounts = ConcurrentHashMap.newKeySet();
        AtomicInteger allowed = new AtomicInteger();

        Concurrency.run(16, thread -> {
            while (attempts.getAndIncrement() < 500) {
                RateLimitDecision decision = limiter.tryAcquire("api-key", 100, HOUR);
                if (decision.isAllowed()) {
                    allowed.incrementAndGet();
                    allowedCounts.add(decision.count());
                }
            }
        });

        assertThat(allowed).hasValue(100);
        assertThat(allowedCounts).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, 100).boxed().toList());
        assertThat(windows.find().first().getLong("count")).isEqualTo(500);
        clock.advance(HOUR);
        assertThat(limiter.tryAcquire("api-key", 100, HOUR)).extracting(RateLimitDecision::isAllowed, RateLimitDecision::count)
                .containsExactly(true, 1L);
    }

    @Test
    void one_field_given_two_roles_is_refused_when_configured() {
        assertThatThrownBy(() -> limiter.withCountField("expiresAt"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("overlap; each role needs a field of its own");
        assertThatThrownBy(() -> limiter.withKeyField("_id"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The key field must not be '_id' or inside it, got '_id'");
    }
}

package dev.atomicmongo.collection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.atomicmongo.AtomicMongoException;
import dev.atomicmongo.RetriesExhaustedException;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    /** A clock that moves only when the policy sleeps, and a record of the sleeps. */
    private final AtomicLong now = new AtomicLong();
    private final List<Long> sleeps = new ArrayList<>();

    private RetryPolicy timed(RetryPolicy policy) {
        return policy.withTime(now::get, nanos -> {
            sleeps.add(nanos);
            now.addAndGet(nanos);
        });
    }

    @Test
    void a_first_attempt_with_a_result_returns_it_without_waiting() {
        String result = timed(RetryPolicy.defaults()).execute("op", n -> Optional.of("done"));

        assertThat(result).isEqualTo("done");
        assertThat(sleeps).isEmpty();
    }

    @Test
    void an_attempt_asking_to_try_again_is_retried_until_it_has_a_result() {
        AtomicInteger calls = new AtomicInteger();

        int result = timed(RetryPolicy.defaults()).execute("op",
                n -> calls.incrementAndGet() < 4 ? Optional.empty() : Optional.of(n));

        assertThat(result).isEqualTo(4);
        assertThat(sleeps).hasSize(3);
    }

    @Test
    void attempts_are_bounded_and_exhaustion_says_how_many_were_made() {
        RetryPolicy policy = timed(RetryPolicy.builder().maxAttempts(5).build());
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> policy.execute("reserve(a, b)", n -> {
            calls.incrementAndGet();
            return Optional.empty();
        }))
                .isInstanceOfSatisfying(RetriesExhaustedException.class, e -> assertThat(e.attempts()).isEqualTo(5))
                .hasMessageStartingWith("reserve(a, b) did not settle after 5 attempt(s) in ");
        assertThat(calls).hasValue(5);
    }

    @Test
    void time_is_bounded_no_attempt_starts_after_the_budget() {
        RetryPolicy policy = timed(RetryPolicy.builder().maxAttempts(1_000_000)
                .maxDuration(Duration.ofMillis(50)).backoff(Duration.ofMillis(10), Duration.ofMillis(10)).build());

        assertThatThrownBy(() -> policy.execute("op", n -> Optional.empty()))
                .isInstanceOf(RetriesExhaustedException.class);
        assertThat(now.get()).isLessThanOrEqualTo(Duration.ofMillis(50).toNanos());
    }

    @Test
    void backoff_is_jittered_below_a_cap_that_doubles_up_to_the_maximum() {
        RetryPolicy policy = timed(RetryPolicy.builder().maxAttempts(10).maxDuration(Duration.ofHours(1))
                .backoff(Duration.ofMillis(1), Duration.ofMillis(8)).build());

        assertThatThrownBy(() -> policy.execute("op", n -> Optional.empty())).isInstanceOf(RetriesExhaustedException.class);

        long[] caps = {1, 2, 4, 8, 8, 8, 8, 8, 8};
        assertThat(sleeps).hasSizeLessThanOrEqualTo(caps.length);
        for (int i = 0; i < sleeps.size(); i++) {
            assertThat(sleeps.get(i)).isBetween(0L, Duration.ofMillis(caps[i]).toNanos());
        }
    }

    @Test
    void a_matching_exception_is_retried_and_the_last_one_is_rethrown_when_attempts_run_out() {
        RetryPolicy policy = timed(RetryPolicy.builder().maxAttempts(3).build());
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> policy.execute("op", n -> {
            calls.incrementAndGet();
            throw new IllegalStateException("race " + n);
        }, e -> e instanceof IllegalStateException)).isInstanceOf(IllegalStateException.class).hasMessage("race 3");
        assertThat(calls).hasValue(3);
    }

    @Test
    void an_exception_that_does_not_match_is_thrown_at_once() {
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> timed(RetryPolicy.defaults()).execute("op", n -> {
            calls.incrementAndGet();
            throw new IllegalArgumentException("bad");
        }, e -> e instanceof IllegalStateException)).isInstanceOf(IllegalArgumentException.class);
        assertThat(calls).hasValue(1);
    }

    @Test
    void none_makes_one_attempt() {
        assertThatThrownBy(() -> timed(RetryPolicy.none()).execute("op", n -> Optional.empty()))
                .isInstanceOfSatisfying(RetriesExhaustedException.class, e -> assertThat(e.attempts()).isEqualTo(1));
        assertThat(sleeps).isEmpty();
    }

    @Test
    void an_interrupt_while_waiting_stops_the_retries_and_keeps_the_interrupt_flag() {
        RetryPolicy policy = RetryPolicy.defaults().withTime(System::nanoTime, nanos -> {
            throw new InterruptedException();
        });

        try {
            assertThatThrownBy(() -> policy.execute("op", n -> Optional.empty()))
                    .isInstanceOf(AtomicMongoException.class)
                    .hasMessage("op: interrupted while waiting to retry");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void an_absurd_duration_means_no_bound_rather_than_an_overflow() {
        RetryPolicy policy = timed(RetryPolicy.builder().maxAttempts(3).maxDuration(Duration.ofSeconds(Long.MAX_VALUE))
                .backoff(Duration.ofSeconds(Long.MAX_VALUE / 2), Duration.ofSeconds(Long.MAX_VALUE)).build());

        assertThatThrownBy(() -> policy.execute("op", n -> Optional.empty())).isInstanceOf(RetriesExhaustedException.class);
    }

    @Test
    void the_builder_refuses_what_makes_no_sense() {
        assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxAttempts must be >= 1, got 0");
        assertThatThrownBy(() -> RetryPolicy.builder().maxDuration(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetryPolicy.builder().backoff(Duration.ofMillis(5), Duration.ofMillis(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("backoff must satisfy 0 <= initial <= max, got PT0.005S and PT0.001S");
    }

    @Test
    void policies_with_the_same_settings_are_equal() {
        assertThat(RetryPolicy.builder().maxAttempts(3).build()).isEqualTo(RetryPolicy.builder().maxAttempts(3).build())
                .hasSameHashCodeAs(RetryPolicy.builder().maxAttempts(3).build())
                .isNotEqualTo(RetryPolicy.defaults());
    }
}

package dev.atomicmongo.pattern.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** The two decisions of the rate limiter; a limited one throws a typed exception carrying it. */
class RateLimitDecisionTest {
    private static final Instant TEN = Instant.parse("2024-01-15T10:00:00Z");
    private static final Instant ELEVEN = TEN.plus(Duration.ofHours(1));

    @Test
    void an_allowed_decision_is_its_own_success_and_counts_what_remains() {
        RateLimitDecision.Allowed allowed = new RateLimitDecision.Allowed("k", 2, 5, TEN, ELEVEN);

        assertThat(allowed.orThrow()).isSameAs(allowed);
        assertThat(allowed.isAllowed()).isTrue();
        assertThat(allowed.isRefused()).isFalse();
        assertThat(allowed.remaining()).isEqualTo(3);
    }

    @Test
    void a_limited_decision_throws_rate_limit_exceeded_carrying_when_to_retry() {
        RateLimitDecision.Limited limited = new RateLimitDecision.Limited("k", 6, 5, TEN, ELEVEN, Duration.ofMinutes(43));

        assertThat(limited.isAllowed()).isFalse();
        assertThat(limited.remaining()).isZero();
        assertThat(limited.refusal()).contains(limited);
        assertThatThrownBy(limited::orThrow).isInstanceOfSatisfying(RateLimitExceededException.class,
                e -> assertThat(e.refusal()).isSameAs(limited))
                .hasMessage("Rate limit of 5 per window exceeded for 'k': attempt 6 in the window from"
                        + " 2024-01-15T10:00:00Z; retry after PT43M (at 2024-01-15T11:00:00Z)");
    }
}

package dev.atomicmongo.pattern.mailbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.LongFunction;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The heartbeats of taken locks waiting for a worker: started for a run or a queued token, stopped when it runs. */
class KeyRunsTest {
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    private final List<Long> started = new ArrayList<>();
    private final KeyRuns runs = new KeyRuns();

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    /** A heartbeat that would first beat in an hour: the test only sees it scheduled and cancelled. */
    private final LongFunction<Heartbeat> beat = token -> {
        started.add(token);
        return Heartbeat.start("k", () -> true, () -> { }, timer, 3_600_000);
    };

    @Test
    void a_taken_lock_keeps_a_heartbeat_until_its_run_starts() {
        assertThat(runs.start("k", 1, beat)).isTrue();
        assertThat(runs.waiting()).isEqualTo(1);
        assertThat(timer.getQueue()).hasSize(1);

        runs.dequeued("k", 1);

        assertThat(runs.waiting()).isZero();
        timer.purge();
        assertThat(timer.getQueue()).isEmpty();
    }

    @Test
    void a_newer_queued_token_replaces_the_older_ones_heartbeat_and_a_stale_token_gets_none() {
        runs.start("k", 1, beat);
        runs.dequeued("k", 1);

        assertThat(runs.start("k", 2, beat)).isFalse();
        assertThat(runs.start("k", 3, beat)).isFalse();
        assertThat(runs.start("k", 1, beat)).as("stale").isFalse();

        assertThat(started).containsExactly(1L, 2L, 3L);
        assertThat(runs.waiting()).isEqualTo(1);
        assertThat(runs.next("k", 1)).hasValue(3);
        runs.dequeued("k", 3);
        assertThat(runs.waiting()).isZero();
    }

    @Test
    void forgetting_a_key_or_closing_stops_every_waiting_heartbeat() {
        runs.start("k", 1, beat);
        runs.start("k", 2, beat);
        runs.start("j", 5, beat);

        runs.forget("k");
        assertThat(runs.waiting()).isEqualTo(1);
        runs.cancelWaitingHeartbeats();

        assertThat(runs.waiting()).isZero();
        timer.purge();
        assertThat(timer.getQueue()).isEmpty();
    }
}

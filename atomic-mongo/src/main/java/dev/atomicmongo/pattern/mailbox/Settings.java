package dev.atomicmongo.pattern.mailbox;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/**
 * A mailbox's configuration, copied from its builder. {@code clock} is null for the server's clock;
 * {@code executor} and {@code scheduler} are null for the mailbox's own threads.
 */
record Settings<S, E>(Class<S> stateType, Class<E> eventType, MailboxHandler<S, E> handler,
                      Supplier<S> initialState, String owner, Duration lockTtl, Duration heartbeatInterval,
                      int batchSize, int maxAttempts, int parallelism, Duration sweepInterval, int sweepLimit, Clock clock,
                      MailboxListener listener, Duration shutdownTimeout,
                      Executor executor, ScheduledExecutorService scheduler) {

    /** True when the user gave a listener: failures are then reported to it and logged at DEBUG. */
    boolean failuresObserved() {
        return listener != MailboxBuilder.NO_LISTENER;
    }
}

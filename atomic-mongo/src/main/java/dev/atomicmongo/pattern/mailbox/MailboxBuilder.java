package dev.atomicmongo.pattern.mailbox;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

import dev.atomicmongo.collection.AtomicCollection;

/**
 * Configures a {@link Mailbox}; from {@link Mailbox#builder}. Not thread-safe: configure on one
 * thread, then {@link #build()}; the mailbox copies the settings.
 *
 * <pre>{@code
 * Mailbox.builder(collection, Counter.class, Increment.class)
 *         .initialState(() -> new Counter(0))
 *         .handler(handler)
 *         .lockTtl(Duration.ofSeconds(30))      // default 30 s; the heartbeat renews it every 10 s
 *         .batchSize(100)                       // default 100 events per handler call
 *         .maxAttempts(5)                       // default 5 failures, then the batch goes to the dead letters
 *         .parallelism(4)                       // default 4 entities at once on this instance
 *         .executor(handlers)                   // default: the mailbox's own pool, shut down on close
 *         .scheduler(timers)                    // default: the mailbox's own timer, shut down on close
 *         .build();
 * }</pre>
 *
 * @param <S> the state type
 * @param <E> the event type
 */
public final class MailboxBuilder<S, E> {
    private static final int SWEEP_LIMIT = 100;

    private final AtomicCollection<?> collection;
    private final Class<S> stateType;
    private final Class<E> eventType;
    private MailboxHandler<S, E> handler;
    private Supplier<S> initialState;
    private String owner = "mailbox-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
    private Duration lockTtl = Duration.ofSeconds(30);
    private Duration heartbeatInterval;
    private int batchSize = 100;
    private int maxAttempts = 5;
    private int parallelism = 4;
    private Duration sweepInterval;
    private Clock clock;
    /** The longest duration a setting takes: beyond it, milliseconds and dates overflow. */
    private static final Duration LONGEST = Duration.ofDays(36_525);

    /** The listener of a mailbox given none: failures then reach only the log, at ERROR. */
    static final MailboxListener NO_LISTENER = new MailboxListener() {
    };

    private MailboxListener listener = NO_LISTENER;
    private Duration shutdownTimeout = Duration.ofSeconds(30);
    private Executor executor;
    private ScheduledExecutorService scheduler;

    MailboxBuilder(AtomicCollection<?> collection, Class<S> stateType, Class<E> eventType) {
        this.collection = Objects.requireNonNull(collection, "collection");
        this.stateType = Objects.requireNonNull(stateType, "stateType");
        this.eventType = Objects.requireNonNull(eventType, "eventType");
    }

    /** The logic that folds a batch of events into the state (required). */
    public MailboxBuilder<S, E> handler(MailboxHandler<S, E> handler) {
        this.handler = Objects.requireNonNull(handler, "handler");
        return this;
    }

    /** The state the handler sees for an entity with no stored state yet (required). */
    public MailboxBuilder<S, E> initialState(Supplier<S> initialState) {
        this.initialState = Objects.requireNonNull(initialState, "initialState");
        return this;
    }

    /**
     * The name this instance takes locks under; default {@code mailbox-<pid>-<random>}. Every
     * instance sharing a collection needs its own.
     *
     * @throws IllegalArgumentException if blank
     */
    public MailboxBuilder<S, E> owner(String owner) {
        Objects.requireNonNull(owner, "owner");
        if (owner.isBlank()) {
            throw new IllegalArgumentException("Mailbox owner must not be blank");
        }
        this.owner = owner;
        return this;
    }

    /**
     * How long a lock lives without renewal (default 30 s): how soon a crashed runner's events
     * are taken over, and how long a failed batch waits before it is retried.
     *
     * @throws IllegalArgumentException if under 10 ms
     */
    public MailboxBuilder<S, E> lockTtl(Duration lockTtl) {
        Objects.requireNonNull(lockTtl, "lockTtl");
        if (lockTtl.compareTo(Duration.ofMillis(10)) < 0 || lockTtl.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("Mailbox lockTtl must be between 10 ms and 100 years, got " + lockTtl);
        }
        this.lockTtl = lockTtl;
        return this;
    }

    /**
     * How often a running batch renews its lock (default a third of the lock TTL).
     *
     * @throws IllegalArgumentException if under 1 ms (checked against the TTL when built)
     */
    public MailboxBuilder<S, E> heartbeatInterval(Duration heartbeatInterval) {
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        if (heartbeatInterval.compareTo(Duration.ofMillis(1)) < 0 || heartbeatInterval.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("Mailbox heartbeatInterval must be between 1 ms and 100 years, got "
                    + heartbeatInterval);
        }
        this.heartbeatInterval = heartbeatInterval;
        return this;
    }

    /**
     * The most events one handler call gets (default 100).
     *
     * @throws IllegalArgumentException if not between 1 and 10,000
     */
    public MailboxBuilder<S, E> batchSize(int batchSize) {
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException("Mailbox batchSize must be between 1 and 10000, got " + batchSize);
        }
        this.batchSize = batchSize;
        return this;
    }

    /**
     * How many times a batch may fail before its events are moved to the entity's dead letters
     * (default 5). Failed attempts are counted in the entity's document, so the count survives
     * restarts and is shared by every instance; a failed batch is retried once its lock expires.
     * With {@code 1}, the first failure moves the batch aside.
     *
     * @throws IllegalArgumentException if under 1
     */
    public MailboxBuilder<S, E> maxAttempts(int maxAttempts) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("Mailbox maxAttempts must be at least 1, got " + maxAttempts);
        }
        this.maxAttempts = maxAttempts;
        return this;
    }

    /**
     * Runs the handlers (one task per entity while it has events) on {@code executor} instead of
     * the mailbox's own pool of {@link #parallelism} threads; the executor then decides how many
     * entities run at once. The mailbox never shuts it down: {@link Mailbox#close()} waits for
     * the mailbox's own tasks only. A task the executor rejects releases its lock at once.
     */
    public MailboxBuilder<S, E> executor(Executor executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
        return this;
    }

    /**
     * Runs the heartbeats (lock renewals while a handler runs) and the sweeper on
     * {@code scheduler} instead of the mailbox's own two timer threads. The mailbox never shuts it
     * down; {@link Mailbox#close()} cancels what the mailbox scheduled on it.
     */
    public MailboxBuilder<S, E> scheduler(ScheduledExecutorService scheduler) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        return this;
    }

    /**
     * How many entities this instance runs at once (default 4 worker threads); ignored when an
     * {@link #executor(Executor)} is given.
     *
     * @throws IllegalArgumentException if under 1
     */
    public MailboxBuilder<S, E> parallelism(int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("Mailbox parallelism must be at least 1, got " + parallelism);
        }
        this.parallelism = parallelism;
        return this;
    }

    /**
     * How often the sweeper looks for entities with pending events and no live lock (default the
     * lock TTL); {@link Duration#ZERO} turns the timer off ({@link Mailbox#sweep()} still works).
     *
     * @throws IllegalArgumentException if negative
     */
    public MailboxBuilder<S, E> sweepInterval(Duration sweepInterval) {
        Objects.requireNonNull(sweepInterval, "sweepInterval");
        if (sweepInterval.isNegative() || sweepInterval.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("Mailbox sweepInterval must be between 0 and 100 years, got " + sweepInterval);
        }
        this.sweepInterval = sweepInterval;
        return this;
    }

    /**
     * Decides lock expiry with this clock instead of the server's (tests use a clock they move by
     * hand). Without pipeline updates the client's clock is used anyway.
     */
    public MailboxBuilder<S, E> clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /** Callbacks for stored batches, lost locks, failures and dead letters (default none; all are logged anyway). */
    public MailboxBuilder<S, E> listener(MailboxListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /**
     * How long {@link Mailbox#close()} waits for running batches (default 30 s).
     *
     * @throws IllegalArgumentException if negative
     */
    public MailboxBuilder<S, E> shutdownTimeout(Duration shutdownTimeout) {
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        if (shutdownTimeout.isNegative() || shutdownTimeout.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("Mailbox shutdownTimeout must be between 0 and 100 years, got "
                    + shutdownTimeout);
        }
        this.shutdownTimeout = shutdownTimeout;
        return this;
    }

    /**
     * Builds the mailbox and starts its sweeper; no server call yet.
     *
     * @throws IllegalStateException if the handler or the initial state is missing, or the heartbeat
     *         is not shorter than the lock TTL
     */
    public Mailbox<S, E> build() {
        if (handler == null) {
            throw new IllegalStateException("Mailbox needs a handler: call handler(...)");
        }
        if (initialState == null) {
            throw new IllegalStateException("Mailbox needs an initial state: call initialState(...)");
        }
        Duration heartbeat = heartbeatInterval != null ? heartbeatInterval : lockTtl.dividedBy(3);
        if (heartbeat.compareTo(lockTtl) >= 0) {
            throw new IllegalStateException("Mailbox heartbeatInterval (" + heartbeat + ") must be shorter than lockTtl ("
                    + lockTtl + ")");
        }
        return new Mailbox<>(collection, new Settings<>(stateType, eventType, handler, initialState, owner, lockTtl,
                heartbeat, batchSize, maxAttempts, parallelism, sweepInterval != null ? sweepInterval : lockTtl, SWEEP_LIMIT, clock,
                listener, shutdownTimeout, executor, scheduler));
    }

    @Override
    public String toString() {
        return "MailboxBuilder{" + collection.namespace() + ", owner=" + owner + ", lockTtl=" + lockTtl
                + ", batchSize=" + batchSize + ", maxAttempts=" + maxAttempts + ", parallelism=" + parallelism + "}";
    }
}

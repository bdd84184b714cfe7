package dev.atomicmongo.pattern.mailbox;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import com.mongodb.client.MongoCollection;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.collection.OperationId;
import org.bson.BsonDocument;
import org.bson.types.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A per-entity mailbox (the actor pattern) on one collection: events are posted to an entity's
 * document, and whichever instance holds the entity's lock folds them, in batches and in order,
 * into the entity's state with the user's {@link MailboxHandler}. Many instances (processes) may
 * share the collection, each with its own owner name; different entities run in parallel.
 * Thread-safe.
 *
 * <pre>{@code
 * Mailbox<Counter, Increment> counters = Mailbox.builder(db.getCollection("counters"), Counter.class, Increment.class)
 *         .initialState(() -> new Counter(0))
 *         .handler((user, counter, events) -> new Counter(counter.value()
 *                 + events.stream().mapToLong(e -> e.event().delta()).sum()))
 *         .build();
 * counters.post("alice", new Increment(5));        // stored now, folded into alice's state soon after
 * counters.close();                                // waits for running batches
 * }</pre>
 *
 * <p><b>Document.</b> One per entity, {@code _id} = key (so two first posts cannot create two):
 * {@code {_id, state, events: [{id, at, body}], lock: {owner, token, until, post}, attempts: {head, count},
 * deadLetters: [...]}}.
 *
 * <p><b>Nothing lost, nothing applied twice.</b> A post appends the event and takes the lock if
 * it is free or expired: in one pipeline update where the server runs them, else in a second
 * atomic step. The holder reads the state and the next batch, calls the handler, and stores the
 * new state and removes exactly the processed events in one write guarded by the lock's owner,
 * fencing token and expiry; the same write renews the lock if more events wait or releases it. If
 * the guard fails (the lock expired and was taken over), nothing is written and the lost lock is
 * logged and reported to the {@link MailboxListener} and {@link #stats()}. A crash leaves the
 * events in the document; after the lock expires, the next post or the sweeper runs them. A
 * batch whose handler fails is retried after the lock expires, up to
 * {@linkplain MailboxBuilder#maxAttempts max attempts} counted in the document; then its events
 * are moved to the {@linkplain #deadLetters dead letters} in one guarded write and later events
 * go on.
 *
 * <p><b>The lock</b> is a {@link dev.atomicmongo.pattern.lock.FencedLock} under {@code lock},
 * with the rules of leases except re-entry, which is off: a post never takes a lock its own
 * instance holds, the running batch goes on with its token instead. A one-step post that takes
 * the lock records its event's id in {@code lock.post}, so a post into a lock its own instance
 * already holds (a batch running, or a failed batch waiting for expiry) is not mistaken for one
 * that took it, and never starts a second run with the same token.
 *
 * <p><b>Threads.</b> Handlers run on the {@linkplain MailboxBuilder#executor executor} and
 * heartbeats and the sweeper on the {@linkplain MailboxBuilder#scheduler scheduler} given to the
 * builder; without them the mailbox makes its own daemon threads and shuts them down on
 * {@link #close()}. Executors of the caller's are never shut down by the mailbox.
 */
public final class Mailbox<S, E> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Mailbox.class);

    private final Settings<S, E> settings;
    private final EntityStore<S, E> store;
    private final BatchRunner<S, E> runner;
    private final KeyRuns runs = new KeyRuns();
    private final Executor workers;
    private final ExecutorService ownWorkers;
    private final ScheduledExecutorService timer;
    private final ScheduledExecutorService ownTimer;
    private final InFlight inFlight = new InFlight();
    private final ScheduledFuture<?> sweeper;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final LongAdder eventsPosted = new LongAdder();

    Mailbox(AtomicCollection<?> collection, Settings<S, E> settings) {
        this.settings = settings;
        this.store = new EntityStore<>(collection, settings);
        this.ownWorkers = settings.executor() != null ? null
                : Executors.newFixedThreadPool(settings.parallelism(), threads(settings.owner() + "-worker"));
        this.workers = settings.executor() != null ? settings.executor() : ownWorkers;
        this.ownTimer = settings.scheduler() != null ? null
                : Executors.newScheduledThreadPool(2, threads(settings.owner() + "-timer"));
        this.timer = settings.scheduler() != null ? settings.scheduler() : ownTimer;
        this.runner = new BatchRunner<>(store, settings, timer, closed::get);
        long sweepMillis = settings.sweepInterval().toMillis();
        this.sweeper = sweepMillis == 0 ? null
                : timer.scheduleWithFixedDelay(this::sweepQuietly, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts building a mailbox on {@code collection}, whose codec registry encodes and decodes
     * the state and the events (records and POJOs with the driver's default registry).
     */
    public static <S, E> MailboxBuilder<S, E> builder(MongoCollection<?> collection, Class<S> stateType,
                                                      Class<E> eventType) {
        Objects.requireNonNull(collection, "collection");
        return builder(AtomicCollection.of(collection), stateType, eventType);
    }

    /**
     * Starts building a mailbox on a collection already wrapped: its codec registry, retry policy
     * (which retries lost first-post races) and what it learned about the server are kept.
     *
     * @throws IllegalArgumentException if the collection runs in a session (the mailbox works on many threads)
     */
    public static <S, E> MailboxBuilder<S, E> builder(AtomicCollection<?> collection, Class<S> stateType,
                                                      Class<E> eventType) {
        Objects.requireNonNull(collection, "collection");
        if (collection.session().isPresent()) {
            throw new IllegalArgumentException("Mailbox collection must not run in a session: a mailbox works on many "
                    + "threads and a session belongs to one");
        }
        return new MailboxBuilder<>(collection, stateType, eventType);
    }

    /**
     * Posts an event to the entity {@code key}: stores it durably and, if no runner holds the
     * entity's lock, takes it and schedules a batch on this instance. Returns once the event is
     * stored; the handler runs later on a worker thread. One round trip
     * ({@code findAndModify} with a pipeline upsert) where the server runs pipeline updates,
     * else two ({@code update} with {@code $push} upsert, then {@code findAndModify} taking the
     * lock).
     *
     * <p>Once the event is stored it is accepted: if the second step then fails, {@code post}
     * still returns the id (the failure is logged at WARN) and the sweeper or the next post takes
     * the lock, so a caller never retries a stored event.
     *
     * @return the event's id, as the handler will see it
     * @throws IllegalStateException if the mailbox is closed
     * @throws IllegalArgumentException if the key is blank
     * @throws dev.atomicmongo.AtomicMongoException if the server fails before the event is known to
     *         be stored (it may or may not be: the one write was sent and its answer lost)
     */
    public ObjectId post(String key, E event) {
        requireKey(key);
        Objects.requireNonNull(event, "event");
        requireOpen();
        ObjectId id = new ObjectId();
        Instant postedAt = settings.clock() != null ? settings.clock().instant() : Instant.now();
        OptionalLong token = store.post(key, MailboxCommands.envelope(id, postedAt, event));
        eventsPosted.increment();
        token.ifPresent(t -> schedule(key, t));
        return id;
    }

    /**
     * {@link #post(String, Object)} at most once per producer-supplied event id: a producer that
     * sends the same event again (a redelivered message, a retried webhook) with the same
     * {@code eventId} stores nothing the second time. The id is recorded in the entity's document,
     * in the same write as the event (its list of the last
     * {@value dev.atomicmongo.collection.OperationGuard#DEFAULT_WINDOW} ids, {@code _ops}); an id
     * older than that window could be posted again. One round trip on a server with pipeline
     * updates (two otherwise), plus one read when the id was seen.
     *
     * <pre>{@code
     * Optional<ObjectId> stored = mailbox.post(userId, new Increment(5), OperationId.of(deliveryId));
     * }</pre>
     *
     * @return the new event's id, or empty if an event with {@code eventId} was posted before
     * @throws IllegalStateException if the mailbox is closed
     * @throws IllegalArgumentException if the key is blank
     * @throws dev.atomicmongo.AtomicMongoException if the server fails (post again with the same id)
     */
    public Optional<ObjectId> post(String key, E event, OperationId eventId) {
        requireKey(key);
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(eventId, "eventId");
        requireOpen();
        ObjectId id = new ObjectId();
        Instant postedAt = settings.clock() != null ? settings.clock().instant() : Instant.now();
        Optional<OptionalLong> token = store.postOnce(key, MailboxCommands.envelope(id, postedAt, event), eventId);
        if (token.isEmpty()) {
            return Optional.empty();
        }
        eventsPosted.increment();
        token.get().ifPresent(t -> schedule(key, t));
        return Optional.of(id);
    }

    /**
     * Finds entities with pending events whose lock is free or expired (a crashed runner, or a
     * post whose second step never ran), takes their locks and schedules them here. Runs by
     * itself every {@linkplain MailboxBuilder#sweepInterval sweep interval}; call it to recover
     * at once. Returns how many entities it took.
     *
     * @throws dev.atomicmongo.AtomicMongoException if the server fails
     */
    public int sweep() {
        if (closed.get()) {
            return 0;
        }
        int taken = 0;
        for (String key : store.sweepCandidates(settings.sweepLimit())) {
            if (runs.isRunning(key)) {
                continue;
            }
            OptionalLong token = store.take(key);
            if (token.isPresent()) {
                taken++;
                LOG.info("Mailbox {}: the sweeper took '{}' (token {}) with events waiting and no live lock",
                        settings.owner(), key, token.getAsLong());
                schedule(key, token.getAsLong());
            }
        }
        return taken;
    }

    /** The stored state of {@code key} and how many events wait; empty if nothing was ever posted to it. */
    public Optional<MailboxSnapshot<S>> snapshot(String key) {
        requireKey(key);
        return store.snapshot(key);
    }

    /**
     * The batches of {@code key} moved aside after failing {@linkplain MailboxBuilder#maxAttempts
     * max attempts} times, oldest first; empty if none (or nothing was ever posted to the key).
     * They stay in the entity's document.
     *
     * @throws dev.atomicmongo.DocumentCodecException if a dead-lettered event does not decode as the
     *         event type (an event set aside because it did not decode; read the document itself)
     * @throws dev.atomicmongo.AtomicMongoException if the server fails
     */
    public List<DeadLetter<E>> deadLetters(String key) {
        requireKey(key);
        return store.deadLetters(key);
    }

    /**
     * Removes the dead letter {@code id} of {@code key} (after replaying its events with
     * {@link #post}, or deciding to drop them); one update. True if it was there.
     *
     * @throws dev.atomicmongo.AtomicMongoException if the server fails
     */
    public boolean removeDeadLetter(String key, ObjectId id) {
        requireKey(key);
        Objects.requireNonNull(id, "id");
        return store.removeDeadLetter(key, id);
    }

    /** Every entity's snapshot, by key; reads the whole collection, so keep it for small ones and admin pages. */
    public List<MailboxSnapshot<S>> snapshots() {
        return store.snapshots(new BsonDocument());
    }

    /** This instance's counters so far. */
    public MailboxStats stats() {
        return new MailboxStats(eventsPosted.sum(), runner.batchesStored.sum(), runner.eventsStored.sum(),
                runner.locksLost.sum(), runner.batchesFailed.sum(), runner.eventsDeadLettered.sum());
    }

    /** The owner name this instance takes locks under. */
    public String owner() {
        return settings.owner();
    }

    /** True if a post takes one round trip on this server (it runs pipeline updates); asks the server once. */
    public boolean postsInOneRoundTrip() {
        return store.pipelines();
    }

    /**
     * Stops taking work and waits, up to the {@linkplain MailboxBuilder#shutdownTimeout shutdown
     * timeout}, for running batches to be stored; a runner with events still waiting releases its
     * lock so another instance goes on at once. Later posts are refused. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (sweeper != null) {
            sweeper.cancel(false);
        }
        if (ownWorkers != null) {
            ownWorkers.shutdown();
        }
        try {
            if (!inFlight.awaitIdle(settings.shutdownTimeout().toMillis())) {
                LOG.warn("Mailbox {}: {} batch(es) still running after {}; their locks expire and another instance "
                        + "handles their events again", settings.owner(), runs.size(), settings.shutdownTimeout());
                if (ownWorkers != null) {
                    ownWorkers.shutdownNow();
                }
            }
        } catch (InterruptedException e) {
            if (ownWorkers != null) {
                ownWorkers.shutdownNow();
            }
            Thread.currentThread().interrupt();
        } finally {
            runs.cancelWaitingHeartbeats();
            if (ownTimer != null) {
                ownTimer.shutdownNow();
            }
        }
    }

    private void schedule(String key, long token) {
        if (!runs.start(key, token, taken -> waitingHeartbeat(key, taken))) {
            return;
        }
        inFlight.enter();
        try {
            workers.execute(() -> {
                try {
                    runKey(key, token);
                } finally {
                    inFlight.exit();
                }
            });
        } catch (RejectedExecutionException rejected) {
            inFlight.exit();
            runs.forget(key);
            if (!closed.get()) {
                LOG.warn("Mailbox {}: the executor rejected the batch of '{}' (token {}); the lock is released",
                        settings.owner(), key, token);
            }
            store.release(key, token);
        }
    }

    private void runKey(String key, long token) {
        long current = token;
        boolean finished = false;
        try {
            while (true) {
                runs.dequeued(key, current);
                runner.run(key, current);
                OptionalLong next = runs.next(key, current);
                if (next.isEmpty()) {
                    finished = true;
                    return;
                }
                current = next.getAsLong();
            }
        } finally {
            if (!finished) {
                runs.forget(key);
            }
        }
    }

    /**
     * Renews a lock taken by a post or the sweeper while its key waits for a worker, so a busy
     * executor does not let it expire before the batch is read; null if the timer is shut down.
     * A lost lock is reported by the runner when it reads the batch, not here.
     */
    private Heartbeat waitingHeartbeat(String key, long token) {
        try {
            return Heartbeat.start(key, () -> store.renew(key, token),
                    () -> LOG.debug("Mailbox {}: the lock on '{}' (token {}) expired while its batch waited for a worker",
                            settings.owner(), key, token),
                    timer, settings.heartbeatInterval().toMillis());
        } catch (RejectedExecutionException closedTimer) {
            return null;
        }
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.warn("Mailbox {}: the sweep failed, will try again: {}", settings.owner(), e.toString());
        }
    }

    private void requireOpen() {
        if (closed.get()) {
            throw new IllegalStateException("Mailbox " + settings.owner() + " is closed");
        }
    }

    private static void requireKey(String key) {
        Objects.requireNonNull(key, "key");
        if (key.isBlank()) {
            throw new IllegalArgumentException("Mailbox key must not be blank");
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread thread = new Thread(r, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public String toString() {
        return "Mailbox{" + store.namespace() + ", owner=" + settings.owner() + (closed.get() ? ", closed" : "") + "}";
    }
}

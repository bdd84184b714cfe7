package dev.atomicmongo.pattern.mailbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;

import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import dev.atomicmongo.AtomicMongoException;
import dev.atomicmongo.DocumentCodecException;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.collection.OnceOutcome;
import dev.atomicmongo.collection.OperationId;
import dev.atomicmongo.collection.ReadOptions;
import dev.atomicmongo.pattern.lock.LockTime;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The atomic steps on entity documents: post, take the lock, read a batch, store it, renew,
 * release; each runs a command of {@link MailboxCommands} on the collection. Each step is one
 * round trip except where noted. Thread-safe.
 */
final class EntityStore<S, E> {
    private static final Logger LOG = LoggerFactory.getLogger(Mailbox.class);

    private final AtomicCollection<BsonDocument> entities;
    private final MailboxCommands commands;
    private final CodecRegistry registry;
    private final Settings<S, E> settings;
    private final AtomicBoolean pathLogged = new AtomicBoolean();

    EntityStore(AtomicCollection<?> collection, Settings<S, E> settings) {
        this.entities = collection.withDocumentClass(BsonDocument.class);
        this.commands = new MailboxCommands(entities.commands(), settings.owner(), settings.lockTtl());
        this.registry = entities.commands().codecRegistry();
        this.settings = settings;
    }

    /** True if posts take one round trip (the server runs pipeline updates); probed once. */
    boolean pipelines() {
        boolean pipelines = entities.supportsPipelineUpdates();
        if (pathLogged.compareAndSet(false, true) && LOG.isDebugEnabled()) {
            LOG.debug("Mailbox {} on {}: {}; lock expiry on the {} clock", settings.owner(), entities.namespace(),
                    pipelines ? "the server runs pipeline updates, so a post appends and takes the lock in one "
                            + "findAndModify" : "no pipeline updates, so a post is an update ($push) and then a "
                            + "findAndModify that takes the lock",
                    settings.clock() != null ? "given client" : pipelines ? "server's" : "client's");
        }
        return pipelines;
    }

    /** The time lock expiry is decided with. */
    LockTime now() {
        return LockTime.decide(entities, settings.clock());
    }

    // ---- post and take -----------------------------------------------------------------------

    /**
     * Appends the event and tries to take the lock; the token if this post took it (never the
     * token of a lock this owner already held: its run goes on with it, or it waits for expiry
     * after a failure). A concurrent first post of the key is retried by the collection's retry
     * policy.
     */
    OptionalLong post(String key, Document envelope) {
        if (pipelines()) {
            OptionalLong token = commands.tokenTakenBy(envelope,
                    entities.execute(commands.postAndLock(key, envelope, now())));
            LOG.debug("post {}: one step (pipeline upsert), lock {}", key, describe(token));
            return token;
        }
        entities.execute(commands.append(key, envelope));
        OptionalLong token;
        try {
            token = take(key);
        } catch (AtomicMongoException e) {
            // The event is stored: it is accepted, and the sweeper (or the next post) takes the lock.
            LOG.warn("Mailbox {}: the event posted to '{}' is stored but taking the lock failed; the sweeper or the "
                    + "next post runs it: {}", settings.owner(), key, e.toString());
            return OptionalLong.empty();
        }
        LOG.debug("post {}: two steps ($push upsert, then take the lock), lock {}", key, describe(token));
        return token;
    }

    /**
     * {@link #post} once per producer event id: empty if the entity has seen the id (the event was
     * posted before, and nothing is written now), else the lock token as {@link #post} returns it.
     */
    Optional<OptionalLong> postOnce(String key, Document envelope, OperationId eventId) {
        if (pipelines()) {
            OnceOutcome<BsonDocument> outcome = entities.execute(commands.postAndLockOnce(key, envelope, now(), eventId));
            return outcome.isDuplicate() ? Optional.empty()
                    : Optional.of(commands.tokenTakenBy(envelope, outcome.orThrow().document()));
        }
        if (entities.execute(commands.appendOnce(key, envelope, eventId)).isDuplicate()) {
            return Optional.empty();
        }
        try {
            return Optional.of(take(key));
        } catch (AtomicMongoException e) {
            LOG.warn("Mailbox {}: the event posted to '{}' is stored but taking the lock failed; the sweeper or the "
                    + "next post runs it: {}", settings.owner(), key, e.toString());
            return Optional.of(OptionalLong.empty());
        }
    }

    /** Takes the lock if events wait and it is free or expired; the new token if taken. */
    OptionalLong take(String key) {
        return ownToken(entities.execute(commands.take(key, now())));
    }

    /** Keys with pending events and a free or expired lock, oldest key first. */
    List<String> sweepCandidates(int limit) {
        List<String> keys = new ArrayList<>();
        for (BsonDocument doc : entities.find(commands.takeable(now()), ReadOptions.all()
                .withProjection(Projections.include("_id")).withSort(Sorts.ascending("_id")).withLimit(limit))) {
            keys.add(doc.getString("_id").getValue());
        }
        return keys;
    }

    // ---- the holder's steps ------------------------------------------------------------------

    /** Reads the state and the next batch, or null if the lock is no longer this token's. */
    Batch<S, E> read(String key, long token) {
        BsonDocument doc = entities.findOne(MailboxCommands.byKey(key),
                new BsonDocument(MailboxCommands.STATE, new BsonInt32(1))
                        .append("lock", new BsonInt32(1))
                        .append(MailboxCommands.ATTEMPTS, new BsonInt32(1))
                        .append(MailboxCommands.EVENTS,
                                new BsonDocument("$slice", new BsonInt32(settings.batchSize() + 1)))).orElse(null);
        if (doc == null || ownToken(Optional.of(doc)).orElse(-1) != token) {
            return null;
        }
        BsonValue stored = doc.get(MailboxCommands.EVENTS);
        BsonArray pending = stored != null && stored.isArray() ? stored.asArray() : new BsonArray();
        int size = Math.min(pending.size(), settings.batchSize());
        List<MailboxEvent<E>> events = new ArrayList<>(size);
        List<ObjectId> ids = new ArrayList<>(size);
        List<BsonDocument> envelopes = new ArrayList<>(size);
        RuntimeException undecodable = null;
        for (int i = 0; i < size; i++) {
            BsonDocument envelope = pending.get(i).asDocument();
            ObjectId id = envelope.getObjectId("id").getValue();
            try {
                events.add(event(envelope));
            } catch (RuntimeException e) {
                // A bad event is a batch of its own: the events before it are handled first.
                if (i == 0) {
                    ids.add(id);
                    envelopes.add(envelope);
                    undecodable = new DocumentCodecException("Mailbox " + settings.owner() + ": decoding event "
                            + id + " of '" + key + "' as " + settings.eventType().getName(), e);
                }
                break;
            }
            ids.add(id);
            envelopes.add(envelope);
        }
        return new Batch<>(state(doc), List.copyOf(events), List.copyOf(ids), List.copyOf(envelopes),
                pending.size() > ids.size(), ids.isEmpty() ? 0 : failedAttempts(doc, ids.get(0)), undecodable);
    }

    private MailboxEvent<E> event(BsonDocument envelope) {
        return new MailboxEvent<>(envelope.getObjectId("id").getValue(),
                Instant.ofEpochMilli(envelope.getDateTime("at").getValue()),
                BsonDecoding.decode(envelope.get("body"), settings.eventType(), registry));
    }

    /** The stored failure count of the batch led by {@code head}; 0 if the stored count is of another batch. */
    private static int failedAttempts(BsonDocument doc, ObjectId head) {
        BsonValue attempts = doc.get(MailboxCommands.ATTEMPTS);
        if (attempts == null || !attempts.isDocument()) {
            return 0;
        }
        BsonDocument stored = attempts.asDocument();
        BsonValue storedHead = stored.get("head");
        BsonValue count = stored.get("count");
        if (storedHead == null || !storedHead.isObjectId() || !storedHead.asObjectId().getValue().equals(head)
                || count == null || !count.isNumber()) {
            return 0;
        }
        return Math.max(0, count.asNumber().intValue());
    }

    /** Records one more failed attempt of the batch led by {@code head}; false if the lock is no longer this token's. */
    boolean recordFailure(String key, long token, ObjectId head, int count) {
        return entities.execute(commands.recordFailure(key, token, head, count, now())).isMatched();
    }

    /** Moves the batch into a dead letter in one guarded write; false if the lock is no longer this token's. */
    boolean deadLetter(String key, long token, Batch<S, E> batch, Throwable error, int attempts) {
        List<ObjectId> ids = batch.ids();
        Instant at = settings.clock() != null ? settings.clock().instant() : Instant.now();
        return entities.execute(commands.deadLetter(key, token, new ObjectId(), ids, batch.envelopes(), error, attempts,
                at, now())).isMatched();
    }

    /** The dead letters of {@code key}, oldest first; empty if none or no such entity. */
    List<DeadLetter<E>> deadLetters(String key) {
        BsonDocument doc = entities.findOne(MailboxCommands.byKey(key),
                new BsonDocument(MailboxCommands.DEAD_LETTERS, new BsonInt32(1))).orElse(null);
        BsonValue stored = doc == null ? null : doc.get(MailboxCommands.DEAD_LETTERS);
        if (stored == null || !stored.isArray()) {
            return List.of();
        }
        List<DeadLetter<E>> letters = new ArrayList<>();
        for (BsonValue value : stored.asArray()) {
            BsonDocument letter = value.asDocument();
            List<MailboxEvent<E>> events = new ArrayList<>();
            for (BsonValue envelope : letter.getArray("events", new BsonArray())) {
                try {
                    events.add(event(envelope.asDocument()));
                } catch (RuntimeException e) {
                    throw new DocumentCodecException("Mailbox " + settings.owner() + ": decoding a dead-lettered event of '"
                            + key + "' as " + settings.eventType().getName(), e);
                }
            }
            letters.add(new DeadLetter<>(letter.getObjectId("id").getValue(), events, letter.getString("error").getValue(),
                    letter.getString("message").getValue(), letter.getNumber("attempts").intValue(),
                    Instant.ofEpochMilli(letter.getDateTime("at").getValue()), letter.getNumber("token").longValue()));
        }
        return List.copyOf(letters);
    }

    /**
     * Stores the state and removes exactly the processed events, guarded by owner, token and
     * expiry; renews the lock if events wait, else releases it. One round trip with pipelines;
     * without them one, or two when events arrived during the batch.
     */
    StoreResult store(String key, long token, S state, List<ObjectId> ids, boolean moreKnown) {
        LockTime now = now();
        if (pipelines()) {
            Optional<BsonDocument> after = entities.execute(commands.storeAndRenewOrRelease(key, token, state, ids, now));
            if (after.isEmpty()) {
                return StoreResult.LOST;
            }
            return ownToken(after).isPresent() ? StoreResult.RENEWED : StoreResult.RELEASED;
        }
        if (!moreKnown && entities.execute(commands.storeAndRelease(key, token, state, ids, now)).isMatched()) {
            return StoreResult.RELEASED;
        }
        Instant client = now.clientInstant().orElseThrow();
        return entities.execute(commands.storeAndRenew(key, token, state, ids, client)).isMatched()
                ? StoreResult.RENEWED : StoreResult.LOST;
    }

    /** Extends the lock this token holds; false if it expired or passed to another owner. */
    boolean renew(String key, long token) {
        return entities.execute(commands.renew(key, token, now())).isMatched();
    }

    /** Frees the lock this token holds without touching the events, so another owner can go on at once. */
    boolean release(String key, long token) {
        return entities.execute(commands.release(key, token)).isMatched();
    }

    /** Removes the dead letter {@code letterId} of {@code key}; true if it was there. */
    boolean removeDeadLetter(String key, ObjectId letterId) {
        return entities.execute(commands.removeDeadLetter(key, letterId)).modifiedCount() > 0;
    }

    // ---- reads ---------------------------------------------------------------------------

    Optional<MailboxSnapshot<S>> snapshot(String key) {
        return snapshots(MailboxCommands.byKey(key)).stream().findFirst();
    }

    List<MailboxSnapshot<S>> snapshots(Bson filter) {
        List<MailboxSnapshot<S>> result = new ArrayList<>();
        for (BsonDocument doc : entities.find(filter, ReadOptions.all()
                .withProjection(Projections.include(MailboxCommands.STATE, MailboxCommands.EVENTS + ".id"))
                .withSort(Sorts.ascending("_id")))) {
            BsonValue events = doc.get(MailboxCommands.EVENTS);
            result.add(new MailboxSnapshot<>(doc.getString("_id").getValue(), state(doc),
                    events != null && events.isArray() ? events.asArray().size() : 0));
        }
        return result;
    }

    private S state(BsonDocument doc) {
        BsonValue state = doc.get(MailboxCommands.STATE);
        return state == null || state.isNull() ? settings.initialState().get()
                : BsonDecoding.decode(state, settings.stateType(), registry);
    }

    private OptionalLong ownToken(Optional<BsonDocument> doc) {
        return doc.flatMap(MailboxCommands.LOCK::holder)
                .filter(holder -> holder.owner().equals(settings.owner()))
                .map(holder -> OptionalLong.of(holder.token()))
                .orElse(OptionalLong.empty());
    }

    private static String describe(OptionalLong token) {
        return token.isPresent() ? "taken, token " + token.getAsLong() : "not taken (already held)";
    }

    String namespace() {
        return entities.namespace().getFullName();
    }
}

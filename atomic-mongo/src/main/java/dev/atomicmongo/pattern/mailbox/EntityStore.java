package dev.atomicmongo.pattern.mailbox;

import java.time.Instant;
import java.util.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import dev.atomicmongo.DuplicateKeyException;
import dev.atomicmongo.MongoOperationException;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.collection.FindAndUpdateOptions;
import dev.atomicmongo.filter.Condition;
import dev.atomicmongo.filter.Conditions;
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
 * release. Each step is one round trip except where noted. Thread-safe.
 */
final class EntityStore<S, E> {
    private static final Logger LOG = LoggerFactory.getLogger(Mailbox.class);
    private static final int DUPLICATE_KEY_RETRIES = 3;

    private final AtomicCollection<BsonDocument> entities;
    private final CodecRegistry registry;
    private final Settings<S, E> settings;
    private final AtomicBoolean pathLogged = new AtomicBoolean();

    EntityStore(MongoCollection<?> collection, Settings<S, E> settings) {
        this.entities = AtomicCollection.of(collection.withDocumentClass(BsonDocument.class));
        this.registry = collection.getCodecRegistry();
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

    /** The client time expiry is decided with, or null for the server's clock. */
    Instant now() {
        if (settings.clock() != null) {
            return settings.clock().instant();
        }
        return pipelines() ? null : Instant.now();
    }

    // ---- post and take -----------------------------------------------------------------------

    /** Appends the event and tries to take the lock; the token if this owner holds the lock afterwards. */
    OptionalLong post(String key, Document envelope) {
        boolean oneStep = pipelines();
        Instant now = now();
        for (int attempt = 0; ; attempt++) {
            try {
                if (oneStep) {
                    Optional<BsonDocument> after = entities.findOneAndUpdate(MailboxCommands.byKey(key),
                            MailboxCommands.appendAndLock(envelope, settings.owner(), settings.lockTtl(), now),
                            FindAndUpdateOptions.returnAfter().withUpsert(true).withProjection(MailboxCommands.LOCK_ONLY));
                    OptionalLong token = ownToken(after);
                    LOG.debug("post {}: one step (pipeline upsert), lock {}", key, describe(token));
                    return token;
                }
                entities.upsertOne(MailboxCommands.byKey(key), MailboxCommands.append(envelope));
                break;
            } catch (DuplicateKeyException e) {
                if (attempt >= DUPLICATE_KEY_RETRIES) {
                    throw e;
                }
                LOG.debug("post {}: a concurrent first post created the document; retrying", key);
            }
        }
        OptionalLong token = take(key);
        LOG.debug("post {}: two steps ($push upsert, then take the lock), lock {}", key, describe(token));
        return token;
    }

    /** Takes the lock if events wait and it is free or expired; the new token if taken. */
    OptionalLong take(String key) {
        Instant now = now();
        FindAndUpdateOptions after = FindAndUpdateOptions.returnAfter().withProjection(MailboxCommands.LOCK_ONLY);
        Condition filter = Conditions.and(MailboxCommands.byKey(key), MailboxCommands.takeable(now));
        String owner = settings.owner();
        return ownToken(now == null
                ? entities.findOneAndUpdate(filter, MailboxCommands.takePipeline(owner, settings.lockTtl()), after)
                : entities.findOneAndUpdate(filter, MailboxCommands.takeUpdate(owner, settings.lockTtl(), now), after));
    }

    /** Keys with pending events and a free or expired lock, oldest key first. */
    List<String> sweepCandidates(int limit) {
        List<String> keys = new ArrayList<>();
        try {
            for (BsonDocument doc : entities.collection().find(MailboxCommands.takeable(now()))
                    .projection(Projections.include("_id")).sort(Sorts.ascending("_id")).limit(limit)) {
                keys.add(doc.getString("_id").getValue());
            }
        } catch (MongoException e) {
            throw new MongoOperationException("find on " + entities.namespace(), e);
        }
        return keys;
    }

    // ---- the holder's steps ------------------------------------------------------------------

    /** Reads the state and the next batch, or null if the lock is no longer this token's. */
    Batch<S, E> read(String key, long token) {
        BsonDocument doc = entities.findOne(MailboxCommands.byKey(key),
                new BsonDocument(MailboxCommands.STATE, new BsonInt32(1))
                        .append(MailboxCommands.LOCK, new BsonInt32(1))
                        .append(MailboxCommands.EVENTS,
                                new BsonDocument("$slice", new BsonInt32(settings.batchSize() + 1)))).orElse(null);
        if (doc == null || ownToken(Optional.of(doc)).orElse(-1) != token) {
            return null;
        }
        BsonValue stored = doc.get(MailboxCommands.EVENTS);
        BsonArray pending = stored != null && stored.isArray() ? stored.asArray() : new BsonArray();
        int size = Math.min(pending.size(), settings.batchSize());
        List<MailboxEvent<E>> events = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            BsonDocument envelope = pending.get(i).asDocument();
            events.add(new MailboxEvent<>(envelope.getObjectId("id").getValue(),
                    Instant.ofEpochMilli(envelope.getDateTime("at").getValue()),
                    BsonDecoding.decode(envelope.get("body"), settings.eventType(), registry)));
        }
        return new Batch<>(state(doc), List.copyOf(events), pending.size() > size);
    }

    /**
     * Stores the state and removes exactly the processed events, guarded by owner, token and
     * expiry; renews the lock if events wait, else releases it. One round trip with pipelines;
     * without them one, or two when events arrived during the batch.
     */
    StoreResult store(String key, long token, S state, List<ObjectId> ids, boolean moreKnown) {
        Instant now = now();
        Condition held = MailboxCommands.held(key, settings.owner(), token, now);
        if (pipelines()) {
            Condition guard = ids.isEmpty() ? held : Conditions.and(held, MailboxCommands.batchLeads(ids));
            Optional<BsonDocument> after = entities.findOneAndUpdate(guard,
                    MailboxCommands.storePipeline(state, ids.size(), settings.lockTtl(), now),
                    FindAndUpdateOptions.returnAfter().withProjection(MailboxCommands.LOCK_ONLY));
            if (after.isEmpty()) {
                return StoreResult.LOST;
            }
            return ownToken(after).isPresent() ? StoreResult.RENEWED : StoreResult.RELEASED;
        }
        if (!moreKnown && entities.updateOne(Conditions.and(held, MailboxCommands.nothingAfter(ids.size())),
                MailboxCommands.storeUpdate(state, ids).set(MailboxCommands.OWNER, null)
                        .set(MailboxCommands.UNTIL, null)).isMatched()) {
            return StoreResult.RELEASED;
        }
        return entities.updateOne(held, MailboxCommands.storeUpdate(state, ids)
                .set(MailboxCommands.UNTIL, Date.from(now.plus(settings.lockTtl())))).isMatched()
                ? StoreResult.RENEWED : StoreResult.LOST;
    }

    /** Extends the lock this token holds; false if it expired or passed to another owner. */
    boolean renew(String key, long token) {
        Instant now = now();
        Condition held = MailboxCommands.held(key, settings.owner(), token, now);
        return (now == null ? entities.updateOne(held, MailboxCommands.renewPipeline(settings.lockTtl()))
                : entities.updateOne(held, MailboxCommands.renewUpdate(settings.lockTtl(), now))).isMatched();
    }

    /** Frees the lock this token holds without touching the events, so another owner can go on at once. */
    boolean release(String key, long token) {
        return entities.updateOne(MailboxCommands.held(key, settings.owner(), token, now()),
                MailboxCommands.releaseUpdate()).isMatched();
    }

    // ---- reads ---------------------------------------------------------------------------

    Optional<MailboxSnapshot<S>> snapshot(String key) {
        return snapshots(MailboxCommands.byKey(key)).stream().findFirst();
    }

    List<MailboxSnapshot<S>> snapshots(Bson filter) {
        List<MailboxSnapshot<S>> result = new ArrayList<>();
        try {
            for (BsonDocument doc : entities.collection().find(filter)
                    .projection(Projections.include(MailboxCommands.STATE, MailboxCommands.EVENTS + ".id"))
                    .sort(Sorts.ascending("_id"))) {
                BsonValue events = doc.get(MailboxCommands.EVENTS);
                result.add(new MailboxSnapshot<>(doc.getString("_id").getValue(), state(doc),
                        events != null && events.isArray() ? events.asArray().size() : 0));
            }
        } catch (MongoException e) {
            throw new MongoOperationException("find on " + entities.namespace(), e);
        }
        return result;
    }

    private S state(BsonDocument doc) {
        BsonValue state = doc.get(MailboxCommands.STATE);
        return state == null || state.isNull() ? settings.initialState().get()
                : BsonDecoding.decode(state, settings.stateType(), registry);
    }

    private OptionalLong ownToken(Optional<BsonDocument> doc) {
        if (doc.isEmpty()) {
            return OptionalLong.empty();
        }
        BsonValue lock = doc.get().get(MailboxCommands.LOCK);
        if (lock == null || !lock.isDocument()) {
            return OptionalLong.empty();
        }
        BsonValue owner = lock.asDocument().get("owner");
        BsonValue token = lock.asDocument().get("token");
        return owner != null && owner.isString() && owner.asString().getValue().equals(settings.owner())
                && token != null && token.isNumber() ? OptionalLong.of(token.asNumber().longValue()) : OptionalLong.empty();
    }

    private static String describe(OptionalLong token) {
        return token.isPresent() ? "held by this owner, token " + token.getAsLong() : "held by another owner";
    }

    String namespace() {
        return entities.namespace().getFullName();
    }
}

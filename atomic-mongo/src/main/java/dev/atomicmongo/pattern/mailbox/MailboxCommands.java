package dev.atomicmongo.pattern.mailbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import dev.atomicmongo.collection.Commands;
import dev.atomicmongo.collection.FindAndModifyCommand;
import dev.atomicmongo.collection.FindAndUpdateOptions;
import dev.atomicmongo.collection.OnceUpdateCommand;
import dev.atomicmongo.collection.OperationGuard;
import dev.atomicmongo.collection.OperationId;
import dev.atomicmongo.collection.UpdateCommand;
import dev.atomicmongo.filter.Condition;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.pattern.lock.FencedLock;
import dev.atomicmongo.pattern.lock.LockTime;
import dev.atomicmongo.update.Expr;
import dev.atomicmongo.update.PipelineUpdate;
import dev.atomicmongo.update.UpdateBuilder;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * The commands on an entity document
 * {@code {_id: key, state, events: [{id, at, body}], lock: {owner, token, until, post}, attempts: {head, count},
 * deadLetters: [{id, events, error, message, attempts, at, token}]}}; the lock is a
 * {@link FencedLock} under {@code lock}, without re-entry (a runner never takes the lock it
 * holds: it goes on with its token). {@code lock.post} is the id of the event whose one-step post
 * last took the lock, so that post, and only that post, knows it took it. Pure: compiles, sends
 * nothing.
 */
final class MailboxCommands {
    static final String STATE = "state";
    static final String EVENTS = "events";
    static final String ATTEMPTS = "attempts";
    static final String DEAD_LETTERS = "deadLetters";
    /** The longest error message kept in a dead letter; longer ones are cut. */
    static final int MESSAGE_LIMIT = 1_000;
    static final FencedLock LOCK = FencedLock.inField("lock");
    static final BsonDocument LOCK_ONLY = new BsonDocument("lock", new BsonInt32(1));
    /** The id of the event whose one-step post last took the lock. */
    static final String TAKEN_BY_POST = "lock.post";

    private final Commands commands;
    private final String owner;
    private final Duration ttl;

    MailboxCommands(Commands commands, String owner, Duration ttl) {
        this.commands = commands;
        this.owner = owner;
        this.ttl = ttl;
    }

    static Condition byKey(String key) {
        return Conditions.eq("_id", key);
    }

    static Document envelope(ObjectId id, Instant postedAt, Object event) {
        return new Document("id", id).append("at", Date.from(postedAt)).append("body", event);
    }

    // ---- post ------------------------------------------------------------------------------

    /**
     * With pipelines, a post in one {@code findAndModify} upsert: append the event and, if the
     * lock is free or expired, take it and record the event's id in {@code lock.post}. The
     * returned lock names this owner also when it already held the lock (a batch running, or a
     * failed batch waiting for expiry): only {@link #tokenTakenBy} tells a lock taken by this post.
     * The event is a {@code $literal}, so its strings and keys are never read as expressions.
     *
     * @throws IllegalArgumentException if the envelope has no ObjectId {@code id}
     */
    FindAndModifyCommand postAndLock(String key, Document envelope, LockTime now) {
        return commands.findOneAndUpdate(byKey(key), appendAndLock(envelope, now),
                FindAndUpdateOptions.returnAfter().withUpsert(true).withProjection(LOCK_ONLY));
    }

    /** The pipeline of {@link #postAndLock}: append the event, take the lock if acquirable, record the post. */
    private PipelineUpdate appendAndLock(Document envelope, LockTime now) {
        ObjectId post = postId(envelope);
        PipelineUpdate append = PipelineUpdate.pipeline()
                .set(EVENTS, Expr.concatArrays(eventsOrEmpty(), Expr.literal(List.of(envelope))));
        return LOCK.acquireIfAcquirable(append, owner, ttl, now)
                .set(TAKEN_BY_POST, Expr.cond(LOCK.isAcquirable(owner, now), Expr.literal(post),
                        Expr.field(TAKEN_BY_POST)));
    }

    /**
     * The token of the lock in {@code after} (a {@link #postAndLock} result) if the post of
     * {@code envelope} took it; empty if another owner holds it, or if this owner already held it
     * before the post (then the run holding it goes on with its token, and no second run starts
     * with the same token).
     */
    OptionalLong tokenTakenBy(Document envelope, Optional<BsonDocument> after) {
        ObjectId post = postId(envelope);
        return after.filter(doc -> {
                    BsonValue lock = doc.get("lock");
                    BsonValue recorded = lock != null && lock.isDocument() ? lock.asDocument().get("post") : null;
                    return recorded != null && recorded.isObjectId() && recorded.asObjectId().getValue().equals(post);
                })
                .flatMap(LOCK::holder)
                .filter(holder -> holder.owner().equals(owner))
                .map(holder -> OptionalLong.of(holder.token()))
                .orElse(OptionalLong.empty());
    }

    private static ObjectId postId(Document envelope) {
        Object id = envelope.get("id");
        if (!(id instanceof ObjectId post)) {
            throw new IllegalArgumentException("Mailbox event envelope must have an ObjectId 'id', got " + id);
        }
        return post;
    }

    /** Without pipelines, the first step of a post: append ({@code $push}, upserting the document). */
    UpdateCommand append(String key, Document envelope) {
        return commands.upsertOne(byKey(key), UpdateBuilder.update().push(EVENTS, envelope));
    }

    // ---- post once per producer-supplied event id ----------------------------------------------

    /** Where the ids of posted producer events are kept: the operation guard's default field and window. */
    static final OperationGuard POSTED = OperationGuard.defaults();

    /**
     * {@link #postAndLock} (the same pipeline, {@code lock.post} included) guarded by the
     * producer's event id ({@code findOneAndUpdateOnce} with
     * upsert): the filter adds {@code {_ops: {$ne: id}}} and a last stage keeps the id among the
     * last {@value OperationGuard#DEFAULT_WINDOW}. On an entity that has seen the id the upsert's
     * insert fails on {@code _id}, which the collection reports as a duplicate.
     */
    OnceUpdateCommand postAndLockOnce(String key, Document envelope, LockTime now, OperationId eventId) {
        return commands.findOneAndUpdateOnce(byKey(key), appendAndLock(envelope, now), eventId,
                FindAndUpdateOptions.returnAfter().withUpsert(true).withProjection(LOCK_ONLY), POSTED);
    }

    /** {@link #append} guarded by the producer's event id ({@code upsertOnce}). */
    OnceUpdateCommand appendOnce(String key, Document envelope, OperationId eventId) {
        return commands.upsertOnce(byKey(key), UpdateBuilder.update().push(EVENTS, envelope), eventId, POSTED);
    }

    // ---- take the lock (second step of a post, and the sweeper) -------------------------------

    /** Events are pending and the lock is free or expired. */
    Condition takeable(LockTime now) {
        return Conditions.and(Conditions.exists(EVENTS + ".0"), LOCK.acquirable(owner, now));
    }

    FindAndModifyCommand take(String key, LockTime now) {
        return commands.findOneAndUpdate(Conditions.and(byKey(key), takeable(now)), LOCK.acquire(owner, ttl, now),
                FindAndUpdateOptions.returnAfter().withProjection(LOCK_ONLY));
    }

    // ---- the holder's guarded writes -----------------------------------------------------------

    /** The lock is still ours: same owner, same token, not expired. */
    Condition held(String key, long token, LockTime now) {
        return Conditions.and(byKey(key), LOCK.heldBy(owner, token, now));
    }

    UpdateCommand renew(String key, long token, LockTime now) {
        return commands.updateOne(held(key, token, now), LOCK.renewal(ttl, now));
    }

    /** Frees the lock, guarded by owner and token (expiry does not matter, see {@link FencedLock}). */
    UpdateCommand release(String key, long token) {
        return commands.updateOne(Conditions.and(byKey(key), LOCK.sameHolder(owner, token)), LOCK.release());
    }

    /**
     * With pipelines, one update storing a batch of {@code ids}: guarded by the lock and by the
     * batch leading the array; sets the state, drops the first {@code ids.size()} events, then
     * keeps the lock renewed if events remain, else releases it.
     */
    FindAndModifyCommand storeAndRenewOrRelease(String key, long token, Object state, List<ObjectId> ids, LockTime now) {
        Condition guard = ids.isEmpty() ? held(key, token, now) : Conditions.and(held(key, token, now), batchLeads(ids));
        PipelineUpdate update = PipelineUpdate.pipeline();
        if (!ids.isEmpty()) {
            update = update.set(STATE, Expr.literal(state))
                    .set(EVENTS, Expr.slice(eventsOrEmpty(), Expr.literal(ids.size()), Expr.literal(Integer.MAX_VALUE)))
                    .nextStage();
        }
        Expr more = Expr.gt(Expr.size(eventsOrEmpty()), Expr.literal(0));
        update = update
                .set(LOCK.ownerPath(), Expr.cond(more, Expr.field(LOCK.ownerPath()), Expr.literal(null)))
                .set(LOCK.untilPath(), Expr.cond(more, now.plus(ttl), Expr.literal(null)));
        return commands.findOneAndUpdate(guard, update, FindAndUpdateOptions.returnAfter().withProjection(LOCK_ONLY));
    }

    /**
     * Without pipelines, store the batch and release the lock, guarded also by nothing having
     * been appended after the batch ({@code events.<count>} is missing).
     */
    UpdateCommand storeAndRelease(String key, long token, Object state, List<ObjectId> ids, LockTime now) {
        return commands.updateOne(Conditions.and(held(key, token, now), nothingAfter(ids.size())),
                LOCK.release(storeUpdate(state, ids)));
    }

    /** Without pipelines, store the batch and renew the lock (events wait). */
    UpdateCommand storeAndRenew(String key, long token, Object state, List<ObjectId> ids, Instant now) {
        return commands.updateOne(held(key, token, LockTime.client(now)), LOCK.renewal(storeUpdate(state, ids), ttl, now));
    }

    // ---- failed attempts and dead letters --------------------------------------------------------

    /**
     * Records that the batch whose first event is {@code head} has failed {@code count} times,
     * guarded by the lock; {@code count} is the stored count plus one, which only the holder
     * writes.
     */
    UpdateCommand recordFailure(String key, long token, ObjectId head, int count, LockTime now) {
        return commands.updateOne(held(key, token, now),
                UpdateBuilder.update().set(ATTEMPTS, new Document("head", head).append("count", count)));
    }

    /**
     * Moves the batch's events (removed by id, kept as stored) into a new dead letter with the
     * error and the attempt count, and clears the attempt count: one write, guarded by the lock.
     */
    UpdateCommand deadLetter(String key, long token, ObjectId letterId, List<ObjectId> ids, List<BsonDocument> envelopes,
                             Throwable error, int attempts, Instant at, LockTime now) {
        Document letter = new Document("id", letterId)
                .append("events", envelopes)
                .append("error", error.getClass().getName())
                .append("message", message(error))
                .append("attempts", attempts)
                .append("at", Date.from(at))
                .append("token", token);
        return commands.updateOne(held(key, token, now), UpdateBuilder.update()
                .pull(EVENTS, Conditions.in("id", ids))
                .push(DEAD_LETTERS, letter)
                .unset(ATTEMPTS));
    }

    /** Removes one dead letter by its id; any holder or none (the letter is no longer part of the queue). */
    UpdateCommand removeDeadLetter(String key, ObjectId letterId) {
        return commands.updateOne(byKey(key), UpdateBuilder.update().pull(DEAD_LETTERS, Conditions.eq("id", letterId)));
    }

    /** The error's message, empty if it has none, cut to {@link #MESSAGE_LIMIT} characters. */
    static String message(Throwable error) {
        String message = error.getMessage();
        if (message == null) {
            return "";
        }
        return message.length() <= MESSAGE_LIMIT ? message : message.substring(0, MESSAGE_LIMIT) + "...";
    }

    static Condition nothingAfter(int count) {
        return Conditions.exists(EVENTS + "." + count, false);
    }

    /** Store the state and remove exactly the processed events, by id. */
    static UpdateBuilder storeUpdate(Object state, List<ObjectId> ids) {
        UpdateBuilder update = UpdateBuilder.update();
        return ids.isEmpty() ? update : update.set(STATE, state).pull(EVENTS, Conditions.in("id", ids));
    }

    /** The first and last processed events lead the array. */
    static Condition batchLeads(List<ObjectId> ids) {
        int last = ids.size() - 1;
        return Conditions.and(Conditions.eq(EVENTS + ".0.id", ids.get(0)),
                Conditions.eq(EVENTS + "." + last + ".id", ids.get(last)));
    }

    private static Expr eventsOrEmpty() {
        return Expr.ifNull(Expr.field(EVENTS), Expr.literal(List.of()));
    }
}

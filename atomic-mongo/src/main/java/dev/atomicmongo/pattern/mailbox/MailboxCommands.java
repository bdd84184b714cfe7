package dev.atomicmongo.pattern.mailbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import dev.atomicmongo.filter.Condition;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.update.Expr;
import dev.atomicmongo.update.PipelineUpdate;
import dev.atomicmongo.update.UpdateBuilder;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * The filters and updates of an entity document
 * {@code {_id: key, state, events: [{id, at, body}], lock: {owner, token, until}}}. A
 * {@code null} {@code now} means the server's clock ({@code $$NOW}, pipeline updates only);
 * otherwise it is the client's time.
 */
final class MailboxCommands {
    static final String STATE = "state";
    static final String EVENTS = "events";
    static final String LOCK = "lock";
    static final String OWNER = "lock.owner";
    static final String TOKEN = "lock.token";
    static final String UNTIL = "lock.until";
    static final BsonDocument LOCK_ONLY = new BsonDocument(LOCK, new BsonInt32(1));
    private static final Date EPOCH = new Date(0);

    private MailboxCommands() {
    }

    static Condition byKey(String key) {
        return Conditions.eq("_id", key);
    }

    static Document envelope(ObjectId id, Instant postedAt, Object event) {
        return new Document("id", id).append("at", Date.from(postedAt)).append("body", event);
    }

    // ---- post ------------------------------------------------------------------------------

    /**
     * One pipeline upsert: append the event and, if the lock is free or expired, take it. The
     * event is a {@code $literal}, so its strings and keys are never read as expressions.
     */
    static PipelineUpdate appendAndLock(Document envelope, String owner, Duration ttl, Instant now) {
        Expr clock = now(now);
        Expr free = isFree(clock);
        return PipelineUpdate.pipeline()
                .set(EVENTS, Expr.concatArrays(eventsOrEmpty(), Expr.literal(List.of(envelope))))
                .set(OWNER, Expr.cond(free, Expr.literal(owner), Expr.field(OWNER)))
                .set(TOKEN, Expr.cond(free, nextToken(), Expr.field(TOKEN)))
                .set(UNTIL, Expr.cond(free, Expr.add(clock, millis(ttl)), Expr.field(UNTIL)));
    }

    /** Without pipelines, the first step of a post: append ({@code $push}, upserting the document). */
    static UpdateBuilder append(Document envelope) {
        return UpdateBuilder.update().push(EVENTS, envelope);
    }

    // ---- take the lock (second step of a post, and the sweeper) -------------------------------

    /** Events are pending and the lock is free or expired. */
    static Condition takeable(Instant now) {
        return Conditions.and(Conditions.exists(EVENTS + ".0"), expiredOrFree(now));
    }

    static Condition expiredOrFree(Instant now) {
        return now == null
                ? Conditions.expr(isFree(Expr.now()))
                : Conditions.or(Conditions.eq(UNTIL, null), Conditions.lte(UNTIL, Date.from(now)));
    }

    static PipelineUpdate takePipeline(String owner, Duration ttl) {
        return PipelineUpdate.pipeline()
                .set(OWNER, Expr.literal(owner))
                .set(TOKEN, nextToken())
                .set(UNTIL, Expr.add(Expr.now(), millis(ttl)));
    }

    static UpdateBuilder takeUpdate(String owner, Duration ttl, Instant now) {
        return UpdateBuilder.update().set(OWNER, owner).set(UNTIL, Date.from(now.plus(ttl))).inc(TOKEN, 1L);
    }

    // ---- the holder's guarded writes -----------------------------------------------------------

    /** The lock is still ours: same owner, same token, not expired. */
    static Condition held(String key, String owner, long token, Instant now) {
        Condition unexpired = now == null
                ? Conditions.expr(Expr.gt(Expr.field(UNTIL), Expr.now()))
                : Conditions.gt(UNTIL, Date.from(now));
        return Conditions.and(byKey(key), Conditions.eq(OWNER, owner), Conditions.eq(TOKEN, token), unexpired);
    }

    static PipelineUpdate renewPipeline(Duration ttl) {
        return PipelineUpdate.pipeline().set(UNTIL, Expr.add(Expr.now(), millis(ttl)));
    }

    static UpdateBuilder renewUpdate(Duration ttl, Instant now) {
        return UpdateBuilder.update().set(UNTIL, Date.from(now.plus(ttl)));
    }

    static UpdateBuilder releaseUpdate() {
        return UpdateBuilder.update().set(OWNER, null).set(UNTIL, null);
    }

    /**
     * Without pipelines, the guard of the write that stores a batch of {@code count} events and
     * releases the lock: nothing was appended after them ({@code events.<count>} is missing).
     */
    static Condition nothingAfter(int count) {
        return Conditions.exists(EVENTS + "." + count, false);
    }

    /** Without pipelines: store the state and remove exactly the processed events, by id. */
    static UpdateBuilder storeUpdate(Object state, List<ObjectId> ids) {
        UpdateBuilder update = UpdateBuilder.update();
        return ids.isEmpty() ? update
                : update.set(STATE, state).pull(EVENTS, Conditions.in("id", ids));
    }

    /** With pipelines, the guard also checks that the first and last processed events lead the array. */
    static Condition batchLeads(List<ObjectId> ids) {
        int last = ids.size() - 1;
        return Conditions.and(Conditions.eq(EVENTS + ".0.id", ids.get(0)),
                Conditions.eq(EVENTS + "." + last + ".id", ids.get(last)));
    }

    /**
     * One pipeline update storing a batch: set the state, drop the first {@code ids.size()}
     * events, then keep the lock renewed if events remain, else release it.
     */
    static PipelineUpdate storePipeline(Object state, int count, Duration ttl, Instant now) {
        PipelineUpdate update = PipelineUpdate.pipeline();
        if (count > 0) {
            update = update.set(STATE, Expr.literal(state))
                    .set(EVENTS, Expr.slice(eventsOrEmpty(), Expr.literal(count), Expr.literal(Integer.MAX_VALUE)))
                    .nextStage();
        }
        Expr more = Expr.gt(Expr.size(eventsOrEmpty()), Expr.literal(0));
        return update
                .set(OWNER, Expr.cond(more, Expr.field(OWNER), Expr.literal(null)))
                .set(UNTIL, Expr.cond(more, Expr.add(now(now), millis(ttl)), Expr.literal(null)));
    }

    // ---- expressions ---------------------------------------------------------------------------

    private static Expr isFree(Expr clock) {
        return Expr.lte(Expr.ifNull(Expr.field(UNTIL), Expr.literal(EPOCH)), clock);
    }

    private static Expr nextToken() {
        return Expr.add(Expr.ifNull(Expr.field(TOKEN), Expr.literal(0L)), Expr.literal(1L));
    }

    private static Expr eventsOrEmpty() {
        return Expr.ifNull(Expr.field(EVENTS), Expr.literal(List.of()));
    }

    private static Expr millis(Duration ttl) {
        return Expr.literal(ttl.toMillis());
    }

    private static Expr now(Instant now) {
        return now == null ? Expr.now() : Expr.literal(Date.from(now));
    }
}

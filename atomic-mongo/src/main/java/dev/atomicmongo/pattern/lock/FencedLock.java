package dev.atomicmongo.pattern.lock;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.atomicmongo.collection.StoredValues;
import dev.atomicmongo.filter.Condition;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.update.Expr;
import dev.atomicmongo.update.PipelineUpdate;
import dev.atomicmongo.update.Update;
import dev.atomicmongo.update.UpdateBuilder;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * A lock kept in a document as three fields, {@code owner}, {@code token} and {@code until} (at
 * the top level, or under one field): the one lock core of the patterns. It builds filters and
 * updates and sends nothing; {@code Leases} and {@code Mailbox} turn them into commands.
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * FencedLock lock = FencedLock.inField("lock");            // lock.owner, lock.token, lock.until
 * LockTime now = LockTime.decide(collection, null);         // $$NOW where the server runs pipelines
 * collection.findOneAndUpdate(Conditions.and(Conditions.eq("_id", key), lock.acquirable("me", now)),
 *         lock.acquire("me", Duration.ofSeconds(30), now), FindAndUpdateOptions.returnAfter());
 * }</pre>
 *
 * <p><b>The rules</b>, the same for every user of the lock:
 * <ul>
 *   <li><b>Acquire</b> succeeds when the lock is free ({@code until} missing or null) or expired
 *       ({@code until <= now}); if {@linkplain #withReentry(boolean) re-entry} is on, also when
 *       the same owner holds it. Every acquisition, re-entry included, adds one to the token, so
 *       the token is a fencing token: a later holder always has a larger one, across owners.</li>
 *   <li><b>Renew</b> requires the same owner, the same token and an unexpired lock: a holder
 *       whose lock expired must acquire again (and gets a new token), even if nobody took it.</li>
 *   <li><b>Release</b> requires the same owner and the same token; expiry does not matter. A token
 *       names one acquisition and any later acquisition changes it, so a matching token proves
 *       nobody took the lock since; releasing an expired lock nobody took frees it the same way.
 *       Release clears {@code owner} and {@code until} and keeps the token.</li>
 *   <li><b>Expiry</b> is decided with a {@link LockTime}: the server's clock where possible.</li>
 * </ul>
 */
public final class FencedLock {
    private static final Date EPOCH = new Date(0);

    private final String prefix;
    private final boolean reentrant;

    private FencedLock(String prefix, boolean reentrant) {
        this.prefix = prefix;
        this.reentrant = reentrant;
    }

    /** A lock in the top-level fields {@code owner}, {@code token}, {@code until}; re-entry off. */
    public static FencedLock atTopLevel() {
        return new FencedLock("", false);
    }

    /**
     * A lock in the sub-document {@code field}: {@code field.owner}, {@code field.token},
     * {@code field.until}; re-entry off.
     *
     * @throws IllegalArgumentException if {@code field} is not a valid field path
     */
    public static FencedLock inField(String field) {
        return new FencedLock(Conditions.field(field).path() + ".", false);
    }

    /**
     * A copy where the owner holding the lock may acquire it again (with a new token) if
     * {@code reentrant}; otherwise only a free or expired lock is acquired.
     */
    public FencedLock withReentry(boolean reentrant) {
        return new FencedLock(prefix, reentrant);
    }

    /** True if the holder may acquire the lock again. */
    public boolean isReentrant() {
        return reentrant;
    }

    /** The path of the owner's name. */
    public String ownerPath() {
        return prefix + "owner";
    }

    /** The path of the fencing token. */
    public String tokenPath() {
        return prefix + "token";
    }

    /** The path of the expiry date. */
    public String untilPath() {
        return prefix + "until";
    }

    // ---- acquire -------------------------------------------------------------------------------

    /**
     * True, as an expression, when {@code owner} may acquire the lock at {@code now}: free or
     * expired, {@code {$lte: [{$ifNull: ['$until', epoch]}, now]}}, or (with re-entry) its own.
     */
    public Expr isAcquirable(String owner, LockTime now) {
        Expr free = Expr.lte(Expr.ifNull(Expr.field(untilPath()), Expr.literal(EPOCH)), now.expr());
        return reentrant ? Expr.or(free, Expr.eq(Expr.field(ownerPath()), Expr.literal(requireOwner(owner)))) : free;
    }

    /**
     * A filter matching a lock {@code owner} may acquire at {@code now}: on the server's clock
     * {@code {$expr: isAcquirable}}; on a client's, {@code {$or: [{until: null}, {until: {$lte: now}}]}}
     * (plus {@code {owner: owner}} with re-entry), which an index can serve.
     */
    public Condition acquirable(String owner, LockTime now) {
        Optional<Instant> client = now.clientInstant();
        if (client.isEmpty()) {
            return Conditions.expr(isAcquirable(owner, now));
        }
        List<Condition> any = new ArrayList<>(3);
        any.add(Conditions.eq(untilPath(), null));
        any.add(Conditions.lte(untilPath(), Date.from(client.get())));
        if (reentrant) {
            any.add(Conditions.eq(ownerPath(), requireOwner(owner)));
        }
        return Conditions.or(any.toArray(Condition[]::new));
    }

    /**
     * Acquires the lock unconditionally (guard it with {@link #acquirable}): owner, token + 1,
     * {@code until = now + ttl}. A pipeline on the server's clock, else operators
     * ({@code $set}, {@code $inc}).
     */
    public Update acquire(String owner, Duration ttl, LockTime now) {
        requireOwner(owner);
        requireTtl(ttl);
        Optional<Instant> client = now.clientInstant();
        if (client.isEmpty()) {
            return PipelineUpdate.pipeline()
                    .set(ownerPath(), Expr.literal(owner))
                    .set(tokenPath(), nextToken())
                    .set(untilPath(), now.plus(ttl));
        }
        return UpdateBuilder.update()
                .set(ownerPath(), owner)
                .set(untilPath(), Date.from(client.get().plus(ttl)))
                .inc(tokenPath(), 1L);
    }

    /**
     * Adds to {@code pipeline}'s last stage an acquisition that happens only if
     * {@link #isAcquirable} holds, else keeps the fields ({@code $cond}); on any clock.
     *
     * <p>Reading the owner back does <em>not</em> say whether this write took the lock: without
     * {@linkplain #withReentry(boolean) re-entry}, an owner that already held it reads its own
     * name from the kept fields. Tell the two apart by something only this write records: with
     * re-entry on, every acquisition adds one to the token (compare it with the token held
     * before); otherwise set a field naming this write in the same stage, under the same
     * condition, and read that back (the mailbox records its post's id beside the lock for this).
     */
    public PipelineUpdate acquireIfAcquirable(PipelineUpdate pipeline, String owner, Duration ttl, LockTime now) {
        Objects.requireNonNull(pipeline, "pipeline");
        requireTtl(ttl);
        Expr acquirable = isAcquirable(owner, now);
        return pipeline
                .set(ownerPath(), Expr.cond(acquirable, Expr.literal(requireOwner(owner)), Expr.field(ownerPath())))
                .set(tokenPath(), Expr.cond(acquirable, nextToken(), Expr.field(tokenPath())))
                .set(untilPath(), Expr.cond(acquirable, now.plus(ttl), Expr.field(untilPath())));
    }

    // ---- the holder ----------------------------------------------------------------------------

    /** The lock is held by {@code owner} with {@code token}, whatever its expiry: the guard of a release. */
    public Condition sameHolder(String owner, long token) {
        return Conditions.and(Conditions.eq(ownerPath(), requireOwner(owner)), Conditions.eq(tokenPath(), token));
    }

    /**
     * The lock is held by {@code owner} with {@code token} and has not expired at {@code now}:
     * the guard of a renewal and of every write made under the lock.
     */
    public Condition heldBy(String owner, long token, LockTime now) {
        Optional<Instant> client = now.clientInstant();
        Condition unexpired = client.isEmpty()
                ? Conditions.expr(Expr.gt(Expr.field(untilPath()), Expr.now()))
                : Conditions.gt(untilPath(), Date.from(client.get()));
        return Conditions.and(Conditions.eq(ownerPath(), requireOwner(owner)), Conditions.eq(tokenPath(), token),
                unexpired);
    }

    /** Extends the lock to {@code now + ttl}: a pipeline on the server's clock, else {@code $set}. */
    public Update renewal(Duration ttl, LockTime now) {
        requireTtl(ttl);
        Optional<Instant> client = now.clientInstant();
        return client.isEmpty() ? PipelineUpdate.pipeline().set(untilPath(), now.plus(ttl))
                : renewal(UpdateBuilder.update(), ttl, client.get());
    }

    /** Adds {@code $set: {until: now + ttl}} to {@code update}. */
    public UpdateBuilder renewal(UpdateBuilder update, Duration ttl, Instant now) {
        Objects.requireNonNull(update, "update");
        requireTtl(ttl);
        return update.set(untilPath(), Date.from(now.plus(ttl)));
    }

    /** Frees the lock and keeps its token: {@code $set: {owner: null, until: null}}. */
    public UpdateBuilder release() {
        return release(UpdateBuilder.update());
    }

    /** Adds the release ({@code $set: {owner: null, until: null}}) to {@code update}. */
    public UpdateBuilder release(UpdateBuilder update) {
        Objects.requireNonNull(update, "update");
        return update.set(ownerPath(), null).set(untilPath(), null);
    }

    /**
     * The holder stored in {@code document}, if the lock has an owner, a numeric token and an
     * expiry date.
     */
    public Optional<Holder> holder(BsonDocument document) {
        Objects.requireNonNull(document, "document");
        Optional<BsonValue> owner = StoredValues.valueAt(document, ownerPath());
        Optional<BsonValue> token = StoredValues.valueAt(document, tokenPath());
        Optional<BsonValue> until = StoredValues.valueAt(document, untilPath());
        if (owner.isEmpty() || !owner.get().isString() || token.isEmpty() || !token.get().isNumber()
                || until.isEmpty() || !until.get().isDateTime()) {
            return Optional.empty();
        }
        return Optional.of(new Holder(owner.get().asString().getValue(), StoredValues.exactLong(token.get(), tokenPath()),
                Instant.ofEpochMilli(until.get().asDateTime().getValue())));
    }

    /** The owner stored in {@code document}, if any (whether or not the lock expired). */
    public Optional<String> ownerIn(BsonDocument document) {
        Objects.requireNonNull(document, "document");
        return StoredValues.valueAt(document, ownerPath()).filter(BsonValue::isString)
                .map(v -> v.asString().getValue());
    }

    /**
     * Who holds a lock: the owner, the fencing token of its acquisition, and its expiry on the
     * clock that decides it.
     *
     * @param owner     the holder's name
     * @param token     the fencing token
     * @param expiresAt when the lock expires
     */
    public record Holder(String owner, long token, Instant expiresAt) {
        /** Checks the components. */
        public Holder {
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(expiresAt, "expiresAt");
        }
    }

    private Expr nextToken() {
        return Expr.add(Expr.ifNull(Expr.field(tokenPath()), Expr.literal(0L)), Expr.literal(1L));
    }

    private static String requireOwner(String owner) {
        Objects.requireNonNull(owner, "owner");
        if (owner.isBlank()) {
            throw new IllegalArgumentException("Lock owner must not be blank");
        }
        return owner;
    }

    private static void requireTtl(Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.compareTo(Duration.ofMillis(1)) < 0 || ttl.compareTo(Duration.ofDays(36_525)) > 0) {
            throw new IllegalArgumentException("Lock ttl must be between 1 ms and 100 years, got " + ttl);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FencedLock other && prefix.equals(other.prefix) && reentrant == other.reentrant;
    }

    @Override
    public int hashCode() {
        return prefix.hashCode() * 31 + Boolean.hashCode(reentrant);
    }

    @Override
    public String toString() {
        return "FencedLock{" + ownerPath() + ", " + tokenPath() + ", " + untilPath()
                + (reentrant ? ", re-entrant" : "") + "}";
    }
}

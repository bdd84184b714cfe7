package dev.atomicmongo.pattern.lease;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import dev.atomicmongo.filter.Condition;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.update.Expr;
import dev.atomicmongo.update.PipelineUpdate;
import dev.atomicmongo.update.UpdateBuilder;

/**
 * The filters and updates of the lease document {@code {_id: name, owner, token, until}}. A
 * {@code null} {@code now} means the server's clock ({@code $$NOW}, pipeline updates only);
 * otherwise {@code now} is the client's time.
 */
final class LeaseCommands {
    static final String OWNER = "owner";
    static final String TOKEN = "token";
    static final String UNTIL = "until";
    private static final Date EPOCH = new Date(0);

    private LeaseCommands() {
    }

    /** One pipeline upsert: take the lease if it is free, expired or already the owner's; else leave it. */
    static PipelineUpdate acquirePipeline(String owner, Duration ttl, Instant now) {
        Expr clock = now(now);
        Expr free = Expr.or(
                Expr.lte(Expr.ifNull(Expr.field(UNTIL), Expr.literal(EPOCH)), clock),
                Expr.eq(Expr.field(OWNER), Expr.literal(owner)));
        return PipelineUpdate.pipeline()
                .set(OWNER, Expr.cond(free, Expr.literal(owner), Expr.field(OWNER)))
                .set(TOKEN, Expr.cond(free,
                        Expr.add(Expr.ifNull(Expr.field(TOKEN), Expr.literal(0L)), Expr.literal(1L)),
                        Expr.field(TOKEN)))
                .set(UNTIL, Expr.cond(free, Expr.add(clock, Expr.literal(ttl.toMillis())), Expr.field(UNTIL)));
    }

    /**
     * Without pipelines: the filter matches only a lease the owner may take; an upsert that
     * misses hits the {@code _id} index (a duplicate key: held by another owner).
     */
    static Condition acquirableFilter(String name, String owner, Instant now) {
        return Conditions.and(Conditions.eq("_id", name), Conditions.or(
                Conditions.eq(UNTIL, null),
                Conditions.lte(UNTIL, Date.from(now)),
                Conditions.eq(OWNER, owner)));
    }

    static UpdateBuilder acquireUpdate(String owner, Duration ttl, Instant now) {
        return UpdateBuilder.update()
                .set(OWNER, owner)
                .set(UNTIL, Date.from(now.plus(ttl)))
                .inc(TOKEN, 1L);
    }

    /** The lease is still this one: same owner and token. */
    static Condition sameLease(Lease lease) {
        return Conditions.and(Conditions.eq("_id", lease.name()), Conditions.eq(OWNER, lease.owner()),
                Conditions.eq(TOKEN, lease.token()));
    }

    /** The lease is still this one and has not expired. */
    static Condition heldFilter(Lease lease, Instant now) {
        Condition unexpired = now == null
                ? Conditions.expr(Expr.gt(Expr.field(UNTIL), Expr.now()))
                : Conditions.gt(UNTIL, Date.from(now));
        return Conditions.and(sameLease(lease), unexpired);
    }

    static PipelineUpdate renewPipeline(Duration ttl) {
        return PipelineUpdate.pipeline().set(UNTIL, Expr.add(Expr.now(), Expr.literal(ttl.toMillis())));
    }

    static UpdateBuilder renewUpdate(Duration ttl, Instant now) {
        return UpdateBuilder.update().set(UNTIL, Date.from(now.plus(ttl)));
    }

    /** Frees the lease and keeps its token, so the next acquisition gets a larger one. */
    static UpdateBuilder releaseUpdate() {
        return UpdateBuilder.update().set(OWNER, null).set(UNTIL, null);
    }

    private static Expr now(Instant now) {
        return now == null ? Expr.now() : Expr.literal(Date.from(now));
    }
}

package dev.atomicmongo.pattern.lease;

import java.time.Instant;
import java.util.Objects;

import dev.atomicmongo.filter.Condition;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.update.UpdateBuilder;

/**
 * A lease held by one owner, as returned by {@link Leases#acquire} and {@link Leases#renew}.
 * Immutable and thread-safe.
 *
 * <p>The {@code token} is the lease's fencing token: it grows by one with every successful
 * acquisition of the name, so a later holder always has a larger token than an earlier one.
 * Guard the writes done under the lease with {@link #fence(String)} and record the token with
 * {@link #stamp(UpdateBuilder, String)}: once a newer holder has written, the writes of a holder
 * whose lease expired are refused, whatever its own clock says.
 *
 * <pre>{@code
 * Lease lease = leases.acquire("nightly-report", "worker-1", Duration.ofSeconds(30)).orThrow();
 * reports.updateIf(Conditions.eq("_id", day),
 *                  lease.fence("fence"),
 *                  lease.stamp(UpdateBuilder.update().set("status", "done"), "fence"));
 * // ConditionFailed if a newer holder has written the report since this lease expired
 * }</pre>
 *
 * @param name      the lease's name (the {@code _id} of its document)
 * @param owner     who holds it
 * @param token     the fencing token of this acquisition
 * @param expiresAt when it expires, on the clock that decides expiry (the server's, where it runs pipeline updates)
 */
public record Lease(String name, String owner, long token, Instant expiresAt) {

    /** Checks the components. */
    public Lease {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /**
     * A guard for a write under this lease: the fencing token stored at {@code path} is missing or
     * not larger than this lease's token, {@code {$or: [{path: {$lte: token}}, {path: null}]}}.
     * Use it with {@link #stamp(UpdateBuilder, String)} in the same update.
     *
     * @throws IllegalArgumentException if the path is invalid
     */
    public Condition fence(String path) {
        return Conditions.or(Conditions.lte(path, token), Conditions.eq(path, null));
    }

    /**
     * Adds {@code $set: {path: token}} to the update, so that holders with older tokens are
     * refused by {@link #fence(String)} from now on.
     *
     * @throws IllegalArgumentException if the update already writes {@code path}
     */
    public UpdateBuilder stamp(UpdateBuilder update, String path) {
        Objects.requireNonNull(update, "update");
        return update.set(path, token);
    }
}

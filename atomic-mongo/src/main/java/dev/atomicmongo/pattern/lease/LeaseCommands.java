package dev.atomicmongo.pattern.lease;

import java.time.Duration;

import dev.atomicmongo.collection.Commands;
import dev.atomicmongo.collection.FindAndModifyCommand;
import dev.atomicmongo.collection.FindAndUpdateOptions;
import dev.atomicmongo.collection.UpdateCommand;
import dev.atomicmongo.filter.Condition;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.pattern.lock.FencedLock;
import dev.atomicmongo.pattern.lock.LockTime;
import dev.atomicmongo.update.PipelineUpdate;

/**
 * The commands of the lease document {@code {_id: name, owner, token, until}}: a re-entrant
 * {@link FencedLock} at the top level. Pure: compiles, sends nothing.
 */
final class LeaseCommands {
    static final FencedLock LOCK = FencedLock.atTopLevel().withReentry(true);

    private final Commands commands;

    LeaseCommands(Commands commands) {
        this.commands = commands;
    }

    /**
     * Acquire, one {@code findAndModify} upsert returning the document after. With pipelines: a
     * {@code $cond} on "acquirable" that leaves a held lease as it is (the caller reads the owner
     * back). Without: a filter matching only an acquirable lease, whose upsert hits the
     * {@code _id} index when the lease is held (a duplicate key, meaning "held").
     */
    FindAndModifyCommand acquire(String name, String owner, Duration ttl, LockTime now, boolean pipelines) {
        FindAndUpdateOptions upsertAfter = FindAndUpdateOptions.returnAfter().withUpsert(true);
        if (pipelines) {
            return commands.findOneAndUpdate(byName(name),
                    LOCK.acquireIfAcquirable(PipelineUpdate.pipeline(), owner, ttl, now), upsertAfter);
        }
        return commands.findOneAndUpdate(Conditions.and(byName(name), LOCK.acquirable(owner, now)),
                LOCK.acquire(owner, ttl, now), upsertAfter);
    }

    /** Renew, one {@code findAndModify} guarded by owner, token and expiry, returning the document after. */
    FindAndModifyCommand renew(Lease lease, Duration ttl, LockTime now) {
        return commands.findOneAndUpdate(Conditions.and(byName(lease.name()), LOCK.heldBy(lease.owner(), lease.token(), now)),
                LOCK.renewal(ttl, now), FindAndUpdateOptions.returnAfter());
    }

    /** Release, one {@code update} guarded by owner and token; keeps the token. */
    UpdateCommand release(Lease lease) {
        return commands.updateOne(Conditions.and(byName(lease.name()), LOCK.sameHolder(lease.owner(), lease.token())),
                LOCK.release());
    }

    static Condition byName(String name) {
        return Conditions.eq("_id", name);
    }
}

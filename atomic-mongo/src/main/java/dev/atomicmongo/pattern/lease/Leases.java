package dev.atomicmongo.pattern.lease;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import java.util.Optional;

import com.mongodb.client.MongoCollection;
import dev.atomicmongo.DuplicateKeyException;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.collection.FindAndUpdateOptions;
import dev.atomicmongo.collection.RetryPolicy;
import dev.atomicmongo.filter.Conditions;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Named leases (distributed locks with an expiry and a fencing token), one document per name in
 * a collection: {@code {_id: name, owner, token, until}}. Acquire, renew and release each take
 * one round trip. Immutable and thread-safe.
 *
 * <pre>{@code
 * Leases leases = Leases.on(db.getCollection("leases"));
 * LeaseOutcome outcome = leases.acquire("nightly-report", "worker-1", Duration.ofSeconds(30));
 * if (outcome instanceof LeaseOutcome.Acquired acquired) {
 *     Lease lease = acquired.lease();
 *     try {
 *         work(lease);                                  // guard its writes with lease.fence(...)
 *         lease = leases.renew(lease, Duration.ofSeconds(30)).orElseThrow();
 *     } finally {
 *         leases.release(lease);
 *     }
 * }
 * }</pre>
 *
 * <p><b>Expiry.</b> On servers that run pipeline updates, expiry is decided by the server's
 * clock ({@code $$NOW}), so clients may disagree about the time without harm. On other servers
 * it is decided by each client's clock (or the one given to {@link #withClock}): a client whose
 * clock runs {@code d} ahead of the others may take a lease up to {@code d} before it expires,
 * so keep clocks synchronised and TTLs much longer than their skew. Either way, a holder that
 * stalls past its TTL may still believe it holds the lease: guard its writes with
 * {@link Lease#fence(String)}.
 *
 * <p><b>Owners.</b> An owner name identifies one holder: acquiring a lease you already hold
 * succeeds again, with a new token. Give each process, or each thread competing on its own, a
 * distinct owner name.
 */
public final class Leases {
    private static final Logger LOG = LoggerFactory.getLogger(Leases.class);
    private static final int DUPLICATE_KEY_RETRIES = 3;

    private final AtomicCollection<BsonDocument> leases;
    private final Clock clock;

    private Leases(AtomicCollection<BsonDocument> leases, Clock clock) {
        this.leases = leases;
        this.clock = clock;
    }

    /** Leases stored in {@code collection}, one document per lease name. */
    public static Leases on(MongoCollection<?> collection) {
        Objects.requireNonNull(collection, "collection");
        return new Leases(AtomicCollection.of(collection.withDocumentClass(BsonDocument.class)), null);
    }

    /**
     * A copy that decides expiry with {@code clock} instead of the server's clock, on every
     * server (tests use a clock they move by hand).
     */
    public Leases withClock(Clock clock) {
        return new Leases(leases, Objects.requireNonNull(clock, "clock"));
    }

    /**
     * Takes the lease {@code name} for {@code owner} for {@code ttl}, if it is free, expired, or
     * already held by {@code owner}; each success returns a larger fencing token. One
     * {@code findAndModify} upsert: a pipeline update with {@code $cond} where the server runs
     * them, else a filtered update whose duplicate-key refusal means "held".
     *
     * @throws IllegalArgumentException if {@code name} or {@code owner} is blank or {@code ttl} is under a millisecond
     * @throws dev.atomicmongo.AtomicMongoException if the server fails
     */
    public LeaseOutcome acquire(String name, String owner, Duration ttl) {
        requireText(name, "name");
        requireText(owner, "owner");
        requireTtl(ttl);
        Instant now = clientNow();
        FindAndUpdateOptions upsertAfter = FindAndUpdateOptions.returnAfter().withUpsert(true);
        for (int attempt = 0; ; attempt++) {
            try {
                if (leases.supportsPipelineUpdates()) {
                    BsonDocument after = leases.findOneAndUpdate(Conditions.eq("_id", name),
                            LeaseCommands.acquirePipeline(owner, ttl, now), upsertAfter).orElseThrow();
                    String holder = stringOrNull(after.get(LeaseCommands.OWNER));
                    return owner.equals(holder) ? new LeaseOutcome.Acquired(toLease(name, after))
                            : new LeaseOutcome.Held(name, Optional.ofNullable(holder));
                }
                // a duplicate key here means "held by another owner": report it at once, never retry
                return leases.withRetryPolicy(RetryPolicy.none()).findOneAndUpdate(LeaseCommands.acquirableFilter(name, owner, now),
                                LeaseCommands.acquireUpdate(owner, ttl, now), upsertAfter)
                        .<LeaseOutcome>map(after -> new LeaseOutcome.Acquired(toLease(name, after)))
                        .orElseThrow();
            } catch (DuplicateKeyException e) {
                if (!leases.supportsPipelineUpdates()) {
                    return new LeaseOutcome.Held(name, Optional.empty());
                }
                if (attempt >= DUPLICATE_KEY_RETRIES) {
                    throw e;
                }
                LOG.debug("Lease '{}': a concurrent first acquisition inserted the document; retrying", name);
            }
        }
    }

    /**
     * Extends a lease the caller still holds to {@code ttl} from now; empty if it expired or
     * another owner took it since (the caller must stop working under it). One
     * {@code findAndModify}, guarded by owner, token and expiry.
     *
     * @throws IllegalArgumentException if {@code ttl} is under a millisecond
     */
    public Optional<Lease> renew(Lease lease, Duration ttl) {
        Objects.requireNonNull(lease, "lease");
        requireTtl(ttl);
        Instant now = clientNow();
        FindAndUpdateOptions after = FindAndUpdateOptions.returnAfter();
        Optional<BsonDocument> renewed = now == null
                ? leases.findOneAndUpdate(LeaseCommands.heldFilter(lease, null), LeaseCommands.renewPipeline(ttl), after)
                : leases.findOneAndUpdate(LeaseCommands.heldFilter(lease, now), LeaseCommands.renewUpdate(ttl, now), after);
        return renewed.map(doc -> toLease(lease.name(), doc));
    }

    /**
     * Gives the lease up so another owner can take it at once; false if it had already passed
     * to another owner. The token is kept, so the next holder's is larger. One {@code update}.
     */
    public boolean release(Lease lease) {
        Objects.requireNonNull(lease, "lease");
        return leases.updateOne(LeaseCommands.sameLease(lease), LeaseCommands.releaseUpdate()).isMatched();
    }

    /** The client time expiry is decided with, or null for the server's clock. */
    private Instant clientNow() {
        if (clock != null) {
            return clock.instant();
        }
        return leases.supportsPipelineUpdates() ? null : Instant.now();
    }

    private static Lease toLease(String name, BsonDocument doc) {
        Date until = new Date(doc.getDateTime(LeaseCommands.UNTIL).getValue());
        return new Lease(name, doc.getString(LeaseCommands.OWNER).getValue(),
                doc.get(LeaseCommands.TOKEN).asNumber().longValue(), until.toInstant());
    }

    private static String stringOrNull(BsonValue value) {
        return value != null && value.isString() ? value.asString().getValue() : null;
    }

    private static void requireText(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isBlank()) {
            throw new IllegalArgumentException("Lease " + what + " must not be blank");
        }
    }

    private static void requireTtl(Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.toMillis() < 1) {
            throw new IllegalArgumentException("Lease ttl must be at least 1 ms, got " + ttl);
        }
    }

    @Override
    public String toString() {
        return "Leases{" + leases.namespace() + ", clock=" + (clock != null ? clock : "server where supported") + "}";
    }
}

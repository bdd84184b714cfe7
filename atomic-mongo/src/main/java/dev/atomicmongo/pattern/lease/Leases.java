package dev.atomicmongo.pattern.lease;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import com.mongodb.client.MongoCollection;
import dev.atomicmongo.DuplicateKeyException;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.collection.RetryPolicy;
import dev.atomicmongo.pattern.lock.FencedLock;
import dev.atomicmongo.pattern.lock.LockTime;
import org.bson.BsonDocument;

/**
 * Named leases (distributed locks with an expiry and a fencing token), one document per name in
 * a collection: {@code {_id: name, owner, token, until}}. Acquire, renew and release each take
 * one round trip. The lock is a re-entrant {@link FencedLock}, whose rules (acquire, renew,
 * release, fencing token, expiry) are the mailbox's too. Immutable and thread-safe.
 *
 * <pre>{@code
 * Leases leases = Leases.on(db.getCollection("leases"));
 * LeaseOutcome outcome = leases.acquire("nightly-report", "worker-1", Duration.ofSeconds(30));
 * if (outcome instanceof LeaseOutcome.Acquired acquired) {
 *     Lease lease = acquired.lease();
 *     try {
 *         work(lease);                                  // guard its writes with lease.fence(...)
 *         lease = leases.renew(lease, Duration.ofSeconds(30)).orThrow();   // LeaseLostException once lost
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
 * succeeds again (re-entry), with a new token, so the older {@link Lease} value can no longer
 * renew or release it. Give each process, or each thread competing on its own, a
 * distinct owner name.
 */
public final class Leases {
    private final AtomicCollection<BsonDocument> leases;
    private final LeaseCommands commands;
    private final Clock clock;

    private Leases(AtomicCollection<BsonDocument> leases, Clock clock) {
        this.leases = leases;
        this.commands = new LeaseCommands(leases.commands());
        this.clock = clock;
    }

    /** Leases stored in {@code collection}, one document per lease name. */
    public static Leases on(MongoCollection<?> collection) {
        Objects.requireNonNull(collection, "collection");
        return on(AtomicCollection.of(collection));
    }

    /**
     * Leases stored in {@code collection}, one document per lease name; its session, its retry
     * policy and what it learned about the server are kept.
     */
    public static Leases on(AtomicCollection<?> collection) {
        Objects.requireNonNull(collection, "collection");
        return new Leases(collection.withDocumentClass(BsonDocument.class), null);
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
     * them, else a filtered update whose duplicate-key refusal means "held". A concurrent first
     * acquisition of a new name is retried under the collection's {@link RetryPolicy}.
     *
     * @throws IllegalArgumentException if {@code name} or {@code owner} is blank or {@code ttl} is under a millisecond
     * @throws dev.atomicmongo.AtomicMongoException if the server fails
     */
    public LeaseOutcome acquire(String name, String owner, Duration ttl) {
        requireText(name, "name");
        requireText(owner, "owner");
        requireTtl(ttl);
        LockTime now = now();
        if (leases.supportsPipelineUpdates()) {
            BsonDocument after = leases.execute(commands.acquire(name, owner, ttl, now, true)).orElseThrow();
            Optional<String> holder = LeaseCommands.LOCK.ownerIn(after);
            return holder.equals(Optional.of(owner)) ? new LeaseOutcome.Acquired(toLease(name, after))
                    : new LeaseOutcome.Held(name, holder);
        }
        try {
            // the duplicate key is the answer "held by another owner", not a race to retry
            return new LeaseOutcome.Acquired(toLease(name, leases.withRetryPolicy(RetryPolicy.none())
                    .execute(commands.acquire(name, owner, ttl, now, false)).orElseThrow()));
        } catch (DuplicateKeyException held) {
            return new LeaseOutcome.Held(name, Optional.empty());
        }
    }

    /**
     * Extends a lease the caller still holds to {@code ttl} from now; {@link LeaseLost} if it
     * expired, or another owner (or a newer acquisition of the same owner) took it since: the
     * caller must then stop working under it. One {@code findAndModify}, guarded by owner, token
     * and expiry.
     *
     * @throws IllegalArgumentException if {@code ttl} is under a millisecond
     * @throws dev.atomicmongo.AtomicMongoException if the server fails
     */
    public RenewalOutcome renew(Lease lease, Duration ttl) {
        Objects.requireNonNull(lease, "lease");
        requireTtl(ttl);
        return leases.execute(commands.renew(lease, ttl, now()))
                .<RenewalOutcome>map(doc -> new RenewalOutcome.Renewed(toLease(lease.name(), doc)))
                .orElseGet(() -> new LeaseLost(lease));
    }

    /**
     * Gives the lease up so another owner can take it at once; {@link LeaseLost} if it had
     * already passed to another acquisition. Guarded by owner and token only: releasing an
     * expired lease nobody took since frees it too. The token is kept, so the next holder's is
     * larger. One {@code update}.
     *
     * @throws dev.atomicmongo.AtomicMongoException if the server fails
     */
    public LeaseReleaseOutcome release(Lease lease) {
        Objects.requireNonNull(lease, "lease");
        return leases.execute(commands.release(lease)).isMatched() ? new LeaseReleaseOutcome.Released(lease)
                : new LeaseLost(lease);
    }

    private LockTime now() {
        return LockTime.decide(leases, clock);
    }

    private static Lease toLease(String name, BsonDocument doc) {
        FencedLock.Holder holder = LeaseCommands.LOCK.holder(doc).orElseThrow(
                () -> new IllegalStateException("Lease '" + name + "' has no holder in " + doc));
        return new Lease(name, holder.owner(), holder.token(), holder.expiresAt());
    }

    private static void requireText(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isBlank()) {
            throw new IllegalArgumentException("Lease " + what + " must not be blank");
        }
    }

    /** The longest ttl: an expiry beyond it would leave the range of a date. */
    private static final Duration MAX_TTL = Duration.ofDays(36_525);

    private static void requireTtl(Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.compareTo(Duration.ofMillis(1)) < 0 || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("Lease ttl must be between 1 ms and 100 years, got " + ttl);
        }
    }

    @Override
    public String toString() {
        return "Leases{" + leases.namespace() + ", clock=" + (clock != null ? clock : "server where supported") + "}";
    }
}

package dev.atomicmongo.pattern.lock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import java.util.Optional;

import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.update.Expr;

/**
 * The time a lock's expiry is decided with: the server's clock ({@code $$NOW}, which only pipeline
 * updates and {@code $expr} filters can read) or an instant of a client's clock. Immutable.
 *
 * <p>{@link #decide(AtomicCollection, Clock)} is the one place the choice is made: a clock the
 * user gave wins (tests move one by hand); else the server's clock where the server runs
 * pipeline updates, else the local clock.
 */
public final class LockTime {
    private static final LockTime SERVER = new LockTime(null);

    private final Instant client;

    private LockTime(Instant client) {
        this.client = client;
    }

    /** The server's clock, {@code $$NOW}. */
    public static LockTime server() {
        return SERVER;
    }

    /** A client's clock, read at {@code instant}. */
    public static LockTime client(Instant instant) {
        return new LockTime(Objects.requireNonNull(instant, "instant"));
    }

    /**
     * The time to decide expiry with on {@code collection}: {@code clock}'s instant if a clock is
     * given, else the server's clock if it runs pipeline updates (asked once per collection), else
     * {@link Instant#now()}.
     *
     * @param clock a clock of the user's, or {@code null}
     * @throws dev.atomicmongo.AtomicMongoException if the server cannot be reached to ask
     */
    public static LockTime decide(AtomicCollection<?> collection, Clock clock) {
        Objects.requireNonNull(collection, "collection");
        if (clock != null) {
            return client(clock.instant());
        }
        return collection.supportsPipelineUpdates() ? SERVER : client(Instant.now());
    }

    /** True for the server's clock. */
    public boolean isServer() {
        return client == null;
    }

    /** The client's instant; empty for the server's clock. */
    public Optional<Instant> clientInstant() {
        return Optional.ofNullable(client);
    }

    /** This time as an aggregation expression: {@code $$NOW}, or the client's instant as a date literal. */
    public Expr expr() {
        return client == null ? Expr.now() : Expr.literal(Date.from(client));
    }

    /** {@code ttl} after this time, as an expression: {@code {$add: [now, millis]}}. */
    public Expr plus(Duration ttl) {
        return Expr.add(expr(), Expr.literal(ttl.toMillis()));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LockTime other && Objects.equals(client, other.client);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(client);
    }

    @Override
    public String toString() {
        return client == null ? "$$NOW" : client.toString();
    }
}

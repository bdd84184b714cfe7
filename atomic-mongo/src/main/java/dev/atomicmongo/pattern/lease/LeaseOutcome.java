package dev.atomicmongo.pattern.lease;

import java.util.Objects;
import java.util.Optional;

import dev.atomicmongo.Outcome;
import dev.atomicmongo.Refusal;

/**
 * The result of {@link Leases#acquire}: acquired, or held by someone else. Being held by another
 * owner is an expected outcome, not an error.
 *
 * <pre>{@code
 * LeaseOutcome outcome = leases.acquire("nightly-report", me, Duration.ofSeconds(30));
 * if (outcome instanceof LeaseOutcome.Acquired acquired) {
 *     run(acquired.lease());
 * } else {
 *     log.info("someone else runs the report: {}", outcome);
 * }
 * }</pre>
 */
public sealed interface LeaseOutcome extends Outcome<Lease> {

    /** True if the caller now holds the lease. */
    default boolean isAcquired() {
        return this instanceof Acquired;
    }

    /** The lease, if it was acquired. */
    Optional<Lease> acquired();

    /**
     * The lease.
     *
     * @throws LeaseHeldException if another owner holds it
     */
    @Override
    Lease orThrow();

    /** The caller holds the lease. */
    record Acquired(Lease lease) implements LeaseOutcome {
        /** Checks the lease. */
        public Acquired {
            Objects.requireNonNull(lease, "lease");
        }

        @Override
        public Optional<Lease> acquired() {
            return Optional.of(lease);
        }

        @Override
        public Lease orThrow() {
            return lease;
        }
    }

    /**
     * Another owner holds the lease and it has not expired. {@code holder} names it where the
     * same round trip told (always on servers with pipeline updates; without them the refusal
     * arrives as a duplicate key and does not name the holder).
     */
    record Held(String name, Optional<String> holder) implements LeaseOutcome, Refusal {
        /** Checks the components. */
        public Held {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(holder, "holder");
        }

        @Override
        public Optional<Lease> acquired() {
            return Optional.empty();
        }

        @Override
        public Lease orThrow() {
            throw toException();
        }

        @Override
        public LeaseHeldException toException() {
            return new LeaseHeldException(this);
        }
    }
}

package dev.atomicmongo.pattern.lease;

import java.util.Objects;

import dev.atomicmongo.Outcome;

/**
 * The result of {@link Leases#renew}: renewed, or {@link LeaseLost}.
 *
 * <pre>{@code
 * if (leases.renew(lease, ttl) instanceof RenewalOutcome.Renewed renewed) {
 *     lease = renewed.lease();
 * } else {
 *     stopWorking();
 * }
 * lease = leases.renew(lease, ttl).orThrow();   // or LeaseLostException
 * }</pre>
 */
public sealed interface RenewalOutcome extends Outcome<Lease> permits RenewalOutcome.Renewed, LeaseLost {

    /**
     * The renewed lease.
     *
     * @throws LeaseLostException if the lease expired or passed on
     */
    @Override
    Lease orThrow();

    /**
     * The caller still holds the lease, now until the later expiry.
     *
     * @param lease the lease with its new expiry (same owner and token)
     */
    record Renewed(Lease lease) implements RenewalOutcome {
        /** Checks the lease. */
        public Renewed {
            Objects.requireNonNull(lease, "lease");
        }

        @Override
        public Lease orThrow() {
            return lease;
        }
    }
}

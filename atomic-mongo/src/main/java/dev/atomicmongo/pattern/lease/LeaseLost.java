package dev.atomicmongo.pattern.lease;

import java.util.Objects;

import dev.atomicmongo.Refusal;

/**
 * The refusal of a renewal or a release: the lease is no longer the caller's. For a renewal, it
 * expired or passed to another owner (or to a newer acquisition by the same owner); for a
 * release, it passed on (a release ignores expiry, see {@link Leases#release}). Whoever gets this
 * must stop working under the lease.
 *
 * @param lease the lease the caller presented
 */
public record LeaseLost(Lease lease) implements RenewalOutcome, LeaseReleaseOutcome, Refusal {

    /** Checks the lease. */
    public LeaseLost {
        Objects.requireNonNull(lease, "lease");
    }

    /** Always throws: the lease was lost. */
    @Override
    public Lease orThrow() {
        throw toException();
    }

    @Override
    public LeaseLostException toException() {
        return new LeaseLostException(this);
    }
}

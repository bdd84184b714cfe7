package dev.atomicmongo.pattern.lease;

import java.util.Objects;

import dev.atomicmongo.Outcome;

/**
 * The result of {@link Leases#release}: released, or {@link LeaseLost} because it had already
 * passed on (then nothing was written).
 *
 * <pre>{@code
 * if (leases.release(lease) instanceof LeaseLost lost) {
 *     log.warn("{} had passed on before the release", lost.lease());
 * }
 * }</pre>
 */
public sealed interface LeaseReleaseOutcome extends Outcome<Lease> permits LeaseReleaseOutcome.Released, LeaseLost {

    /**
     * The lease that was released.
     *
     * @throws LeaseLostException if it had passed on
     */
    @Override
    Lease orThrow();

    /**
     * The lease was freed; its token is kept, so the next holder's is larger.
     *
     * @param lease the lease that was released
     */
    record Released(Lease lease) implements LeaseReleaseOutcome {
        /** Checks the lease. */
        public Released {
            Objects.requireNonNull(lease, "lease");
        }

        @Override
        public Lease orThrow() {
            return lease;
        }
    }
}

package dev.atomicmongo.pattern.lease;

import java.util.Objects;

import dev.atomicmongo.RefusedException;

/**
 * Thrown by {@link RenewalOutcome#orThrow()} and {@link LeaseReleaseOutcome#orThrow()} when the
 * lease is no longer the caller's; carries the {@link LeaseLost} refusal.
 */
public class LeaseLostException extends RefusedException {
    private static final long serialVersionUID = 1L;
    private final transient LeaseLost refusal;

    /** Creates the exception for a refusal, naming the lease, its owner and its token. */
    public LeaseLostException(LeaseLost refusal) {
        super("Lease '" + Objects.requireNonNull(refusal, "refusal").lease().name() + "' (owner '"
                + refusal.lease().owner() + "', token " + refusal.lease().token() + ") was lost");
        this.refusal = refusal;
    }

    @Override
    public LeaseLost refusal() {
        return refusal;
    }

    /** The lease the caller presented. */
    public Lease lease() {
        return refusal.lease();
    }
}

package dev.atomicmongo.pattern.lease;

import java.util.Objects;
import java.util.Optional;

import dev.atomicmongo.RefusedException;

/** Thrown by {@link LeaseOutcome#orThrow()} when another owner holds the lease; carries the {@link LeaseOutcome.Held} refusal. */
public class LeaseHeldException extends RefusedException {
    private static final long serialVersionUID = 1L;
    private final transient LeaseOutcome.Held refusal;

    /** Creates the exception for a refusal, naming the lease and its holder where known. */
    public LeaseHeldException(LeaseOutcome.Held refusal) {
        super("Lease '" + Objects.requireNonNull(refusal, "refusal").name() + "' is held by "
                + refusal.holder().map(h -> "'" + h + "'").orElse("another owner"));
        this.refusal = refusal;
    }

    @Override
    public LeaseOutcome.Held refusal() {
        return refusal;
    }

    /** The lease's name. */
    public String name() {
        return refusal.name();
    }

    /** The owner holding it, where known. */
    public Optional<String> holder() {
        return refusal.holder();
    }
}

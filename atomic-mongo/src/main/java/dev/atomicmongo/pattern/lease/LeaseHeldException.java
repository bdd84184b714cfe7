package dev.atomicmongo.pattern.lease;

import java.util.Optional;

import dev.atomicmongo.AtomicMongoException;

/** Thrown by {@link LeaseOutcome#orThrow()} when another owner holds the lease. */
public class LeaseHeldException extends AtomicMongoException {
    private static final long serialVersionUID = 1L;
    /** The lease's name. */
    private final String name;
    /** The holder, or null when the server did not say. */
    private final String holder;

    /** Creates the exception for a lease name and its holder ({@code null} if unknown). */
    public LeaseHeldException(String name, String holder) {
        super("Lease '" + name + "' is held by " + (holder == null ? "another owner" : "'" + holder + "'"));
        this.name = name;
        this.holder = holder;
    }

    /** The lease's name. */
    public String name() {
        return name;
    }

    /** The owner holding it, where known. */
    public Optional<String> holder() {
        return Optional.ofNullable(holder);
    }
}

package dev.atomicmongo;

import java.util.Objects;

/**
 * The server lacks a capability an operation needs, such as transactions (a replica set) or
 * pipeline updates (MongoDB 4.2+). Found by asking the server, never by reading its version.
 */
public class MissingCapabilityException extends AtomicMongoException {
    private static final long serialVersionUID = 1L;
    private final Capability capability;

    /** Creates the exception naming the missing capability and why it is needed. */
    public MissingCapabilityException(Capability capability, String detail) {
        super("The server does not support " + Objects.requireNonNull(capability, "capability").description()
                + ": " + detail);
        this.capability = capability;
    }

    /** The missing capability. */
    public Capability capability() {
        return capability;
    }
}

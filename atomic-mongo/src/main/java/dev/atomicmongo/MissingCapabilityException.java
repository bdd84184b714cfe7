package dev.atomicmongo;

/**
 * The server lacks a capability an operation needs, such as transactions (a replica set) or
 * pipeline updates (MongoDB 4.2+). The message names the capability.
 */
public class MissingCapabilityException extends AtomicMongoException {
    private static final long serialVersionUID = 1L;
    private final String capability;

    /** Creates the exception naming the missing capability and why it is needed. */
    public MissingCapabilityException(String capability, String detail) {
        super("The server does not support " + capability + ": " + detail);
        this.capability = capability;
    }

    /** The missing capability's name. */
    public String capability() {
        return capability;
    }
}

package dev.atomicmongo;

/** A server feature some operations need and not every server has. */
public enum Capability {
    /** Updates written as an aggregation pipeline, with {@code $$NOW} (MongoDB 4.2+). */
    PIPELINE_UPDATES("pipeline updates (MongoDB 4.2+)"),
    /** Multi-document transactions (a replica set or sharded cluster, MongoDB 4.0+). */
    TRANSACTIONS("transactions (a replica set or sharded cluster)");

    private final String description;

    Capability(String description) {
        this.description = description;
    }

    /** A human-readable name, used in error messages and test assumptions. */
    public String description() {
        return description;
    }
}

package dev.atomicmongo.test;

/** Where a {@link TestMongo} server comes from, in the order they are tried. */
public enum ServerSource {
    /** A real MongoDB named by {@code MONGODB_URI} (environment variable or system property). */
    URI,
    /** Testcontainers' MongoDB container (a single-node replica set), when a Docker engine answers. */
    TESTCONTAINERS,
    /**
     * The in-process {@code mongo-java-server} with its memory backend, on one network thread, plus
     * this module's test emulation of pipeline updates and {@code $bit} (see {@link TestMongo#embedded(boolean)}):
     * good for CRUD, update operators, pipeline updates, {@code $expr} filters, unique indexes and
     * concurrency; no transactions. It locks a whole collection per write, where MongoDB locks a
     * document. Not MongoDB: docs/testing.md lists where it differs.
     */
    EMBEDDED
}

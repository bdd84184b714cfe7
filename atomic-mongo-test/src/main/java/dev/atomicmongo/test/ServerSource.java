package dev.atomicmongo.test;

/** Where a {@link TestMongo} server comes from, in the order they are tried. */
public enum ServerSource {
    /** A real MongoDB named by {@code MONGODB_URI} (environment variable or system property). */
    URI,
    /** Testcontainers' MongoDB container (a single-node replica set), when a Docker engine answers. */
    TESTCONTAINERS,
    /**
     * The in-process {@code mongo-java-server} with its memory backend: good for CRUD, update
     * operators, {@code $expr} filters, unique indexes and concurrency; no pipeline updates, no
     * transactions, no {@code $bit}. It locks a whole collection per write, where MongoDB locks a document.
     */
    EMBEDDED
}

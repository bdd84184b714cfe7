package dev.atomicmongo.examples;

import dev.atomicmongo.test.ServerSource;
import dev.atomicmongo.test.TestMongo;

/** What every example main shares: the server choice, and a failed check that ends the run. */
final class Examples {
    private Examples() {
    }

    /** MONGODB_URI when set, else the embedded in-process server; prints which. */
    static TestMongo server() {
        TestMongo mongo = TestMongo.start(ServerSource.URI, ServerSource.EMBEDDED);
        System.out.println("Server: " + mongo.description());
        return mongo;
    }

    /** Prints a check; a failed one throws, so the example exits non-zero. */
    static void check(boolean ok, String what) {
        System.out.println((ok ? "PASS  " : "FAIL  ") + what);
        if (!ok) {
            throw new IllegalStateException("Check failed: " + what);
        }
    }
}

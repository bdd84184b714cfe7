package dev.atomicmongo.it.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.atomicmongo.Capability;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.test.TestMongo;

/**
 * The two paths a pattern takes, and the server each is tested on: the pipeline path on
 * {@link TestMongo#shared()} (skipped, naming the capability, if that server runs no pipeline
 * updates), the fallback path on {@link TestMongo#sharedPlainEmbedded()}, whatever the main test
 * server is. A pattern test class runs its cases once per path (a {@code @Nested} pair named
 * "pipeline path" / "fallback path") and checks, with {@link #assertTakenBy}, that the collection
 * really takes that path, so no case can pass on the wrong one.
 */
public enum ServerPath {
    /** The server runs pipeline updates: one-step posts, the server's clock, {@code $cond} acquisitions. */
    PIPELINE("pipeline path"),
    /** The plain embedded server, without pipeline updates: the fallbacks. */
    FALLBACK("fallback path");

    private static final Map<String, MongoDatabase> DATABASES = new ConcurrentHashMap<>();

    private final String description;

    ServerPath(String description) {
        this.description = description;
    }

    /** The server this path is tested on; skips the calling test if it cannot take the path. */
    public TestMongo mongo() {
        if (this == FALLBACK) {
            return TestMongo.sharedPlainEmbedded();
        }
        TestMongo mongo = TestMongo.shared();
        mongo.assumeCapability(Capability.PIPELINE_UPDATES);
        return mongo;
    }

    /** True on the path where the collection runs pipeline updates. */
    public boolean pipelines() {
        return this == PIPELINE;
    }

    /** One fresh database per test class on this path's server, reused by the class's tests. */
    public MongoDatabase database(Class<?> testClass) {
        String hint = testClass.getName().substring(testClass.getPackageName().length() + 1).replace('$', '_');
        return DATABASES.computeIfAbsent(name() + ":" + testClass.getName(), k -> mongo().freshDatabase(hint));
    }

    /** Asserts that {@code collection} takes this path (its pipeline-update probe says so); returns it. */
    public <T> AtomicCollection<T> assertTakenBy(AtomicCollection<T> collection) {
        assertThat(collection.supportsPipelineUpdates())
                .as("%s runs pipeline updates on the %s", collection.namespace(), description)
                .isEqualTo(pipelines());
        return collection;
    }

    /** Asserts that {@code collection} takes this path; returns it. */
    public <T> MongoCollection<T> assertTakenBy(MongoCollection<T> collection) {
        assertTakenBy(AtomicCollection.of(collection));
        return collection;
    }

    @Override
    public String toString() {
        return description;
    }
}

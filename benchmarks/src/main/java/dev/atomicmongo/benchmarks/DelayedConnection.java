package dev.atomicmongo.benchmarks;

import java.time.Duration;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.atomicmongo.test.FaultyProxy;
import dev.atomicmongo.test.TestMongo;

/**
 * A database reached directly, or through a {@link FaultyProxy} on loopback that holds every reply
 * at least {@code replyDelayMicros}: a network's latency for benchmarks whose server is in-process.
 */
final class DelayedConnection implements AutoCloseable {
    private final FaultyProxy proxy;
    private final MongoClient client;
    private final MongoDatabase database;

    private DelayedConnection(FaultyProxy proxy, MongoClient client, MongoDatabase database) {
        this.proxy = proxy;
        this.client = client;
        this.database = database;
    }

    /** {@code database} itself when {@code replyDelayMicros} is 0, else the same database through a delaying proxy. */
    static DelayedConnection to(TestMongo mongo, MongoDatabase database, int replyDelayMicros) {
        if (replyDelayMicros <= 0) {
            return new DelayedConnection(null, null, database);
        }
        FaultyProxy proxy = FaultyProxy.inFrontOf(mongo);
        proxy.delayReplies(Duration.ofNanos(replyDelayMicros * 1_000L));
        MongoClient client = proxy.newClient(true);
        return new DelayedConnection(proxy, client, client.getDatabase(database.getName()));
    }

    MongoDatabase database() {
        return database;
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
            proxy.close();
        }
    }
}

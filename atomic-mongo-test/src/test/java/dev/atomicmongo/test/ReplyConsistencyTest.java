package dev.atomicmongo.test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import de.bwaldvogel.mongo.MongoServer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures how often the embedded server's {@code findOneAndUpdate} reply shows another writer's
 * change instead of its own: 8 writers, each {@code $inc: {n: 1, twice: 2}} with the new document
 * returned. On MongoDB every reply has a distinct {@code n} and {@code twice == 2 * n}. A reply
 * breaking either is wrong. The server as {@link TestMongo} runs it (one network thread) must give
 * none; the count a server on its default threading gives is reported, not asserted, because it
 * depends on the machine's scheduling.
 */
class ReplyConsistencyTest {
    private static final int WRITERS = 8;
    private static final int UPDATES_PER_WRITER = 500;

    @Test
    void find_one_and_update_replies_reflect_exactly_their_own_write_on_the_one_thread_server(TestReporter reporter) throws Exception {
        MongoServer server = EmbeddedServer.start(true, true);
        try {
            int wrong = wrongReplies(server.getConnectionString());
            reporter.publishEntry("wrong replies, one network thread", wrong + " of " + WRITERS * UPDATES_PER_WRITER);
            assertThat(wrong).as("wrong findOneAndUpdate replies of %d", WRITERS * UPDATES_PER_WRITER).isZero();
        } finally {
            server.shutdownNow();
        }
    }

    @Test
    void measures_the_wrong_replies_of_a_server_on_its_default_threading(TestReporter reporter) throws Exception {
        MongoServer server = EmbeddedServer.start(true, false);
        try {
            int wrong = wrongReplies(server.getConnectionString());
            String measured = wrong + " of " + WRITERS * UPDATES_PER_WRITER + " replies wrong with "
                    + Runtime.getRuntime().availableProcessors() + " processors";
            reporter.publishEntry("wrong replies, default threading (not used by TestMongo)", measured);
            System.out.println("ReplyConsistencyTest: default-threaded mongo-java-server: " + measured);
            assertThat(wrong).isBetween(0, WRITERS * UPDATES_PER_WRITER);
        } finally {
            server.shutdownNow();
        }
    }

    /** The number of replies whose counters are duplicated or inconsistent, after checking the final state. */
    private static int wrongReplies(String connectionString) throws Exception {
        try (MongoClient client = MongoClients.create(connectionString)) {
            MongoCollection<Document> counters = client.getDatabase("consistency").getCollection("counters");
            counters.drop();
            counters.insertOne(new Document("_id", 1).append("n", 0).append("twice", 0));
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
            List<Future<List<Document>>> results = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                results.add(pool.submit(() -> {
                    start.await();
                    List<Document> replies = new ArrayList<>(UPDATES_PER_WRITER);
                    for (int i = 0; i < UPDATES_PER_WRITER; i++) {
                        replies.add(counters.findOneAndUpdate(new Document("_id", 1),
                                new Document("$inc", new Document("n", 1).append("twice", 2)),
                                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)));
                    }
                    return replies;
                }));
            }
            start.countDown();
            Set<Integer> seen = new HashSet<>();
            AtomicInteger wrong = new AtomicInteger();
            for (Future<List<Document>> result : results) {
                for (Document reply : result.get(5, TimeUnit.MINUTES)) {
                    int n = reply.getInteger("n");
                    if (!seen.add(n) || reply.getInteger("twice") != 2 * n) {
                        wrong.incrementAndGet();
                    }
                }
            }
            pool.shutdown();
            Document last = counters.find().first();
            assertThat(last).isEqualTo(new Document("_id", 1).append("n", WRITERS * UPDATES_PER_WRITER)
                    .append("twice", 2 * WRITERS * UPDATES_PER_WRITER));
            return wrong.get();
        }
    }
}

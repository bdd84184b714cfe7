package dev.atomicmongo.it;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.filter.Condition;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.test.MongoTest;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import static dev.atomicmongo.filter.Conditions.field;
import static dev.atomicmongo.update.UpdateBuilder.update;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Atomicity under many threads. The guards live in the filter of one update, so they hold on a
 * server that locks one document per write as well as on one that locks the collection.
 */
@MongoTest
class ConcurrencyIT {
    private final MongoDatabase db;

    ConcurrencyIT(MongoDatabase db) {
        this.db = db;
    }

    @Test
    void books_exactly_one_ticket_under_200_concurrent_attempts_at_capacity_1() throws Exception {
        MongoCollection<Document> raw = db.getCollection("events_booking");
        raw.insertOne(new Document("_id", "e1").append("capacity", 1).append("tickets_sold", 0)
                .append("registration_ids", List.of()));
        AtomicCollection<Document> events = AtomicCollection.of(raw);

        List<Long> matched = runConcurrently(200, i -> {
            Condition canBook = Conditions.and(Conditions.eq("_id", "e1"),
                    Conditions.ne("registration_ids", "user-" + i),
                    field("tickets_sold").lt(field("capacity")));
            return events.updateOne(canBook, update().inc("tickets_sold", 1).addToSet("registration_ids", "user-" + i))
                    .matchedCount();
        });

        assertThat(matched.stream().filter(m -> m == 1).count()).isEqualTo(1);
        Document stored = raw.find().first();
        assertThat(stored.getInteger("tickets_sold")).isEqualTo(1);
        assertThat(stored.getList("registration_ids", String.class)).hasSize(1);
    }

    @Test
    void eight_threads_of_2000_increments_give_exactly_16000() throws Exception {
        MongoCollection<Document> raw = db.getCollection("counters");
        AtomicCollection<Document> counters = AtomicCollection.of(raw);
        raw.insertOne(new Document("_id", "c").append("n", 0));

        runConcurrently(8, i -> {
            for (int k = 0; k < 2_000; k++) {
                counters.updateOne(Conditions.eq("_id", "c"), update().inc("n", 1));
            }
            return 0L;
        });

        assertThat(raw.find().first().getInteger("n")).isEqualTo(16_000);
    }

    interface Attempt {
        long run(int index) throws Exception;
    }

    static List<Long> runConcurrently(int threads, Attempt attempt) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Long>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int index = i;
                Callable<Long> task = () -> {
                    ready.countDown();
                    start.await();
                    return attempt.run(index);
                };
                futures.add(pool.submit(task));
            }
            assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
            start.countDown();
            List<Long> results = new ArrayList<>();
            for (Future<Long> f : futures) {
                results.add(f.get(120, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}

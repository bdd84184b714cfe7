package dev.atomicmongo.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.atomicmongo.pattern.booking.CapacityBooking;
import dev.atomicmongo.pattern.booking.ReservationOutcome;
import dev.atomicmongo.test.ServerSource;
import dev.atomicmongo.test.TestMongo;
import org.bson.Document;

/**
 * Booking the last ticket: 50 concurrent attempts at an event with capacity 1 must give exactly
 * one booking. Runs on MONGODB_URI when set, else on the embedded server; exits with status 1
 * if anything but exactly one booking succeeded.
 */
public final class TicketBookingStressExample {
    private static final int ATTEMPTS = 50;
    private static final int CAPACITY = 1;

    private TicketBookingStressExample() {
    }

    /** Runs the stress test on MONGODB_URI or the embedded server; exits with status 1 unless exactly one booking succeeded. */
    public static void main(String[] args) throws Exception {
        boolean passed;
        try (TestMongo mongo = TestMongo.start(ServerSource.URI, ServerSource.EMBEDDED)) {
            System.out.println("Server: " + mongo.description());
            MongoDatabase db = mongo.freshDatabase("ticket_booking");
            try {
                passed = run(db.getCollection("events"));
            } finally {
                db.drop();
            }
        }
        if (!passed) {
            System.exit(1);
        }
    }

    static boolean run(MongoCollection<Document> events) throws Exception {
        CapacityBooking booking = CapacityBooking.of(events);
        booking.ensureIndexes();                    // the multikey index on holders.holder
        booking.create("concert", CAPACITY);        // {_id: "concert", capacity: 1, sold: 0, holders: []}

        AtomicInteger reserved = new AtomicInteger();
        AtomicInteger full = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(ATTEMPTS);
        CountDownLatch ready = new CountDownLatch(ATTEMPTS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> attempts = new ArrayList<>();
        for (int i = 0; i < ATTEMPTS; i++) {
            String user = "user-" + i;
            attempts.add(pool.submit(() -> {
                ready.countDown();
                start.await();
                ReservationOutcome outcome = booking.reserve("concert", user);
                if (outcome.isReserved()) {
                    reserved.incrementAndGet();
                } else if (outcome instanceof ReservationOutcome.Full) {
                    full.incrementAndGet();
                }
                return null;
            }));
        }
        ready.await();
        long began = System.nanoTime();
        start.countDown();
        for (Future<?> attempt : attempts) {
            attempt.get(1, TimeUnit.MINUTES);
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
        pool.shutdown();

        Document stored = events.find(new Document("_id", "concert")).first();
        long sold = stored.get("sold", Number.class).longValue();
        int holders = stored.getList("holders", Document.class).size();
        boolean passed = reserved.get() == CAPACITY && sold == CAPACITY && holders == CAPACITY;

        System.out.println();
        System.out.printf("Total Attempts:      %d%n", ATTEMPTS);
        System.out.printf("Successful Bookings: %d%n", reserved.get());
        System.out.printf("Refused as full:     %d%n", full.get());
        System.out.printf("Time Taken:          %dms%n", millis);
        System.out.println();
        System.out.println(passed
                ? "PASS - exactly " + CAPACITY + " booking succeeded (no overbooking)"
                : "FAIL - " + reserved.get() + " bookings succeeded for a capacity of " + CAPACITY);
        System.out.println();
        System.out.printf("MongoDB final state  ->  sold=%d  holders=%d  %s%n", sold, holders, stored.toJson());
        return passed;
    }
}

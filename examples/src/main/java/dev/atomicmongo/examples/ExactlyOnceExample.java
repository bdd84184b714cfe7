package dev.atomicmongo.examples;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import dev.atomicmongo.MongoOperationException;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.collection.OnceOutcome;
import dev.atomicmongo.collection.OperationId;
import dev.atomicmongo.collection.RetryPolicy;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.pattern.booking.CapacityBooking;
import dev.atomicmongo.pattern.booking.Holder;
import dev.atomicmongo.pattern.booking.ReservationOutcome;
import dev.atomicmongo.pattern.counter.Counters;
import dev.atomicmongo.test.FaultyProxy;
import dev.atomicmongo.test.TestMongo;
import org.bson.Document;

import static dev.atomicmongo.update.UpdateBuilder.update;

/**
 * Exactly once under application retries, shown through a {@link FaultyProxy} that loses the
 * reply of one write in ten after the server applied it. The client runs with
 * {@code retryWrites=false}, so every lost reply reaches the application, which retries the call.
 * A plain {@code $inc} then counts some increments twice; the guarded update, retried with the
 * same operation id, counts each once. A booking retried after a lost reply is the reservation
 * already made with an id, and refused as already reserved without one.
 *
 * <pre>./mvnw -q -pl examples -am -DskipTests package exec:java -Dexample=dev.atomicmongo.examples.ExactlyOnceExample</pre>
 */
public final class ExactlyOnceExample {
    private static final int CALLS = 1_000;

    private ExactlyOnceExample() {
    }

    public static void main(String[] args) {
        try (TestMongo mongo = Examples.server();
             FaultyProxy proxy = FaultyProxy.inFrontOf(mongo);
             MongoClient client = proxy.newClient(false)) {
            MongoCollection<Document> raw = client.getDatabase("atomic_mongo_examples").getCollection("once");
            raw.drop();
            raw.insertOne(new Document("_id", "plain").append("n", 0));
            raw.insertOne(new Document("_id", "guarded").append("n", 0));
            AtomicCollection<Document> counters = AtomicCollection.of(raw);
            proxy.dropRepliesRandomly(0.10, 42);

            for (int i = 0; i < CALLS; i++) {
                retried(() -> counters.updateOne(Conditions.eq("_id", "plain"), update().inc("n", 1)));
            }
            long plainDropped = proxy.droppedReplies();

            int duplicates = 0;
            for (int i = 0; i < CALLS; i++) {
                // --8<-- [start:retry]
                OperationId id = OperationId.of("delivery-" + i);             // the same id on every retry
                OnceOutcome<Document> outcome = retried(() ->
                        counters.updateOnce(Conditions.eq("_id", "guarded"), update().inc("n", 1), id));
                // --8<-- [end:retry]
                duplicates += outcome.isDuplicate() ? 1 : 0;
            }
            long guardedDropped = proxy.droppedReplies() - plainDropped;

            proxy.dropNone();
            long plain = raw.find(new Document("_id", "plain")).first().getInteger("n");
            long guarded = raw.find(new Document("_id", "guarded")).first().getInteger("n");
            System.out.printf("plain $inc:    %d calls, %d replies lost and retried, counted %d%n", CALLS, plainDropped,
                    plain);
            System.out.printf("guarded $inc:  %d calls, %d replies lost and retried (%d found a duplicate), counted %d%n",
                    CALLS, guardedDropped, duplicates, guarded);
            Examples.check(plainDropped > 0 && plain == CALLS + plainDropped,
                    "plain $inc with retries counted each lost reply twice (" + (plain - CALLS) + " extra)");
            Examples.check(guardedDropped > 0 && guarded == CALLS, "guarded $inc with retries counted exactly " + CALLS);

            Counters credits = Counters.of(counters);
            proxy.dropNextReplies(1);
            OperationId webhook = OperationId.of("webhook-7");
            boolean first = retried(() -> credits.add("alice", "credits", 5, webhook));
            boolean again = credits.add("alice", "credits", 5, webhook);       // a redelivered webhook
            Examples.check(!first && !again && credits.get("alice", "credits") == 5,
                    "Counters.add with an operation id: a lost reply and a redelivery add 5 once");

            CapacityBooking booking = CapacityBooking.of(counters);
            booking.create("concert", 100);
            proxy.dropNextReplies(1);                                          // alice's seats are booked, the reply lost
            // --8<-- [start:booking]
            OperationId request = OperationId.of("request-31");                 // the client's idempotency key
            ReservationOutcome reserved = retried(() -> booking.reserve("concert", "alice", 2, request));
            // --8<-- [end:booking]
            Examples.check(reserved.isReserved() && reserved.isDuplicate()
                            && booking.holders("concert").orElseThrow().equals(List.of(new Holder("alice", 2))),
                    "CapacityBooking.reserve with an operation id: the retry after a lost reply is alice's reservation"
                            + " (a duplicate), booked once");
            proxy.dropNextReplies(1);
            ReservationOutcome withoutId = retried(() -> booking.reserve("concert", "bob", 2));
            Examples.check(withoutId instanceof ReservationOutcome.AlreadyReserved,
                    "without an id the same retry is refused as AlreadyReserved, though the seats are bob's own");
        }
    }

    /** The application's retry: the same call again while the failure is transient (the write may have been applied). */
    private static <R> R retried(Supplier<R> call) {
        return RetryPolicy.builder().maxAttempts(20).backoff(Duration.ZERO, Duration.ZERO).build()
                .execute("call", attempt -> Optional.of(call.get()),
                        e -> e instanceof MongoOperationException failure && failure.isTransient());
    }
}

package dev.atomicmongo.examples;

import java.time.Duration;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.collection.ConditionalOutcome;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.pattern.lease.Lease;
import dev.atomicmongo.pattern.lease.LeaseHeldException;
import dev.atomicmongo.pattern.lease.LeaseLost;
import dev.atomicmongo.pattern.lease.LeaseOutcome;
import dev.atomicmongo.pattern.lease.LeaseReleaseOutcome;
import dev.atomicmongo.pattern.lease.Leases;
import dev.atomicmongo.test.ServerSource;
import dev.atomicmongo.test.TestMongo;
import org.bson.Document;

import static dev.atomicmongo.update.UpdateBuilder.update;

/**
 * Two workers and one lease: the second is told the lease is held; after a hand-over, the first
 * worker's old lease can neither renew nor write, because its fencing token is older.
 *
 * <pre>./mvnw -q -pl examples -am -DskipTests package exec:java -Dexample=dev.atomicmongo.examples.LeaseExample</pre>
 */
public final class LeaseExample {
    private LeaseExample() {
    }

    public static void main(String[] args) {
        try (TestMongo mongo = TestMongo.start(ServerSource.URI, ServerSource.EMBEDDED)) {
            System.out.println("Server: " + mongo.description());
            MongoDatabase db = mongo.database("atomic_mongo_examples");
            db.getCollection("leases").drop();
            MongoCollection<Document> reportDocs = db.getCollection("reports");
            reportDocs.drop();
            reportDocs.insertOne(new Document("_id", "2030-01-01"));
            AtomicCollection<Document> reports = AtomicCollection.of(reportDocs);

            // --8<-- [start:acquire]
            Leases leases = Leases.on(db.getCollection("leases"));
            Duration ttl = Duration.ofSeconds(30);

            LeaseOutcome first = leases.acquire("nightly-report", "worker-1", ttl);
            LeaseOutcome second = leases.acquire("nightly-report", "worker-2", ttl);   // Held: an outcome, not an exception
            if (first instanceof LeaseOutcome.Acquired acquired) {
                Lease lease = acquired.lease();                                       // name, owner, token, expiresAt
                writeReport(reports, lease, "part 1 by worker-1");
                Lease renewed = leases.renew(lease, ttl).orThrow();                   // LeaseLostException once lost
                LeaseReleaseOutcome released = leases.release(renewed);               // Released, or LeaseLost if it had passed on
            }
            // --8<-- [end:acquire]
            System.out.println("worker-1: " + first);
            System.out.println("worker-2: " + second);
            check(first.isAcquired() && !second.isAcquired(), "one lease, one holder");
            // the pipeline path reads the holder back; the fallback learns only "held" from a duplicate key
            String held = AtomicCollection.of(db.getCollection("leases")).supportsPipelineUpdates() ? "'worker-1'" : "another owner";
            try {
                second.orThrow();
                check(false, "worker-2's orThrow() throws");
            } catch (LeaseHeldException e) {
                System.out.println("worker-2's orThrow(): " + e.getMessage());
                check(e.getMessage().equals("Lease 'nightly-report' is held by " + held), "the message names the holder where the server tells it");
            }

            Lease old = first.orThrow();
            Lease next = leases.acquire("nightly-report", "worker-2", ttl).orThrow();
            System.out.println("worker-2 after the release: " + next);
            check(next.token() == old.token() + 1, "every acquisition gets a larger fencing token");
            check(writeReport(reports, next, "whole report by worker-2").isApplied(), "worker-2's fenced write lands");

            ConditionalOutcome<Document> late = writeReport(reports, old, "late part 2 by worker-1");
            System.out.println("worker-1's late write: " + late);
            check(!late.isApplied(), "worker-1's write with its old token is refused");
            check(leases.renew(old, ttl) instanceof LeaseLost, "worker-1 cannot renew the lease it lost");
            check(leases.release(old) instanceof LeaseLost, "nor release it");
            check("whole report by worker-2".equals(reportDocs.find().first().getString("text")),
                    "the report is worker-2's: " + reportDocs.find().first().toJson());
        }
    }

    // --8<-- [start:fence]
    private static ConditionalOutcome<Document> writeReport(AtomicCollection<Document> reports, Lease lease, String text) {
        return reports.updateIf(Conditions.eq("_id", "2030-01-01"),
                lease.fence("fence"),                                 // stored token <= mine, or none yet
                lease.stamp(update().set("text", text), "fence"));    // and store mine
    }
    // --8<-- [end:fence]

    private static void check(boolean ok, String what) {
        System.out.println((ok ? "PASS  " : "FAIL  ") + what);
        if (!ok) {
            throw new IllegalStateException("Check failed: " + what);
        }
    }
}

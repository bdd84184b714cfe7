package dev.atomicmongo.examples;

import static dev.atomicmongo.update.UpdateBuilder.update;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReturnDocument;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.collection.ConditionalOutcome;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.pattern.counter.BoundedChange;
import dev.atomicmongo.pattern.counter.Counters;
import dev.atomicmongo.pattern.counter.Fields;
import dev.atomicmongo.pattern.counter.FillOutcome;
import dev.atomicmongo.pattern.counter.Inventory;
import dev.atomicmongo.pattern.counter.InventoryOutcome;
import dev.atomicmongo.pattern.counter.Lists;
import dev.atomicmongo.pattern.ratelimit.FixedWindowRateLimiter;
import dev.atomicmongo.pattern.ratelimit.RateLimitDecision;
import dev.atomicmongo.pattern.transaction.TransferOutcome;
import dev.atomicmongo.pattern.transaction.Transactions;
import dev.atomicmongo.pattern.transaction.Transfers;
import dev.atomicmongo.pattern.version.OptimisticVersioning;
import dev.atomicmongo.pattern.version.VersionedOutcome;
import dev.atomicmongo.test.ServerSource;
import dev.atomicmongo.test.TestMongo;
import org.bson.Document;
import org.bson.types.Decimal128;

/**
 * A tour of atomic operations, each one race-free in a single update: counters, money, sets,
 * lists, set-if-missing, conditional and versioned updates, returned values, a rate limiter,
 * inventory, and a transfer between two documents (which needs transactions, and is skipped
 * with a message on a server without them). Every step checks its result; the run exits with
 * status 1 if any check failed.
 */
public final class AtomicOperationsExample {
    private final MongoDatabase db;
    private final MongoClient client;
    private final List<String> failures = new ArrayList<>();
    private int checks;

    private AtomicOperationsExample(MongoDatabase db, MongoClient client) {
        this.db = db;
        this.client = client;
    }

    /** Runs every section on MONGODB_URI or the embedded server; exits with status 1 if a check failed. */
    public static void main(String[] args) {
        boolean passed;
        try (TestMongo mongo = TestMongo.start(ServerSource.URI, ServerSource.EMBEDDED)) {
            System.out.println("Server: " + mongo.description());
            MongoDatabase db = mongo.freshDatabase("atomic_operations");
            try {
                passed = new AtomicOperationsExample(db, mongo.client()).run();
            } finally {
                db.drop();
            }
        }
        if (!passed) {
            System.exit(1);
        }
    }

    private boolean run() {
        counters();
        money();
        sets();
        lists();
        setIfMissing();
        conditionalUpdates();
        versionedUpdate();
        returnValues();
        rateLimiter();
        inventory();
        transfer();
        System.out.println();
        System.out.println(failures.isEmpty() ? "PASS - all " + checks + " checks held"
                : "FAIL - " + failures.size() + " of " + checks + " checks failed: " + failures);
        return failures.isEmpty();
    }

    private void counters() {
        section("Counters");
        Counters counters = Counters.of(db.getCollection("pages"));
        counters.incrementAndGet("page-123", "viewCount");
        counters.incrementAndGet("page-123", "viewCount");
        long views = counters.incrementAndGet("page-123", "viewCount");    // the new value, same round trip
        long afterDecrement = counters.decrementAndGet("page-123", "viewCount");
        check("three increments and a decrement give 2", views == 3 && afterDecrement == 2, afterDecrement);
    }

    private void money() {
        section("Money (Decimal128, exact)");
        Counters accounts = Counters.of(db.getCollection("balances"));
        accounts.addAndGet("acc-456", "balance", new BigDecimal("100.50"));
        BigDecimal balance = accounts.addAndGet("acc-456", "balance", new BigDecimal("-50.25"));
        check("100.50 - 50.25 is exactly 50.25", balance.equals(new BigDecimal("50.25")), balance);
    }

    private void sets() {
        section("Sets");
        AtomicCollection<Document> userTags = AtomicCollection.of(db.getCollection("userTags"));
        userTags.upsertOne(Conditions.eq("_id", "user-123"), update().addToSetEach("tags", List.of("premium", "verified", "trial")));
        userTags.updateOne(Conditions.eq("_id", "user-123"), update().addToSet("tags", "premium"));       // already there
        userTags.updateOne(Conditions.eq("_id", "user-123"), update().pullAll("tags", List.of("trial"))); // delete from set
        List<String> tags = userTags.collection().find().first().getList("tags", String.class);
        check("tags are [premium, verified]", tags.equals(List.of("premium", "verified")), tags);
    }

    private void lists() {
        section("Lists");
        AtomicCollection<Document> audit = AtomicCollection.of(db.getCollection("auditLog"));
        audit.collection().insertOne(new Document("_id", "order-456"));
        Lists lists = Lists.of(audit);
        lists.append("order-456", "events", "shipped", "delivered");
        lists.prepend("order-456", "events", "payment_received");
        lists.setAt("order-456", "events", 0, "payment_confirmed");
        ConditionalOutcome<?> removed = lists.removeAt("order-456", "events", 2);
        ConditionalOutcome<?> pastTheEnd = lists.setAt("order-456", "events", 9, "lost");   // refused, not null-padded
        System.out.println("  removeAt ran as " + (audit.supportsPipelineUpdates()
                ? "one pipeline update" : "a guarded read-then-write (this server has no pipeline updates)"));
        List<String> events = audit.collection().find().first().getList("events", String.class);
        check("events are [payment_confirmed, shipped]", removed.isApplied() && !pastTheEnd.isApplied()
                && events.equals(List.of("payment_confirmed", "shipped")), events);
    }

    private void setIfMissing() {
        section("Set if missing");
        db.getCollection("players").insertOne(new Document("_id", "player-456").append("totalScore", 0));
        Fields fields = Fields.of(db.getCollection("players"));
        FillOutcome first = fields.setIfMissing("player-456", "highScore", 100);
        FillOutcome second = fields.setIfMissing("player-456", "highScore", 500);
        check("the first value stays", first.isFilled() && second instanceof FillOutcome.AlreadySet kept
                && kept.current().asInt32().getValue() == 100, first + ", then " + second);
    }

    private void conditionalUpdates() {
        section("Conditional updates");
        AtomicCollection<Document> orders = AtomicCollection.of(db.getCollection("orders"));
        orders.collection().insertOne(new Document("_id", "order-123").append("status", "pending").append("paymentId", "pay-1"));
        ConditionalOutcome<Document> cancel = orders.updateIf(Conditions.eq("_id", "order-123"),
                Conditions.and(Conditions.eq("status", "pending"), Conditions.exists("paymentId")),
                update().set("status", "cancelled"));
        ConditionalOutcome<Document> again = orders.updateIf(Conditions.eq("_id", "order-123"),
                Conditions.eq("status", "pending"), update().set("status", "cancelled"));
        ConditionalOutcome<Document> missing = orders.updateIf(Conditions.eq("_id", "order-999"),
                Conditions.eq("status", "pending"), update().set("status", "cancelled"));
        System.out.println("  first: " + kind(cancel) + ", again: " + kind(again) + ", unknown order: " + kind(missing));
        check("applied, then condition failed, then not found", cancel.isApplied()
                && again instanceof ConditionalOutcome.ConditionFailed
                && missing instanceof ConditionalOutcome.NotFound, kind(again));
    }

    private void versionedUpdate() {
        section("Optimistic versioning");
        OptimisticVersioning<Document> docs = OptimisticVersioning.of(db.getCollection("documents"));
        docs.upsert(Conditions.eq("_id", "doc-789"), update().set("content", "draft"));          // inserted at version 1
        VersionedOutcome mine = docs.update(Conditions.eq("_id", "doc-789"), 1, update().set("content", "mine"));
        VersionedOutcome stale = docs.update(Conditions.eq("_id", "doc-789"), 1, update().set("content", "theirs"));
        System.out.println("  " + mine + ", then " + stale);
        check("the stale write is refused with the current version", mine.equals(new VersionedOutcome.Updated(2))
                && stale instanceof VersionedOutcome.Conflict c && c.currentVersion() == 2, stale);
    }

    private void returnValues() {
        section("Returned values");
        AtomicCollection<Document> products = AtomicCollection.of(db.getCollection("products"));
        products.collection().insertOne(new Document("_id", "ABC123").append("quantity", 10).append("soldCount", 0));
        Optional<Document> updated = products.findOneAndUpdate(Conditions.eq("_id", "ABC123"),
                update().dec("quantity", 1).inc("soldCount", 1).currentDate("lastSold"), ReturnDocument.AFTER);
        Document after = updated.orElseThrow();
        System.out.println("  new quantity " + after.getInteger("quantity") + ", sold count " + after.getInteger("soldCount"));
        check("the document after the update comes back", after.getInteger("quantity") == 9
                && after.getInteger("soldCount") == 1 && after.containsKey("lastSold"), after.toJson());
    }

    private void rateLimiter() {
        section("Rate limiter");
        FixedWindowRateLimiter limiter = FixedWindowRateLimiter.of(db.getCollection("rateLimits"));
        limiter.ensureIndexes();                                           // old windows expire by TTL
        int allowed = 0;
        RateLimitDecision last = null;
        for (int i = 0; i < 5; i++) {
            last = limiter.tryAcquire("user-42", 3, Duration.ofHours(1));    // one round trip each
            allowed += last.isAllowed() ? 1 : 0;
        }
        if (last instanceof RateLimitDecision.Limited limited) {
            System.out.println("  " + allowed + " of 5 allowed; count " + limited.count() + ", retry after "
                    + limited.retryAfter() + " (at " + limited.resetAt() + ")");
        }
        check("3 of 5 attempts allowed", allowed == 3 && last.remaining() == 0, allowed);
    }

    private void inventory() {
        section("Inventory");
        Inventory inventory = Inventory.of(db.getCollection("inventory"));
        inventory.restock("ABC123", 10);
        InventoryOutcome held = inventory.reserve("ABC123", 5);      // available -= 5, reserved += 5, one update
        InventoryOutcome tooMany = inventory.reserve("ABC123", 6);
        System.out.println("  " + held + ", then " + tooMany);
        check("5 reserved, 6 more refused", held.equals(new InventoryOutcome.Applied(5, 5))
                && tooMany instanceof InventoryOutcome.Insufficient, tooMany);
        Counters stock = Counters.of(db.getCollection("inventory"));
        BoundedChange<Long> floor = stock.decrement("ABC123", "available", 6, 0);   // never below 0
        check("a bounded decrement past the floor is refused", !floor.isApplied(), floor);
    }

    private void transfer() {
        section("Transfer (transaction)");
        Transactions transactions = Transactions.of(client, db);
        if (!transactions.isSupported()) {
            System.out.println("  SKIPPED: this server has no transactions (they need a replica set or a sharded"
                    + " cluster); set MONGODB_URI to a replica set to run this part");
            return;
        }
        db.getCollection("accounts").insertMany(List.of(
                new Document("_id", "from").append("balance", new Decimal128(new BigDecimal("150.00"))),
                new Document("_id", "to").append("balance", new Decimal128(BigDecimal.ZERO))));
        Transfers transfers = Transfers.of(transactions, db.getCollection("accounts"));
        TransferOutcome moved = transfers.transfer("from", "to", new BigDecimal("100.00"));
        TransferOutcome refused = transfers.transfer("from", "to", new BigDecimal("100.00"));   // only 50.00 left
        System.out.println("  " + moved + ", then " + refused);
        check("100.00 moved once, the second transfer refused", moved.isTransferred()
                && refused instanceof TransferOutcome.InsufficientFunds, refused);
    }

    private static String kind(ConditionalOutcome<?> outcome) {
        return outcome.getClass().getSimpleName();
    }

    private static void section(String title) {
        System.out.println();
        System.out.println("== " + title);
    }

    private void check(String what, boolean holds, Object actual) {
        checks++;
        System.out.println("  " + (holds ? "ok  " : "FAIL") + " " + what + (holds ? "" : " (got " + actual + ")"));
        if (!holds) {
            failures.add(what);
        }
    }
}

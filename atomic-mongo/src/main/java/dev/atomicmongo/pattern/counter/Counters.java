package dev.atomicmongo.pattern.counter;

import java.math.BigDecimal;
import dev.atomicmongo.collection.BulkResult;
import dev.atomicmongo.collection.BulkOutcome;
import dev.atomicmongo.collection.BulkItem;
import dev.atomicmongo.AtomicMongoException;
import java.util.Map;
import java.util.List;
import java.util.ArrayList;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import com.mongodb.client.MongoCollection;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.collection.OnceOutcome;
import dev.atomicmongo.collection.OperationId;
import dev.atomicmongo.filter.Condition;
import dev.atomicmongo.update.UpdateBuilder;
import org.bson.BsonDocument;
import org.bson.types.Decimal128;

/**
 * Atomic counters in documents keyed by {@code _id}: add and read back in one round trip, and
 * bounded changes that never take a value past a floor or a ceiling. Every change is one
 * {@code $inc}, so concurrent changes never overwrite each other. Integer counters are stored
 * as 64-bit integers; amounts of money are {@link BigDecimal}s stored as {@code Decimal128}, so
 * sums are exact (a {@code double} would turn 0.10 + 0.20 into 0.30000000000000004).
 *
 * <pre>{@code
 * Counters counters = Counters.of(db.getCollection("stats"));
 * long views = counters.incrementAndGet("page-1", "views");              // upsert, new value back
 * BigDecimal balance = counters.addAndGet("acc-1", "balance", new BigDecimal("100.50"));
 * counters.decrement("sku-1", "stock", 1, 0);                             // never below 0
 * }</pre>
 *
 * <p>The {@code xAndGet} methods are one {@code findOneAndUpdate} returning the document after
 * the change with only the field projected; {@code add} is one {@code updateOne}. Both create
 * a missing document or field (MongoDB's {@code $inc} starts from 0). Bounded changes never
 * create a document: one guarded {@code findOneAndUpdate}, and one read only when it matched
 * nothing. Field names may be dotted paths. A first upsert of an id that loses the race to a
 * concurrent one is retried under the collection's {@link dev.atomicmongo.collection.RetryPolicy}.
 * Immutable and thread-safe.
 */
public final class Counters {
    private final AtomicCollection<BsonDocument> documents;
    private final CounterCommands commands;

    private Counters(AtomicCollection<BsonDocument> documents) {
        this.documents = documents;
        this.commands = new CounterCommands(documents.commands());
    }

    /** Counters over a collection (and its session, if it has one). */
    public static Counters of(AtomicCollection<?> collection) {
        return new Counters(Objects.requireNonNull(collection, "collection").withDocumentClass(BsonDocument.class));
    }

    /** Counters over a driver collection. */
    public static Counters of(MongoCollection<?> collection) {
        return of(AtomicCollection.of(Objects.requireNonNull(collection, "collection")));
    }

    /** Adds 1 and returns the new value; see {@link #addAndGet(Object, String, long)}. */
    public long incrementAndGet(Object id, String field) {
        return addAndGet(id, field, 1);
    }

    /** Subtracts 1 and returns the new value; see {@link #addAndGet(Object, String, long)}. */
    public long decrementAndGet(Object id, String field) {
        return addAndGet(id, field, -1);
    }

    /**
     * Adds {@code amount} (negative to subtract) and returns the new value, in one
     * {@code findOneAndUpdate} with {@code $inc}, upsert, and the document after the change.
     *
     * @throws IllegalStateException if the field holds a non-integer value
     * @throws dev.atomicmongo.AtomicMongoException if the server fails the write
     */
    public long addAndGet(Object id, String field, long amount) {
        return Documents.longAt(addAndRead(id, field, amount), field);
    }

    /**
     * Adds an exact decimal {@code amount} (negative to subtract) and returns the new value,
     * stored as {@code Decimal128}; one {@code findOneAndUpdate} with {@code $inc} and upsert.
     *
     * @throws NumberFormatException if {@code amount} has more than 34 significant digits
     * @throws dev.atomicmongo.AtomicMongoException if the server fails the write
     */
    public BigDecimal addAndGet(Object id, String field, BigDecimal amount) {
        Objects.requireNonNull(amount, "amount");
        return Documents.decimalAt(addAndRead(id, field, new Decimal128(amount)), field);
    }

    /** Adds {@code amount} without reading the result: one {@code updateOne} with {@code $inc} and upsert. */
    public void add(Object id, String field, long amount) {
        documents.execute(commands.add(id, field, amount));
    }

    /** Adds an exact decimal {@code amount} without reading the result, stored as {@code Decimal128}. */
    public void add(Object id, String field, BigDecimal amount) {
        Objects.requireNonNull(amount, "amount");
        documents.execute(commands.add(id, field, new Decimal128(amount)));
    }

    /**
     * Adds each amount to its counter's {@code field} (negative to subtract), creating missing
     * documents and fields: one unordered {@code bulkWrite} of {@code $inc} upserts for the whole
     * map, however many counters, instead of one round trip each. A first upsert of an id that
     * loses the race to a concurrent insert of the same id is sent again (with the others that
     * lost) under the collection's retry policy. A zero amount is sent like the others.
     *
     * <pre>{@code
     * counters.addAll("views", Map.of("page-1", 3L, "page-2", 1L, "page-3", -2L));
     * }</pre>
     *
     * @param amounts counter id to amount, at most 100,000 entries; the map is read once, in its iteration order
     * @return how many counters this call created (the others existed)
     * @throws IllegalArgumentException if the map is empty or too large, or an amount is neither a whole number nor a BigDecimal
     * @throws NullPointerException if the map, an id or an amount is null
     * @throws dev.atomicmongo.AtomicMongoException if the batch fails, or a counter's write fails (a
     *         field that is not a number): the first such failure, after every other counter was written
     */
    public int addAll(String field, Map<?, ? extends Number> amounts) {
        Objects.requireNonNull(amounts, "amounts");
        String path = Documents.checkedPath(field);
        if (amounts.isEmpty()) {
            throw new IllegalArgumentException("addAll: amounts is empty; give at least one counter");
        }
        List<BulkItem> items = new ArrayList<>(amounts.size());
        for (Map.Entry<?, ? extends Number> e : amounts.entrySet()) {
            Object id = Objects.requireNonNull(e.getKey(), "amounts: an id");
            Number amount = Objects.requireNonNull(e.getValue(), "amounts[" + id + "]");
            Number stored;
            if (amount instanceof BigDecimal decimal) {
                stored = new Decimal128(decimal);
            } else if (amount instanceof Long || amount instanceof Integer || amount instanceof Short
                    || amount instanceof Byte) {
                stored = amount.longValue();
            } else {
                throw new IllegalArgumentException("addAll: the amount of " + id + " is a " + amount.getClass().getSimpleName()
                        + " (" + amount + "); give a whole number (stored as a 64-bit integer) or a BigDecimal");
            }
            items.add(BulkItem.of(commands.add(id, path, stored)));
        }
        int[] created = {0};
        AtomicMongoException[] failure = {null};
        List<List<BulkItem>> pending = new ArrayList<>(List.of(items));
        documents.retryPolicy().execute("addAll(" + field + ") on " + documents.namespace(), attempt -> {
            List<BulkItem> sent = pending.get(0);
            BulkResult<BsonDocument> result = documents.bulkWrite(sent);
            List<BulkItem> lost = new ArrayList<>();
            for (int i = 0; i < result.size(); i++) {
                BulkOutcome<BsonDocument> outcome = result.get(i);
                if (outcome instanceof BulkOutcome.Inserted<BsonDocument>) {
                    created[0]++;
                } else if (outcome instanceof BulkOutcome.DuplicateKey<BsonDocument>) {
                    lost.add(sent.get(i));   // a concurrent first insert of this id won: the next try updates it
                } else if (outcome instanceof BulkOutcome.WriteFailed<BsonDocument> failed && failure[0] == null) {
                    failure[0] = failed.error();
                }
            }
            pending.set(0, lost);
            return lost.isEmpty() ? Optional.of(Boolean.TRUE) : Optional.empty();
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        return created[0];
    }

    /**
     * Adds {@code amount} at most once per operation id: a retry with the same {@code operation}
     * (a redelivered webhook, a request that timed out after the server applied it) adds nothing.
     * One {@code updateOne} with {@code $inc} and upsert, guarded by the document's list of recent
     * ids ({@link AtomicCollection#upsertOnce}); an id older than the last
     * {@value dev.atomicmongo.collection.OperationGuard#DEFAULT_WINDOW} operations on the same
     * counter document could apply again.
     *
     * <pre>{@code
     * counters.add(userId, "credits", 5, OperationId.of(deliveryId));   // true once, false for every retry
     * }</pre>
     *
     * @return true if this call added it, false if an earlier call with the same id did
     * @throws dev.atomicmongo.AtomicMongoException if the server fails (call again with the same id)
     */
    public boolean add(Object id, String field, long amount, OperationId operation) {
        Objects.requireNonNull(operation, "operation");
        return documents.upsertOnce(CounterCommands.identity(id),
                UpdateBuilder.update().inc(Documents.checkedPath(field), amount), operation).orThrow() instanceof
                OnceOutcome.Applied;
    }

    /** The field's value; 0 when the document or the field is missing. */
    public long get(Object id, String field) {
        BsonDocument found = Documents.find(documents, CounterCommands.identity(id),
                CounterCommands.projection(Documents.checkedPath(field)));
        return found == null ? 0 : Documents.longAt(found, field);
    }

    /** The field's value as an exact decimal; 0 when the document or the field is missing. */
    public BigDecimal getDecimal(Object id, String field) {
        BsonDocument found = Documents.find(documents, CounterCommands.identity(id),
                CounterCommands.projection(Documents.checkedPath(field)));
        return found == null ? BigDecimal.ZERO : Documents.decimalAt(found, field);
    }

    /**
     * Subtracts {@code amount} only if the result stays at or above {@code floor}: one
     * {@code findOneAndUpdate} filtered on {@code field >= floor + amount} (a missing field
     * counts as 0), returning the new value.
     *
     * @return {@link BoundedChange.Applied} with the new value, {@link BoundedChange.Refused}
     *         with the value read after, or {@link BoundedChange.NotFound}
     * @throws IllegalArgumentException if {@code amount} is not positive or {@code floor + amount} overflows
     */
    public BoundedChange<Long> decrement(Object id, String field, long amount, long floor) {
        requirePositive(amount);
        long threshold = exact(() -> Math.addExact(floor, amount), "floor + amount");
        return bounded(id, field, -amount, CounterCommands.guard(field, true, threshold, 0 >= threshold), floor,
                d -> Documents.longAt(d, field));
    }

    /**
     * Adds {@code amount} only if the result stays at or below {@code ceiling}: one
     * {@code findOneAndUpdate} filtered on {@code field <= ceiling - amount} (a missing field
     * counts as 0), returning the new value.
     *
     * @throws IllegalArgumentException if {@code amount} is not positive or {@code ceiling - amount} overflows
     */
    public BoundedChange<Long> increment(Object id, String field, long amount, long ceiling) {
        requirePositive(amount);
        long threshold = exact(() -> Math.subtractExact(ceiling, amount), "ceiling - amount");
        return bounded(id, field, amount, CounterCommands.guard(field, false, threshold, 0 <= threshold), ceiling,
                d -> Documents.longAt(d, field));
    }

    /**
     * Subtracts an exact decimal {@code amount} only if the result stays at or above {@code floor}
     * (for example a balance that must not go negative); see {@link #decrement(Object, String, long, long)}.
     *
     * @throws IllegalArgumentException if {@code amount} is not positive
     */
    public BoundedChange<BigDecimal> decrement(Object id, String field, BigDecimal amount, BigDecimal floor) {
        requirePositive(amount);
        BigDecimal threshold = Objects.requireNonNull(floor, "floor").add(amount);
        return bounded(id, field, new Decimal128(amount.negate()),
                CounterCommands.guard(field, true, new Decimal128(threshold), threshold.signum() <= 0), floor,
                d -> Documents.decimalAt(d, field));
    }

    /**
     * Adds an exact decimal {@code amount} only if the result stays at or below {@code ceiling};
     * see {@link #increment(Object, String, long, long)}.
     *
     * @throws IllegalArgumentException if {@code amount} is not positive
     */
    public BoundedChange<BigDecimal> increment(Object id, String field, BigDecimal amount, BigDecimal ceiling) {
        requirePositive(amount);
        BigDecimal threshold = Objects.requireNonNull(ceiling, "ceiling").subtract(amount);
        return bounded(id, field, new Decimal128(amount),
                CounterCommands.guard(field, false, new Decimal128(threshold), threshold.signum() >= 0), ceiling,
                d -> Documents.decimalAt(d, field));
    }

    private <N extends Number> BoundedChange<N> bounded(Object id, String field, Number delta, Condition guard,
                                                        N bound, Function<BsonDocument, N> read) {
        Optional<BsonDocument> after = documents.execute(commands.bounded(id, field, delta, guard));
        if (after.isPresent()) {
            return new BoundedChange.Applied<>(read.apply(after.get()));
        }
        // the guarded update cannot say why it matched nothing: one read by _id can
        Condition identity = CounterCommands.identity(id);
        BsonDocument current = Documents.find(documents, identity, CounterCommands.projection(field));
        if (current == null) {
            return new BoundedChange.NotFound<>(commands.compiled(identity));
        }
        return new BoundedChange.Refused<>(read.apply(current), bound, commands.compiled(guard));
    }

    private BsonDocument addAndRead(Object id, String field, Number amount) {
        return documents.execute(commands.addAndGet(id, field, amount)).orElseThrow();
    }

    private static void requirePositive(long amount) {
        if (amount <= 0) {
            throw new IllegalArgumentException("amount must be > 0, got " + amount);
        }
    }

    private static void requirePositive(BigDecimal amount) {
        if (Objects.requireNonNull(amount, "amount").signum() <= 0) {
            throw new IllegalArgumentException("amount must be > 0, got " + amount);
        }
    }

    private static long exact(java.util.function.LongSupplier sum, String what) {
        try {
            return sum.getAsLong();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(what + " overflows a long", e);
        }
    }

    @Override
    public String toString() {
        return "Counters{" + documents.namespace() + "}";
    }
}

package dev.atomicmongo.pattern.counter;

import dev.atomicmongo.CheckReturnValue;
import dev.atomicmongo.filter.Field;
import java.util.Objects;
import java.util.Optional;

import com.mongodb.client.MongoCollection;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.collection.FindAndModifyCommand;
import dev.atomicmongo.filter.Condition;
import org.bson.BsonDocument;

/**
 * Stock of items with an {@code available} and a {@code reserved} quantity, moved between the
 * two atomically: reserving takes units from {@code available} into {@code reserved} only if
 * enough are available, all in one {@code findOneAndUpdate}:
 *
 * <pre>{@code
 * filter: {$and: [{_id: "sku-1"}, {available: {$gte: 3}}]}
 * update: {$inc: {available: -3, reserved: 3}}     // returns the quantities after
 * }</pre>
 *
 * <pre>{@code
 * Inventory inventory = Inventory.of(db.getCollection("inventory"));
 * inventory.restock("sku-1", 10);
 * InventoryOutcome held = inventory.reserve("sku-1", 3);    // Applied[available=7, reserved=3]
 * inventory.commit("sku-1", 3);                             // shipped: reserved back to 0
 * }</pre>
 *
 * <p>Only when the update matched nothing is the item read once, to tell
 * {@link InventoryOutcome.Insufficient} from {@link InventoryOutcome.NotFound}. Quantities are
 * 64-bit integers; field names are configurable. Immutable and thread-safe.
 */
public final class Inventory {
    private final AtomicCollection<BsonDocument> documents;
    private final String availableField;
    private final String reservedField;
    private final InventoryCommands commands;

    private Inventory(AtomicCollection<BsonDocument> documents, String availableField, String reservedField) {
        Field.requireDistinctRoles("available", availableField, "reserved", reservedField);
        this.documents = documents;
        this.availableField = availableField;
        this.reservedField = reservedField;
        this.commands = new InventoryCommands(documents.commands(), availableField, reservedField);
    }

    /** Inventory over a collection (and its session, if it has one), with fields {@code available} and {@code reserved}. */
    public static Inventory of(AtomicCollection<?> collection) {
        return new Inventory(Objects.requireNonNull(collection, "collection").withDocumentClass(BsonDocument.class),
                "available", "reserved");
    }

    /** Inventory over a driver collection. */
    public static Inventory of(MongoCollection<?> collection) {
        return of(AtomicCollection.of(Objects.requireNonNull(collection, "collection")));
    }

    /** A copy that keeps the available quantity in {@code field}. */
    @CheckReturnValue
    public Inventory withAvailableField(String field) {
        return new Inventory(documents, Documents.checkedPath(field), reservedField);
    }

    /** A copy that keeps the reserved quantity in {@code field}. */
    @CheckReturnValue
    public Inventory withReservedField(String field) {
        return new Inventory(documents, availableField, Documents.checkedPath(field));
    }

    /**
     * Adds {@code quantity} to the available stock, creating the item if needed ({@code $inc}
     * with upsert).
     *
     * @throws IllegalArgumentException if {@code quantity} is not positive
     */
    public InventoryOutcome.Applied restock(Object sku, long quantity) {
        requirePositive(quantity);
        return quantities(documents.execute(commands.restock(sku, quantity)).orElseThrow());
    }

    /**
     * Moves {@code quantity} units from available to reserved, only if at least that many are available.
     *
     * @throws IllegalArgumentException if {@code quantity} is not positive
     */
    public InventoryOutcome reserve(Object sku, long quantity) {
        requirePositive(quantity);
        return change(sku, commands.reserve(sku, quantity), commands.reserveGuard(quantity), quantity);
    }

    /**
     * Moves {@code quantity} reserved units back to available (a cancelled order), only if at
     * least that many are reserved.
     *
     * @throws IllegalArgumentException if {@code quantity} is not positive
     */
    public InventoryOutcome release(Object sku, long quantity) {
        requirePositive(quantity);
        return change(sku, commands.release(sku, quantity), commands.reservedGuard(quantity), quantity);
    }

    /**
     * Removes {@code quantity} reserved units for good (the order shipped), only if at least that many are reserved.
     *
     * @throws IllegalArgumentException if {@code quantity} is not positive
     */
    public InventoryOutcome commit(Object sku, long quantity) {
        requirePositive(quantity);
        return change(sku, commands.commit(sku, quantity), commands.reservedGuard(quantity), quantity);
    }

    /** The item's quantities, or empty if it does not exist. */
    public Optional<InventoryOutcome.Applied> get(Object sku) {
        BsonDocument found = Documents.find(documents, InventoryCommands.identity(sku), commands.projection());
        return Optional.ofNullable(found).map(this::quantities);
    }

    private InventoryOutcome change(Object sku, FindAndModifyCommand command, Condition guard, long quantity) {
        Optional<BsonDocument> after = documents.execute(command);
        if (after.isPresent()) {
            return quantities(after.get());
        }
        // the guarded update cannot say why it matched nothing: one read by _id can
        Condition identity = InventoryCommands.identity(sku);
        BsonDocument current = Documents.find(documents, identity, commands.projection());
        if (current == null) {
            return new InventoryOutcome.NotFound(commands.compiled(identity));
        }
        InventoryOutcome.Applied now = quantities(current);
        return new InventoryOutcome.Insufficient(now.available(), now.reserved(), quantity, commands.compiled(guard), current);
    }

    private InventoryOutcome.Applied quantities(BsonDocument document) {
        return new InventoryOutcome.Applied(Documents.longAt(document, availableField),
                Documents.longAt(document, reservedField));
    }

    private static void requirePositive(long quantity) {
        if (quantity <= 0) {
            throw new IllegalArgumentException("quantity must be > 0, got " + quantity);
        }
    }

    @Override
    public String toString() {
        return "Inventory{" + documents.namespace() + ", available=" + availableField + ", reserved=" + reservedField + "}";
    }
}

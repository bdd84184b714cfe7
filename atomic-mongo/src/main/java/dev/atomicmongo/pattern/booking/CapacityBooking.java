package dev.atomicmongo.pattern.booking;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Indexes;
import dev.atomicmongo.internal.BsonValues;
import dev.atomicmongo.AtomicMongoException;
import dev.atomicmongo.MongoOperationException;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.collection.ConditionalOutcome;
import dev.atomicmongo.collection.UpsertOutcome;
import dev.atomicmongo.filter.Condition;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.internal.CheckReturnValue;
import dev.atomicmongo.update.Expr;
import dev.atomicmongo.update.UpdateBuilder;
import org.bson.BsonDocument;
import org.bson.BsonDocumentWrapper;
import org.bson.BsonValue;
import org.bson.Document;

/**
 * Books seats of a resource with a fixed capacity (an event, a class, a time slot) so that it is
 * never overbooked and no holder books twice, whatever the number of concurrent callers. Each
 * reservation is one {@code updateOne} whose filter is the whole guard, so the server checks it
 * atomically with the write:
 *
 * <pre>{@code
 * filter: {$and: [{_id: eventId},
 *                 {$and: [{"holders.holder": {$ne: userId}},
 *                         {capacity: {$type: "number"}},
 *                         {$expr: {$lte: [{$add: [{$ifNull: ["$sold", 0]}, seats]}, "$capacity"]}}]}]}
 * update: {$inc: {sold: seats}, $addToSet: {holders: {holder: userId, seats: seats}}}
 * }</pre>
 *
 * Only when nothing matched is the resource read once, to tell
 * {@link ReservationOutcome.AlreadyReserved}, {@link ReservationOutcome.Full} and
 * {@link ReservationOutcome.NotFound} apart.
 *
 * <pre>{@code
 * CapacityBooking booking = CapacityBooking.of(db.getCollection("events"));
 * booking.ensureIndexes();
 * booking.create("concert", 100);
 * ReservationOutcome outcome = booking.reserve("concert", "alice");       // Reserved, or why not
 * booking.reserve("concert", "bob", 4).orThrow();                         // four seats, or an exception
 * booking.release("concert", "alice");                                    // the atomic inverse
 * }</pre>
 *
 * <p><b>Document shape.</b> {@code {_id, capacity, sold, holders: [{holder, seats}]}}; the field
 * names {@code capacity}, {@code sold} and {@code holders} are configurable, the entry fields
 * are {@value #HOLDER} and {@value #SEATS}. A missing {@code sold} counts as 0. Every write keeps
 * {@code sold} equal to the sum of the entries' seats.
 *
 * <p>Immutable and thread-safe; {@code withX} methods return copies. Built only from
 * {@link AtomicCollection#updateIf}; runs inside a transaction when given a collection
 * {@linkplain AtomicCollection#withSession with a session}.
 */
public final class CapacityBooking {
    /** The field of a holder entry that holds the holder's id. */
    public static final String HOLDER = "holder";
    /** The field of a holder entry that holds the number of seats. */
    public static final String SEATS = "seats";
    /** How often a reservation is retried when a concurrent release made room between its write and its read. */
    static final int MAX_ATTEMPTS = 1000;

    private final AtomicCollection<BsonDocument> documents;
    private final String capacityField;
    private final String soldField;
    private final String holdersField;

    private CapacityBooking(AtomicCollection<BsonDocument> documents, String capacityField, String soldField,
                            String holdersField) {
        this.documents = documents;
        this.capacityField = capacityField;
        this.soldField = soldField;
        this.holdersField = holdersField;
    }

    /** Booking over a collection (and its session, if it has one), with fields {@code capacity}, {@code sold}, {@code holders}. */
    public static CapacityBooking of(AtomicCollection<?> collection) {
        Objects.requireNonNull(collection, "collection");
        return new CapacityBooking(collection.withDocumentClass(BsonDocument.class), "capacity", "sold", "holders");
    }

    /** Booking over a driver collection; see {@link #of(AtomicCollection)}. */
    public static CapacityBooking of(MongoCollection<?> collection) {
        return of(AtomicCollection.of(Objects.requireNonNull(collection, "collection")));
    }

    /** A copy that reads the capacity from {@code field}. */
    @CheckReturnValue
    public CapacityBooking withCapacityField(String field) {
        return new CapacityBooking(documents, checked(field), soldField, holdersField);
    }

    /** A copy that counts booked seats in {@code field}. */
    @CheckReturnValue
    public CapacityBooking withSoldField(String field) {
        return new CapacityBooking(documents, capacityField, checked(field), holdersField);
    }

    /** A copy that keeps the holder entries in the array {@code field}. */
    @CheckReturnValue
    public CapacityBooking withHoldersField(String field) {
        return new CapacityBooking(documents, capacityField, soldField, checked(field));
    }

    /**
     * Inserts the resource {@code {_id, capacity, sold: 0, holders: []}} unless it exists; an
     * existing resource is never changed ({@code $setOnInsert} only).
     *
     * @throws IllegalArgumentException if {@code capacity} is negative
     * @throws AtomicMongoException if the server fails the write
     */
    public UpsertOutcome create(Object resourceId, long capacity) {
        Objects.requireNonNull(resourceId, "resourceId");
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be >= 0, got " + capacity);
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("_id", resourceId);
        fields.put(capacityField, capacity);
        fields.put(soldField, 0L);
        fields.put(holdersField, List.of());
        return documents.upsertByField("_id", resourceId, fields);
    }

    /** Reserves one seat for the holder; see {@link #reserve(Object, Object, int)}. */
    public ReservationOutcome reserve(Object resourceId, Object holderId) {
        return reserve(resourceId, holderId, 1);
    }

    /**
     * Reserves {@code seats} seats for the holder if the holder has none yet and
     * {@code sold + seats <= capacity}: one guarded {@code updateOne}, and one read only when it
     * matched nothing. Should that read find the guard now satisfied (a concurrent release made
     * room), the update is tried again.
     *
     * @return {@link ReservationOutcome.Reserved}, {@link ReservationOutcome.AlreadyReserved},
     *         {@link ReservationOutcome.Full} or {@link ReservationOutcome.NotFound}
     * @throws IllegalArgumentException if {@code seats} is not positive
     * @throws IllegalStateException if the resource's capacity is missing or not a number
     * @throws AtomicMongoException if the server fails, or the update lost to concurrent releases
     *         {@value #MAX_ATTEMPTS} times in a row
     */
    public ReservationOutcome reserve(Object resourceId, Object holderId, int seats) {
        Objects.requireNonNull(resourceId, "resourceId");
        Objects.requireNonNull(holderId, "holderId");
        if (seats < 1) {
            throw new IllegalArgumentException("seats must be >= 1, got " + seats);
        }
        BsonDocument entry = BsonDocumentWrapper.asBsonDocument(
                new Document(HOLDER, holderId).append(SEATS, seats), documents.collection().getCodecRegistry());
        Condition guard = Conditions.and(
                Conditions.ne(holdersField + "." + HOLDER, holderId),
                new Document(capacityField, new Document("$type", "number")),
                Conditions.expr(Expr.lte(
                        Expr.add(Expr.ifNull(Expr.field(soldField), Expr.literal(0)), Expr.literal(seats)),
                        Expr.field(capacityField))));
        UpdateBuilder update = UpdateBuilder.update().inc(soldField, seats).addToSet(holdersField, entry);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            ConditionalOutcome<BsonDocument> outcome = documents.updateIf(Conditions.eq("_id", resourceId), guard, update);
            if (outcome instanceof ConditionalOutcome.NotFound<BsonDocument> notFound) {
                return new ReservationOutcome.NotFound(notFound.identity());
            }
            if (outcome instanceof ConditionalOutcome.ConditionFailed<BsonDocument> failed) {
                BsonDocument current = failed.current();
                BsonDocument held = entryOf(current, entry.get(HOLDER));
                if (held != null) {
                    return new ReservationOutcome.AlreadyReserved(resourceId, holderId, seatsOf(held));
                }
                long capacity = capacityOf(current, resourceId);
                long sold = number(valueAt(current, soldField));
                if (sold + seats > capacity) {
                    return new ReservationOutcome.Full(resourceId, seats, sold, capacity);
                }
                continue; // a release made room after our update: try again
            }
            return new ReservationOutcome.Reserved(resourceId, holderId, seats);
        }
        throw new AtomicMongoException("reserve(" + resourceId + ", " + holderId + ") on " + documents.namespace()
                + " lost to concurrent releases " + MAX_ATTEMPTS + " times in a row");
    }

    /**
     * Gives back every seat the holder holds: removes the holder's entry and subtracts its seats
     * from {@code sold} in one guarded {@code updateOne} whose filter names the entry exactly.
     * The first try assumes one seat; when the holder holds more, the read that follows the
     * unmatched update gives the number, and the update is made again for it.
     *
     * @return {@link ReleaseOutcome.Released}, {@link ReleaseOutcome.NotHeld} or {@link ReleaseOutcome.NotFound}
     * @throws AtomicMongoException if the server fails the write
     */
    public ReleaseOutcome release(Object resourceId, Object holderId) {
        return release(resourceId, holderId, 1);
    }

    /**
     * {@link #release(Object, Object)} for a holder expected to hold {@code seats} seats: one
     * round trip when that is right (the guard checks it), otherwise the count is read and the
     * release retried with it, so a wrong guess costs two more round trips, never a wrong count.
     *
     * @throws IllegalArgumentException if {@code seats < 1}
     */
    public ReleaseOutcome release(Object resourceId, Object holderId, int seats) {
        Objects.requireNonNull(resourceId, "resourceId");
        Objects.requireNonNull(holderId, "holderId");
        if (seats < 1) {
            throw new IllegalArgumentException("release: seats must be >= 1, got " + seats);
        }
        BsonValue holder = BsonDocumentWrapper.asBsonDocument(new Document(HOLDER, holderId),
                documents.collection().getCodecRegistry()).get(HOLDER);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Condition guard = Conditions.elemMatch(holdersField, new Document(HOLDER, holder).append(SEATS, seats));
            UpdateBuilder update = UpdateBuilder.update()
                    .pull(holdersField, Conditions.eq(HOLDER, holder))
                    .inc(soldField, -seats);
            ConditionalOutcome<BsonDocument> outcome = documents.updateIf(Conditions.eq("_id", resourceId), guard, update);
            if (outcome instanceof ConditionalOutcome.NotFound<BsonDocument> notFound) {
                return new ReleaseOutcome.NotFound(notFound.identity());
            }
            if (outcome instanceof ConditionalOutcome.ConditionFailed<BsonDocument> failed) {
                BsonDocument held = entryOf(failed.current(), holder);
                if (held == null) {
                    return new ReleaseOutcome.NotHeld(resourceId, holderId);
                }
                seats = seatsOf(held);
                continue;
            }
            return new ReleaseOutcome.Released(resourceId, holderId, seats);
        }
        throw new AtomicMongoException("release(" + resourceId + ", " + holderId + ") on " + documents.namespace()
                + " did not settle after " + MAX_ATTEMPTS + " attempts");
    }

    /**
     * Creates the index the reservation filter uses, a multikey index on
     * {@code holders.holder}, if it does not exist; returns its name.
     *
     * @throws AtomicMongoException if the server fails to create it
     */
    public List<String> ensureIndexes() {
        MongoCollection<BsonDocument> collection = documents.collection();
        try {
            return List.of(collection.createIndex(Indexes.ascending(holdersField + "." + HOLDER)));
        } catch (MongoException e) {
            throw new MongoOperationException("createIndex on " + documents.namespace(), e);
        }
    }

    private BsonDocument entryOf(BsonDocument resource, BsonValue holder) {
        BsonValue holders = valueAt(resource, holdersField);
        if (holders == null || !holders.isArray()) {
            return null;
        }
        for (BsonValue entry : holders.asArray()) {
            if (entry.isDocument() && sameValue(holder, entry.asDocument().get(HOLDER))) {
                return entry.asDocument();
            }
        }
        return null;
    }

    private static int seatsOf(BsonDocument entry) {
        return (int) number(entry.get(SEATS));
    }

    private long capacityOf(BsonDocument resource, Object resourceId) {
        BsonValue capacity = valueAt(resource, capacityField);
        if (capacity == null || !capacity.isNumber()) {
            throw new IllegalStateException("Resource " + resourceId + " in " + documents.namespace() + " has no numeric '"
                    + capacityField + "' field (found " + (capacity == null ? "none" : capacity.getBsonType()) + ")");
        }
        return capacity.asNumber().longValue();
    }

    /** Equal as the server compares them: numbers by value whatever their BSON type. */
    private static boolean sameValue(BsonValue a, BsonValue b) {
        if (a != null && b != null && a.isNumber() && b.isNumber()) {
            return a.asNumber().decimal128Value().bigDecimalValue()
                    .compareTo(b.asNumber().decimal128Value().bigDecimalValue()) == 0;
        }
        return Objects.equals(a, b);
    }

    /** The value at a dotted path, or null. */
    static BsonValue valueAt(BsonDocument document, String path) {
        return BsonValues.valueAt(document, path);
    }

    private static long number(BsonValue value) {
        return value != null && value.isNumber() ? value.asNumber().longValue() : 0;
    }

    private static String checked(String field) {
        Conditions.field(field); // validates the path
        return field;
    }

    @Override
    public String toString() {
        return "CapacityBooking{" + documents.namespace() + ", capacity=" + capacityField + ", sold=" + soldField
                + ", holders=" + holdersField + "}";
    }
}

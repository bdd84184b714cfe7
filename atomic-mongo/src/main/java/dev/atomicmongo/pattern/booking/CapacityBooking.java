package dev.atomicmongo.pattern.booking;

import dev.atomicmongo.CheckReturnValue;
import dev.atomicmongo.filter.Field;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Projections;
import dev.atomicmongo.AtomicMongoException;
import dev.atomicmongo.RetriesExhaustedException;
import dev.atomicmongo.StoredValueException;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.collection.ConditionalOutcome;
import dev.atomicmongo.collection.ConditionalUpdateCommand;
import dev.atomicmongo.collection.OnceOutcome;
import dev.atomicmongo.collection.OnceUpdateCommand;
import dev.atomicmongo.collection.OperationGuard;
import dev.atomicmongo.collection.OperationId;
import dev.atomicmongo.collection.RetryPolicy;
import dev.atomicmongo.collection.StoredValues;
import dev.atomicmongo.collection.UpsertOutcome;
import dev.atomicmongo.filter.Conditions;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * Books seats of a resource with a fixed capacity (an event, a class, a time slot) so that it is
 * never overbooked and no holder books twice, whatever the number of concurrent callers. Each
 * reservation is one {@code updateOne} whose filter is the whole guard, so the server checks it
 * atomically with the write:
 *
 * <pre>{@code
 * filter: {$and: [{_id: eventId},
 *                 {$and: [{"holders.holder": {$ne: userId}},
 *                         {$or: [{holders: {$exists: false}}, {holders: {$type: 4}}]},      // an array, or none yet
 *                         {holders: {$not: {$elemMatch: {$not: {$type: "object"}}}}},       // of entries only
 *                         {capacity: {$type: "number"}},
 *                         {$expr: {$lte: [{$add: [{$ifNull: ["$sold", 0]}, seats]}, "$capacity"]}}]}]}
 * update: {$inc: {sold: seats}, $addToSet: {holders: {holder: userId, seats: seats}}}
 * }</pre>
 *
 * Only when nothing matched is the resource read once, to tell
 * {@link ReservationOutcome.AlreadyReserved}, {@link ReservationOutcome.Full} and
 * {@link ReservationOutcome.NotFound} apart.
 *
 * <p><b>Exactly once under retries.</b> {@link #reserve(Object, Object, int, OperationId)} takes
 * an id for the reservation, checked and recorded in the same update: a retry after a lost reply
 * is reported as the reservation already made ({@link ReservationOutcome#isDuplicate()}), never
 * as a refusal and never booked twice.
 *
 * <pre>{@code
 * CapacityBooking booking = CapacityBooking.of(db.getCollection("events"));
 * booking.ensureIndexes();
 * booking.create("concert", 100);
 * ReservationOutcome outcome = booking.reserve("concert", "alice");       // Reserved, or why not
 * booking.reserve("concert", "carol", OperationId.of(requestId));        // once, however often retried
 * booking.reserve("concert", "bob", 4).orThrow();                         // four seats, or an exception
 * booking.release("concert", "alice");                                    // the atomic inverse
 * }</pre>
 *
 * <p><b>Document shape.</b> {@code {_id, capacity, sold, holders: [{holder, seats}]}}; the field
 * names {@code capacity}, {@code sold} and {@code holders} are configurable, the entry fields
 * are {@value #HOLDER} and {@value #SEATS}. A missing {@code sold} counts as 0. Every write keeps
 * {@code sold} equal to the sum of the entries' seats. {@link #withHolderLayout} with
 * {@link HolderLayout#PLAIN_IDS} books on a plain array of ids instead
 * ({@code registration_ids: ["u1", "u2"]}, one seat each); a document stored in the other layout
 * is refused with a {@link StoredValueException}, never booked on.
 *
 * <p><b>Retries.</b> A reservation whose guard failed while the read that follows says it holds
 * now (a concurrent release made room), or a release whose holder entry changed between its read
 * and its update, is tried again under the collection's {@link RetryPolicy} ({@link AtomicCollection#retryPolicy()},
 * or the one given to {@link #withRetryPolicy}): bounded attempts and time, jittered backoff,
 * ending in a {@link RetriesExhaustedException}.
 *
 * <p>Immutable and thread-safe; {@code withX} methods return copies. Built only from
 * {@link AtomicCollection#execute} of the commands of a package-private {@code BookingCommands};
 * runs inside a transaction when given a collection {@linkplain AtomicCollection#withSession with a session}.
 */
public final class CapacityBooking {
    /** The field of a holder entry that holds the holder's id. */
    public static final String HOLDER = "holder";
    /** The field of a holder entry that holds the number of seats. */
    public static final String SEATS = "seats";
    /** The most holders {@link #reserveAll} books together. */
    public static final int MAX_GROUP = 10_000;

    private final AtomicCollection<BsonDocument> documents;
    private final String capacityField;
    private final String soldField;
    private final String holdersField;
    private final HolderLayout layout;
    private final OperationGuard guard;
    private final BookingCommands commands;
    private final StoredHolders stored;

    private CapacityBooking(AtomicCollection<BsonDocument> documents, String capacityField, String soldField,
                            String holdersField, HolderLayout layout, OperationGuard guard) {
        Field.requireDistinctRoles("capacity", capacityField, "sold", soldField, "holders", holdersField);
        this.documents = documents;
        this.capacityField = capacityField;
        this.soldField = soldField;
        this.holdersField = holdersField;
        this.layout = layout;
        this.guard = guard;
        this.commands = new BookingCommands(documents.commands(), capacityField, soldField, holdersField, layout);
        this.stored = new StoredHolders(holdersField, layout);
    }

    /** Booking over a collection (its session and retry policy), with fields {@code capacity}, {@code sold}, {@code holders}. */
    public static CapacityBooking of(AtomicCollection<?> collection) {
        Objects.requireNonNull(collection, "collection");
        return new CapacityBooking(collection.withDocumentClass(BsonDocument.class), "capacity", "sold", "holders",
                HolderLayout.ENTRIES, OperationGuard.defaults());
    }

    /** Booking over a driver collection; see {@link #of(AtomicCollection)}. */
    public static CapacityBooking of(MongoCollection<?> collection) {
        return of(AtomicCollection.of(Objects.requireNonNull(collection, "collection")));
    }

    /**
     * A copy that reads the capacity from {@code field}.
     *
     * @throws IllegalArgumentException if the path is blank, has an empty segment or a {@code $}-prefixed segment
     */
    @CheckReturnValue
    public CapacityBooking withCapacityField(String field) {
        return new CapacityBooking(documents, checked(field), soldField, holdersField, layout, guard);
    }

    /** A copy that counts booked seats in {@code field}; validated as {@link #withCapacityField}. */
    @CheckReturnValue
    public CapacityBooking withSoldField(String field) {
        return new CapacityBooking(documents, capacityField, checked(field), holdersField, layout, guard);
    }

    /**
     * A copy that keeps the holders in the array {@code field}, in the same {@link HolderLayout};
     * validated as {@link #withCapacityField}.
     */
    @CheckReturnValue
    public CapacityBooking withHoldersField(String field) {
        return new CapacityBooking(documents, capacityField, soldField, checked(field), layout, guard);
    }

    /**
     * A copy that stores and reads holders in {@code layout}: {@link HolderLayout#ENTRIES} (the
     * default, {@code [{holder, seats}]}) or {@link HolderLayout#PLAIN_IDS} ({@code [id, ...]}, one
     * seat per id, as the ticket-booking reference's {@code registration_ids}). The layout is a
     * separate setting from the field's name because it describes the stored data, not where it
     * is; a document in the other layout is refused, never booked on (see {@link HolderLayout}).
     *
     * <pre>{@code
     * CapacityBooking registrations = CapacityBooking.of(events).withSoldField("tickets_sold")
     *         .withHoldersField("registration_ids").withHolderLayout(HolderLayout.PLAIN_IDS);
     * }</pre>
     */
    @CheckReturnValue
    public CapacityBooking withHolderLayout(HolderLayout layout) {
        Objects.requireNonNull(layout, "layout");
        return new CapacityBooking(documents, capacityField, soldField, holdersField, layout, guard);
    }

    /** The layout of the holders array, {@link HolderLayout#ENTRIES} unless {@link #withHolderLayout} said otherwise. */
    public HolderLayout holderLayout() {
        return layout;
    }

    /** A copy whose reservations and releases retry lost races under {@code policy}. */
    @CheckReturnValue
    public CapacityBooking withRetryPolicy(RetryPolicy policy) {
        return new CapacityBooking(documents.withRetryPolicy(policy), capacityField, soldField, holdersField, layout, guard);
    }

    /**
     * A copy that keeps the operation ids of {@link #reserve(Object, Object, int, OperationId)} as
     * {@code guard} says: in which field of the resource, and how many of the last ones
     * ({@code _ops} and 100 by default). Choose a window larger than the number of reservations
     * with an id that can reach one resource between a first attempt and its last retry: an id
     * that has left the window is forgotten, and its retry is then refused as
     * {@link ReservationOutcome.AlreadyReserved} (the holder check still stops a second booking).
     *
     * <pre>{@code
     * CapacityBooking booking = CapacityBooking.of(events).withOperationGuard(OperationGuard.defaults().withWindow(1_000));
     * }</pre>
     *
     * @throws IllegalArgumentException if the guard's field is the capacity, sold or holders field, or inside or above one
     */
    @CheckReturnValue
    public CapacityBooking withOperationGuard(OperationGuard guard) {
        Objects.requireNonNull(guard, "guard");
        Field.requireDistinctRoles("capacity", capacityField, "sold", soldField, "holders", holdersField,
                "operation guard", guard.field());
        return new CapacityBooking(documents, capacityField, soldField, holdersField, layout, guard);
    }

    /** Where and how many operation ids a reservation with an id keeps; {@link OperationGuard#defaults()} unless set. */
    public OperationGuard operationGuard() {
        return guard;
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
        return documents.upsertByField("_id", resourceId, commands.resource(resourceId, capacity));
    }

    /** Reserves one seat for the holder; see {@link #reserve(Object, Object, int)}. */
    public ReservationOutcome reserve(Object resourceId, Object holderId) {
        return reserve(resourceId, holderId, 1);
    }

    /**
     * Reserves {@code seats} seats for the holder if the holder has none yet and
     * {@code sold + seats <= capacity}: one guarded {@code updateOne}, and one read only when it
     * matched nothing. Should that read find the guard now satisfied (a concurrent release made
     * room), the update is tried again under the retry policy.
     *
     * @return {@link ReservationOutcome.Reserved}, {@link ReservationOutcome.AlreadyReserved},
     *         {@link ReservationOutcome.Full} or {@link ReservationOutcome.NotFound}
     * @throws IllegalArgumentException if {@code seats} is not positive, or not 1 with
     *         {@link HolderLayout#PLAIN_IDS}; if the holder id cannot be one (see {@link HolderLayout#PLAIN_IDS})
     * @throws StoredValueException if the resource's capacity is missing or not a number, or its
     *         holders field is not an array or holds an element of the other layout (nothing is written)
     * @throws RetriesExhaustedException if the update kept losing to concurrent releases until the
     *         retry policy gave up
     * @throws AtomicMongoException if the server fails
     */
    public ReservationOutcome reserve(Object resourceId, Object holderId, int seats) {
        Objects.requireNonNull(resourceId, "resourceId");
        Objects.requireNonNull(holderId, "holderId");
        requireSeats(seats);
        BsonValue holder = commands.holder(holderId);
        ConditionalUpdateCommand command = commands.reserve(resourceId, holder, seats);
        return documents.retryPolicy().execute(operation("reserve", resourceId, holderId), attempt -> {
            ConditionalOutcome<BsonDocument> outcome = documents.execute(command);
            if (outcome instanceof ConditionalOutcome.NotFound<BsonDocument> notFound) {
                return Optional.of(new ReservationOutcome.NotFound(notFound.identity()));
            }
            if (outcome instanceof ConditionalOutcome.ConditionFailed<BsonDocument> failed) {
                return refusal(failed.current(), resourceId, holderId, holder, seats, command.condition());
            }
            return Optional.of(new ReservationOutcome.Reserved(resourceId, holderId, seats));
        });
    }

    /** Reserves one seat for the holder, once per operation id; see {@link #reserve(Object, Object, int, OperationId)}. */
    public ReservationOutcome reserve(Object resourceId, Object holderId, OperationId operationId) {
        return reserve(resourceId, holderId, 1, operationId);
    }

    /**
     * {@link #reserve(Object, Object, int)} at most once per {@code operationId}, an id the caller
     * chooses for this reservation (a request's idempotency key, a message id) and sends again,
     * unchanged, with every retry. The id is checked and recorded in the same guarded
     * {@code updateOne} as the seats, in the resource's list of recent ids
     * ({@link #withOperationGuard}; {@code {_ops: {$ne: id}}} in the filter, {@code $push} with
     * {@code $slice} in the update): one round trip when it books, as without an id.
     *
     * <pre>{@code
     * OperationId id = OperationId.of(request.idempotencyKey());      // the same id on every retry
     * ReservationOutcome outcome = booking.reserve("concert", "alice", 2, id);
     * if (outcome.isReserved()) {                                     // booked now, or by the call whose reply was lost
     *     confirm(outcome.orThrow().seats());
     * }
     * }</pre>
     *
     * <p>A retry after a lost reply (or a concurrent call with the same id) books nothing and
     * returns {@link ReservationOutcome.Reserved} with {@link ReservationOutcome.Reserved#duplicate()}
     * true, never {@link ReservationOutcome.AlreadyReserved} for the caller's own seats. The
     * duplicate wins over a refusal that holds now: a retry after others filled the resource, or
     * after the holder released the seats, is still the duplicate (the id names the reservation
     * made, which a late retry does not make again). The same holder reserving with a
     * <em>new</em> id is {@link ReservationOutcome.AlreadyReserved} as without an id. An id that
     * has left the window (more than its size of later reservations with ids on the resource) is
     * forgotten: its retry is then {@code AlreadyReserved}, still never a second booking.
     *
     * @param operationId the id of this reservation, the same on every retry
     * @return {@link ReservationOutcome.Reserved} (possibly a duplicate), {@link ReservationOutcome.AlreadyReserved},
     *         {@link ReservationOutcome.Full} or {@link ReservationOutcome.NotFound}
     * @throws IllegalArgumentException as {@link #reserve(Object, Object, int)}
     * @throws StoredValueException as {@link #reserve(Object, Object, int)}
     * @throws RetriesExhaustedException as {@link #reserve(Object, Object, int)}
     * @throws AtomicMongoException if the server fails; the reservation may have been made, so
     *         call again with the same id to learn the outcome
     */
    public ReservationOutcome reserve(Object resourceId, Object holderId, int seats, OperationId operationId) {
        Objects.requireNonNull(resourceId, "resourceId");
        Objects.requireNonNull(holderId, "holderId");
        Objects.requireNonNull(operationId, "operationId");
        requireSeats(seats);
        BsonValue holder = commands.holder(holderId);
        OnceUpdateCommand command = commands.reserveOnce(resourceId, holder, seats, operationId, guard);
        return documents.retryPolicy().execute(operation("reserve", resourceId, holderId) + " as " + operationId,
                attempt -> {
                    OnceOutcome<BsonDocument> outcome = documents.execute(command);
                    if (outcome instanceof OnceOutcome.NotFound<BsonDocument> notFound) {
                        return Optional.of(new ReservationOutcome.NotFound(notFound.identity()));
                    }
                    if (outcome instanceof OnceOutcome.ConditionFailed<BsonDocument> failed) {
                        return refusal(failed.current(), resourceId, holderId, holder, seats, command.condition());
                    }
                    return Optional.of(new ReservationOutcome.Reserved(resourceId, holderId, seats, outcome.isDuplicate()));
                });
    }

    /**
     * Why a reservation's guard failed, from the resource read after it: already reserved, full,
     * or empty when the guard holds now (a release made room after the update: try again).
     */
    private Optional<ReservationOutcome> refusal(BsonDocument current, Object resourceId, Object holderId, BsonValue holder,
                                                 int seats, BsonDocument condition) {
        OptionalInt held = stored.seatsHeld(current, holder);
        if (held.isPresent()) {
            return Optional.of(new ReservationOutcome.AlreadyReserved(resourceId, holderId, held.getAsInt(), condition));
        }
        BigDecimal capacity = capacityOf(current, resourceId);
        BigDecimal sold = numberAt(current, soldField);
        if (sold.add(BigDecimal.valueOf(seats)).compareTo(capacity) > 0) {
            return Optional.of(new ReservationOutcome.Full(resourceId, seats, sold.longValue(), capacity.longValue(),
                    condition));
        }
        return Optional.empty();
    }

    private void requireSeats(int seats) {
        if (seats < 1) {
            throw new IllegalArgumentException("seats must be >= 1, got " + seats);
        }
        requireOneSeatPerPlainId(seats);
    }

    /**
     * Reserves one seat for each holder, all or none, in one guarded {@code updateOne}: no holder
     * may hold a seat yet and {@code sold + holders.size() <= capacity}. A group that must sit
     * together (friends at a concert, a team in a class) is booked in one round trip, never
     * partly; one read follows only a refusal, to say why. Retried as {@link #reserve} when that
     * read finds the guard now satisfied.
     *
     * @param holderIds the holders, at least one, at most 10,000, no null and no repeat
     * @return {@link GroupReservationOutcome.Reserved}, {@link GroupReservationOutcome.AlreadyReserved}
     *         (naming the holders that hold seats), {@link GroupReservationOutcome.Full} or
     *         {@link GroupReservationOutcome.NotFound}
     * @throws IllegalArgumentException if the list is empty, too long, repeats a holder, or a holder
     *         id cannot be one (see {@link HolderLayout#PLAIN_IDS})
     * @throws StoredValueException as {@link #reserve(Object, Object, int)}
     * @throws RetriesExhaustedException if concurrent releases kept making room after each refusal
     * @throws AtomicMongoException if the server fails
     */
    public GroupReservationOutcome reserveAll(Object resourceId, List<?> holderIds) {
        Objects.requireNonNull(resourceId, "resourceId");
        Objects.requireNonNull(holderIds, "holderIds");
        if (holderIds.isEmpty()) {
            throw new IllegalArgumentException("reserveAll: holderIds is empty; give at least one holder");
        }
        if (holderIds.size() > MAX_GROUP) {
            throw new IllegalArgumentException("reserveAll: " + holderIds.size() + " holders, more than the "
                    + MAX_GROUP + " one group reservation takes");
        }
        List<BsonValue> holders = new java.util.ArrayList<>(holderIds.size());
        java.util.Set<BsonValue> seen = new java.util.HashSet<>();
        for (int i = 0; i < holderIds.size(); i++) {
            Object id = holderIds.get(i);
            if (id == null) {
                throw new NullPointerException("holderIds[" + i + "]");
            }
            BsonValue holder = commands.holder(id);
            if (!seen.add(holder)) {
                throw new IllegalArgumentException("reserveAll: holder " + id + " is given twice; one seat per holder");
            }
            holders.add(holder);
        }
        List<Object> ids = List.copyOf(holderIds);
        ConditionalUpdateCommand command = commands.reserveAll(resourceId, holders);
        return documents.retryPolicy().execute(operation("reserveAll", resourceId, ids), attempt -> {
            ConditionalOutcome<BsonDocument> outcome = documents.execute(command);
            if (outcome instanceof ConditionalOutcome.NotFound<BsonDocument> notFound) {
                return Optional.of(new GroupReservationOutcome.NotFound(notFound.identity()));
            }
            if (outcome instanceof ConditionalOutcome.ConditionFailed<BsonDocument> failed) {
                BsonDocument current = failed.current();
                List<Object> holding = new java.util.ArrayList<>();
                for (int i = 0; i < holders.size(); i++) {
                    if (stored.seatsHeld(current, holders.get(i)).isPresent()) {
                        holding.add(ids.get(i));
                    }
                }
                if (!holding.isEmpty()) {
                    return Optional.of(new GroupReservationOutcome.AlreadyReserved(resourceId, holding,
                            command.condition()));
                }
                BigDecimal capacity = capacityOf(current, resourceId);
                BigDecimal sold = numberAt(current, soldField);
                if (sold.add(BigDecimal.valueOf(holders.size())).compareTo(capacity) > 0) {
                    return Optional.of(new GroupReservationOutcome.Full(resourceId, holders.size(), sold.longValue(),
                            capacity.longValue(), command.condition()));
                }
                return Optional.empty(); // a release made room after our update: try again
            }
            return Optional.of(new GroupReservationOutcome.Reserved(resourceId, ids));
        });
    }

    /**
     * Gives back every seat the holder holds: removes the holder's entry and subtracts its seats
     * from {@code sold} in one guarded {@code updateOne} whose filter names the entry exactly.
     * The first try assumes one seat; when the holder holds more, the read that follows the
     * unmatched update gives the number, and the update is made again for it. With
     * {@link HolderLayout#PLAIN_IDS}: {@code $pullAll} of the id and {@code $inc} of -1, guarded
     * on the id being in the array.
     *
     * @return {@link ReleaseOutcome.Released}, {@link ReleaseOutcome.NotHeld} or {@link ReleaseOutcome.NotFound}
     * @throws StoredValueException if the read after an unmatched update finds holders that are not
     *         an array or hold an element of the other layout
     * @throws RetriesExhaustedException if the holder's entry kept changing until the retry policy gave up
     * @throws AtomicMongoException if the server fails the write
     */
    public ReleaseOutcome release(Object resourceId, Object holderId) {
        return release(resourceId, holderId, 1);
    }

    /**
     * {@link #release(Object, Object)} for a holder expected to hold {@code seats} seats: one
     * round trip when that is right (the guard checks it), otherwise the count is read and the
     * release made again with it, so a wrong guess costs two more round trips, never a wrong
     * count. Only when the entry changed again in between is the attempt retried under the policy.
     *
     * @throws IllegalArgumentException if {@code seats < 1}, or not 1 with {@link HolderLayout#PLAIN_IDS}
     */
    public ReleaseOutcome release(Object resourceId, Object holderId, int seats) {
        Objects.requireNonNull(resourceId, "resourceId");
        Objects.requireNonNull(holderId, "holderId");
        if (seats < 1) {
            throw new IllegalArgumentException("release: seats must be >= 1, got " + seats);
        }
        requireOneSeatPerPlainId(seats);
        BsonValue holder = commands.holder(holderId);
        int[] expected = {seats};
        return documents.retryPolicy().execute(operation("release", resourceId, holderId), attempt -> {
            // one attempt: the update with the expected count, and once more with the stored count if that differed
            for (int update = 0; update < 2; update++) {
                ConditionalUpdateCommand command = commands.release(resourceId, holder, expected[0]);
                ConditionalOutcome<BsonDocument> outcome = documents.execute(command);
                if (outcome instanceof ConditionalOutcome.NotFound<BsonDocument> notFound) {
                    return Optional.of(new ReleaseOutcome.NotFound(notFound.identity()));
                }
                if (!(outcome instanceof ConditionalOutcome.ConditionFailed<BsonDocument> failed)) {
                    return Optional.of(new ReleaseOutcome.Released(resourceId, holderId, expected[0]));
                }
                OptionalInt held = stored.seatsHeld(failed.current(), holder);
                if (held.isEmpty()) {
                    return Optional.of(new ReleaseOutcome.NotHeld(resourceId, holderId, command.condition()));
                }
                expected[0] = held.getAsInt();
            }
            return Optional.empty(); // the entry changed between our read and our update: try again
        });
    }

    /**
     * The holders of the resource and their seats, in stored order, from one read: for
     * {@link HolderLayout#ENTRIES} each entry's holder and seats, for {@link HolderLayout#PLAIN_IDS}
     * each id with one seat. Ids are decoded with the collection's codecs as a {@code Document}
     * field would be (a {@code String}, an {@code Integer} or {@code Long}, an {@code ObjectId}, a
     * {@code Document}...). A resource without a holders field has none.
     *
     * <pre>{@code
     * booking.holders("concert").orElseThrow();   // [Holder[id=alice, seats=1], Holder[id=bob, seats=4]]
     * }</pre>
     *
     * @return the holders, an unmodifiable list; empty if no resource has that id
     * @throws StoredValueException if the holders field is not an array, holds an element of the
     *         other layout, or a seat count that is not a whole number between 0 and {@code Integer.MAX_VALUE}
     * @throws AtomicMongoException if the server fails the read or an id cannot be decoded
     */
    public Optional<List<Holder>> holders(Object resourceId) {
        Objects.requireNonNull(resourceId, "resourceId");
        return documents.findOne(Conditions.eq("_id", resourceId), Projections.include(holdersField))
                .map(resource -> stored.holders(resource, documents.commands().codecRegistry()));
    }

    /**
     * Creates the multikey index on the holder ids, {@code holders.holder} (or {@code holders}
     * for {@link HolderLayout#PLAIN_IDS}, the reference's {@code {registration_ids: 1}}), if it
     * does not exist; returns its name. The guards look a resource up by {@code _id}; this index
     * serves queries for a holder's resources.
     *
     * @throws AtomicMongoException if the server fails to create it
     */
    public List<String> ensureIndexes() {
        return List.of(documents.createIndex(commands.indexKeys(), new IndexOptions()));
    }

    private BigDecimal capacityOf(BsonDocument resource, Object resourceId) {
        Optional<BsonValue> capacity = StoredValues.valueAt(resource, capacityField);
        Optional<BigDecimal> exact = capacity.filter(BsonValue::isNumber).flatMap(StoredValues::decimal);
        if (exact.isEmpty()) {
            throw new StoredValueException(capacityField, capacity.orElse(null), "a number (resource " + resourceId
                    + " in " + documents.namespace() + ")");
        }
        return exact.get();
    }

    /** The number at a path, exactly; 0 when missing, null or not a number, as the guard's {@code $ifNull} reads it. */
    private static BigDecimal numberAt(BsonDocument document, String path) {
        return StoredValues.valueAt(document, path).filter(BsonValue::isNumber).flatMap(StoredValues::decimal)
                .orElse(BigDecimal.ZERO);
    }

    private void requireOneSeatPerPlainId(int seats) {
        if (layout == HolderLayout.PLAIN_IDS && seats != 1) {
            throw new IllegalArgumentException("seats must be 1 with HolderLayout.PLAIN_IDS ('" + holdersField
                    + "' holds one id per seat), got " + seats);
        }
    }

    private String operation(String name, Object resourceId, Object holderId) {
        return name + "(" + resourceId + ", " + holderId + ") on " + documents.namespace();
    }

    private static String checked(String field) {
        return Conditions.field(field).path();
    }

    @Override
    public String toString() {
        return "CapacityBooking{" + documents.namespace() + ", capacity=" + capacityField + ", sold=" + soldField
                + ", holders=" + holdersField + " (" + layout + "), " + guard + ", retry=" + documents.retryPolicy() + "}";
    }
}

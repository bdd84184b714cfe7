package dev.atomicmongo.pattern.booking;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.atomicmongo.collection.Commands;
import dev.atomicmongo.collection.ConditionalUpdateCommand;
import dev.atomicmongo.collection.OnceUpdateCommand;
import dev.atomicmongo.collection.OperationGuard;
import dev.atomicmongo.collection.OperationId;
import dev.atomicmongo.collection.WriteOptions;
import dev.atomicmongo.filter.Condition;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.filter.Field;
import dev.atomicmongo.update.Expr;
import dev.atomicmongo.update.UpdateBuilder;
import org.bson.BsonDocument;
import org.bson.BsonDocumentWrapper;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.BsonType;
import org.bson.BsonValue;
import org.bson.Document;

/**
 * What {@link CapacityBooking} sends, compiled with its collection's codecs and nothing else: the
 * guarded reservation (with or without an operation id), the guarded release, the fields of a new
 * resource and the index keys, in one {@link HolderLayout}.
 */
final class BookingCommands {
    private final Commands commands;
    private final String capacityField;
    private final String soldField;
    private final String holdersField;
    private final HolderLayout layout;

    BookingCommands(Commands commands, String capacityField, String soldField, String holdersField, HolderLayout layout) {
        this.commands = commands;
        this.capacityField = capacityField;
        this.soldField = soldField;
        this.holdersField = holdersField;
        this.layout = layout;
    }

    /**
     * {@code updateOne} on {@code {$and: [{_id}, guard]}}: the holder holds nothing, the holders
     * field is missing or an array in this layout, the capacity is a number and
     * {@code sold + seats <= capacity}; {@code $inc} of sold, {@code $addToSet} of the entry or id.
     * For {@link HolderLayout#ENTRIES}:
     *
     * <pre>{@code
     * {$and: [{"holders.holder": {$ne: id}},
     *         {$or: [{holders: {$exists: false}}, {holders: {$type: 4}}]},
     *         {holders: {$not: {$elemMatch: {$not: {$type: "object"}}}}},   // no plain id in it
     *         {capacity: {$type: "number"}}, {$expr: ...}]}
     * }</pre>
     *
     * For {@link HolderLayout#PLAIN_IDS} the first clause is {@code {holders: {$ne: id}}} and the
     * third {@code {holders: {$not: {$elemMatch: {holder: {$exists: true}}}}}} (no entry in it).
     */
    ConditionalUpdateCommand reserve(Object resourceId, BsonValue holder, int seats) {
        return commands.updateIf(Conditions.eq("_id", resourceId), reserveGuard(holder, seats),
                reserveUpdate(holder, seats));
    }

    /**
     * {@link #reserve} guarded by an operation id as well, with the same identity, guard (as
     * {@link OnceUpdateCommand#condition()}) and update plus the id's clause and {@code $push}:
     *
     * <pre>{@code
     * filter: {$and: [{_id}, {...the guard of reserve...}, {_ops: {$ne: "op-1"}}]}
     * update: {$inc: {sold: seats}, $addToSet: {holders: entry}, $push: {_ops: {$each: ["op-1"], $slice: -100}}}
     * }</pre>
     *
     * @throws IllegalArgumentException if the guard's field is one of the booking's fields (or inside or above one)
     */
    OnceUpdateCommand reserveOnce(Object resourceId, BsonValue holder, int seats, OperationId id, OperationGuard guard) {
        Field.requireDistinctRoles("capacity", capacityField, "sold", soldField, "holders", holdersField,
                "operation guard", guard.field());
        return commands.updateOnce(Conditions.eq("_id", resourceId), reserveGuard(holder, seats),
                reserveUpdate(holder, seats), id, guard, WriteOptions.none());
    }

    private Condition reserveGuard(BsonValue holder, int seats) {
        Condition notHeld = layout == HolderLayout.ENTRIES
                ? Conditions.ne(holdersField + "." + CapacityBooking.HOLDER, holder)
                : Conditions.ne(holdersField, holder);
        return roomFor(notHeld, seats);
    }

    /**
     * {@code notHeld}, the holders array absent or an array in this layout (every element an
     * entry, or none), a numeric capacity and {@code sold + seats <= capacity}.
     */
    private Condition roomFor(Condition notHeld, int seats) {
        Condition ownLayout = layout == HolderLayout.ENTRIES
                ? Conditions.not(Conditions.elemMatch(holdersField,
                        new BsonDocument("$not", new BsonDocument("$type", new BsonString("object")))))
                : Conditions.not(Conditions.elemMatch(holdersField, Conditions.exists(CapacityBooking.HOLDER)));
        return Conditions.and(
                notHeld,
                Conditions.or(Conditions.exists(holdersField, false), Conditions.type(holdersField, BsonType.ARRAY)),
                ownLayout,
                Conditions.isNumber(capacityField),
                Conditions.expr(Expr.lte(
                        Expr.add(Expr.ifNull(Expr.field(soldField), Expr.literal(0)), Expr.literal(seats)),
                        Expr.field(capacityField))));
    }

    private UpdateBuilder reserveUpdate(BsonValue holder, int seats) {
        Object added = layout == HolderLayout.ENTRIES
                ? new BsonDocument(CapacityBooking.HOLDER, holder).append(CapacityBooking.SEATS, new BsonInt32(seats))
                : holder;
        return UpdateBuilder.update().inc(soldField, seats).addToSet(holdersField, added);
    }

    /**
     * {@code updateOne} booking one seat for each holder, all or none: the guard of
     * {@link #reserve} with {@code $nin} of the holders and {@code sold + holders.size() <= capacity};
     * {@code $inc} of sold by the count and {@code $addToSet} with {@code $each} of the entries (or ids).
     */
    ConditionalUpdateCommand reserveAll(Object resourceId, List<BsonValue> holders) {
        int seats = holders.size();
        Condition notHeld;
        List<Object> added = new java.util.ArrayList<>(seats);
        if (layout == HolderLayout.ENTRIES) {
            notHeld = Conditions.nin(holdersField + "." + CapacityBooking.HOLDER, holders);
            for (BsonValue holder : holders) {
                added.add(new BsonDocument(CapacityBooking.HOLDER, holder).append(CapacityBooking.SEATS, new BsonInt32(1)));
            }
        } else {
            notHeld = Conditions.nin(holdersField, holders);
            added.addAll(holders);
        }
        return commands.updateIf(Conditions.eq("_id", resourceId), roomFor(notHeld, seats),
                UpdateBuilder.update().inc(soldField, seats).addToSetEach(holdersField, added));
    }

    /**
     * {@code updateOne} guarded on the holder's exact entry, {@code {holders: {$elemMatch: {holder, seats}}}},
     * with {@code $pull} of the entry and {@code $inc} of sold by {@code -seats}; for
     * {@link HolderLayout#PLAIN_IDS} guarded on {@code {holders: id}} (as {@code $eq} when the id
     * looks like an operator), with {@code $pullAll: {holders: [id]}} (a whole-value match, where
     * {@code $pull} would take a document id for a query) and {@code $inc} of sold by -1.
     */
    ConditionalUpdateCommand release(Object resourceId, BsonValue holder, int seats) {
        if (layout == HolderLayout.PLAIN_IDS) {
            return commands.updateIf(Conditions.eq("_id", resourceId), Conditions.eq(holdersField, holder),
                    UpdateBuilder.update().pullAll(holdersField, List.of(holder)).inc(soldField, -1));
        }
        return commands.updateIf(Conditions.eq("_id", resourceId),
                Conditions.elemMatch(holdersField,
                        new BsonDocument(CapacityBooking.HOLDER, holder).append(CapacityBooking.SEATS, new BsonInt32(seats))),
                UpdateBuilder.update()
                        .pull(holdersField, Conditions.eq(CapacityBooking.HOLDER, holder))
                        .inc(soldField, -seats));
    }

    /**
     * The holder's id as stored, encoded with the collection's codecs.
     *
     * @throws IllegalArgumentException if the collection's codecs cannot encode the id, if it encodes to null, if it is a regular expression ({@code $ne} refuses one) or
     *         holds a {@code $}-prefixed field name at any depth (an update cannot store one); for
     *         {@link HolderLayout#PLAIN_IDS}, also if the id encodes to an
     *         array (it would be compared with the whole array) or to a document with a
     *         {@code holder} field (it would read as an entry)
     */
    BsonValue holder(Object holderId) {
        BsonValue holder;
        try {
            holder = BsonDocumentWrapper.asBsonDocument(new Document(CapacityBooking.HOLDER, holderId),
                    commands.codecRegistry()).get(CapacityBooking.HOLDER);
        } catch (RuntimeException e) { // a codec's own exception never leaves the library
            throw new IllegalArgumentException("holderId of " + holderId.getClass().getName() + ": cannot be encoded: "
                    + e.getMessage(), e);
        }
        if (holder.isNull() || holder.getBsonType() == org.bson.BsonType.UNDEFINED) {
            throw new IllegalArgumentException("holderId " + holderId + ": encodes to null; a missing or empty holders"
                    + " field matches null, so the guard could never tell this holder apart");
        }
        if (holder.isRegularExpression()) {
            throw new IllegalArgumentException("holderId " + holderId + ": an id must not be a regular expression;"
                    + " the guard's $ne cannot compare one");
        }
        String dollarKey = dollarKey(holder);
        if (dollarKey != null) {
            throw new IllegalArgumentException("holderId " + holderId + ": an id must not hold a $-prefixed field name ('"
                    + dollarKey + "'); MongoDB does not store one through an update");
        }
        if (layout == HolderLayout.PLAIN_IDS && holder.isArray()) {
            throw new IllegalArgumentException("holderId " + holderId + ": with HolderLayout.PLAIN_IDS an id must not "
                    + "be an array; '" + holdersField + "' is itself the array of ids");
        }
        if (layout == HolderLayout.PLAIN_IDS && StoredHolders.isEntry(holder)) {
            throw new IllegalArgumentException("holderId " + holderId + ": with HolderLayout.PLAIN_IDS an id must not "
                    + "be a document with a '" + CapacityBooking.HOLDER + "' field; it would read as a {holder, seats} entry");
        }
        return holder;
    }

    /** The first {@code $}-prefixed field name in the value, at any depth, or null. */
    private static String dollarKey(BsonValue value) {
        if (value.isDocument()) {
            for (Map.Entry<String, BsonValue> field : value.asDocument().entrySet()) {
                String nested = field.getKey().startsWith("$") ? field.getKey() : dollarKey(field.getValue());
                if (nested != null) {
                    return nested;
                }
            }
        } else if (value.isArray()) {
            for (BsonValue element : value.asArray()) {
                String nested = dollarKey(element);
                if (nested != null) {
                    return nested;
                }
            }
        }
        return null;
    }

    /** The fields of a new resource, {@code {_id, capacity, sold: 0, holders: []}}. */
    Map<String, Object> resource(Object resourceId, long capacity) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("_id", resourceId);
        fields.put(capacityField, capacity);
        fields.put(soldField, 0L);
        fields.put(holdersField, List.of());
        return fields;
    }

    /** The multikey index on the holder ids: {@code {holders.holder: 1}}, or {@code {holders: 1}} for plain ids. */
    BsonDocument indexKeys() {
        String key = layout == HolderLayout.ENTRIES ? holdersField + "." + CapacityBooking.HOLDER : holdersField;
        return new BsonDocument(key, new BsonInt32(1));
    }
}

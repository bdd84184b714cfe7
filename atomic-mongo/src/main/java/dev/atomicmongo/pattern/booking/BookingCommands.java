package dev.atomicmongo.pattern.booking;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.atomicmongo.collection.Commands;
import dev.atomicmongo.collection.ConditionalUpdateCommand;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.update.Expr;
import dev.atomicmongo.update.UpdateBuilder;
import org.bson.BsonDocument;
import org.bson.BsonDocumentWrapper;
import org.bson.BsonInt32;
import org.bson.BsonValue;
import org.bson.Document;

/**
 * What {@link CapacityBooking} sends, compiled with its collection's codecs and nothing else: the
 * guarded reservation, the guarded release, the fields of a new resource and the index keys.
 */
final class BookingCommands {
    private final Commands commands;
    private final String capacityField;
    private final String soldField;
    private final String holdersField;

    BookingCommands(Commands commands, String capacityField, String soldField, String holdersField) {
        this.commands = commands;
        this.capacityField = capacityField;
        this.soldField = soldField;
        this.holdersField = holdersField;
    }

    /**
     * {@code updateOne} on {@code {$and: [{_id}, guard]}}: the holder has no entry, the capacity is
     * a number and {@code sold + seats <= capacity}; {@code $inc} of sold, {@code $addToSet} of the entry.
     */
    ConditionalUpdateCommand reserve(Object resourceId, Object holderId, int seats) {
        BsonDocument entry = BsonDocumentWrapper.asBsonDocument(
                new Document(CapacityBooking.HOLDER, holderId).append(CapacityBooking.SEATS, seats),
                commands.codecRegistry());
        return commands.updateIf(Conditions.eq("_id", resourceId),
                Conditions.and(
                        Conditions.ne(holdersField + "." + CapacityBooking.HOLDER, holderId),
                        Conditions.isNumber(capacityField),
                        Conditions.expr(Expr.lte(
                                Expr.add(Expr.ifNull(Expr.field(soldField), Expr.literal(0)), Expr.literal(seats)),
                                Expr.field(capacityField)))),
                UpdateBuilder.update().inc(soldField, seats).addToSet(holdersField, entry));
    }

    /**
     * {@code updateOne} on {@code {$and: [{_id}, {holders: {$elemMatch: {holder, seats}}}]}}:
     * {@code $pull} of the holder's entry and {@code $inc} of sold by {@code -seats}.
     */
    ConditionalUpdateCommand release(Object resourceId, BsonValue holder, int seats) {
        return commands.updateIf(Conditions.eq("_id", resourceId),
                Conditions.elemMatch(holdersField,
                        new BsonDocument(CapacityBooking.HOLDER, holder).append(CapacityBooking.SEATS, new BsonInt32(seats))),
                UpdateBuilder.update()
                        .pull(holdersField, Conditions.eq(CapacityBooking.HOLDER, holder))
                        .inc(soldField, -seats));
    }

    /** The holder's id as stored in an entry, encoded with the collection's codecs. */
    BsonValue holder(Object holderId) {
        return BsonDocumentWrapper.asBsonDocument(new Document(CapacityBooking.HOLDER, holderId), commands.codecRegistry())
                .get(CapacityBooking.HOLDER);
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

    /** {@code {holders.holder: 1}}, the multikey index the guards use. */
    BsonDocument indexKeys() {
        return new BsonDocument(holdersField + "." + CapacityBooking.HOLDER, new BsonInt32(1));
    }
}

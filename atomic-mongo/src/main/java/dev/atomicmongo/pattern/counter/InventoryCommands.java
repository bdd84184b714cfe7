package dev.atomicmongo.pattern.counter;

import java.util.Objects;

import com.mongodb.client.model.Projections;
import dev.atomicmongo.collection.Commands;
import dev.atomicmongo.collection.FindAndModifyCommand;
import dev.atomicmongo.collection.FindAndUpdateOptions;
import dev.atomicmongo.filter.Condition;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.update.UpdateBuilder;
import org.bson.BsonDocument;
import org.bson.conversions.Bson;

/**
 * The commands {@link Inventory} sends, compiled with no server: each change is one
 * {@code findAndModify} of an item keyed by {@code _id}, guarded by "enough units" and returning
 * the two quantities after it.
 */
final class InventoryCommands {
    private final Commands commands;
    private final String available;
    private final String reserved;

    InventoryCommands(Commands commands, String available, String reserved) {
        this.commands = Objects.requireNonNull(commands, "commands");
        this.available = available;
        this.reserved = reserved;
    }

    /** {@code $inc} of available with upsert: creates the item if needed. */
    FindAndModifyCommand restock(Object sku, long quantity) {
        return commands.findOneAndUpdate(identity(sku), UpdateBuilder.update().inc(available, quantity), options(true));
    }

    /** available to reserved, guarded by {@code {available: {$gte: quantity}}}. */
    FindAndModifyCommand reserve(Object sku, long quantity) {
        return guarded(sku, reserveGuard(quantity),
                UpdateBuilder.update().inc(available, -quantity).inc(reserved, quantity));
    }

    /** reserved back to available, guarded by {@code {reserved: {$gte: quantity}}}. */
    FindAndModifyCommand release(Object sku, long quantity) {
        return guarded(sku, reservedGuard(quantity),
                UpdateBuilder.update().inc(reserved, -quantity).inc(available, quantity));
    }

    /** reserved removed for good, guarded by {@code {reserved: {$gte: quantity}}}. */
    FindAndModifyCommand commit(Object sku, long quantity) {
        return guarded(sku, reservedGuard(quantity), UpdateBuilder.update().inc(reserved, -quantity));
    }

    Condition reserveGuard(long quantity) {
        return Conditions.gte(available, quantity);
    }

    Condition reservedGuard(long quantity) {
        return Conditions.gte(reserved, quantity);
    }

    /** Only the two quantities, without {@code _id}. */
    Bson projection() {
        return Projections.fields(Projections.include(available, reserved), Projections.excludeId());
    }

    /** A filter compiled as sent, for a refusal to report. */
    BsonDocument compiled(Bson filter) {
        return commands.filter(filter);
    }

    static Condition identity(Object sku) {
        return Conditions.eq("_id", Objects.requireNonNull(sku, "sku"));
    }

    private FindAndModifyCommand guarded(Object sku, Condition guard, UpdateBuilder update) {
        return commands.findOneAndUpdate(Conditions.and(identity(sku), guard), update, options(false));
    }

    private FindAndUpdateOptions options(boolean upsert) {
        return FindAndUpdateOptions.returnAfter().withUpsert(upsert).withProjection(projection());
    }
}

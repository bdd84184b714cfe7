package dev.atomicmongo.pattern.transaction;

import java.math.BigDecimal;

import com.mongodb.client.model.Projections;
import dev.atomicmongo.collection.Commands;
import dev.atomicmongo.collection.FindAndModifyCommand;
import dev.atomicmongo.collection.FindAndUpdateOptions;
import dev.atomicmongo.collection.ReadOptions;
import dev.atomicmongo.filter.Condition;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.update.UpdateBuilder;
import org.bson.BsonDocument;
import org.bson.types.Decimal128;

/**
 * What {@link Transfers} sends inside its transaction, compiled with the accounts' codecs and
 * nothing else: the guarded debit and the credit, each a {@code findAndModify} returning the new
 * balance, and the read that says why a debit matched nothing.
 */
final class TransfersCommands {
    private final Commands commands;
    private final String balanceField;

    TransfersCommands(Commands commands, String balanceField) {
        this.commands = commands;
        this.balanceField = balanceField;
    }

    /** {@code {$and: [{_id: from}, {balance: {$gte: amount}}]}} with {@code $inc: {balance: -amount}}. */
    FindAndModifyCommand debit(Object fromId, BigDecimal amount) {
        return commands.findOneAndUpdate(Conditions.and(Conditions.eq("_id", fromId), sufficient(amount)),
                UpdateBuilder.update().inc(balanceField, new Decimal128(amount.negate())), balanceAfter());
    }

    /** {@code {_id: to}} with {@code $inc: {balance: amount}}. */
    FindAndModifyCommand credit(Object toId, BigDecimal amount) {
        return commands.findOneAndUpdate(Conditions.eq("_id", toId),
                UpdateBuilder.update().inc(balanceField, new Decimal128(amount)), balanceAfter());
    }

    /** The debit's condition, {@code {balance: {$gte: amount}}}, as sent. */
    BsonDocument condition(BigDecimal amount) {
        return commands.filter(sufficient(amount));
    }

    /** An account's identity filter, {@code {_id: id}}. */
    BsonDocument account(Object id) {
        return commands.filter(Conditions.eq("_id", id));
    }

    /** The read of a balance alone. */
    ReadOptions balanceOnly() {
        return ReadOptions.all().withProjection(Projections.include(balanceField)).withLimit(1);
    }

    private Condition sufficient(BigDecimal amount) {
        return Conditions.gte(balanceField, new Decimal128(amount));
    }

    private FindAndUpdateOptions balanceAfter() {
        return FindAndUpdateOptions.returnAfter().withProjection(Projections.include(balanceField));
    }
}

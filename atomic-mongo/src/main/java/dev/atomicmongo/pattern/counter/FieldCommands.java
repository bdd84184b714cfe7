package dev.atomicmongo.pattern.counter;

import java.util.Objects;

import dev.atomicmongo.collection.Commands;
import dev.atomicmongo.collection.ConditionalUpdateCommand;
import dev.atomicmongo.collection.UpdateCommand;
import dev.atomicmongo.filter.Condition;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.update.Expr;
import dev.atomicmongo.update.PipelineUpdate;
import dev.atomicmongo.update.UpdateBuilder;
import org.bson.BsonDocument;
import org.bson.conversions.Bson;

/**
 * The commands {@link Fields} sends, compiled with no server: a pipeline {@code $set} with
 * {@code $ifNull} where the server runs pipeline updates, else a {@code $set} guarded by
 * {@code {field: null}}.
 */
final class FieldCommands {
    private final Commands commands;

    FieldCommands(Commands commands) {
        this.commands = Objects.requireNonNull(commands, "commands");
    }

    /** {@code updateOne} by {@code _id} of {@code [{$set: {field: {$ifNull: ["$field", value]}}}]}. */
    UpdateCommand fillPipeline(Object id, String field, Object value) {
        return commands.updateOne(identity(id), PipelineUpdate.pipeline()
                .set(field, Expr.ifNull(Expr.field(field), Expr.literal(value))));
    }

    /** {@code updateOne} of {@code {$set: {field: value}}} on {@code {$and: [{_id}, {field: null}]}}. */
    ConditionalUpdateCommand fillGuarded(Object id, String field, Object value) {
        return commands.updateIf(identity(id), missing(field), UpdateBuilder.update().set(field, value));
    }

    /** {@code {field: null}}: missing or null. */
    static Condition missing(String field) {
        return Conditions.eq(field, null);
    }

    /** A filter compiled as sent, for a refusal to report. */
    BsonDocument compiled(Bson filter) {
        return commands.filter(filter);
    }

    static Condition identity(Object id) {
        return Conditions.eq("_id", Objects.requireNonNull(id, "id"));
    }
}

package dev.atomicmongo.pattern.counter;

import java.util.Objects;

import dev.atomicmongo.collection.Commands;
import dev.atomicmongo.collection.ConditionalUpdateCommand;
import dev.atomicmongo.collection.UpdateCommand;
import dev.atomicmongo.filter.Condition;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.update.Expr;
import dev.atomicmongo.update.PipelineUpdate;
import dev.atomicmongo.update.PushEach;
import dev.atomicmongo.update.UpdateBuilder;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonType;
import org.bson.conversions.Bson;

/**
 * The commands {@link Lists} sends, compiled with no server: {@code $push} for append and
 * prepend, {@code $set} of {@code path.index} guarded by "the index exists", and for removal by
 * index either one pipeline update or the guarded half of the read-then-write.
 */
final class ListCommands {
    private final Commands commands;

    ListCommands(Commands commands) {
        this.commands = Objects.requireNonNull(commands, "commands");
    }

    /** {@code $push} with {@code $each}. */
    UpdateCommand append(Object id, String path, Object... values) {
        return commands.updateOne(identity(id), UpdateBuilder.update().push(path, PushEach.of(values)));
    }

    /** {@code $push} with {@code $each} and {@code $position: 0}. */
    UpdateCommand prepend(Object id, String path, Object... values) {
        return commands.updateOne(identity(id), UpdateBuilder.update().push(path, PushEach.of(values).withPosition(0)));
    }

    /** {@code $set} of {@code path.index}, guarded by {@link #hasIndex}. */
    ConditionalUpdateCommand setAt(Object id, String path, int index, Object value) {
        return commands.updateIf(identity(id), hasIndex(path, index), UpdateBuilder.update().setAt(path, index, value));
    }

    /**
     * One pipeline update guarded by {@link #hasIndex}: the array rebuilt from the slices before
     * and after the index, {@code {$concatArrays: [{$slice: [a, i]}, {$slice: [a, i + 1, {$size: a}]}]}}.
     */
    ConditionalUpdateCommand removeAtPipeline(Object id, String path, int index) {
        Expr array = Expr.field(path);
        Expr after = Expr.slice(array, Expr.literal(index + 1), Expr.size(array));
        Expr rebuilt = index == 0 ? after : Expr.concatArrays(Expr.slice(array, index), after);
        return commands.updateIf(identity(id), hasIndex(path, index), PipelineUpdate.pipeline().set(path, rebuilt));
    }

    /**
     * The write of the two-step removal: {@code $set} of the array without the element, only if
     * the array is still exactly as read ({@code $expr: {$eq: ["$path", {$literal: read}]}}).
     */
    UpdateCommand replaceIfUnchanged(Object id, String path, BsonArray read, BsonArray replacement) {
        Condition unchanged = Conditions.expr(Expr.eq(Expr.field(path), Expr.literal(read)));
        return commands.updateOne(Conditions.and(identity(id), unchanged), UpdateBuilder.update().set(path, replacement));
    }

    /** {@code {$and: [{path: {$type: "array"}}, {"path.index": {$exists: true}}]}}. */
    static Condition hasIndex(String path, int index) {
        return Conditions.and(Conditions.type(path, BsonType.ARRAY), Conditions.exists(path + "." + index));
    }

    /** A filter compiled as sent, for a refusal to report. */
    BsonDocument compiled(Bson filter) {
        return commands.filter(filter);
    }

    static Condition identity(Object id) {
        return Conditions.eq("_id", Objects.requireNonNull(id, "id"));
    }
}

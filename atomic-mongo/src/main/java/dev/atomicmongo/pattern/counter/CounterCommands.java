package dev.atomicmongo.pattern.counter;

import java.util.Objects;

import com.mongodb.client.model.Projections;
import dev.atomicmongo.collection.Commands;
import dev.atomicmongo.collection.FindAndModifyCommand;
import dev.atomicmongo.collection.FindAndUpdateOptions;
import dev.atomicmongo.collection.UpdateCommand;
import dev.atomicmongo.filter.Condition;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.update.UpdateBuilder;
import org.bson.BsonDocument;
import org.bson.conversions.Bson;

/**
 * The commands {@link Counters} sends, compiled with no server: {@code $inc} on a document keyed
 * by {@code _id}, upserted when the change is unbounded, guarded by the bound when it is bounded.
 */
final class CounterCommands {
    private final Commands commands;

    CounterCommands(Commands commands) {
        this.commands = Objects.requireNonNull(commands, "commands");
    }

    /** {@code findAndModify}: {@code $inc} with upsert, returning only the field after the change. */
    FindAndModifyCommand addAndGet(Object id, String field, Number amount) {
        return commands.findOneAndUpdate(identity(id), UpdateBuilder.update().inc(Documents.checkedPath(field), amount),
                FindAndUpdateOptions.returnAfter().withUpsert(true).withProjection(projection(field)));
    }

    /** {@code updateOne}: {@code $inc} with upsert, nothing read back. */
    UpdateCommand add(Object id, String field, Number amount) {
        return commands.upsertOne(identity(id), UpdateBuilder.update().inc(Documents.checkedPath(field), amount));
    }

    /** {@code findAndModify} of an existing document guarded by {@code guard}: {@code $inc}, only the field after. */
    FindAndModifyCommand bounded(Object id, String field, Number delta, Condition guard) {
        return commands.findOneAndUpdate(Conditions.and(identity(id), guard), UpdateBuilder.update().inc(field, delta),
                FindAndUpdateOptions.returnAfter().withProjection(projection(field)));
    }

    /**
     * The bound as a filter: {@code {field: {$gte: threshold}}} (or {@code $lte}); when a missing
     * field (counted as 0) also satisfies it, {@code {$or: [that, {field: {$exists: false}}]}}.
     */
    static Condition guard(String field, boolean atLeast, Object threshold, boolean missingPasses) {
        String path = Documents.checkedPath(field);
        Condition bound = atLeast ? Conditions.gte(path, threshold) : Conditions.lte(path, threshold);
        return missingPasses ? Conditions.or(bound, Conditions.exists(path, false)) : bound;
    }

    /** A filter compiled as sent, for a refusal to report. */
    BsonDocument compiled(Bson filter) {
        return commands.filter(filter);
    }

    static Condition identity(Object id) {
        return Conditions.eq("_id", Objects.requireNonNull(id, "id"));
    }

    /** Only the field, without {@code _id}. */
    static Bson projection(String field) {
        return Projections.fields(Projections.include(field), Projections.excludeId());
    }
}

package dev.atomicmongo.pattern.version;

import com.mongodb.client.model.Projections;
import dev.atomicmongo.collection.Commands;
import dev.atomicmongo.collection.ConditionalUpdateCommand;
import dev.atomicmongo.collection.FindAndModifyCommand;
import dev.atomicmongo.collection.FindAndUpdateOptions;
import dev.atomicmongo.filter.Condition;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.update.UpdateBuilder;
import org.bson.BsonDocument;
import org.bson.conversions.Bson;

/**
 * What {@link OptimisticVersioning} sends, compiled with its collection's codecs and nothing
 * else: the update guarded by the expected version, and the upsert returning the old version.
 * Both add {@code $inc: {version: 1}} to the caller's change.
 */
final class VersioningCommands {
    private final Commands commands;
    private final String versionField;

    VersioningCommands(Commands commands, String versionField) {
        this.commands = commands;
        this.versionField = versionField;
    }

    /**
     * {@code updateOne} on {@code {$and: [identity, {version: expected}]}} (for 0:
     * {@code {version: {$in: [0, null]}}}, which also matches a missing version).
     *
     * @throws IllegalArgumentException if {@code change} writes the version field
     */
    ConditionalUpdateCommand update(Bson identity, long expectedVersion, UpdateBuilder change) {
        Condition condition = expectedVersion == 0
                ? Conditions.in(versionField, 0, null)
                : Conditions.eq(versionField, expectedVersion);
        return commands.updateIf(identity, condition, withVersionIncrement(change));
    }

    /**
     * {@code findAndModify} with {@code upsert: true}, returning the version before the update
     * (nothing when it inserted).
     *
     * @throws IllegalArgumentException if {@code change} writes the version field or the identity uses {@code $expr}
     */
    FindAndModifyCommand upsert(Bson identity, UpdateBuilder change) {
        return commands.findOneAndUpdate(identity, withVersionIncrement(change),
                FindAndUpdateOptions.returnBefore().withUpsert(true).withProjection(Projections.include(versionField)));
    }

    /** The identity filter as sent, for a refusal. */
    BsonDocument identity(Bson identity) {
        return commands.filter(identity);
    }

    private UpdateBuilder withVersionIncrement(UpdateBuilder change) {
        if (change.writes(versionField)) {
            throw new IllegalArgumentException("The change writes the version field '" + versionField
                    + "'; OptimisticVersioning increments it itself");
        }
        return change.inc(versionField, 1L);
    }
}

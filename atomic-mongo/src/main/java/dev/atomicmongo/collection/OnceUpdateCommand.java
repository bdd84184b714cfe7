package dev.atomicmongo.collection;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.mongodb.client.model.ReturnDocument;
import dev.atomicmongo.internal.Paths;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.BsonValue;

/**
 * An update guarded by an {@link OperationId}: applied to the document named by {@code identity}
 * only if that document meets {@code condition} and has not seen the id, and recording the id in
 * the same write. Built by {@link Commands#updateOnce}, {@link Commands#upsertOnce} and
 * {@link Commands#findOneAndUpdateOnce}; run by {@link AtomicCollection#execute(OnceUpdateCommand)}.
 *
 * <p>What is sent ({@link #filter()}, {@link #update()}), for the default guard:
 * <pre>{@code
 * filter: {$and: [identity, condition, {_ops: {$ne: "op-1"}}]}     // condition left out when empty
 * update: {...the update..., $push: {_ops: {$each: ["op-1"], $slice: -100}}}
 * }</pre>
 * A pipeline update gets a last stage instead, {@code {$set: {_ops: {$slice: [{$concatArrays:
 * [{$ifNull: ["$_ops", []]}, {$literal: ["op-1"]}]}, -100]}}}}.
 * Immutable and thread-safe; {@code equals} compares the BSON.
 *
 * @param identity       the filter naming one document, usually {@code {_id: ...}}
 * @param condition      what the document must meet besides not having seen the id; empty for nothing
 * @param userUpdate     the caller's update, without the guard
 * @param operationId    the operation's id
 * @param guard          where and how many ids are kept
 * @param upsert         true to insert the document when none has the identity (insert once)
 * @param returnDocument null for an {@code updateOne}; else a {@code findAndModify} returning this version
 * @param projection     the fields a {@code findAndModify} returns, or null for all
 * @param options        hint, collation and comment, for the write and the read that classifies a miss
 */
public record OnceUpdateCommand(BsonDocument identity, BsonDocument condition, CompiledUpdate userUpdate,
                                OperationId operationId, OperationGuard guard, boolean upsert,
                                ReturnDocument returnDocument, BsonDocument projection, WriteOptions options) {

    /**
     * Checks the command.
     *
     * @throws IllegalArgumentException if the update writes the guard's field, a path inside it or
     *         a parent of it (naming the path), or is a pipeline with a stage that replaces the
     *         document ({@code $project}, {@code $replaceWith}, {@code $replaceRoot}); if an upsert
     *         has a condition or an {@code $expr} identity; if the options carry {@code maxTimeMS}
     *         on an update, or a projection is given to an update that returns no document
     */
    public OnceUpdateCommand {
        identity = Bsons.frozen(Objects.requireNonNull(identity, "identity"));
        condition = Bsons.frozen(Objects.requireNonNull(condition, "condition"));
        Objects.requireNonNull(userUpdate, "userUpdate");
        Objects.requireNonNull(operationId, "operationId");
        Objects.requireNonNull(guard, "guard");
        Objects.requireNonNull(options, "options");
        if (identity.isEmpty()) {
            throw new IllegalArgumentException("updateOnce: the identity filter is empty; it must name one document");
        }
        projection = Bsons.frozen(projection);
        if (userUpdate instanceof CompiledUpdate.Operators operators) {
            requireNoConflict(operators.document(), guard.field());
        } else {
            for (BsonDocument stage : ((CompiledUpdate.Pipeline) userUpdate).stages()) {
                requireNoConflict(stage, guard.field());
            }
        }
        if (upsert) {
            if (!condition.isEmpty()) {
                throw new IllegalArgumentException("upsertOnce: an upsert takes no condition (it would insert when "
                        + "the condition fails)");
            }
            FilterChecks.requireNoExpr(identity);
        }
        if (returnDocument == null) {
            WriteOptions.requireNoMaxTime("updateOnce", options);
            if (projection != null) {
                throw new IllegalArgumentException("updateOnce: a projection needs a returned document");
            }
        }
    }

    /** {@code {$and: [identity, condition, {field: {$ne: id}}]}}, the filter sent (condition left out when empty). */
    public BsonDocument filter() {
        List<BsonValue> parts = new ArrayList<>(3);
        parts.add(identity);
        if (!condition.isEmpty()) {
            parts.add(condition);
        }
        parts.add(new BsonDocument(guard.field(), new BsonDocument("$ne", operationId.toBsonValue())));
        return Bsons.frozen(new BsonDocument("$and", new BsonArray(parts)));
    }

    /**
     * The update sent: the caller's update plus the {@code $push} of the id with {@code $slice}
     * (for a pipeline, a last {@code $set} stage keeping the last ids).
     */
    public CompiledUpdate update() {
        if (userUpdate instanceof CompiledUpdate.Pipeline pipeline) {
            String field = guard.field();
            BsonArray kept = new BsonArray(List.of(
                    new BsonDocument("$ifNull", new BsonArray(List.of(new BsonString("$" + field), new BsonArray()))),
                    new BsonDocument("$literal", new BsonArray(List.of(operationId.toBsonValue())))));
            BsonDocument slice = new BsonDocument("$slice", new BsonArray(List.of(
                    new BsonDocument("$concatArrays", kept), new BsonInt32(-guard.window()))));
            List<BsonDocument> stages = new ArrayList<>(pipeline.stages());
            stages.add(new BsonDocument("$set", new BsonDocument(field, slice)));
            return new CompiledUpdate.Pipeline(stages);
        }
        CompiledUpdate.Operators operators = (CompiledUpdate.Operators) userUpdate;
        BsonDocument document = new BsonDocument();
        for (Map.Entry<String, BsonValue> e : operators.document().entrySet()) {
            document.put(e.getKey(), e.getValue());
        }
        BsonDocument push = document.containsKey("$push") ? document.getDocument("$push").clone() : new BsonDocument();
        push.put(guard.field(), new BsonDocument("$each", new BsonArray(List.of(operationId.toBsonValue())))
                .append("$slice", new BsonInt32(-guard.window())));
        document.put("$push", push);
        return new CompiledUpdate.Operators(document, operators.arrayFilters());
    }

    /** The {@code updateOne} this command sends (with upsert for {@link #upsert()}), when it returns no document. */
    public UpdateCommand updateCommand() {
        return new UpdateCommand(filter(), update(), upsert, false, options);
    }

    /**
     * The {@code findAndModify} this command sends, when it returns a document.
     *
     * @throws IllegalStateException if the command returns no document
     */
    public FindAndModifyCommand findAndModifyCommand() {
        if (returnDocument == null) {
            throw new IllegalStateException("updateOnce returns no document; see updateCommand()");
        }
        return new FindAndModifyCommand(filter(), update(), returnDocument, upsert, projection, null, options);
    }

    private static void requireNoConflict(BsonDocument update, String field) {
        String[] guarded = field.split("\\.");
        for (Map.Entry<String, BsonValue> operator : update.entrySet()) {
            String name = operator.getKey();
            if (name.equals("$project") || name.equals("$replaceWith") || name.equals("$replaceRoot")) {
                throw new IllegalArgumentException("updateOnce: a " + name + " stage would drop the operation "
                        + "guard's field '" + field + "'; use $set and $unset stages");
            }
            if (name.equals("$unset") && !operator.getValue().isDocument()) {   // a pipeline stage
                BsonValue paths = operator.getValue();
                for (BsonValue path : paths.isArray() ? paths.asArray() : new BsonArray(List.of(paths))) {
                    if (path.isString()) {
                        check(name, path.asString().getValue(), guarded, field);
                    }
                }
                continue;
            }
            if (!operator.getValue().isDocument()) {
                continue;
            }
            for (Map.Entry<String, BsonValue> target : operator.getValue().asDocument().entrySet()) {
                check(operator.getKey(), target.getKey(), guarded, field);
                if (operator.getKey().equals("$rename") && target.getValue() instanceof BsonString to) {
                    check(operator.getKey(), to.getValue(), guarded, field);
                }
            }
        }
    }

    private static void check(String operator, String path, String[] guarded, String field) {
        if (Paths.overlap(path.split("\\."), guarded)) {
            throw new IllegalArgumentException("updateOnce: " + operator + " on '" + path + "' collides with the "
                    + "operation guard's field '" + field + "'; choose another field with OperationGuard.withField");
        }
    }

    @Override
    public String toString() {
        return (returnDocument != null ? "findOneAndUpdateOnce" : upsert ? "upsertOnce" : "updateOnce")
                + " id=" + operationId + " filter=" + filter().toJson() + " update=" + update()
                + (returnDocument != null ? " return=" + returnDocument : "") + (upsert && returnDocument != null ? " upsert" : "")
                + (projection != null ? " projection=" + projection.toJson() : "")
                + (options.isEmpty() ? "" : " options=" + options.toBsonDocument().toJson());
    }
}

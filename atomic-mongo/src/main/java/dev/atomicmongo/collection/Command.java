package dev.atomicmongo.collection;

import org.bson.BsonDocument;

/**
 * A write as {@link AtomicCollection} sends it: the filter, the compiled update (operators with
 * array filters, or a pipeline) and the options, as BSON. Commands are produced by
 * {@link Commands}, a pure compile step that touches no server, and run by
 * {@link AtomicCollection#execute}; so what will be sent can be asserted in a unit test:
 *
 * <pre>{@code
 * UpdateCommand command = Commands.withDefaultCodecs()
 *         .updateOne(Conditions.eq("_id", 1), UpdateBuilder.update().inc("n", 1));
 * assertEquals(BsonDocument.parse("{_id: 1}"), command.filter());
 * assertEquals(BsonDocument.parse("{$inc: {n: 1}}"), command.operators().document());
 * }</pre>
 *
 * <p>Immutable (the documents are read-only {@code RawBsonDocument}s) and thread-safe;
 * {@code equals} compares the BSON.
 */
public sealed interface Command permits UpdateCommand, ConditionalUpdateCommand, FindAndModifyCommand {

    /** The filter as sent. */
    BsonDocument filter();

    /** The update as sent. */
    CompiledUpdate update();

    /** True if the server must run pipeline updates ({@link dev.atomicmongo.Capability#PIPELINE_UPDATES}). */
    default boolean needsPipelineUpdates() {
        return update().isPipeline();
    }

    /**
     * The operator update, for assertions on a command known to hold one.
     *
     * @throws IllegalStateException if the update is a pipeline
     */
    default CompiledUpdate.Operators operators() {
        if (update() instanceof CompiledUpdate.Operators operators) {
            return operators;
        }
        throw new IllegalStateException("The command's update is a pipeline: " + update());
    }

    /**
     * The pipeline stages, for assertions on a command known to hold a pipeline update.
     *
     * @throws IllegalStateException if the update is an operator update
     */
    default CompiledUpdate.Pipeline pipeline() {
        if (update() instanceof CompiledUpdate.Pipeline pipeline) {
            return pipeline;
        }
        throw new IllegalStateException("The command's update is an operator update: " + update());
    }
}

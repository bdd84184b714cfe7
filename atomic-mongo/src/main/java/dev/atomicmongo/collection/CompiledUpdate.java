package dev.atomicmongo.collection;

import java.util.List;
import java.util.Objects;

import dev.atomicmongo.update.PipelineUpdate;
import dev.atomicmongo.update.Update;
import dev.atomicmongo.update.UpdateBuilder;
import org.bson.BsonDocument;
import org.bson.RawBsonDocument;
import org.bson.codecs.configuration.CodecRegistry;

/**
 * An update as it is sent: an operator document with its array filters, or the stages of a
 * pipeline update. Produced by {@link Commands}; immutable (the documents are
 * {@link RawBsonDocument}s, which cannot be changed) and thread-safe.
 */
public sealed interface CompiledUpdate {

    /**
     * Compiles an update with {@code registry}; pure, nothing is sent.
     *
     * @throws IllegalArgumentException if the update does not compile (empty, a
     *         {@code $[identifier]} without its array filter, a value without a codec, ...)
     */
    static CompiledUpdate of(Update update, CodecRegistry registry) {
        Objects.requireNonNull(update, "update");
        Objects.requireNonNull(registry, "registry");
        if (update instanceof UpdateBuilder builder) {
            BsonDocument document = Bsons.encoding("update",
                    () -> Bsons.frozen(builder.toBsonDocument(BsonDocument.class, registry)));
            List<BsonDocument> arrayFilters = Bsons.encoding("array filters",
                    () -> Bsons.frozen(builder.arrayFilters(registry)));
            return new Operators(document, arrayFilters);
        }
        return new Pipeline(Bsons.encoding("pipeline update",
                () -> Bsons.frozen(((PipelineUpdate) update).toPipeline(registry))));
    }

    /** True for a pipeline update, which needs {@link dev.atomicmongo.Capability#PIPELINE_UPDATES}. */
    default boolean isPipeline() {
        return this instanceof Pipeline;
    }

    /**
     * An operator update ({@code {$set: {...}, $inc: {...}}}) and the array filters of its
     * {@code $[identifier]} paths (empty when it has none).
     *
     * @param document     the update document
     * @param arrayFilters one filter per identifier, in the order they were added
     */
    record Operators(BsonDocument document, List<BsonDocument> arrayFilters) implements CompiledUpdate {
        /** Freezes the components. */
        public Operators {
            document = Bsons.frozen(Objects.requireNonNull(document, "document"));
            arrayFilters = Bsons.frozen(Objects.requireNonNull(arrayFilters, "arrayFilters"));
        }

        @Override
        public String toString() {
            return arrayFilters.isEmpty() ? document.toJson()
                    : document.toJson() + " arrayFilters=" + Bsons.json(arrayFilters);
        }
    }

    /**
     * A pipeline update ({@code [{$set: {...}}, {$unset: [...]}]}, MongoDB 4.2+).
     *
     * @param stages the stages, in order
     */
    record Pipeline(List<BsonDocument> stages) implements CompiledUpdate {
        /** Freezes the stages. */
        public Pipeline {
            stages = Bsons.frozen(Objects.requireNonNull(stages, "stages"));
        }

        @Override
        public String toString() {
            return Bsons.json(stages);
        }
    }
}

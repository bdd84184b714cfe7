package dev.atomicmongo.update;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.atomicmongo.internal.BsonValues;
import dev.atomicmongo.CheckReturnValue;
import dev.atomicmongo.internal.Paths;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.codecs.configuration.CodecRegistry;

/**
 * An immutable update expressed as an aggregation pipeline of {@code $set} and {@code $unset}
 * stages (MongoDB 4.2+), for updates whose new values depend on the document, such as "take the
 * lock if it is free or expired". Every expression of one {@code $set} stage reads the document
 * as it was before that stage; {@link #nextStage()} starts a stage that sees the previous one's
 * result.
 *
 * <pre>{@code
 * PipelineUpdate.pipeline()
 *         .set("count", Expr.add(Expr.ifNull(Expr.field("count"), Expr.literal(0)), Expr.literal(1)))
 *         .set("updatedAt", Expr.now());
 * // [{"$set": {"count": {"$add": [{"$ifNull": ["$count", 0]}, 1]}, "updatedAt": "$$NOW"}}]
 * }</pre>
 *
 * <p>Servers without pipeline updates reject it when it is run; {@code AtomicCollection}
 * reports that as a {@code MissingCapabilityException}.
 */
@CheckReturnValue
public final class PipelineUpdate implements Update {
    private static final PipelineUpdate EMPTY = new PipelineUpdate(List.of(), false);

    private final List<Stage> stages;
    private final boolean open; // the last stage is a $set that the next set() adds to

    private PipelineUpdate(List<Stage> stages, boolean open) {
        this.stages = stages;
        this.open = open;
    }

    /** An empty pipeline to add stages to. */
    public static PipelineUpdate pipeline() {
        return EMPTY;
    }

    /**
     * Sets {@code path} to the expression's value in the current {@code $set} stage (starting one
     * if the last stage is not a {@code $set}).
     *
     * @throws IllegalArgumentException if the stage already sets this path, a path inside it, or a parent of it
     */
    public PipelineUpdate set(String path, Expr value) {
        Objects.requireNonNull(value, () -> "$set on '" + path + "': value must not be null; use Expr.literal(null)");
        String[] segments = Paths.filter(path, "$set");
        if (open) {
            SetStage last = (SetStage) stages.get(stages.size() - 1);
            for (String other : last.paths()) {
                if (Paths.overlap(segments, other.split("\\.", -1))) {
                    throw new IllegalArgumentException("$set on '" + path + "' overlaps '" + other
                            + "' in the same stage; call nextStage() to set it from the previous stage's result");
                }
            }
            List<Stage> copy = new ArrayList<>(stages);
            copy.set(copy.size() - 1, last.plus(path, value));
            return new PipelineUpdate(List.copyOf(copy), true);
        }
        return append(new SetStage(List.of(path), List.of(value)), true);
    }

    /** Sets {@code path} to a constant, wrapped with {@link Expr#literal(Object)}. */
    public PipelineUpdate set(String path, Object value) {
        return set(path, Expr.literal(value));
    }

    /** Removes fields in an {@code $unset} stage. */
    public PipelineUpdate unset(String... paths) {
        List<String> list = new ArrayList<>();
        for (String path : paths) {
            Paths.filter(path, "$unset");
            list.add(path);
        }
        if (list.isEmpty()) {
            throw new IllegalArgumentException("$unset: name at least one path");
        }
        return append(new UnsetStage(List.copyOf(list)), false);
    }

    /** Ends the current stage; the next {@code set} starts a stage that reads this one's result. */
    public PipelineUpdate nextStage() {
        return new PipelineUpdate(stages, false);
    }

    private PipelineUpdate append(Stage stage, boolean open) {
        List<Stage> copy = new ArrayList<>(stages.size() + 1);
        copy.addAll(stages);
        copy.add(stage);
        return new PipelineUpdate(List.copyOf(copy), open);
    }

    /**
     * Compiles the pipeline.
     *
     * @throws IllegalArgumentException if it has no stage
     */
    public List<BsonDocument> toPipeline(CodecRegistry registry) {
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("Empty pipeline update: add at least one $set or $unset stage");
        }
        List<BsonDocument> pipeline = new ArrayList<>(stages.size());
        for (Stage stage : stages) {
            pipeline.add(stage.render(registry));
        }
        return pipeline;
    }

    /**
     * Equal when both have the same stages, setting the same paths to equal expressions (see
     * {@link Expr#equals}); needs no codec and never fails.
     */
    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof PipelineUpdate other && stages.equals(other.stages);
    }

    @Override
    public int hashCode() {
        return stages.hashCode();
    }

    /**
     * The compiled pipeline as a JSON array ({@code []} when it has no stage); a pipeline whose
     * values do not compile prints the reason.
     */
    @Override
    public String toString() {
        if (stages.isEmpty()) {
            return "[]";
        }
        try {
            StringBuilder json = new StringBuilder("[");
            List<BsonDocument> pipeline = toPipeline(BsonValues.DISPLAY_REGISTRY);
            for (int i = 0; i < pipeline.size(); i++) {
                json.append(i == 0 ? "" : ", ").append(pipeline.get(i).toJson());
            }
            return json.append(']').toString();
        } catch (RuntimeException e) {
            return "PipelineUpdate{invalid: " + e.getMessage() + "}";
        }
    }

    /** One stage of the pipeline, as data. */
    private sealed interface Stage {
        BsonDocument render(CodecRegistry registry);
    }

    /** {@code $set} of paths to expressions, in order. */
    private record SetStage(List<String> paths, List<Expr> values) implements Stage {
        SetStage plus(String path, Expr value) {
            List<String> p = new ArrayList<>(paths);
            p.add(path);
            List<Expr> v = new ArrayList<>(values);
            v.add(value);
            return new SetStage(List.copyOf(p), List.copyOf(v));
        }

        @Override
        public BsonDocument render(CodecRegistry registry) {
            BsonDocument fields = new BsonDocument();
            for (int i = 0; i < paths.size(); i++) {
                BsonValue value;
                try {
                    value = values.get(i).toBsonValue(registry);
                } catch (IllegalArgumentException e) {
                    throw UpdateCompiler.onPath("$set", paths.get(i), e);
                }
                fields.append(paths.get(i), value);
            }
            return new BsonDocument("$set", fields);
        }
    }

    /** {@code $unset} of paths. */
    private record UnsetStage(List<String> paths) implements Stage {
        @Override
        public BsonDocument render(CodecRegistry registry) {
            BsonArray fields = new BsonArray();
            paths.forEach(p -> fields.add(new BsonString(p)));
            return new BsonDocument("$unset", fields);
        }
    }
}

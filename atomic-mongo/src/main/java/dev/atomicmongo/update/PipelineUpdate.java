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
 * An immutable update expressed as an aggregation pipeline (MongoDB 4.2+), for updates whose
 * new values depend on the document, such as "take the lock if it is free or expired". It holds
 * only the stages an update pipeline allows: {@code $set}/{@code $addFields}, {@code $unset},
 * {@code $project}, {@code $replaceWith} and {@code $replaceRoot}, each checked when added. Every expression of one {@code $set} stage reads the document
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
     * @throws IllegalArgumentException if the stage already sets this path, a path inside it, or a parent of
     *         it, or the value is an empty {@link Expr#object} (MongoDB reads it as an empty sub-projection)
     */
    public PipelineUpdate set(String path, Expr value) {
        return setIn("$set", path, value);
    }

    /** Sets {@code path} to a constant, wrapped with {@link Expr#literal(Object)}. */
    public PipelineUpdate set(String path, Object value) {
        return set(path, Expr.literal(value));
    }

    /**
     * Like {@link #set(String, Expr)}, in an {@code $addFields} stage ({@code $set} is its alias;
     * both exist so a pipeline can be written as the manual shows it).
     *
     * @throws IllegalArgumentException as {@link #set(String, Expr)}
     */
    public PipelineUpdate addFields(String path, Expr value) {
        return setIn("$addFields", path, value);
    }

    private PipelineUpdate setIn(String stage, String path, Expr value) {
        Objects.requireNonNull(value, () -> stage + " on '" + path + "': value must not be null; use Expr.literal(null)");
        String[] segments = Paths.filter(path, stage);
        if (value.isEmptyObject()) {
            throw new IllegalArgumentException(stage + " on '" + path + "': an empty Expr.object() is read as an empty"
                    + " sub-projection, which MongoDB refuses; use Expr.literal(Map.of())");
        }
        if (open && stages.get(stages.size() - 1) instanceof SetStage last && last.stage().equals(stage)) {
            for (String other : last.paths()) {
                if (Paths.overlap(segments, other.split("\\.", -1))) {
                    throw new IllegalArgumentException(stage + " on '" + path + "' overlaps '" + other
                            + "' in the same stage; call nextStage() to set it from the previous stage's result");
                }
            }
            List<Stage> copy = new ArrayList<>(stages);
            copy.set(copy.size() - 1, last.plus(path, value));
            return new PipelineUpdate(List.copyOf(copy), true);
        }
        return append(new SetStage(stage, List.of(path), List.of(value)), true);
    }

    /**
     * Removes fields in an {@code $unset} stage.
     *
     * @throws IllegalArgumentException if no path is named, or two overlap ({@code a} and {@code a.b}), which
     *         MongoDB refuses as a path collision
     */
    public PipelineUpdate unset(String... paths) {
        List<String> list = new ArrayList<>();
        List<String[]> split = new ArrayList<>();
        for (String path : paths) {
            String[] segments = Paths.filter(path, "$unset");
            for (int i = 0; i < split.size(); i++) {
                if (Paths.overlap(segments, split.get(i))) {
                    throw new IllegalArgumentException("$unset on '" + path + "' overlaps '" + list.get(i)
                            + "' (MongoDB: path collision)");
                }
            }
            list.add(path);
            split.add(segments);
        }
        if (list.isEmpty()) {
            throw new IllegalArgumentException("$unset: name at least one path");
        }
        return append(new UnsetStage(List.copyOf(list)), false);
    }

    /**
     * Adds a {@code $project} stage: the document keeps only what an inclusion names (and
     * {@code _id}), or loses what an exclusion names.
     *
     * <pre>{@code
     * pipeline().project(Projection.include("name", "total").andCompute("at", Expr.now()))
     * }</pre>
     */
    public PipelineUpdate project(Projection projection) {
        Objects.requireNonNull(projection, "$project: projection must not be null");
        return append(new ProjectStage(projection), false);
    }

    /**
     * Adds a {@code $replaceWith} stage: the document becomes the expression's value ({@code _id}
     * must stay the same, or the server fails the update). Defaults for missing fields:
     * {@code replaceWith(Expr.mergeObjects(Expr.object(...defaults...), Expr.root()))}.
     *
     * @throws IllegalArgumentException if the expression can only be something other than a document
     */
    public PipelineUpdate replaceWith(Expr document) {
        requireDocument("$replaceWith", document);
        return append(new ReplaceStage(false, document), false);
    }

    /**
     * Adds a {@code $replaceRoot} stage, {@code {$replaceRoot: {newRoot: document}}}: the same as
     * {@link #replaceWith}, in its older form.
     *
     * @throws IllegalArgumentException if the expression can only be something other than a document
     */
    public PipelineUpdate replaceRoot(Expr document) {
        requireDocument("$replaceRoot", document);
        return append(new ReplaceStage(true, document), false);
    }

    private static void requireDocument(String stage, Expr document) {
        Objects.requireNonNull(document, () -> stage + ": the new document must not be null");
        if (document.kind() != Kind.DOCUMENT && document.kind() != Kind.UNKNOWN) {
            throw new IllegalArgumentException(stage + ": the new document must be a document, but the value given is "
                    + document.describe());
        }
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

    /** {@code $set} or {@code $addFields} ({@code stage}) of paths to expressions, in order. */
    private record SetStage(String stage, List<String> paths, List<Expr> values) implements Stage {
        SetStage plus(String path, Expr value) {
            List<String> p = new ArrayList<>(paths);
            p.add(path);
            List<Expr> v = new ArrayList<>(values);
            v.add(value);
            return new SetStage(stage, List.copyOf(p), List.copyOf(v));
        }

        @Override
        public BsonDocument render(CodecRegistry registry) {
            BsonDocument fields = new BsonDocument();
            for (int i = 0; i < paths.size(); i++) {
                BsonValue value;
                try {
                    value = values.get(i).toBsonValue(registry);
                } catch (IllegalArgumentException e) {
                    throw UpdateCompiler.onPath(stage, paths.get(i), e);
                }
                fields.append(paths.get(i), value);
            }
            return new BsonDocument(stage, fields);
        }
    }

    /** {@code $project}. */
    private record ProjectStage(Projection projection) implements Stage {
        @Override
        public BsonDocument render(CodecRegistry registry) {
            return new BsonDocument("$project", projection.render(registry));
        }
    }

    /** {@code $replaceWith: document} or {@code $replaceRoot: {newRoot: document}}. */
    private record ReplaceStage(boolean root, Expr document) implements Stage {
        @Override
        public BsonDocument render(CodecRegistry registry) {
            BsonValue value;
            try {
                value = document.toBsonValue(registry);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException((root ? "$replaceRoot: " : "$replaceWith: ") + e.getMessage(), e);
            }
            return root ? new BsonDocument("$replaceRoot", new BsonDocument("newRoot", value))
                    : new BsonDocument("$replaceWith", value);
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

package dev.atomicmongo.update;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import dev.atomicmongo.internal.BsonValues;
import dev.atomicmongo.internal.CheckReturnValue;
import dev.atomicmongo.internal.Paths;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonString;
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
    private static final PipelineUpdate EMPTY = new PipelineUpdate(new Stage[0]);

    private final Stage[] stages;

    private PipelineUpdate(Stage[] stages) {
        this.stages = stages;
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
        Stage last = stages.length == 0 ? null : stages[stages.length - 1];
        if (last != null && last.set) {
            for (int i = 0; i < last.paths.size(); i++) {
                if (Paths.overlap(segments, last.paths.get(i).split("\\.", -1))) {
                    throw new IllegalArgumentException("$set on '" + path + "' overlaps '" + last.paths.get(i)
                            + "' in the same stage; call nextStage() to set it from the previous stage's result");
                }
            }
            Stage[] copy = stages.clone();
            copy[copy.length - 1] = last.plus(path, value);
            return new PipelineUpdate(copy);
        }
        return append(new Stage(true, List.of(path), List.of(value)));
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
        return append(new Stage(false, List.copyOf(list), List.of()));
    }

    /** Ends the current stage; the next {@code set} starts a stage that reads this one's result. */
    public PipelineUpdate nextStage() {
        return append(null);
    }

    private PipelineUpdate append(Stage stage) {
        Stage[] copy = Arrays.copyOf(stages, stages.length + 1);
        copy[stages.length] = stage;
        return new PipelineUpdate(copy);
    }

    /**
     * Compiles the pipeline.
     *
     * @throws IllegalArgumentException if it has no stage
     */
    public List<BsonDocument> toPipeline(CodecRegistry registry) {
        List<BsonDocument> pipeline = new ArrayList<>(stages.length);
        for (Stage stage : stages) {
            if (stage != null) {
                pipeline.add(stage.render(registry));
            }
        }
        if (pipeline.isEmpty()) {
            throw new IllegalArgumentException("Empty pipeline update: add at least one $set or $unset stage");
        }
        return pipeline;
    }

    /** Equal when both compile to the same stages, BSON number types included. */
    @Override
    public boolean equals(Object o) {
        return o instanceof PipelineUpdate other && render(true).equals(other.render(true));
    }

    @Override
    public int hashCode() {
        return render(true).hashCode();
    }

    /**
     * The compiled pipeline as a JSON array ({@code []} when it has no stage); a pipeline whose
     * values do not compile prints the reason.
     */
    @Override
    public String toString() {
        return render(false);
    }

    private String render(boolean canonical) {
        if (Arrays.stream(stages).allMatch(Objects::isNull)) {
            return "[]";
        }
        try {
            StringBuilder json = new StringBuilder("[");
            List<BsonDocument> pipeline = toPipeline(BsonValues.DEFAULT_REGISTRY);
            for (int i = 0; i < pipeline.size(); i++) {
                BsonDocument stage = pipeline.get(i);
                json.append(i == 0 ? "" : ", ").append(canonical ? BsonValues.canonicalJson(stage) : stage.toJson());
            }
            return json.append(']').toString();
        } catch (RuntimeException e) {
            return "PipelineUpdate{invalid: " + e.getMessage() + "}";
        }
    }

    private record Stage(boolean set, List<String> paths, List<Expr> values) {
        Stage plus(String path, Expr value) {
            List<String> p = new ArrayList<>(paths);
            p.add(path);
            List<Expr> v = new ArrayList<>(values);
            v.add(value);
            return new Stage(true, List.copyOf(p), List.copyOf(v));
        }

        BsonDocument render(CodecRegistry registry) {
            if (!set) {
                BsonArray fields = new BsonArray();
                paths.forEach(p -> fields.add(new BsonString(p)));
                return new BsonDocument("$unset", fields);
            }
            BsonDocument fields = new BsonDocument();
            for (int i = 0; i < paths.size(); i++) {
                fields.append(paths.get(i), values.get(i).toBsonValue(registry));
            }
            return new BsonDocument("$set", fields);
        }
    }
}

package dev.atomicmongo.update;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.atomicmongo.CheckReturnValue;
import dev.atomicmongo.internal.BsonValues;
import dev.atomicmongo.internal.Paths;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonValue;
import org.bson.codecs.configuration.CodecRegistry;

/**
 * The fields of a {@code $project} stage ({@link PipelineUpdate#project}): either an inclusion
 * (fields kept or computed, all others dropped) or an exclusion (fields dropped), never both
 * except that {@code _id} may be dropped from an inclusion, as MongoDB requires. Immutable and
 * thread-safe: each call returns a new value.
 *
 * <pre>{@code
 * Projection.include("name", "address.city").withoutId()   // {_id: 0, name: 1, "address.city": 1}
 * Projection.exclude("tmp", "draft")                        // {tmp: 0, draft: 0}
 * }</pre>
 */
@CheckReturnValue
public final class Projection {
    private static final Object INCLUDED = "included";
    private static final Object EXCLUDED = "excluded";
    private static final String ID = "_id";

    private final List<String> paths;
    private final List<Object> values; // INCLUDED, EXCLUDED or an Expr
    private final boolean inclusion;
    private final boolean withoutId;

    private Projection(List<String> paths, List<Object> values, boolean inclusion, boolean withoutId) {
        this.paths = paths;
        this.values = values;
        this.inclusion = inclusion;
        this.withoutId = withoutId;
    }

    /** An inclusion keeping these fields (and {@code _id}, unless {@link #withoutId()}). */
    public static Projection include(String... paths) {
        return new Projection(List.of(), List.of(), true, false).andInclude(paths);
    }

    /** An exclusion dropping these fields. */
    public static Projection exclude(String... paths) {
        return new Projection(List.of(), List.of(), false, false).andExclude(paths);
    }

    /** An inclusion setting {@code path} to the expression's value. */
    public static Projection compute(String path, Expr value) {
        return new Projection(List.of(), List.of(), true, false).andCompute(path, value);
    }

    /**
     * Keeps these fields too.
     *
     * @throws IllegalArgumentException if this is an exclusion, or a path overlaps one already named
     */
    public Projection andInclude(String... paths) {
        Objects.requireNonNull(paths, "$project: paths must not be null");
        if (paths.length == 0) {
            throw new IllegalArgumentException("$project: name at least one path");
        }
        Projection p = this;
        for (String path : paths) {
            p = p.plus(path, INCLUDED);
        }
        return p;
    }

    /**
     * Drops these fields too.
     *
     * @throws IllegalArgumentException if this is an inclusion, or a path overlaps one already named
     */
    public Projection andExclude(String... paths) {
        Objects.requireNonNull(paths, "$project: paths must not be null");
        if (paths.length == 0) {
            throw new IllegalArgumentException("$project: name at least one path");
        }
        Projection p = this;
        for (String path : paths) {
            p = ID.equals(path) ? p.withoutId() : p.plus(path, EXCLUDED);
        }
        return p;
    }

    /**
     * Sets {@code path} to the expression's value too. A number or boolean literal is wrapped in
     * {@code $literal} (in {@code $project}, {@code a: 1} means "keep a").
     *
     * @throws IllegalArgumentException if this is an exclusion, the path overlaps one already named, or
     *         the value is an {@link Expr#object}, which {@code $project} would read as a sub-projection
     */
    public Projection andCompute(String path, Expr value) {
        Objects.requireNonNull(value, () -> "$project on '" + path + "': value must not be null; use Expr.literal(null)");
        if (value.node() instanceof ExprNode.ObjectOf) {
            throw new IllegalArgumentException("$project on '" + path + "': an Expr.object value is read as a"
                    + " sub-projection; wrap it as Expr.mergeObjects(Expr.object(...))");
        }
        return plus(path, value);
    }

    /** Drops {@code _id} as well, {@code _id: 0}; allowed in an inclusion and in an exclusion. */
    public Projection withoutId() {
        return new Projection(paths, values, inclusion, true);
    }

    private Projection plus(String path, Object value) {
        String[] segments = Paths.filter(path, "$project");
        boolean including = value != EXCLUDED;
        if (including != inclusion && !paths.isEmpty()) {
            throw new IllegalArgumentException("$project on '" + path + "': cannot " + (including ? "include or compute"
                    : "exclude") + " a field in an " + (inclusion ? "inclusion" : "exclusion")
                    + " projection; MongoDB mixes the two only for _id (withoutId())");
        }
        if (ID.equals(path) && withoutId) {
            throw new IllegalArgumentException("$project on '_id': already excluded by withoutId()");
        }
        for (String other : paths) {
            if (Paths.overlap(segments, other.split("\\.", -1))) {
                throw new IllegalArgumentException("$project on '" + path + "' overlaps '" + other
                        + "' (MongoDB: path collision)");
            }
        }
        List<String> p = new ArrayList<>(paths);
        p.add(path);
        List<Object> v = new ArrayList<>(values);
        v.add(value);
        return new Projection(List.copyOf(p), List.copyOf(v), including, withoutId);
    }

    /** True if the projection keeps only the fields it names (or computes). */
    public boolean isInclusion() {
        return inclusion && !paths.isEmpty();
    }

    /** The paths it names, in order ({@code _id} of {@link #withoutId()} not included). */
    public List<String> paths() {
        return paths;
    }

    BsonDocument render(CodecRegistry registry) {
        BsonDocument spec = new BsonDocument();
        if (withoutId) {
            spec.append(ID, new BsonInt32(0));
        }
        for (int i = 0; i < paths.size(); i++) {
            Object value = values.get(i);
            BsonValue rendered;
            if (value == INCLUDED) {
                rendered = new BsonInt32(1);
            } else if (value == EXCLUDED) {
                rendered = new BsonInt32(0);
            } else {
                Expr expr = (Expr) value;
                try {
                    rendered = expr.toBsonValue(registry);
                } catch (IllegalArgumentException e) {
                    throw UpdateCompiler.onPath("$project", paths.get(i), e);
                }
                if (rendered.isNumber() || rendered.isBoolean()) {
                    rendered = new BsonDocument("$literal", rendered);
                }
            }
            spec.append(paths.get(i), rendered);
        }
        return spec;
    }

    /** Equal when both name the same paths in the same order with equal values, and agree on {@code _id}. */
    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof Projection other && withoutId == other.withoutId
                && inclusion == other.inclusion && paths.equals(other.paths) && values.equals(other.values);
    }

    /** A hash consistent with {@link #equals}. */
    @Override
    public int hashCode() {
        return Objects.hash(paths, values, inclusion, withoutId);
    }

    /** The {@code $project} specification as JSON. */
    @Override
    public String toString() {
        try {
            return render(BsonValues.DISPLAY_REGISTRY).toJson();
        } catch (RuntimeException e) {
            return "Projection{invalid: " + e.getMessage() + "}";
        }
    }
}

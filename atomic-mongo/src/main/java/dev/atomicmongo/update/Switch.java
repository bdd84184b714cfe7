package dev.atomicmongo.update;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.atomicmongo.CheckReturnValue;
import dev.atomicmongo.update.ExprNode.ArrayOf;
import dev.atomicmongo.update.ExprNode.ObjectOf;
import dev.atomicmongo.update.ExprNode.Unary;

/**
 * A {@code $switch} expression being built: its branches ({@code case}/{@code then}) in order,
 * made by {@link Expr#switchCase} or {@link Expr#switchOn}; {@link #otherwise} or
 * {@link #noDefault} make the {@link Expr}. Immutable and thread-safe: each call returns a new value.
 */
@CheckReturnValue
public final class Switch {
    static final Switch EMPTY = new Switch(List.of());

    private final List<Expr> branches; // each {case: ..., then: ...}

    private Switch(List<Expr> branches) {
        this.branches = branches;
    }

    /** Adds a branch: {@code then} when {@code condition} is true and no earlier branch was. */
    public Switch when(Expr condition, Expr then) {
        Objects.requireNonNull(condition, "$switch: case must not be null");
        Objects.requireNonNull(then, "$switch: then must not be null");
        List<Expr> copy = new ArrayList<>(branches.size() + 1);
        copy.addAll(branches);
        copy.add(Expr.of(new ObjectOf(List.of("case", "then"), List.of(condition, then)), Kind.DOCUMENT));
        return new Switch(List.copyOf(copy));
    }

    /**
     * The {@code $switch} with {@code value} as its {@code default}, used when no branch is true.
     *
     * @throws IllegalArgumentException if the switch has no branch (MongoDB requires one)
     */
    public Expr otherwise(Expr value) {
        Objects.requireNonNull(value, "$switch: default must not be null; use Expr.literal(null)");
        return build(value);
    }

    /**
     * The {@code $switch} without a default: MongoDB fails the update if no branch is true.
     *
     * @throws IllegalArgumentException if the switch has no branch (MongoDB requires one)
     */
    public Expr noDefault() {
        return build(null);
    }

    private Expr build(Expr otherwise) {
        if (branches.isEmpty()) {
            throw new IllegalArgumentException("$switch: needs at least one branch (when(condition, then))");
        }
        Expr array = Expr.of(new ArrayOf(branches), Kind.ARRAY);
        ObjectOf spec = otherwise == null ? new ObjectOf(List.of("branches"), List.of(array))
                : new ObjectOf(List.of("branches", "default"), List.of(array, otherwise));
        return Expr.of(new Unary("$switch", Expr.of(spec, Kind.DOCUMENT)), resultKind(otherwise));
    }

    private Kind resultKind(Expr otherwise) {
        Kind kind = otherwise == null ? null : otherwise.kind();
        for (Expr branch : branches) {
            Kind then = ((ObjectOf) branchNode(branch)).values().get(1).kind();
            kind = kind == null || kind == then ? then : Kind.UNKNOWN;
        }
        return kind;
    }

    private static ExprNode branchNode(Expr branch) {
        return branch.node();
    }

    /** Equal when both have equal branches in the same order. */
    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof Switch other && branches.equals(other.branches);
    }

    /** A hash of the branches, consistent with {@link #equals}. */
    @Override
    public int hashCode() {
        return branches.hashCode();
    }

    /** The branches so far, as the {@code $switch} JSON without a default. */
    @Override
    public String toString() {
        if (branches.isEmpty()) {
            return "{\"$switch\": {\"branches\": []}}";
        }
        try {
            return build(null).toBsonValue(dev.atomicmongo.internal.BsonValues.DISPLAY_REGISTRY).asDocument().toJson();
        } catch (RuntimeException e) {
            return "Switch{invalid: " + e.getMessage() + "}";
        }
    }
}

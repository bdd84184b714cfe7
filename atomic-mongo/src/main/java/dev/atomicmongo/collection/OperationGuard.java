package dev.atomicmongo.collection;

import java.util.Objects;

import dev.atomicmongo.internal.Paths;

/**
 * Where and how many operation ids a guarded update keeps in each document: the ids of the
 * last {@code window} operations applied to it, newest last, in the array at {@code field}
 * ({@value #DEFAULT_FIELD} and {@value #DEFAULT_WINDOW} by default). Each guarded update appends
 * its id with {@code $push: {field: {$each: [id], $slice: -window}}} in the same write as the
 * update, and its filter carries {@code {field: {$ne: id}}}.
 *
 * <p><b>The window is the trade-off.</b> An id that has dropped out of the window (more than
 * {@code window} later operations on the same document) is forgotten and would apply again, and
 * each id costs its length plus a few bytes in every document it guards. Choose the window
 * larger than the number of operations that can reach one document between a first attempt and
 * its last retry. Immutable and thread-safe.
 *
 * @param field  the array field holding the ids: a dotted path not starting with {@code $}, not {@code _id}
 * @param window how many ids are kept, 1 to {@value #MAX_WINDOW}
 */
public record OperationGuard(String field, int window) {
    /** The default field, {@value}. */
    public static final String DEFAULT_FIELD = "_ops";
    /** The default window, {@value}. */
    public static final int DEFAULT_WINDOW = 100;
    /** The largest window accepted, {@value}. */
    public static final int MAX_WINDOW = 10_000;

    private static final OperationGuard DEFAULTS = new OperationGuard(DEFAULT_FIELD, DEFAULT_WINDOW);

    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException if the field is not a plain path or is {@code _id}, or the
     *         window is outside 1 to {@value #MAX_WINDOW}
     */
    public OperationGuard {
        Objects.requireNonNull(field, "field");
        Paths.filter(field, "operation guard");
        if (field.equals("_id") || field.startsWith("_id.")) {
            throw new IllegalArgumentException("operation guard on '" + field + "': the ids cannot be kept in _id");
        }
        if (window < 1 || window > MAX_WINDOW) {
            throw new IllegalArgumentException("operation guard on '" + field + "': window " + window
                    + " must be between 1 and " + MAX_WINDOW);
        }
    }

    /** {@value #DEFAULT_WINDOW} ids in {@value #DEFAULT_FIELD}. */
    public static OperationGuard defaults() {
        return DEFAULTS;
    }

    /** A copy keeping the ids in {@code field}. */
    public OperationGuard withField(String field) {
        return new OperationGuard(field, window);
    }

    /** A copy keeping the last {@code window} ids. */
    public OperationGuard withWindow(int window) {
        return new OperationGuard(field, window);
    }

    @Override
    public String toString() {
        return "OperationGuard{" + field + ", last " + window + "}";
    }
}

package dev.atomicmongo.update;

import java.util.Arrays;
import java.util.HashMap;

import dev.atomicmongo.internal.Paths;

/**
 * The operators of a line of builders and the index that refuses, when an operator is added,
 * what the server would refuse: the same path written twice, a path and a path inside it
 * ({@code a} and {@code a.b}), {@code $inc} and {@code $setOnInsert} on one field, a rename
 * touching a written path. Adding costs the same whatever the update's size.
 *
 * <p>Builders are immutable, but they share this append-only log: a builder holding the log's
 * first {@code n} operators, when {@code n} is the log's length, appends in place; any other
 * builder (a template extended a second time) copies the first {@code n} into a new log first.
 * A builder never sees a position at or after its own size, so what it holds never changes.
 * Appends are serialised on the log; a builder reads its operators from the array it was
 * created with, whose first {@code n} elements are never written again.
 *
 * <p>For a few operators a scan is cheapest. Once the scans have looked at more than four entries
 * per operator held (and there are at least {@value #INDEX_FROM}), a hash index of every written
 * path and every proper prefix of one is built, and answers in time proportional to the new
 * path's depth. So a fresh update switches to the index at about ten operators, and a copied
 * template extended by one or two operators never pays for building one.
 */
final class Conflicts {
    private static final int INDEX_FROM = 8;

    /** Where a written path was first written, and whether it is a {@code $rename} target. */
    private record Hit(int position, String path, boolean target) {
    }

    private Operator[] operators;
    private String[][] paths;
    private String[][] targets; // null until an operator writes a second path ($rename)
    private int length;
    private long scanned;
    private HashMap<String, Hit> exact;
    private HashMap<String, Hit> under;

    private Conflicts(int capacity) {
        operators = new Operator[capacity];
        paths = new String[capacity][];
    }

    /**
     * Checks {@code operator} against the first {@code size} operators of {@code log} (null for
     * none) and appends it.
     *
     * @param segments the checked segments of the operator's path, null for a document
     * @param targetSegments the checked segments of its second path, or null
     * @param from the builder added to, whose log is {@code log}
     * @return the builder with the operator added
     * @throws IllegalArgumentException naming the path and the rule, adding nothing
     */
    static UpdateBuilder add(Conflicts log, int size, Operator operator, String[] segments, String[] targetSegments,
                             UpdateBuilder from) {
        if (log != null) {
            synchronized (log) {
                if (log.length == size) {
                    boolean merged = log.append(operator, segments, targetSegments); // may grow the array
                    return from.with(log, log.operators, merged);
                }
                log = log.fork(size);
            }
        } else {
            log = new Conflicts(8);
        }
        synchronized (log) {
            boolean merged = log.append(operator, segments, targetSegments); // may grow the array
            return from.with(log, log.operators, merged);
        }
    }

    private Conflicts fork(int size) {
        Conflicts copy = new Conflicts(Math.max(8, size * 2));
        System.arraycopy(operators, 0, copy.operators, 0, size);
        System.arraycopy(paths, 0, copy.paths, 0, size);
        if (targets != null) {
            copy.targets = new String[copy.operators.length][];
            System.arraycopy(targets, 0, copy.targets, 0, size);
        }
        copy.length = size;
        return copy;
    }

    /** Appends after the checks; returns true if the operator merges into an earlier one. */
    private boolean append(Operator operator, String[] segments, String[] targetSegments) {
        boolean merged = false;
        if (segments != null) {
            merged = check(operator, operator.path(), segments);
            if (targetSegments != null) {
                check(operator, operator.target(), targetSegments);
            }
        }
        if (length == operators.length) {
            int capacity = length * 2;
            operators = Arrays.copyOf(operators, capacity);
            paths = Arrays.copyOf(paths, capacity);
            targets = targets == null ? null : Arrays.copyOf(targets, capacity);
        }
        if (targetSegments != null && targets == null) {
            targets = new String[operators.length][];
        }
        operators[length] = operator;
        paths[length] = segments;
        if (targets != null) {
            targets[length] = targetSegments;
        }
        length++;
        if (exact != null) {
            index(length - 1);
        } else if (length >= INDEX_FROM && scanned > 4L * length) {
            buildIndex();
        }
        return merged;
    }

    /** Returns true if the operator merges into an earlier one on its path; throws on a conflict. */
    private boolean check(Operator operator, String path, String[] segments) {
        Hit hit = exact == null ? scan(segments) : lookup(path);
        if (hit == null) {
            return false;
        }
        Operator earlier = operators[hit.position];
        Op op = operator.op();
        if (!hit.path.equals(path)) {
            throw overlapping(earlier.op(), hit.path, op, path);
        }
        if (hit.target || earlier.op() != op || !earlier.mergeable() || op == Op.RENAME) {
            throw samePath(earlier.op(), op, path);
        }
        if (operator instanceof Operator.ArrayOperator array && array.hasModifiers()) {
            throw new IllegalArgumentException("Path '" + path + "' already has a " + op.operator
                    + "; put all values and modifiers in one PushEach");
        }
        if (operator instanceof Operator.Bit bit) {
            for (int i = hit.position; i < length; i++) {
                if (operators[i] instanceof Operator.Bit other && other.path().equals(path)) {
                    for (String key : bit.masks().keySet()) {
                        if (other.masks().containsKey(key)) {
                            throw new IllegalArgumentException("Path '" + path + "' is written twice by $bit "
                                    + key + ": an update may write each path only once");
                        }
                    }
                }
            }
        }
        return true;
    }

    private Hit scan(String[] segments) {
        scanned += length;
        for (int i = 0; i < length; i++) {
            if (paths[i] != null && Paths.overlap(segments, paths[i])) {
                return new Hit(i, operators[i].path(), false);
            }
            if (targets != null && targets[i] != null && Paths.overlap(segments, targets[i])) {
                return new Hit(i, operators[i].target(), true);
            }
        }
        return null;
    }

    private Hit lookup(String path) {
        Hit first = exact.get(path);
        for (int dot = path.indexOf('.'); dot >= 0; dot = path.indexOf('.', dot + 1)) {
            first = earlier(first, exact.get(path.substring(0, dot)));
        }
        return earlier(first, under.get(path));
    }

    private static Hit earlier(Hit a, Hit b) {
        return a == null || (b != null && b.position < a.position) ? b : a;
    }

    private void buildIndex() {
        exact = new HashMap<>(length * 4);
        under = new HashMap<>(length * 4);
        for (int i = 0; i < length; i++) {
            index(i);
        }
    }

    private void index(int position) {
        Operator operator = operators[position];
        if (paths[position] != null) {
            index(new Hit(position, operator.path(), false));
        }
        if (targets != null && targets[position] != null) {
            index(new Hit(position, operator.target(), true));
        }
    }

    private void index(Hit hit) {
        String path = hit.path;
        exact.putIfAbsent(path, hit);
        for (int dot = path.indexOf('.'); dot >= 0; dot = path.indexOf('.', dot + 1)) {
            under.putIfAbsent(path.substring(0, dot), hit);
        }
    }

    static IllegalArgumentException samePath(Op first, Op second, String path) {
        String message = first == second
                ? "Path '" + path + "' is written twice by " + first.operator
                : "Path '" + path + "' is written by both " + first.operator + " and " + second.operator;
        message += ": an update may write each path only once";
        if ((first == Op.INC && second == Op.SET_ON_INSERT) || (first == Op.SET_ON_INSERT && second == Op.INC)) {
            message += ". $inc on a missing field starts from 0, so the $inc alone sets '" + path
                    + "' to the increment when the document is inserted; drop the setOnInsert";
        }
        return new IllegalArgumentException(message);
    }

    static IllegalArgumentException overlapping(Op firstOp, String first, Op secondOp, String second) {
        return new IllegalArgumentException("Paths '" + first + "' (" + firstOp.operator + ") and '" + second
                + "' (" + secondOp.operator + ") overlap: an update may not write a path and a path inside it");
    }
}

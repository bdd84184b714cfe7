package dev.atomicmongo.internal;

import java.util.Objects;

/** Validation of dotted field paths, shared by the update and filter builders. */
public final class Paths {
    private Paths() {
    }

    /**
     * Checks an update path and returns its segments. Positional segments ({@code $},
     * {@code $[]}, {@code $[id]}) are allowed; any other {@code $}-prefixed or empty segment is not.
     */
    public static String[] update(String path, String operator) {
        return check(path, operator, true);
    }

    /** Checks a filter path and returns its segments; no segment may start with {@code $}. */
    public static String[] filter(String path, String operator) {
        return check(path, operator, false);
    }

    // ---- filter paths without splitting (dev.atomicmongo.filter) ------------------------------

    /**
     * Checks a filter path as {@link #filter} does, with the same exceptions and messages, but
     * allocates nothing when the path is valid (a condition is built on every call of the code
     * that writes it).
     */
    public static void requireFilterPath(String path, String operator) {
        if (path == null || !isPlainFilterPath(path)) {
            filter(path, operator); // throws, with the message for what is wrong
        }
    }

    /** True if {@link #filter} accepts the path: not blank, no NUL, no empty segment, no {@code $}-prefixed segment. */
    private static boolean isPlainFilterPath(String path) {
        int n = path.length();
        int start = 0;
        for (int i = 0; i <= n; i++) {
            if (i < n && path.charAt(i) == '\0') {
                return false;
            }
            if (i == n || path.charAt(i) == '.') {
                if (i == start || path.charAt(start) == '$') {
                    return false;
                }
                start = i + 1;
            }
        }
        return !path.isBlank();
    }

    // ---- end of filter paths ---------------------------------------------------------------------

    private static String[] check(String path, String operator, boolean positionalAllowed) {
        Objects.requireNonNull(path, () -> operator + ": path must not be null");
        if (path.isBlank()) {
            throw new IllegalArgumentException(operator + ": path must not be blank");
        }
        if (path.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(operator + " on '" + path.replace("\0", "\\0")
                    + "': a path must not contain the NUL character (field names cannot hold it)");
        }
        String[] segments = path.split("\\.", -1);
        int positional = 0;
        for (String segment : segments) {
            if (positionalAllowed && segment.equals("$") && ++positional > 1) {
                // the server: "Too many positional (i.e. '$') elements found in path"
                throw new IllegalArgumentException(operator + " on '" + path
                        + "': at most one positional '$' per path; for nested arrays use $[<identifier>]");
            }
            if (segment.isEmpty()) {
                throw new IllegalArgumentException(operator + " on '" + path
                        + "': a path must not have an empty segment");
            }
            if (segment.startsWith("$") && !(positionalAllowed && isPositional(segment))) {
                throw new IllegalArgumentException(operator + " on '" + path + "': segment '" + segment
                        + "' starts with '$'" + (positionalAllowed
                        ? "; only the positional operators $, $[] and $[<identifier>] may" : ""));
            }
        }
        return segments;
    }

    /**
     * Checks a field name, the key of a document given as a whole (never a path): not empty, not
     * {@code $}-prefixed, no {@code .}, which the server would read as a nested path.
     *
     * @throws IllegalArgumentException naming {@code what} and the field, with {@code note} appended
     */
    public static void requireFieldName(String name, String what, String note) {
        if (name.isEmpty() || name.startsWith("$") || name.contains(".")) {
            throw new IllegalArgumentException(what + ": field name '" + name
                    + "' must be non-empty, not start with '$' and not contain '.'" + note);
        }
    }

    /** True for {@code $}, {@code $[]} and {@code $[identifier]}. */
    public static boolean isPositional(String segment) {
        return segment.equals("$") || segment.equals("$[]") || arrayFilterIdentifier(segment) != null;
    }

    /** The identifier of a {@code $[identifier]} segment, or null for any other segment. */
    public static String arrayFilterIdentifier(String segment) {
        if (segment.length() > 3 && segment.startsWith("$[") && segment.endsWith("]")) {
            String id = segment.substring(2, segment.length() - 1);
            if (Character.isLowerCase(id.charAt(0)) && id.chars().allMatch(Character::isLetterOrDigit)) {
                return id;
            }
        }
        return null;
    }

    /** True if {@code a} and {@code b} are the same path or one lies inside the other. */
    public static boolean overlap(String[] a, String[] b) {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            if (!a[i].equals(b[i])) {
                return false;
            }
        }
        return true;
    }
}

package dev.atomicmongo.pattern.counter;

/** What {@link Fields#setIfMissing} did. */
public enum FillOutcome {
    /** The field was missing or null and now holds the value. */
    FILLED,
    /** The field already had a non-null value, which was kept. */
    ALREADY_SET,
    /** No document has the id. */
    NOT_FOUND;

    /** True if this call wrote the value. */
    public boolean isFilled() {
        return this == FILLED;
    }
}

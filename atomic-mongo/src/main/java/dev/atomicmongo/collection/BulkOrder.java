package dev.atomicmongo.collection;

/**
 * How {@link AtomicCollection#bulkWrite(java.util.List, BulkOrder)} runs its items: in any order,
 * every item attempted ({@link #UNORDERED}, the default), or in the given order, stopping at the
 * first item the server fails ({@link #ORDERED}; the items after it are
 * {@link BulkOutcome.NotAttempted}). A refused condition is not a failure: an ordered bulk goes on
 * after it.
 */
public enum BulkOrder {
    /** Every item is attempted, in an order the server picks. */
    UNORDERED,
    /** Items run in input order; a write error (a duplicate key, ...) stops the rest. */
    ORDERED
}

package dev.atomicmongo.pattern.mailbox;

/** What the guarded write that stores a batch did. */
enum StoreResult {
    /** Stored; more events wait and the lock was renewed. */
    RENEWED,
    /** Stored; no event waits and the lock was released. */
    RELEASED,
    /** Refused: the lock expired or another owner holds it; nothing was written. */
    LOST
}

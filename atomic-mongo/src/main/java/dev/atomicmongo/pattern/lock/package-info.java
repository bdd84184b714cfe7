/**
 * The one lock core of the patterns: {@link dev.atomicmongo.pattern.lock.FencedLock}, an owner, a
 * fencing token and an expiry kept in a document, and {@link dev.atomicmongo.pattern.lock.LockTime},
 * the clock its expiry is decided with. Leases and the mailbox build their lock commands from it.
 */
package dev.atomicmongo.pattern.lock;

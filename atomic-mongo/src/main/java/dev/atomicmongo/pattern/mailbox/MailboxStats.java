package dev.atomicmongo.pattern.mailbox;

/**
 * Counters of one {@link Mailbox} instance since it was built, as metrics.
 *
 * <p>Each count is raised after the {@link MailboxListener} has been told, so a caller that sees a
 * count also sees the listener's report of it.
 *
 * @param eventsPosted    events this instance posted
 * @param batchesStored   batches whose guarded write succeeded
 * @param eventsStored    events in those batches
 * @param locksLost       batches dropped because the lock had expired or passed to another owner
 * @param batchesFailed   batches whose handler (or a database call) failed; retried after the lock expires
 */
public record MailboxStats(long eventsPosted, long batchesStored, long eventsStored, long locksLost,
                           long batchesFailed) {
}

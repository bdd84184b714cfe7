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
 * @param batchesFailed   batch attempts whose handler (or a database call) failed, {@link Error}s included;
 *                        retried after the lock expires, up to the {@linkplain MailboxBuilder#maxAttempts max attempts}
 * @param eventsDeadLettered events this instance moved to the dead letters after their batch's last attempt
 */
public record MailboxStats(long eventsPosted, long batchesStored, long eventsStored, long locksLost,
                           long batchesFailed, long eventsDeadLettered) {
}

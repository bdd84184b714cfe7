package dev.atomicmongo.pattern.mailbox;

import java.util.List;

import org.bson.BsonDocument;

/**
 * What the lock holder read: the state, the next events (at most a batch) and their envelopes as
 * stored, whether more wait, and how many times this batch (identified by its first event) has
 * already failed.
 */
record Batch<S, E>(S state, List<MailboxEvent<E>> events, List<BsonDocument> envelopes, boolean more,
                   int failedAttempts) {
}

package dev.atomicmongo.pattern.mailbox;

import java.util.List;

import org.bson.BsonDocument;
import org.bson.types.ObjectId;

/**
 * What the lock holder read: the state, the next events (at most a batch), their ids and their
 * envelopes as stored, whether more wait, and how many times this batch (identified by its first
 * event) has already failed. When the first event does not decode, the batch is that one event,
 * {@code events} is empty and {@code undecodable} says why; the batch then fails like a handler
 * would (and ends in the dead letters).
 */
record Batch<S, E>(S state, List<MailboxEvent<E>> events, List<ObjectId> ids, List<BsonDocument> envelopes,
                   boolean more, int failedAttempts, RuntimeException undecodable) {
}

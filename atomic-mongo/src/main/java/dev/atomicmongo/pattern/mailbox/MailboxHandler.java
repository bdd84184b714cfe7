package dev.atomicmongo.pattern.mailbox;

import java.util.List;

/**
 * The user's logic for one entity: fold a batch of events, oldest first, into the entity's state.
 * Called by the lock holder only, so calls for one key never overlap and see batches in the order
 * the events were posted; calls for different keys run in parallel.
 *
 * <p>The returned state is stored, and the batch's events removed, in one guarded write. If the
 * handler throws (an {@link Error} too), nothing of the batch is stored and it is retried once
 * the lock expires (on this or another instance), up to {@linkplain MailboxBuilder#maxAttempts
 * max attempts}, after which its events are moved to the dead letters
 * ({@link Mailbox#deadLetters}); so a handler must be a pure function of its arguments, or idempotent in
 * its side effects: a batch whose write is refused (the lock was lost) is handled again by the
 * next holder.
 *
 * <pre>{@code
 * MailboxHandler<Counter, Increment> handler = (key, counter, events) -> {
 *     long value = counter.value();
 *     for (MailboxEvent<Increment> e : events) {
 *         value += e.event().delta();
 *     }
 *     return new Counter(value);
 * };
 * }</pre>
 *
 * @param <S> the state type
 * @param <E> the event type
 */
@FunctionalInterface
public interface MailboxHandler<S, E> {

    /**
     * Returns the new state after {@code events}.
     *
     * @param key    the entity's key
     * @param state  the stored state, or the initial state before the first batch
     * @param events at least one event, at most the batch size, oldest first
     * @return the new state, never null
     */
    S handle(String key, S state, List<MailboxEvent<E>> events);
}

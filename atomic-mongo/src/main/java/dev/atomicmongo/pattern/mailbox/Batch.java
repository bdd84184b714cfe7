package dev.atomicmongo.pattern.mailbox;

import java.util.List;

/** What the lock holder read: the state, the next events (at most a batch), and whether more wait. */
record Batch<S, E>(S state, List<MailboxEvent<E>> events, boolean more) {
}

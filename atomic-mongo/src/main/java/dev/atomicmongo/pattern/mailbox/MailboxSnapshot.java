package dev.atomicmongo.pattern.mailbox;

import java.util.Objects;

/**
 * An entity as read from the database: its stored state and how many events wait.
 *
 * @param key           the entity's key
 * @param state         the stored state, or the initial state if no batch has been stored yet
 * @param pendingEvents events posted and not yet stored into the state
 * @param <S>           the state type
 */
public record MailboxSnapshot<S>(String key, S state, int pendingEvents) {

    /** Checks the components. */
    public MailboxSnapshot {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(state, "state");
    }
}

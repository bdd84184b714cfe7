package dev.atomicmongo.pattern.mailbox;

import java.time.Instant;
import java.util.Objects;

import org.bson.types.ObjectId;

/**
 * A posted event as the handler sees it.
 *
 * @param id       unique per post, as returned by {@link Mailbox#post}; use it to make side effects idempotent
 * @param postedAt when it was posted, on the posting client's clock
 * @param event    the event
 * @param <E>      the event type
 */
public record MailboxEvent<E>(ObjectId id, Instant postedAt, E event) {

    /** Checks the components. */
    public MailboxEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(postedAt, "postedAt");
        Objects.requireNonNull(event, "event");
    }
}

package dev.atomicmongo.pattern.mailbox;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.bson.types.ObjectId;

/**
 * A batch the handler failed on {@linkplain MailboxBuilder#maxAttempts max attempts} times, moved
 * out of the entity's queue in the same guarded write that recorded its last failure; read with
 * {@link Mailbox#deadLetters(String)}. Its events were never stored into the state.
 *
 * @param id           this letter's id, for {@link Mailbox#removeDeadLetter(String, ObjectId)}
 * @param events       the batch's events, oldest first, as posted
 * @param errorType    the class name of the last attempt's error, e.g. {@code java.lang.IllegalStateException}
 * @param errorMessage the last error's message, empty if it had none, cut after 1,000 characters
 * @param attempts     how many attempts failed
 * @param at           when the batch was moved aside, on the moving instance's clock
 * @param token        the lock token of the instance that moved it
 * @param <E>          the event type
 */
public record DeadLetter<E>(ObjectId id, List<MailboxEvent<E>> events, String errorType, String errorMessage, int attempts,
                            Instant at, long token) {

    /** Checks the components and copies the list. */
    public DeadLetter {
        Objects.requireNonNull(id, "id");
        events = List.copyOf(events);
        Objects.requireNonNull(errorType, "errorType");
        Objects.requireNonNull(errorMessage, "errorMessage");
        Objects.requireNonNull(at, "at");
    }
}

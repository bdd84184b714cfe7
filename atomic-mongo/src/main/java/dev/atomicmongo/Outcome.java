package dev.atomicmongo;

import java.util.Optional;

/**
 * The result of an operation that can be refused: a success, or a {@link Refusal} record saying
 * why nothing was written. Every refusable operation of atomic-mongo returns a sealed family of
 * records implementing this interface, so a caller either branches on the records
 * ({@code instanceof}, or a pattern {@code switch} on Java 21) or asks for success with
 * {@link #orThrow()}.
 *
 * <pre>{@code
 * ReservationOutcome outcome = booking.reserve("concert", "alice");
 * if (outcome instanceof ReservationOutcome.Full full) {
 *     waitlist(full.remaining());
 * }
 * ReservationOutcome.Reserved reserved = booking.reserve("concert", "bob").orThrow();
 * }</pre>
 *
 * @param <V> what {@link #orThrow()} returns on success
 */
public interface Outcome<V> {

    /**
     * The success value.
     *
     * @throws RefusedException if the operation was refused: the subclass named by the refusal
     *         record, carrying that record as {@link RefusedException#refusal()}
     */
    V orThrow();

    /** True if the operation was refused; the outcome is then a {@link Refusal}. */
    default boolean isRefused() {
        return this instanceof Refusal;
    }

    /** The refusal, or empty if the operation succeeded. */
    default Optional<Refusal> refusal() {
        return this instanceof Refusal refusal ? Optional.of(refusal) : Optional.empty();
    }
}

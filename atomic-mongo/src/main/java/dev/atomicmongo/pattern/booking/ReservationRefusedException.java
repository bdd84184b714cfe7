package dev.atomicmongo.pattern.booking;

import java.util.Objects;

import dev.atomicmongo.ConditionFailedException;

/**
 * A reservation or release the caller required to succeed was refused: the holder already had
 * seats, too few seats were left, or the holder had nothing to release: a
 * {@link ConditionFailedException} whose {@link #refusal()} is the record saying which, typed on
 * the sealed {@link BookingRefusal}:
 *
 * <pre>{@code
 * try {
 *     booking.reserve("concert", "alice", 4).orThrow();
 * } catch (ReservationRefusedException e) {
 *     if (e.refusal() instanceof ReservationOutcome.Full full) {
 *         offer(full.remaining());
 *     }
 * }
 * }</pre>
 */
public class ReservationRefusedException extends ConditionFailedException {
    private static final long serialVersionUID = 1L;
    private final transient BookingRefusal refusal;

    /** Creates the exception for a refusal; its message is the refusal's {@link BookingRefusal#reason()}. */
    public ReservationRefusedException(BookingRefusal refusal) {
        super(Objects.requireNonNull(refusal, "refusal"), refusal.reason());
        this.refusal = refusal;
    }

    /** The refusal: {@link ReservationOutcome.AlreadyReserved}, {@link ReservationOutcome.Full} or {@link ReleaseOutcome.NotHeld}. */
    @Override
    public BookingRefusal refusal() {
        return refusal;
    }
}

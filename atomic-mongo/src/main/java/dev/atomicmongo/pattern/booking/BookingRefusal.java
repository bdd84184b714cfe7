package dev.atomicmongo.pattern.booking;

import dev.atomicmongo.ConditionRefusal;
import dev.atomicmongo.Refusal;

/**
 * Why a reservation or release of an existing resource was refused: the holder already has
 * seats ({@link ReservationOutcome.AlreadyReserved}), too few seats are left
 * ({@link ReservationOutcome.Full}), or the holder has nothing to release
 * ({@link ReleaseOutcome.NotHeld}). The resource exists but did not meet the guard, so each is a
 * {@link ConditionRefusal} whose {@link #condition()} is the guard as sent; {@link Refusal#toException()}
 * makes the {@link ReservationRefusedException} (a {@code ConditionFailedException}) that carries
 * it. A missing resource is a {@link dev.atomicmongo.NotFoundRefusal} instead.
 */
public sealed interface BookingRefusal extends ConditionRefusal
        permits ReservationOutcome.AlreadyReserved, ReservationOutcome.Full, ReleaseOutcome.NotHeld,
                GroupReservationOutcome.AlreadyReserved, GroupReservationOutcome.Full {

    /** The resource whose seats were asked for. */
    Object resourceId();

    /** Why, in a sentence (the exception's message). */
    String reason();

    @Override
    default ReservationRefusedException toException() {
        return new ReservationRefusedException(this);
    }
}

package dev.atomicmongo.pattern.booking;

import dev.atomicmongo.AtomicMongoException;

/**
 * A reservation or release the caller required to succeed was refused: the holder already had
 * seats, too few seats were left, or the holder had nothing to release. {@link #outcome()} says which.
 */
public class ReservationRefusedException extends AtomicMongoException {
    private static final long serialVersionUID = 1L;
    private final transient Object outcome;

    /** Creates the exception for a refused reservation. */
    public ReservationRefusedException(ReservationOutcome outcome) {
        super(message(outcome));
        this.outcome = outcome;
    }

    /** Creates the exception for a refused release. */
    public ReservationRefusedException(ReleaseOutcome outcome) {
        super(message(outcome));
        this.outcome = outcome;
    }

    /** The refusal: a {@link ReservationOutcome} or a {@link ReleaseOutcome}. */
    public Object outcome() {
        return outcome;
    }

    private static String message(Object outcome) {
        if (outcome instanceof ReservationOutcome.AlreadyReserved a) {
            return "Holder " + a.holderId() + " already holds " + a.seatsHeld() + " seat(s) of " + a.resourceId();
        }
        if (outcome instanceof ReservationOutcome.Full f) {
            return "Resource " + f.resourceId() + " has " + f.remaining() + " of " + f.capacity()
                    + " seat(s) left; " + f.requested() + " requested";
        }
        if (outcome instanceof ReleaseOutcome.NotHeld n) {
            return "Holder " + n.holderId() + " holds no seat of " + n.resourceId();
        }
        return String.valueOf(outcome);
    }
}

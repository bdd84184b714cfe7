package dev.atomicmongo.pattern.booking;

import dev.atomicmongo.DocumentNotFoundException;
import dev.atomicmongo.NotFoundRefusal;
import dev.atomicmongo.Outcome;
import org.bson.BsonDocument;

/**
 * The result of {@link CapacityBooking#reserve}: reserved, or why not. Only the refusals are
 * found by a read, made once the guarded update matched nothing.
 *
 * <pre>{@code
 * ReservationOutcome outcome = booking.reserve(eventId, userId);
 * if (outcome instanceof ReservationOutcome.Full full) {
 *     waitlist(userId, full.remaining());
 * } else if (outcome instanceof ReservationOutcome.AlreadyReserved already) {
 *     showTicket(already.seatsHeld());
 * } else {
 *     confirm(outcome.orThrow());          // Reserved, or DocumentNotFoundException
 * }
 * }</pre>
 */
public sealed interface ReservationOutcome extends Outcome<ReservationOutcome.Reserved> {

    /** True if the seats were reserved by this call. */
    default boolean isReserved() {
        return this instanceof Reserved;
    }

    /**
     * This outcome if the seats were reserved.
     *
     * @throws ReservationRefusedException if the holder already had a reservation or too few seats were left
     * @throws DocumentNotFoundException if the resource does not exist
     */
    @Override
    Reserved orThrow();

    /** The holder now holds {@code seats} seats of the resource. */
    record Reserved(Object resourceId, Object holderId, int seats) implements ReservationOutcome {
        @Override
        public Reserved orThrow() {
            return this;
        }
    }

    /**
     * The holder already holds {@code seatsHeld} seats; nothing changed (one reservation per holder).
     *
     * @param condition the reservation's guard as sent
     */
    record AlreadyReserved(Object resourceId, Object holderId, int seatsHeld, BsonDocument condition)
            implements ReservationOutcome, BookingRefusal {
        @Override
        public String reason() {
            return "Holder " + holderId + " already holds " + seatsHeld + " seat(s) of " + resourceId;
        }

        @Override
        public Reserved orThrow() {
            throw toException();
        }
    }

    /**
     * Fewer than {@code requested} seats were left, as read right after the refused update.
     *
     * @param condition the reservation's guard as sent
     */
    record Full(Object resourceId, int requested, long sold, long capacity, BsonDocument condition)
            implements ReservationOutcome, BookingRefusal {
        /** Seats left when the resource was read, never negative. */
        public long remaining() {
            return Math.max(0, capacity - sold);
        }

        @Override
        public String reason() {
            return "Resource " + resourceId + " has " + remaining() + " of " + capacity + " seat(s) left; "
                    + requested + " requested";
        }

        @Override
        public Reserved orThrow() {
            throw toException();
        }
    }

    /** No resource matches {@code identity}, the filter on its id. */
    record NotFound(BsonDocument identity) implements ReservationOutcome, NotFoundRefusal {
        @Override
        public Reserved orThrow() {
            throw toException();
        }
    }
}

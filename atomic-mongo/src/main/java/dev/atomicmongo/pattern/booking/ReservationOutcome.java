package dev.atomicmongo.pattern.booking;

import dev.atomicmongo.DocumentNotFoundException;
import dev.atomicmongo.NotFoundRefusal;
import dev.atomicmongo.Outcome;
import org.bson.BsonDocument;

/**
 * The result of {@link CapacityBooking#reserve}: reserved, or why not. Only the refusals are
 * found by a read, made once the guarded update matched nothing. A reservation made with an
 * {@link dev.atomicmongo.collection.OperationId} and retried after a lost reply is
 * {@link Reserved} again, with {@link Reserved#duplicate()} true: the seats were booked once, by
 * the earlier call, never a refusal and never a second booking.
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

    /**
     * True if the seats are reserved: by this call, or, for a {@linkplain Reserved#duplicate() duplicate},
     * by an earlier call with the same operation id.
     */
    default boolean isReserved() {
        return this instanceof Reserved;
    }

    /**
     * True if an earlier call with the same operation id made this reservation and this call
     * changed nothing; see {@link CapacityBooking#reserve(Object, Object, int, dev.atomicmongo.collection.OperationId)}.
     */
    default boolean isDuplicate() {
        return this instanceof Reserved reserved && reserved.duplicate();
    }

    /**
     * This outcome if the seats were reserved (by this call, or by an earlier one with the same operation id).
     *
     * @throws ReservationRefusedException if the holder already had a reservation or too few seats were left
     * @throws DocumentNotFoundException if the resource does not exist
     */
    @Override
    Reserved orThrow();

    /**
     * The holder was given {@code seats} seats of the resource, exactly once.
     *
     * @param resourceId the resource
     * @param holderId   the holder, as given
     * @param seats      the seats requested and booked
     * @param duplicate  false if this call booked them; true if an earlier call with the same
     *                   operation id did (a retry after a lost reply), so this one wrote nothing.
     *                   {@code seats} is then this call's request: an id names one reservation,
     *                   and the holder may have released it since
     */
    record Reserved(Object resourceId, Object holderId, int seats, boolean duplicate) implements ReservationOutcome {
        /** A reservation this call made ({@code duplicate} false). */
        public Reserved(Object resourceId, Object holderId, int seats) {
            this(resourceId, holderId, seats, false);
        }

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

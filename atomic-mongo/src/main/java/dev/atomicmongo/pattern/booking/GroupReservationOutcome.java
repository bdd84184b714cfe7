package dev.atomicmongo.pattern.booking;

import java.util.List;
import java.util.Objects;

import dev.atomicmongo.NotFoundRefusal;
import dev.atomicmongo.Outcome;
import org.bson.BsonDocument;

/**
 * The result of {@link CapacityBooking#reserveAll}: every holder got one seat, or none did, and why.
 *
 * @see ReservationOutcome the outcome of a single reservation
 */
public sealed interface GroupReservationOutcome extends Outcome<GroupReservationOutcome.Reserved> {

    /** True if every holder got a seat in this call. */
    default boolean isReserved() {
        return this instanceof Reserved;
    }

    /**
     * This outcome if the seats were reserved.
     *
     * @throws ReservationRefusedException if a holder already had a reservation or too few seats were left
     * @throws dev.atomicmongo.DocumentNotFoundException if the resource does not exist
     */
    @Override
    Reserved orThrow();

    /** Each holder now holds one seat of the resource, all added by one write. */
    record Reserved(Object resourceId, List<Object> holderIds) implements GroupReservationOutcome {
        /** Copies the list. */
        public Reserved {
            holderIds = List.copyOf(Objects.requireNonNull(holderIds, "holderIds"));
        }

        @Override
        public Reserved orThrow() {
            return this;
        }
    }

    /**
     * Some holders already hold seats, so nobody was booked.
     *
     * @param holding   the holders of the request that already hold a seat, in request order
     * @param condition the reservation's guard as sent
     */
    record AlreadyReserved(Object resourceId, List<Object> holding, BsonDocument condition)
            implements GroupReservationOutcome, BookingRefusal {
        /** Copies the list. */
        public AlreadyReserved {
            holding = List.copyOf(Objects.requireNonNull(holding, "holding"));
        }

        @Override
        public String reason() {
            return "Holder(s) " + holding + " already hold seats of " + resourceId + "; nobody was booked";
        }

        @Override
        public Reserved orThrow() {
            throw toException();
        }
    }

    /**
     * Fewer than {@code requested} seats were left (as read right after the refused update), so nobody was booked.
     *
     * @param condition the reservation's guard as sent
     */
    record Full(Object resourceId, int requested, long sold, long capacity, BsonDocument condition)
            implements GroupReservationOutcome, BookingRefusal {
        /** Seats left when the resource was read, never negative. */
        public long remaining() {
            return Math.max(0, capacity - sold);
        }

        @Override
        public String reason() {
            return "Resource " + resourceId + " has " + remaining() + " of " + capacity + " seat(s) left; "
                    + requested + " requested together";
        }

        @Override
        public Reserved orThrow() {
            throw toException();
        }
    }

    /** No resource matches {@code identity}, the filter on its id. */
    record NotFound(BsonDocument identity) implements GroupReservationOutcome, NotFoundRefusal {
        @Override
        public Reserved orThrow() {
            throw toException();
        }
    }
}

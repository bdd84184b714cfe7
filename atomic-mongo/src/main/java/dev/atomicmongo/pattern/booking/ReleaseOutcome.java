package dev.atomicmongo.pattern.booking;

import dev.atomicmongo.DocumentNotFoundException;
import dev.atomicmongo.NotFoundRefusal;
import dev.atomicmongo.Outcome;
import org.bson.BsonDocument;

/** The result of {@link CapacityBooking#release}: released, or why there was nothing to release. */
public sealed interface ReleaseOutcome extends Outcome<ReleaseOutcome.Released> {

    /** True if this call released the holder's seats. */
    default boolean isReleased() {
        return this instanceof Released;
    }

    /**
     * This outcome if the seats were released.
     *
     * @throws ReservationRefusedException if the holder held no seats
     * @throws DocumentNotFoundException if the resource does not exist
     */
    @Override
    Released orThrow();

    /** The holder's {@code seats} seats were given back. */
    record Released(Object resourceId, Object holderId, int seats) implements ReleaseOutcome {
        @Override
        public Released orThrow() {
            return this;
        }
    }

    /**
     * The holder holds no seats of the resource; nothing changed.
     *
     * @param condition the release's guard as sent, {@code {holders: {$elemMatch: {holder, seats}}}}
     *     ({@code {holders: id}} with {@link HolderLayout#PLAIN_IDS})
     */
    record NotHeld(Object resourceId, Object holderId, BsonDocument condition) implements ReleaseOutcome, BookingRefusal {
        @Override
        public String reason() {
            return "Holder " + holderId + " holds no seat of " + resourceId;
        }

        @Override
        public Released orThrow() {
            throw toException();
        }
    }

    /** No resource matches {@code identity}, the filter on its id. */
    record NotFound(BsonDocument identity) implements ReleaseOutcome, NotFoundRefusal {
        @Override
        public Released orThrow() {
            throw toException();
        }
    }
}

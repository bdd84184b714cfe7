package dev.atomicmongo.pattern.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atomicmongo.ConditionFailedException;
import dev.atomicmongo.DocumentNotFoundException;
import dev.atomicmongo.Outcome;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

/** Booking's outcomes speak the common vocabulary: each refusal is a typed record its exception carries. */
class BookingOutcomesTest {
    private static final BsonDocument GUARD = BsonDocument.parse("{'holders.holder': {$ne: 'bob'}}");

    @Test
    void a_full_resource_throws_a_condition_failure_carrying_the_full_record() {
        ReservationOutcome.Full full = new ReservationOutcome.Full("gig", 2, 9, 10, GUARD);

        assertThatThrownBy(full::orThrow).isInstanceOfSatisfying(ReservationRefusedException.class, e -> {
            BookingRefusal refusal = e.refusal();
            assertThat(refusal).isSameAs(full);
            assertThat(e.condition()).isEqualTo(GUARD);
        }).isInstanceOf(ConditionFailedException.class).hasMessage("Resource gig has 1 of 10 seat(s) left; 2 requested");
        assertThat(full.isRefused()).isTrue();
        assertThat(full.refusal()).contains(full);
    }

    @Test
    void already_reserved_and_not_held_are_booking_refusals_too() {
        ReservationOutcome.AlreadyReserved already = new ReservationOutcome.AlreadyReserved("gig", "bob", 3, GUARD);
        ReleaseOutcome.NotHeld notHeld = new ReleaseOutcome.NotHeld("gig", "eve", GUARD);

        assertThatThrownBy(already::orThrow).isInstanceOfSatisfying(ReservationRefusedException.class,
                e -> assertThat(e.refusal()).isSameAs(already)).hasMessage("Holder bob already holds 3 seat(s) of gig");
        assertThatThrownBy(notHeld::orThrow).isInstanceOfSatisfying(ReservationRefusedException.class,
                e -> assertThat(e.refusal()).isSameAs(notHeld)).hasMessage("Holder eve holds no seat of gig");
    }

    @Test
    void a_missing_resource_is_a_not_found_refusal_and_success_is_no_refusal() {
        ReservationOutcome missing = new ReservationOutcome.NotFound(BsonDocument.parse("{_id: 'x'}"));
        Outcome<ReservationOutcome.Reserved> reserved = new ReservationOutcome.Reserved("gig", "bob", 1);

        assertThatThrownBy(missing::orThrow).isInstanceOfSatisfying(DocumentNotFoundException.class,
                e -> assertThat(e.refusal()).isSameAs(missing));
        assertThat(reserved.isRefused()).isFalse();
        assertThat(reserved.orThrow()).isSameAs(reserved);
    }

    @Test
    void a_duplicate_reservation_is_reserved_and_says_so_and_a_fresh_one_is_no_duplicate() {
        ReservationOutcome fresh = new ReservationOutcome.Reserved("gig", "bob", 2);
        ReservationOutcome duplicate = new ReservationOutcome.Reserved("gig", "bob", 2, true);

        assertThat(fresh).isEqualTo(new ReservationOutcome.Reserved("gig", "bob", 2, false));
        assertThat(fresh.isDuplicate()).isFalse();
        assertThat(duplicate.isReserved()).isTrue();
        assertThat(duplicate.isDuplicate()).isTrue();
        assertThat(duplicate.isRefused()).isFalse();
        assertThat(duplicate.orThrow()).isSameAs(duplicate);
        assertThat(duplicate).isNotEqualTo(fresh);
        assertThat(new ReservationOutcome.Full("gig", 2, 9, 10, GUARD).isDuplicate()).isFalse();
    }
}

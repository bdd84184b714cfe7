package dev.atomicmongo.it.pattern.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.it.pattern.PathCases;
import dev.atomicmongo.it.pattern.ServerPath;
import dev.atomicmongo.it.support.ManualClock;
import dev.atomicmongo.pattern.lease.Lease;
import dev.atomicmongo.pattern.lease.LeaseHeldException;
import dev.atomicmongo.pattern.lease.LeaseLost;
import dev.atomicmongo.pattern.lease.LeaseLostException;
import dev.atomicmongo.pattern.lease.LeaseOutcome;
import dev.atomicmongo.pattern.lease.LeaseReleaseOutcome;
import dev.atomicmongo.pattern.lease.Leases;
import dev.atomicmongo.pattern.lease.RenewalOutcome;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

class LeaseTest {
    @Nested
    @DisplayName("pipeline path")
    class PipelinePath extends Cases {
        PipelinePath() {
            super(ServerPath.PIPELINE);
        }
    }

    @Nested
    @DisplayName("fallback path")
    class FallbackPath extends Cases {
        FallbackPath() {
            super(ServerPath.FALLBACK);
        }
    }

    /** The cases, run once on each path. */
    abstract static class Cases extends PathCases {
        private static final Duration TTL = Duration.ofSeconds(10);

        private final MongoDatabase db;
        private final ManualClock clock = ManualClock.atNow();
        private MongoCollection<Document> collection;
        private Leases leases;

        Cases(ServerPath path) {
            super(path);
            this.db = database();
        }

        @BeforeEach
        void freshCollection(TestInfo test) {
            collection = db.getCollection(test.getTestMethod().orElseThrow().getName());
            leases = Leases.on(path.assertTakenBy(AtomicCollection.of(collection))).withClock(clock);
        }

        @Test
        void the_first_acquisition_creates_the_lease_with_token_1() {
            Lease lease = leases.acquire("job", "worker-a", TTL).orThrow();

            assertThat(lease).isEqualTo(new Lease("job", "worker-a", 1, clock.instant().plus(TTL)));
            Document stored = collection.find().first();
            assertThat(stored.getString("_id")).isEqualTo("job");
            assertThat(stored.getString("owner")).isEqualTo("worker-a");
            assertThat(((Number) stored.get("token")).longValue()).isEqualTo(1);
            assertThat(stored.getDate("until").toInstant()).isEqualTo(clock.instant().plus(TTL));
            assertThat(stored.keySet()).containsExactlyInAnyOrder("_id", "owner", "token", "until");
        }

        @Test
        void a_second_owner_is_told_the_lease_is_held_not_thrown_at() {
            leases.acquire("job", "worker-a", TTL).orThrow();

            LeaseOutcome outcome = leases.acquire("job", "worker-b", TTL);

            assertThat(outcome.isAcquired()).isFalse();
            assertThat(outcome.acquired()).isEmpty();
            if (path.pipelines()) {            // the $cond acquisition reads the holder back
                assertThat(outcome).isEqualTo(new LeaseOutcome.Held("job", Optional.of("worker-a")));
                assertThatThrownBy(outcome::orThrow).isInstanceOf(LeaseHeldException.class)
                        .hasMessage("Lease 'job' is held by 'worker-a'");
            } else {
                assertThat(outcome).isEqualTo(new LeaseOutcome.Held("job", Optional.empty()));
                assertThatThrownBy(outcome::orThrow).isInstanceOf(LeaseHeldException.class)
                        .hasMessage("Lease 'job' is held by another owner");
            }
            assertThat(collection.find().first().getString("owner")).isEqualTo("worker-a");
        }

        @Test
        void release_frees_the_lease_and_the_next_holder_gets_a_larger_token() {
            Lease first = leases.acquire("job", "worker-a", TTL).orThrow();

            assertThat(leases.release(first)).isEqualTo(new LeaseReleaseOutcome.Released(first));
            Lease second = leases.acquire("job", "worker-b", TTL).orThrow();

            assertThat(second.token()).isEqualTo(2);
            assertThat(second.owner()).isEqualTo("worker-b");
        }

        @Test
        void the_holder_acquiring_again_gets_a_new_token() {
            Lease first = leases.acquire("job", "worker-a", TTL).orThrow();
            clock.advance(Duration.ofSeconds(3));

            Lease again = leases.acquire("job", "worker-a", TTL).orThrow();

            assertThat(again.token()).isEqualTo(first.token() + 1);
            assertThat(again.expiresAt()).isEqualTo(clock.instant().plus(TTL));
            assertThat(leases.release(first)).as("the old token no longer releases it").isEqualTo(new LeaseLost(first));
            assertThat(leases.renew(first, TTL)).as("nor renews it").isEqualTo(new LeaseLost(first));
            assertThat(leases.renew(again, TTL).orThrow().token()).isEqualTo(again.token());
            assertThat(leases.release(again).isRefused()).isFalse();
        }

        @Test
        void an_expired_lease_goes_to_another_owner_with_a_larger_token() {
            Lease first = leases.acquire("job", "worker-a", TTL).orThrow();
            clock.advance(TTL);

            Lease second = leases.acquire("job", "worker-b", TTL).orThrow();

            assertThat(second.token()).isEqualTo(first.token() + 1);
            assertThat(leases.release(first)).as("a former holder releases nothing").isEqualTo(new LeaseLost(first));
            assertThat(collection.find().first().getString("owner")).isEqualTo("worker-b");
        }

        @Test
        void renew_extends_a_lease_still_held() {
            Lease lease = leases.acquire("job", "worker-a", TTL).orThrow();
            clock.advance(Duration.ofSeconds(9));

            RenewalOutcome renewed = leases.renew(lease, TTL);

            assertThat(renewed).isEqualTo(new RenewalOutcome.Renewed(new Lease("job", "worker-a", lease.token(), clock.instant().plus(TTL))));
            clock.advance(Duration.ofSeconds(9));
            assertThat(leases.acquire("job", "worker-b", TTL).isAcquired()).isFalse();
        }

        @Test
        void renew_of_an_expired_lease_is_refused_even_if_nobody_took_it() {
            Lease lease = leases.acquire("job", "worker-a", TTL).orThrow();
            clock.advance(TTL);

            RenewalOutcome outcome = leases.renew(lease, TTL);

            assertThat(outcome).isEqualTo(new LeaseLost(lease));
            assertThatThrownBy(outcome::orThrow).isInstanceOf(LeaseLostException.class)
                    .hasMessage("Lease 'job' (owner 'worker-a', token 1) was lost");
        }

        @Test
        void release_of_an_expired_lease_nobody_took_frees_it_because_release_ignores_expiry() {
            Lease lease = leases.acquire("job", "worker-a", TTL).orThrow();
            clock.advance(TTL.plusSeconds(1));

            assertThat(leases.release(lease)).isEqualTo(new LeaseReleaseOutcome.Released(lease));
            Document stored = collection.find().first();
            assertThat(stored.get("owner")).isNull();
            assertThat(((Number) stored.get("token")).longValue()).as("the token is kept").isEqualTo(1);
        }

        @Test
        void the_fencing_token_grows_by_one_with_every_acquisition_across_owners() {
            long previous = 0;
            for (String owner : new String[] {"worker-a", "worker-b", "worker-a", "worker-c"}) {
                Lease lease = leases.acquire("job", owner, TTL).orThrow();
                assertThat(lease.token()).as(owner).isEqualTo(previous + 1);
                previous = lease.token();
                clock.advance(TTL);                                  // expire it; the next owner takes over
            }
            assertThat(leases.acquire("job", "worker-d", TTL).orThrow().token()).isEqualTo(5);
        }

        @Test
        void a_held_refusal_is_the_typed_record_of_its_exception() {
            leases.acquire("job", "worker-a", TTL).orThrow();
            LeaseOutcome outcome = leases.acquire("job", "worker-b", TTL);

            assertThatThrownBy(outcome::orThrow).isInstanceOfSatisfying(LeaseHeldException.class,
                    e -> assertThat(e.refusal()).isEqualTo(outcome));
            assertThat(outcome.isRefused()).isTrue();
        }

        @Test
        void leases_on_an_atomic_collection_share_its_documents() {
            Leases onAtomic = Leases.on(AtomicCollection.of(collection)).withClock(clock);
            Lease lease = onAtomic.acquire("job", "worker-a", TTL).orThrow();

            assertThat(leases.acquire("job", "worker-b", TTL).isAcquired()).isFalse();
            assertThat(leases.release(lease).orThrow()).isEqualTo(lease);
        }

        @Test
        void an_owner_name_starting_with_a_dollar_is_stored_as_a_string() {
            Lease lease = leases.acquire("job", "$worker", TTL).orThrow();

            assertThat(lease.owner()).isEqualTo("$worker");
            assertThat(collection.withDocumentClass(BsonDocument.class).find().first().getString("owner").getValue())
                    .isEqualTo("$worker");
            assertThat(leases.acquire("job", "$other", TTL).isAcquired()).isFalse();
        }

        @Test
        void refuses_blank_names_and_owners_and_ttls_under_a_millisecond() {
            assertThatThrownBy(() -> leases.acquire(" ", "worker-a", TTL))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("Lease name must not be blank");
            assertThatThrownBy(() -> leases.acquire("job", "", TTL))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("Lease owner must not be blank");
            assertThatThrownBy(() -> leases.acquire("job", null, TTL))
                    .isInstanceOf(NullPointerException.class).hasMessage("owner");
            assertThatThrownBy(() -> leases.acquire("job", "worker-a", Duration.ofNanos(10)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("Lease ttl must be between 1 ms and 100 years, got PT0.00000001S");
            assertThatThrownBy(() -> leases.acquire("job", "worker-a", Duration.ofSeconds(Long.MAX_VALUE)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("Lease ttl must be between 1 ms and 100 years");
            assertThat(collection.countDocuments()).isZero();
        }
    }
}

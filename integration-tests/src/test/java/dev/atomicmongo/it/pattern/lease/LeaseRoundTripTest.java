package dev.atomicmongo.it.pattern.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.it.pattern.PathCases;
import dev.atomicmongo.it.pattern.ServerPath;
import dev.atomicmongo.pattern.lease.Lease;
import dev.atomicmongo.pattern.lease.Leases;
import dev.atomicmongo.test.CommandRecorder;
import dev.atomicmongo.test.TestMongo;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LeaseRoundTripTest {
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
        Cases(ServerPath path) {
            super(path);
        }

        @Test
        void acquire_renew_release_and_a_refused_acquire_take_one_round_trip_each(TestMongo mongo, MongoDatabase db) {
            CommandRecorder commands = new CommandRecorder();
            try (MongoClient client = mongo.newClient(commands)) {
                Leases leases = Leases.on(path.assertTakenBy(AtomicCollection.of(
                        client.getDatabase(db.getName()).getCollection("leases"))));
                leases.release(leases.acquire("warm-up", "worker-a", Duration.ofMinutes(1)).orThrow());
                AtomicReference<Lease> lease = new AtomicReference<>();

                assertThat(commands.during(() -> lease.set(leases.acquire("job", "worker-a", Duration.ofMinutes(1)).orThrow())))
                        .containsExactly("findAndModify");
                assertThat(commands.during(() -> assertThat(leases.acquire("job", "worker-b", Duration.ofMinutes(1))
                        .isAcquired()).isFalse())).containsExactly("findAndModify");
                assertThat(commands.during(() -> lease.set(leases.renew(lease.get(), Duration.ofMinutes(1)).orThrow())))
                        .containsExactly("findAndModify");
                assertThat(commands.during(() -> assertThat(leases.release(lease.get()).isRefused()).isFalse()))
                        .containsExactly("update");
            }
        }
    }
}

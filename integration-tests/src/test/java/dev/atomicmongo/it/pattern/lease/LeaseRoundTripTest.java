package dev.atomicmongo.it.pattern.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import dev.atomicmongo.pattern.lease.Lease;
import dev.atomicmongo.pattern.lease.Leases;
import dev.atomicmongo.test.MongoTest;
import dev.atomicmongo.test.TestMongo;
import org.junit.jupiter.api.Test;

@MongoTest
class LeaseRoundTripTest {

    @Test
    void acquire_renew_release_and_a_refused_acquire_take_one_round_trip_each(TestMongo mongo, MongoDatabase db) {
        Queue<String> commands = new ConcurrentLinkedQueue<>();
        try (MongoClient client = mongo.newClient(new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                commands.add(event.getCommandName());
            }
        })) {
            Leases leases = Leases.on(client.getDatabase(db.getName()).getCollection("leases"));
            leases.release(leases.acquire("warm-up", "worker-a", Duration.ofMinutes(1)).orThrow());
            commands.clear();

            Lease lease = leases.acquire("job", "worker-a", Duration.ofMinutes(1)).orThrow();
            assertThat(List.copyOf(commands)).containsExactly("findAndModify");
            commands.clear();

            assertThat(leases.acquire("job", "worker-b", Duration.ofMinutes(1)).isAcquired()).isFalse();
            assertThat(List.copyOf(commands)).containsExactly("findAndModify");
            commands.clear();

            lease = leases.renew(lease, Duration.ofMinutes(1)).orElseThrow();
            assertThat(List.copyOf(commands)).containsExactly("findAndModify");
            commands.clear();

            assertThat(leases.release(lease)).isTrue();
            assertThat(List.copyOf(commands)).containsExactly("update");
        }
    }
}

package dev.atomicmongo.pattern.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import com.mongodb.client.model.ReturnDocument;
import dev.atomicmongo.collection.Commands;
import dev.atomicmongo.collection.CompiledUpdate;
import dev.atomicmongo.collection.FindAndModifyCommand;
import dev.atomicmongo.collection.UpdateCommand;
import dev.atomicmongo.pattern.lock.LockTime;
import dev.atomicmongo.update.UpdateBuilder;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

class LeaseCommandsTest {
    private static final LeaseCommands COMMANDS = new LeaseCommands(Commands.withDefaultCodecs());
    private static final Instant AT = Instant.parse("2030-01-01T00:00:00Z");

    private static BsonArray pipeline(CompiledUpdate update) {
        return new BsonArray(((CompiledUpdate.Pipeline) update).stages());
    }

    private static BsonDocument operators(CompiledUpdate update) {
        return ((CompiledUpdate.Operators) update).document();
    }

    @Test
    void acquire_on_the_server_clock_is_one_pipeline_upsert_with_cond_on_expiry_or_same_owner() {
        FindAndModifyCommand acquire = COMMANDS.acquire("job", "$w", Duration.ofSeconds(30), LockTime.server(), true);

        String free = "{$or: [{$lte: [{$ifNull: ['$until', {$date: 0}]}, '$$NOW']},"
                + " {$eq: ['$owner', {$literal: '$w'}]}]}";
        assertThat(acquire.filter()).isEqualTo(BsonDocument.parse("{_id: 'job'}"));
        assertThat(acquire.upsert()).isTrue();
        assertThat(acquire.returnDocument()).isEqualTo(ReturnDocument.AFTER);
        assertThat(pipeline(acquire.update())).isEqualTo(BsonArray.parse("[{$set: {"
                + "owner: {$cond: [" + free + ", {$literal: '$w'}, '$owner']},"
                + "token: {$cond: [" + free + ", {$add: [{$ifNull: ['$token', {$numberLong: '0'}]}, {$numberLong: '1'}]}, '$token']},"
                + "until: {$cond: [" + free + ", {$add: ['$$NOW', {$numberLong: '30000'}]}, '$until']}}}]"));
    }

    @Test
    void acquire_on_a_client_clock_compares_with_that_time() {
        FindAndModifyCommand acquire = COMMANDS.acquire("job", "w", Duration.ofSeconds(1), LockTime.client(AT), true);

        String stage = pipeline(acquire.update()).get(0).asDocument().toJson();
        assertThat(stage).contains("{\"$lte\": [{\"$ifNull\": [\"$until\", {\"$date\": \"1970-01-01T00:00:00Z\"}]}, "
                + "{\"$date\": \"2030-01-01T00:00:00Z\"}]}");
        assertThat(stage).doesNotContain("$$NOW");
    }

    @Test
    void without_pipelines_the_upsert_filter_matches_a_free_expired_or_own_lease() {
        FindAndModifyCommand acquire = COMMANDS.acquire("job", "w", Duration.ofSeconds(1), LockTime.client(AT), false);

        assertThat(acquire.filter()).isEqualTo(BsonDocument.parse(
                "{$and: [{_id: 'job'}, {$or: [{until: null}, {until: {$lte: {$date: '2030-01-01T00:00:00Z'}}},"
                        + " {owner: 'w'}]}]}"));
        assertThat(operators(acquire.update())).isEqualTo(
                BsonDocument.parse("{$set: {owner: 'w', until: {$date: '2030-01-01T00:00:01Z'}},"
                        + " $inc: {token: {$numberLong: '1'}}}"));
        assertThat(acquire.upsert()).isTrue();
    }

    @Test
    void renew_on_the_server_clock_is_guarded_by_owner_token_and_server_expiry() {
        Lease lease = new Lease("job", "w", 7, Instant.EPOCH);

        FindAndModifyCommand renew = COMMANDS.renew(lease, Duration.ofSeconds(2), LockTime.server());

        assertThat(renew.filter()).isEqualTo(BsonDocument.parse(
                "{$and: [{_id: 'job'}, {$and: [{owner: 'w'}, {token: {$numberLong: '7'}},"
                        + " {$expr: {$gt: ['$until', '$$NOW']}}]}]}"));
        assertThat(pipeline(renew.update()))
                .isEqualTo(BsonArray.parse("[{$set: {until: {$add: ['$$NOW', {$numberLong: '2000'}]}}}]"));
        assertThat(renew.upsert()).isFalse();
    }

    @Test
    void renew_on_a_client_clock_is_guarded_by_that_time_and_sets_the_expiry_from_it() {
        FindAndModifyCommand renew = COMMANDS.renew(new Lease("job", "w", 7, AT), Duration.ofSeconds(2), LockTime.client(AT));

        assertThat(renew.filter()).isEqualTo(BsonDocument.parse(
                "{$and: [{_id: 'job'}, {$and: [{owner: 'w'}, {token: {$numberLong: '7'}},"
                        + " {until: {$gt: {$date: '2030-01-01T00:00:00Z'}}}]}]}"));
        assertThat(operators(renew.update())).isEqualTo(BsonDocument.parse("{$set: {until: {$date: '2030-01-01T00:00:02Z'}}}"));
    }

    @Test
    void release_is_guarded_by_owner_and_token_whatever_the_expiry_and_keeps_the_token() {
        UpdateCommand release = COMMANDS.release(new Lease("job", "w", 7, AT));

        assertThat(release.filter()).isEqualTo(BsonDocument.parse(
                "{$and: [{_id: 'job'}, {$and: [{owner: 'w'}, {token: {$numberLong: '7'}}]}]}"));
        assertThat(operators(release.update())).isEqualTo(BsonDocument.parse("{$set: {owner: null, until: null}}"));
        assertThat(release.upsert()).isFalse();
    }

    @Test
    void leases_use_the_one_lock_core_at_the_top_level_with_reentry_on() {
        assertThat(LeaseCommands.LOCK).isEqualTo(dev.atomicmongo.pattern.lock.FencedLock.atTopLevel().withReentry(true));
        assertThat(LeaseCommands.LOCK.isReentrant()).isTrue();
    }

    @Test
    void the_fence_accepts_a_missing_or_older_token_and_stamps_this_one() {
        Lease lease = new Lease("job", "w", 7, Instant.EPOCH);

        assertThat(lease.fence("fence").toBsonDocument()).isEqualTo(BsonDocument.parse(
                "{$or: [{fence: {$lte: {$numberLong: '7'}}}, {fence: null}]}"));
        assertThat(lease.stamp(UpdateBuilder.update().set("x", 1), "fence").toBsonDocument())
                .isEqualTo(BsonDocument.parse("{$set: {x: 1, fence: {$numberLong: '7'}}}"));
    }

    @Test
    void a_refused_renewal_or_release_throws_the_typed_lease_lost_exception_carrying_its_refusal() {
        Lease lease = new Lease("job", "w", 7, AT);
        LeaseLost lost = new LeaseLost(lease);

        assertThat(lost.isRefused()).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(lost::orThrow)
                .isInstanceOf(LeaseLostException.class)
                .hasMessage("Lease 'job' (owner 'w', token 7) was lost")
                .satisfies(e -> assertThat(((LeaseLostException) e).refusal()).isSameAs(lost));
        assertThat(new RenewalOutcome.Renewed(lease).orThrow()).isSameAs(lease);
        assertThat(new LeaseReleaseOutcome.Released(lease).orThrow()).isSameAs(lease);
        LeaseOutcome.Held held = new LeaseOutcome.Held("job", java.util.Optional.of("v"));
        org.assertj.core.api.Assertions.assertThatThrownBy(held::orThrow)
                .isInstanceOf(LeaseHeldException.class).hasMessage("Lease 'job' is held by 'v'")
                .satisfies(e -> assertThat(((LeaseHeldException) e).refusal()).isSameAs(held));
    }
}

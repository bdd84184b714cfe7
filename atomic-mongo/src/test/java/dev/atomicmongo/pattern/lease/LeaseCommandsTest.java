package dev.atomicmongo.pattern.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.atomicmongo.internal.BsonValues;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

class LeaseCommandsTest {

    @Test
    void acquire_on_the_server_clock_is_one_pipeline_with_cond_on_expiry_or_same_owner() {
        List<BsonDocument> pipeline = LeaseCommands.acquirePipeline("$w", Duration.ofSeconds(30), null)
                .toPipeline(BsonValues.DEFAULT_REGISTRY);

        String free = "{$or: [{$lte: [{$ifNull: ['$until', {$date: 0}]}, '$$NOW']},"
                + " {$eq: ['$owner', {$literal: '$w'}]}]}";
        assertThat(new BsonArray(pipeline)).isEqualTo(BsonArray.parse("[{$set: {"
                + "owner: {$cond: [" + free + ", {$literal: '$w'}, '$owner']},"
                + "token: {$cond: [" + free + ", {$add: [{$ifNull: ['$token', {$numberLong: '0'}]}, {$numberLong: '1'}]}, '$token']},"
                + "until: {$cond: [" + free + ", {$add: ['$$NOW', {$numberLong: '30000'}]}, '$until']}}}]"));
    }

    @Test
    void acquire_on_a_client_clock_compares_with_that_time() {
        Instant now = Instant.parse("2030-01-01T00:00:00Z");

        BsonDocument stage = LeaseCommands.acquirePipeline("w", Duration.ofSeconds(1), now)
                .toPipeline(BsonValues.DEFAULT_REGISTRY).get(0);

        assertThat(stage.toJson()).contains("{\"$lte\": [{\"$ifNull\": [\"$until\", {\"$date\": \"1970-01-01T00:00:00Z\"}]}, "
                + "{\"$date\": \"2030-01-01T00:00:00Z\"}]}");
        assertThat(stage.toJson()).doesNotContain("$$NOW");
    }

    @Test
    void without_pipelines_the_filter_matches_a_free_expired_or_own_lease() {
        Instant now = Instant.parse("2030-01-01T00:00:00Z");

        assertThat(LeaseCommands.acquirableFilter("job", "w", now).toBsonDocument()).isEqualTo(BsonDocument.parse(
                "{$and: [{_id: 'job'}, {$or: [{until: null}, {until: {$lte: {$date: '2030-01-01T00:00:00Z'}}},"
                        + " {owner: 'w'}]}]}"));
        assertThat(LeaseCommands.acquireUpdate("w", Duration.ofSeconds(1), now).toBsonDocument()).isEqualTo(
                BsonDocument.parse("{$set: {owner: 'w', until: {$date: '2030-01-01T00:00:01Z'}},"
                        + " $inc: {token: {$numberLong: '1'}}}"));
    }

    @Test
    void renew_on_the_server_clock_is_guarded_by_owner_token_and_server_expiry() {
        Lease lease = new Lease("job", "w", 7, Instant.EPOCH);

        assertThat(LeaseCommands.heldFilter(lease, null).toBsonDocument()).isEqualTo(BsonDocument.parse(
                "{$and: [{$and: [{_id: 'job'}, {owner: 'w'}, {token: {$numberLong: '7'}}]},"
                        + " {$expr: {$gt: ['$until', '$$NOW']}}]}"));
        assertThat(new BsonArray(LeaseCommands.renewPipeline(Duration.ofSeconds(2)).toPipeline(BsonValues.DEFAULT_REGISTRY)))
                .isEqualTo(BsonArray.parse("[{$set: {until: {$add: ['$$NOW', {$numberLong: '2000'}]}}}]"));
    }

    @Test
    void the_fence_accepts_a_missing_or_older_token_and_stamps_this_one() {
        Lease lease = new Lease("job", "w", 7, Instant.EPOCH);

        assertThat(lease.fence("fence").toBsonDocument()).isEqualTo(BsonDocument.parse(
                "{$or: [{fence: {$lte: {$numberLong: '7'}}}, {fence: null}]}"));
        assertThat(lease.stamp(dev.atomicmongo.update.UpdateBuilder.update().set("x", 1), "fence").toBsonDocument())
                .isEqualTo(BsonDocument.parse("{$set: {x: 1, fence: {$numberLong: '7'}}}"));
    }
}

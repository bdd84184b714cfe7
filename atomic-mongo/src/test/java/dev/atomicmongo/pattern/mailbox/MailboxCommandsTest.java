package dev.atomicmongo.pattern.mailbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.atomicmongo.internal.BsonValues;
import dev.atomicmongo.update.PipelineUpdate;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

class MailboxCommandsTest {
    private static final ObjectId A = new ObjectId("64b000000000000000000001");
    private static final ObjectId B = new ObjectId("64b000000000000000000002");
    private static final Instant AT = Instant.parse("2030-01-01T00:00:00Z");

    private static BsonArray compile(PipelineUpdate update) {
        return new BsonArray(update.toPipeline(BsonValues.DEFAULT_REGISTRY));
    }

    @Test
    void a_post_on_the_server_clock_appends_a_literal_event_and_takes_a_free_or_expired_lock_in_one_stage() {
        Document envelope = MailboxCommands.envelope(A, AT, new Document("price", "$100").append("a.b", 1));

        BsonArray pipeline = compile(MailboxCommands.appendAndLock(envelope, "me", Duration.ofSeconds(30), null));

        String free = "{$lte: [{$ifNull: ['$lock.until', {$date: 0}]}, '$$NOW']}";
        assertThat(pipeline).isEqualTo(BsonArray.parse("[{$set: {"
                + "events: {$concatArrays: [{$ifNull: ['$events', []]}, {$literal: [{id: {$oid: '" + A + "'},"
                + "  at: {$date: '2030-01-01T00:00:00Z'}, body: {price: '$100', 'a.b': 1}}]}]},"
                + "'lock.owner': {$cond: [" + free + ", 'me', '$lock.owner']},"
                + "'lock.token': {$cond: [" + free + ", {$add: [{$ifNull: ['$lock.token', {$numberLong: '0'}]},"
                + "  {$numberLong: '1'}]}, '$lock.token']},"
                + "'lock.until': {$cond: [" + free + ", {$add: ['$$NOW', {$numberLong: '30000'}]}, '$lock.until']}}}]"));
    }

    @Test
    void storing_a_batch_with_pipelines_drops_exactly_its_events_then_renews_or_releases() {
        BsonArray pipeline = compile(MailboxCommands.storePipeline(new Document("n", "$x"), 2, Duration.ofSeconds(1), null));

        String more = "{$gt: [{$size: {$ifNull: ['$events', []]}}, 0]}";
        assertThat(pipeline).isEqualTo(BsonArray.parse("[{$set: {state: {$literal: {n: '$x'}},"
                + "  events: {$slice: [{$ifNull: ['$events', []]}, 2, 2147483647]}}},"
                + " {$set: {'lock.owner': {$cond: [" + more + ", '$lock.owner', null]},"
                + "  'lock.until': {$cond: [" + more + ", {$add: ['$$NOW', {$numberLong: '1000'}]}, null]}}}]"));
        assertThat(MailboxCommands.batchLeads(List.of(A, B)).toBsonDocument()).isEqualTo(BsonDocument.parse(
                "{$and: [{'events.0.id': {$oid: '" + A + "'}}, {'events.1.id': {$oid: '" + B + "'}}]}"));
    }

    @Test
    void the_guard_checks_owner_token_and_expiry_on_the_server_or_the_client_clock() {
        assertThat(MailboxCommands.held("k", "me", 4, null).toBsonDocument()).isEqualTo(BsonDocument.parse(
                "{$and: [{_id: 'k'}, {'lock.owner': 'me'}, {'lock.token': {$numberLong: '4'}},"
                        + " {$expr: {$gt: ['$lock.until', '$$NOW']}}]}"));
        assertThat(MailboxCommands.held("k", "me", 4, AT).toBsonDocument()).isEqualTo(BsonDocument.parse(
                "{$and: [{_id: 'k'}, {'lock.owner': 'me'}, {'lock.token': {$numberLong: '4'}},"
                        + " {'lock.until': {$gt: {$date: '2030-01-01T00:00:00Z'}}}]}"));
    }

    @Test
    void without_pipelines_a_batch_is_removed_by_id_and_the_release_requires_nothing_after_it() {
        assertThat(MailboxCommands.storeUpdate(new Document("n", 1), List.of(A, B)).set(MailboxCommands.OWNER, null)
                .set(MailboxCommands.UNTIL, null).toBsonDocument()).isEqualTo(BsonDocument.parse(
                "{$set: {state: {n: 1}, 'lock.owner': null, 'lock.until': null},"
                        + " $pull: {events: {id: {$in: [{$oid: '" + A + "'}, {$oid: '" + B + "'}]}}}}"));
        assertThat(MailboxCommands.nothingAfter(2).toBsonDocument())
                .isEqualTo(BsonDocument.parse("{'events.2': {$exists: false}}"));
    }

    @Test
    void the_sweeper_and_the_second_post_step_take_only_a_lock_that_is_free_or_expired_with_events_waiting() {
        assertThat(MailboxCommands.takeable(AT).toBsonDocument()).isEqualTo(BsonDocument.parse(
                "{$and: [{'events.0': {$exists: true}}, {$or: [{'lock.until': null},"
                        + " {'lock.until': {$lte: {$date: '2030-01-01T00:00:00Z'}}}]}]}"));
        assertThat(MailboxCommands.takeable(null).toBsonDocument()).isEqualTo(BsonDocument.parse(
                "{$and: [{'events.0': {$exists: true}},"
                        + " {$expr: {$lte: [{$ifNull: ['$lock.until', {$date: 0}]}, '$$NOW']}}]}"));
        assertThat(compile(MailboxCommands.takePipeline("me", Duration.ofSeconds(1)))).isEqualTo(BsonArray.parse(
                "[{$set: {'lock.owner': 'me', 'lock.token': {$add: [{$ifNull: ['$lock.token', {$numberLong: '0'}]},"
                        + " {$numberLong: '1'}]}, 'lock.until': {$add: ['$$NOW', {$numberLong: '1000'}]}}}]"));
    }
}

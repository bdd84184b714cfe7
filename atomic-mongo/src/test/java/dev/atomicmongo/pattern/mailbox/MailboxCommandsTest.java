package dev.atomicmongo.pattern.mailbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.atomicmongo.collection.Commands;
import dev.atomicmongo.collection.CompiledUpdate;
import dev.atomicmongo.collection.FindAndModifyCommand;
import dev.atomicmongo.collection.UpdateCommand;
import dev.atomicmongo.pattern.lock.LockTime;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

class MailboxCommandsTest {
    private static final ObjectId A = new ObjectId("64b000000000000000000001");
    private static final ObjectId B = new ObjectId("64b000000000000000000002");
    private static final Instant AT = Instant.parse("2030-01-01T00:00:00Z");
    private static final MailboxCommands COMMANDS = new MailboxCommands(Commands.withDefaultCodecs(), "me",
            Duration.ofSeconds(30));
    private static final MailboxCommands ONE_SECOND = new MailboxCommands(Commands.withDefaultCodecs(), "me",
            Duration.ofSeconds(1));

    private static BsonArray pipeline(CompiledUpdate update) {
        return new BsonArray(((CompiledUpdate.Pipeline) update).stages());
    }

    private static BsonDocument operators(CompiledUpdate update) {
        return ((CompiledUpdate.Operators) update).document();
    }

    @Test
    void a_post_on_the_server_clock_appends_a_literal_event_and_takes_a_free_or_expired_lock_in_one_stage() {
        Document envelope = MailboxCommands.envelope(A, AT, new Document("price", "$100").append("a.b", 1));

        FindAndModifyCommand post = COMMANDS.postAndLock("k", envelope, LockTime.server());

        String free = "{$lte: [{$ifNull: ['$lock.until', {$date: 0}]}, '$$NOW']}";
        assertThat(post.filter()).isEqualTo(BsonDocument.parse("{_id: 'k'}"));
        assertThat(post.upsert()).isTrue();
        assertThat(post.projection()).isEqualTo(BsonDocument.parse("{lock: 1}"));
        assertThat(pipeline(post.update())).isEqualTo(BsonArray.parse("[{$set: {"
                + "events: {$concatArrays: [{$ifNull: ['$events', []]}, {$literal: [{id: {$oid: '" + A + "'},"
                + "  at: {$date: '2030-01-01T00:00:00Z'}, body: {price: '$100', 'a.b': 1}}]}]},"
                + "'lock.owner': {$cond: [" + free + ", 'me', '$lock.owner']},"
                + "'lock.token': {$cond: [" + free + ", {$add: [{$ifNull: ['$lock.token', {$numberLong: '0'}]},"
                + "  {$numberLong: '1'}]}, '$lock.token']},"
                + "'lock.until': {$cond: [" + free + ", {$add: ['$$NOW', {$numberLong: '30000'}]}, '$lock.until']},"
                + "'lock.post': {$cond: [" + free + ", {$oid: '" + A + "'}, '$lock.post']}}}]"));
    }

    @Test
    void a_post_knows_it_took_the_lock_only_if_the_lock_records_its_event() {
        Document envelope = MailboxCommands.envelope(A, AT, new Document("n", 1));

        assertThat(COMMANDS.tokenTakenBy(envelope, Optional.of(BsonDocument.parse(
                "{lock: {owner: 'me', token: {$numberLong: '3'}, until: {$date: 0}, post: {$oid: '" + A + "'}}}"))))
                .hasValue(3);
        assertThat(COMMANDS.tokenTakenBy(envelope, Optional.of(BsonDocument.parse(
                "{lock: {owner: 'other', token: {$numberLong: '4'}, until: {$date: 0}, post: {$oid: '" + B + "'}}}"))))
                .as("another owner holds it").isEmpty();
        assertThat(COMMANDS.tokenTakenBy(envelope, Optional.empty())).isEmpty();
    }

    /**
     * The bug this guards against: on the one-step path, a post by the owner already holding the
     * lock (its batch running, or a failed batch waiting for expiry) reads its own name back as
     * the holder. Taken for "I took the lock", that started a second run with the same token: a
     * failed batch ran again before expiry, and a finished run's token was run again and found
     * its lock lost.
     */
    @Test
    void a_post_into_a_lock_its_own_owner_already_holds_gets_no_token() {
        Document envelope = MailboxCommands.envelope(A, AT, new Document("n", 1));

        assertThat(COMMANDS.tokenTakenBy(envelope, Optional.of(BsonDocument.parse(
                "{lock: {owner: 'me', token: {$numberLong: '3'}, until: {$date: 0}, post: {$oid: '" + B + "'}}}"))))
                .as("an earlier post took it").isEmpty();
        assertThat(COMMANDS.tokenTakenBy(envelope, Optional.of(BsonDocument.parse(
                "{lock: {owner: 'me', token: {$numberLong: '3'}, until: {$date: 0}}}"))))
                .as("the sweeper or a two-step post took it").isEmpty();
    }

    @Test
    void a_post_refuses_an_envelope_without_an_event_id() {
        assertThatThrownBy(() -> COMMANDS.postAndLock("k", new Document("id", "not-an-id"), LockTime.server()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Mailbox event envelope must have an ObjectId 'id', got not-an-id");
    }

    @Test
    void a_post_without_pipelines_is_a_push_upsert() {
        Document envelope = MailboxCommands.envelope(A, AT, new Document("n", 1));

        UpdateCommand append = COMMANDS.append("k", envelope);

        assertThat(append.filter()).isEqualTo(BsonDocument.parse("{_id: 'k'}"));
        assertThat(append.upsert()).isTrue();
        assertThat(operators(append.update())).isEqualTo(BsonDocument.parse("{$push: {events: {id: {$oid: '" + A
                + "'}, at: {$date: '2030-01-01T00:00:00Z'}, body: {n: 1}}}}"));
    }

    @Test
    void storing_a_batch_with_pipelines_drops_exactly_its_events_then_renews_or_releases() {
        FindAndModifyCommand store = ONE_SECOND.storeAndRenewOrRelease("k", 4, new Document("n", "$x"), List.of(A, B),
                LockTime.server());

        String more = "{$gt: [{$size: {$ifNull: ['$events', []]}}, 0]}";
        assertThat(pipeline(store.update())).isEqualTo(BsonArray.parse("[{$set: {state: {$literal: {n: '$x'}},"
                + "  events: {$slice: [{$ifNull: ['$events', []]}, 2, 2147483647]}}},"
                + " {$set: {'lock.owner': {$cond: [" + more + ", '$lock.owner', null]},"
                + "  'lock.until': {$cond: [" + more + ", {$add: ['$$NOW', {$numberLong: '1000'}]}, null]}}}]"));
        assertThat(store.filter()).isEqualTo(BsonDocument.parse(
                "{$and: [{$and: [{_id: 'k'}, {$and: [{'lock.owner': 'me'}, {'lock.token': {$numberLong: '4'}},"
                        + " {$expr: {$gt: ['$lock.until', '$$NOW']}}]}]},"
                        + " {$and: [{'events.0.id': {$oid: '" + A + "'}}, {'events.1.id': {$oid: '" + B + "'}}]}]}"));
    }

    @Test
    void the_guard_checks_owner_token_and_expiry_on_the_server_or_the_client_clock() {
        assertThat(COMMANDS.held("k", 4, LockTime.server()).toBsonDocument()).isEqualTo(BsonDocument.parse(
                "{$and: [{_id: 'k'}, {$and: [{'lock.owner': 'me'}, {'lock.token': {$numberLong: '4'}},"
                        + " {$expr: {$gt: ['$lock.until', '$$NOW']}}]}]}"));
        assertThat(COMMANDS.held("k", 4, LockTime.client(AT)).toBsonDocument()).isEqualTo(BsonDocument.parse(
                "{$and: [{_id: 'k'}, {$and: [{'lock.owner': 'me'}, {'lock.token': {$numberLong: '4'}},"
                        + " {'lock.until': {$gt: {$date: '2030-01-01T00:00:00Z'}}}]}]}"));
    }

    @Test
    void renew_needs_an_unexpired_lock_and_release_only_owner_and_token() {
        UpdateCommand renew = COMMANDS.renew("k", 4, LockTime.client(AT));
        UpdateCommand release = COMMANDS.release("k", 4);

        assertThat(renew.filter()).isEqualTo(COMMANDS.held("k", 4, LockTime.client(AT)).toBsonDocument());
        assertThat(operators(renew.update())).isEqualTo(BsonDocument.parse(
                "{$set: {'lock.until': {$date: '2030-01-01T00:00:30Z'}}}"));
        assertThat(release.filter()).isEqualTo(BsonDocument.parse(
                "{$and: [{_id: 'k'}, {$and: [{'lock.owner': 'me'}, {'lock.token': {$numberLong: '4'}}]}]}"));
        assertThat(operators(release.update())).isEqualTo(BsonDocument.parse(
                "{$set: {'lock.owner': null, 'lock.until': null}}"));
    }

    @Test
    void without_pipelines_a_batch_is_removed_by_id_and_the_release_requires_nothing_after_it() {
        UpdateCommand store = COMMANDS.storeAndRelease("k", 4, new Document("n", 1), List.of(A, B), LockTime.client(AT));

        assertThat(operators(store.update())).isEqualTo(BsonDocument.parse(
                "{$set: {state: {n: 1}, 'lock.owner': null, 'lock.until': null},"
                        + " $pull: {events: {id: {$in: [{$oid: '" + A + "'}, {$oid: '" + B + "'}]}}}}"));
        assertThat(store.filter()).isEqualTo(BsonDocument.parse(
                "{$and: [{$and: [{_id: 'k'}, {$and: [{'lock.owner': 'me'}, {'lock.token': {$numberLong: '4'}},"
                        + " {'lock.until': {$gt: {$date: '2030-01-01T00:00:00Z'}}}]}]}, {'events.2': {$exists: false}}]}"));
        assertThat(operators(COMMANDS.storeAndRenew("k", 4, new Document("n", 1), List.of(A), AT).update()))
                .isEqualTo(BsonDocument.parse("{$set: {state: {n: 1}, 'lock.until': {$date: '2030-01-01T00:00:30Z'}},"
                        + " $pull: {events: {id: {$in: [{$oid: '" + A + "'}]}}}}"));
    }

    @Test
    void the_sweeper_and_the_second_post_step_take_only_a_lock_that_is_free_or_expired_with_events_waiting() {
        assertThat(COMMANDS.takeable(LockTime.client(AT)).toBsonDocument()).isEqualTo(BsonDocument.parse(
                "{$and: [{'events.0': {$exists: true}}, {$or: [{'lock.until': null},"
                        + " {'lock.until': {$lte: {$date: '2030-01-01T00:00:00Z'}}}]}]}"));
        assertThat(COMMANDS.takeable(LockTime.server()).toBsonDocument()).isEqualTo(BsonDocument.parse(
                "{$and: [{'events.0': {$exists: true}},"
                        + " {$expr: {$lte: [{$ifNull: ['$lock.until', {$date: 0}]}, '$$NOW']}}]}"));
        FindAndModifyCommand take = ONE_SECOND.take("k", LockTime.server());
        assertThat(take.upsert()).isFalse();
        assertThat(take.filter()).isEqualTo(BsonDocument.parse("{$and: [{_id: 'k'}, {$and: [{'events.0': {$exists: true}},"
                + " {$expr: {$lte: [{$ifNull: ['$lock.until', {$date: 0}]}, '$$NOW']}}]}]}"));
        assertThat(pipeline(take.update())).isEqualTo(BsonArray.parse(
                "[{$set: {'lock.owner': 'me', 'lock.token': {$add: [{$ifNull: ['$lock.token', {$numberLong: '0'}]},"
                        + " {$numberLong: '1'}]}, 'lock.until': {$add: ['$$NOW', {$numberLong: '1000'}]}}}]"));
    }

    @Test
    void a_post_never_reenters_a_lock_its_own_owner_holds() {
        assertThat(MailboxCommands.LOCK).isEqualTo(dev.atomicmongo.pattern.lock.FencedLock.inField("lock"));
        assertThat(MailboxCommands.LOCK.isReentrant()).isFalse();
        assertThat(COMMANDS.takeable(LockTime.client(AT)).toBsonDocument().toJson()).doesNotContain("lock.owner");
        assertThat(pipeline(COMMANDS.postAndLock("k", MailboxCommands.envelope(A, AT, new Document()), LockTime.server())
                .update()).toString())
                .doesNotContain("$eq");
    }

    @Test
    void a_failed_attempt_is_counted_for_the_batch_head_under_the_lock() {
        UpdateCommand record = COMMANDS.recordFailure("k", 4, A, 2, LockTime.server());

        assertThat(record.upsert()).isFalse();
        assertThat(record.filter()).isEqualTo(COMMANDS.held("k", 4, LockTime.server()).toBsonDocument());
        assertThat(operators(record.update())).isEqualTo(BsonDocument.parse(
                "{$set: {attempts: {head: {$oid: '" + A + "'}, count: 2}}}"));
    }

    @Test
    void a_dead_letter_moves_the_stored_envelopes_aside_with_the_error_in_one_guarded_write() {
        BsonDocument envelopeA = BsonDocument.parse("{id: {$oid: '" + A + "'}, at: {$date: '2030-01-01T00:00:00Z'},"
                + " body: {text: '$poison'}}");
        BsonDocument envelopeB = BsonDocument.parse("{id: {$oid: '" + B + "'}, at: {$date: '2030-01-01T00:00:00Z'},"
                + " body: {text: 'also'}}");

        ObjectId letterId = new ObjectId("64b0000000000000000000ff");
        UpdateCommand letter = COMMANDS.deadLetter("k", 4, letterId, List.of(A, B), List.of(envelopeA, envelopeB),
                new IllegalStateException("cannot apply"), 5, AT.plusSeconds(1), LockTime.client(AT));

        assertThat(letter.upsert()).isFalse();
        assertThat(letter.filter()).isEqualTo(COMMANDS.held("k", 4, LockTime.client(AT)).toBsonDocument());
        assertThat(operators(letter.update())).isEqualTo(BsonDocument.parse("{"
                + "$pull: {events: {id: {$in: [{$oid: '" + A + "'}, {$oid: '" + B + "'}]}}},"
                + "$push: {deadLetters: {id: {$oid: '" + letterId + "'}, events: [" + envelopeA.toJson() + ", " + envelopeB.toJson() + "],"
                + "  error: 'java.lang.IllegalStateException', message: 'cannot apply', attempts: 5,"
                + "  at: {$date: '2030-01-01T00:00:01Z'}, token: {$numberLong: '4'}}},"
                + "$unset: {attempts: ''}}"));
    }

    @Test
    void a_dead_letter_is_removed_by_its_id_whoever_holds_the_lock() {
        UpdateCommand remove = COMMANDS.removeDeadLetter("k", A);

        assertThat(remove.filter()).isEqualTo(BsonDocument.parse("{_id: 'k'}"));
        assertThat(remove.upsert()).isFalse();
        assertThat(operators(remove.update())).isEqualTo(BsonDocument.parse(
                "{$pull: {deadLetters: {id: {$oid: '" + A + "'}}}}"));
    }

    @Test
    void a_dead_letter_keeps_an_empty_message_for_none_and_cuts_a_huge_one() {
        assertThat(MailboxCommands.message(new IllegalStateException())).isEmpty();
        assertThat(MailboxCommands.message(new IllegalStateException("x".repeat(5_000))))
                .hasSize(MailboxCommands.MESSAGE_LIMIT + 3).endsWith("x...");
    }
}

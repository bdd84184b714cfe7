package dev.atomicmongo.pattern.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import dev.atomicmongo.collection.Commands;
import dev.atomicmongo.collection.CompiledUpdate;
import dev.atomicmongo.update.PipelineUpdate;
import dev.atomicmongo.update.Update;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.Test;

class FencedLockTest {
    private static final Commands COMMANDS = Commands.withDefaultCodecs();
    private static final Instant AT = Instant.parse("2030-01-01T00:00:00Z");
    private static final LockTime CLIENT = LockTime.client(AT);
    private static final String FREE = "{$lte: [{$ifNull: ['$lock.until', {$date: 0}]}, '$$NOW']}";

    private static BsonDocument bson(Bson filter) {
        return COMMANDS.filter(filter);
    }

    private static Object compiled(Update update) {
        CompiledUpdate compiled = COMMANDS.compile(update);
        return compiled instanceof CompiledUpdate.Operators ops ? ops.document()
                : new BsonArray(((CompiledUpdate.Pipeline) compiled).stages());
    }

    @Test
    void without_reentry_only_a_free_or_expired_lock_is_acquirable_on_either_clock() {
        FencedLock lock = FencedLock.inField("lock");

        assertThat(bson(lock.acquirable("me", CLIENT))).isEqualTo(BsonDocument.parse(
                "{$or: [{'lock.until': null}, {'lock.until': {$lte: {$date: '2030-01-01T00:00:00Z'}}}]}"));
        assertThat(bson(lock.acquirable("me", LockTime.server()))).isEqualTo(BsonDocument.parse("{$expr: " + FREE + "}"));
    }

    @Test
    void with_reentry_the_holding_owner_may_acquire_again_on_either_clock() {
        FencedLock lock = FencedLock.inField("lock").withReentry(true);

        assertThat(bson(lock.acquirable("me", CLIENT))).isEqualTo(BsonDocument.parse(
                "{$or: [{'lock.until': null}, {'lock.until': {$lte: {$date: '2030-01-01T00:00:00Z'}}},"
                        + " {'lock.owner': 'me'}]}"));
        assertThat(bson(lock.acquirable("me", LockTime.server()))).isEqualTo(BsonDocument.parse(
                "{$expr: {$or: [" + FREE + ", {$eq: ['$lock.owner', 'me']}]}}"));
    }

    @Test
    void an_acquisition_sets_the_owner_and_expiry_and_adds_one_to_the_token() {
        FencedLock lock = FencedLock.atTopLevel();

        assertThat(compiled(lock.acquire("me", Duration.ofSeconds(2), CLIENT))).isEqualTo(BsonDocument.parse(
                "{$set: {owner: 'me', until: {$date: '2030-01-01T00:00:02Z'}}, $inc: {token: {$numberLong: '1'}}}"));
        assertThat(compiled(lock.acquire("me", Duration.ofSeconds(2), LockTime.server()))).isEqualTo(BsonArray.parse(
                "[{$set: {owner: 'me', token: {$add: [{$ifNull: ['$token', {$numberLong: '0'}]}, {$numberLong: '1'}]},"
                        + " until: {$add: ['$$NOW', {$numberLong: '2000'}]}}}]"));
    }

    @Test
    void a_conditional_acquisition_keeps_the_fields_of_a_lock_that_is_not_acquirable() {
        FencedLock lock = FencedLock.inField("lock");

        PipelineUpdate update = lock.acquireIfAcquirable(PipelineUpdate.pipeline(), "me", Duration.ofSeconds(1),
                LockTime.server());

        assertThat(compiled(update)).isEqualTo(BsonArray.parse("[{$set: {"
                + "'lock.owner': {$cond: [" + FREE + ", 'me', '$lock.owner']},"
                + "'lock.token': {$cond: [" + FREE + ", {$add: [{$ifNull: ['$lock.token', {$numberLong: '0'}]},"
                + "  {$numberLong: '1'}]}, '$lock.token']},"
                + "'lock.until': {$cond: [" + FREE + ", {$add: ['$$NOW', {$numberLong: '1000'}]}, '$lock.until']}}}]"));
    }

    @Test
    void renew_requires_owner_token_and_an_unexpired_lock_and_release_only_owner_and_token() {
        FencedLock lock = FencedLock.atTopLevel();

        assertThat(bson(lock.heldBy("me", 4, CLIENT))).isEqualTo(BsonDocument.parse(
                "{$and: [{owner: 'me'}, {token: {$numberLong: '4'}}, {until: {$gt: {$date: '2030-01-01T00:00:00Z'}}}]}"));
        assertThat(bson(lock.heldBy("me", 4, LockTime.server()))).isEqualTo(BsonDocument.parse(
                "{$and: [{owner: 'me'}, {token: {$numberLong: '4'}}, {$expr: {$gt: ['$until', '$$NOW']}}]}"));
        assertThat(bson(lock.sameHolder("me", 4))).isEqualTo(BsonDocument.parse(
                "{$and: [{owner: 'me'}, {token: {$numberLong: '4'}}]}"));
    }

    @Test
    void renewal_moves_only_the_expiry_and_release_clears_owner_and_expiry_keeping_the_token() {
        FencedLock lock = FencedLock.atTopLevel();

        assertThat(compiled(lock.renewal(Duration.ofSeconds(3), CLIENT))).isEqualTo(BsonDocument.parse(
                "{$set: {until: {$date: '2030-01-01T00:00:03Z'}}}"));
        assertThat(compiled(lock.renewal(Duration.ofSeconds(3), LockTime.server()))).isEqualTo(BsonArray.parse(
                "[{$set: {until: {$add: ['$$NOW', {$numberLong: '3000'}]}}}]"));
        assertThat(compiled(lock.release())).isEqualTo(BsonDocument.parse("{$set: {owner: null, until: null}}"));
    }

    @Test
    void the_holder_is_read_back_from_a_document_and_absent_once_released() {
        FencedLock lock = FencedLock.inField("lock");

        assertThat(lock.holder(BsonDocument.parse("{lock: {owner: 'me', token: 3, until: {$date: '2030-01-01T00:00:00Z'}}}")))
                .contains(new FencedLock.Holder("me", 3, AT));
        assertThat(lock.holder(BsonDocument.parse("{lock: {owner: null, token: 3, until: null}}"))).isEmpty();
        assertThat(lock.ownerIn(BsonDocument.parse("{lock: {owner: 'you', token: 3}}"))).contains("you");
    }

    @Test
    void blank_owners_short_ttls_and_bad_fields_are_refused_when_building() {
        FencedLock lock = FencedLock.atTopLevel();

        assertThatThrownBy(() -> lock.acquire(" ", Duration.ofSeconds(1), CLIENT))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Lock owner must not be blank");
        assertThatThrownBy(() -> lock.renewal(Duration.ZERO, CLIENT))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Lock ttl must be between 1 ms and 100 years, got PT0S");
        assertThatThrownBy(() -> FencedLock.inField("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void locks_and_times_are_values() {
        assertThat(FencedLock.inField("lock")).isEqualTo(FencedLock.inField("lock"))
                .hasSameHashCodeAs(FencedLock.inField("lock"))
                .isNotEqualTo(FencedLock.inField("lock").withReentry(true))
                .hasToString("FencedLock{lock.owner, lock.token, lock.until}");
        assertThat(LockTime.client(AT)).isEqualTo(CLIENT).isNotEqualTo(LockTime.server());
        assertThat(LockTime.server()).hasToString("$$NOW");
    }
}

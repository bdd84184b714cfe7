package dev.atomicmongo.pattern.booking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atomicmongo.collection.Commands;
import dev.atomicmongo.collection.CompiledUpdate;
import dev.atomicmongo.collection.ConditionalUpdateCommand;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.junit.jupiter.api.Test;

/** What a booking sends, as BSON, with no server. */
class BookingCommandsTest {
    private final BookingCommands commands = new BookingCommands(Commands.withDefaultCodecs(), "capacity", "sold", "holders");

    private static BsonDocument operators(ConditionalUpdateCommand command) {
        assertThat(command.update()).isInstanceOf(CompiledUpdate.Operators.class);
        return ((CompiledUpdate.Operators) command.update()).document();
    }

    @Test
    void reserve_is_one_updateOne_whose_filter_is_the_whole_guard() {
        ConditionalUpdateCommand command = commands.reserve("concert", "alice", 2);

        assertThat(command.identity()).isEqualTo(BsonDocument.parse("{_id: 'concert'}"));
        assertThat(command.filter()).isEqualTo(BsonDocument.parse("{$and: [{_id: 'concert'}, {$and: ["
                + "{'holders.holder': {$ne: 'alice'}}, {capacity: {$type: 'number'}},"
                + "{$expr: {$lte: [{$add: [{$ifNull: ['$sold', 0]}, 2]}, '$capacity']}}]}]}"));
        assertThat(operators(command)).isEqualTo(BsonDocument.parse(
                "{$inc: {sold: 2}, $addToSet: {holders: {holder: 'alice', seats: 2}}}"));
    }

    @Test
    void release_names_the_holders_entry_exactly_and_gives_its_seats_back() {
        ConditionalUpdateCommand command = commands.release("concert", new BsonString("alice"), 3);

        assertThat(command.filter()).isEqualTo(BsonDocument.parse("{$and: [{_id: 'concert'},"
                + " {holders: {$elemMatch: {holder: 'alice', seats: 3}}}]}"));
        assertThat(operators(command)).isEqualTo(BsonDocument.parse("{$pull: {holders: {holder: 'alice'}}, $inc: {sold: -3}}"));
    }

    @Test
    void configured_field_names_are_used_in_the_guard_the_update_and_the_index() {
        BookingCommands custom = new BookingCommands(Commands.withDefaultCodecs(), "tickets", "tickets_sold", "registration_ids");

        assertThat(custom.reserve("e", 7, 1).filter()).isEqualTo(BsonDocument.parse("{$and: [{_id: 'e'}, {$and: ["
                + "{'registration_ids.holder': {$ne: 7}}, {tickets: {$type: 'number'}},"
                + "{$expr: {$lte: [{$add: [{$ifNull: ['$tickets_sold', 0]}, 1]}, '$tickets']}}]}]}"));
        assertThat(custom.indexKeys()).isEqualTo(BsonDocument.parse("{'registration_ids.holder': 1}"));
        assertThat(custom.resource("e", 5)).containsExactly(
                java.util.Map.entry("_id", "e"), java.util.Map.entry("tickets", 5L),
                java.util.Map.entry("tickets_sold", 0L), java.util.Map.entry("registration_ids", java.util.List.of()));
    }

    @Test
    void the_holder_is_encoded_with_the_collections_codecs() {
        assertThat(commands.holder(42L)).isEqualTo(BsonDocument.parse("{h: {$numberLong: '42'}}").get("h"));
    }
}

package dev.atomicmongo.pattern.counter;

import static dev.atomicmongo.pattern.counter.CounterCommandsTest.operators;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.ReturnDocument;
import dev.atomicmongo.collection.Commands;
import dev.atomicmongo.collection.FindAndModifyCommand;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

/** What {@link Inventory} sends, as BSON, with no server. */
class InventoryCommandsTest {
    private final InventoryCommands commands = new InventoryCommands(Commands.withDefaultCodecs(), "available", "reserved");

    @Test
    void reserve_moves_units_from_available_to_reserved_guarded_by_enough_available() {
        FindAndModifyCommand command = commands.reserve("sku-1", 3);

        assertThat(command.filter()).isEqualTo(BsonDocument.parse(
                "{$and: [{_id: 'sku-1'}, {available: {$gte: {$numberLong: '3'}}}]}"));
        assertThat(operators(command)).isEqualTo(BsonDocument.parse(
                "{$inc: {available: {$numberLong: '-3'}, reserved: {$numberLong: '3'}}}"));
        assertThat(command.upsert()).isFalse();
        assertThat(command.returnDocument()).isEqualTo(ReturnDocument.AFTER);
        assertThat(command.projection()).isEqualTo(BsonDocument.parse("{available: 1, reserved: 1, _id: 0}"));
    }

    @Test
    void release_and_commit_are_guarded_by_enough_reserved() {
        assertThat(commands.release("sku-1", 2).filter()).isEqualTo(BsonDocument.parse(
                "{$and: [{_id: 'sku-1'}, {reserved: {$gte: {$numberLong: '2'}}}]}"));
        assertThat(operators(commands.release("sku-1", 2))).isEqualTo(BsonDocument.parse(
                "{$inc: {reserved: {$numberLong: '-2'}, available: {$numberLong: '2'}}}"));
        assertThat(commands.commit("sku-1", 2).filter()).isEqualTo(commands.release("sku-1", 2).filter());
        assertThat(operators(commands.commit("sku-1", 2))).isEqualTo(BsonDocument.parse(
                "{$inc: {reserved: {$numberLong: '-2'}}}"));
    }

    @Test
    void restock_is_the_only_change_that_upserts_and_it_has_no_guard() {
        FindAndModifyCommand command = commands.restock("sku-1", 10);

        assertThat(command.filter()).isEqualTo(BsonDocument.parse("{_id: 'sku-1'}"));
        assertThat(operators(command)).isEqualTo(BsonDocument.parse("{$inc: {available: {$numberLong: '10'}}}"));
        assertThat(command.upsert()).isTrue();
    }

    @Test
    void configured_field_names_are_the_ones_sent() {
        InventoryCommands nested = new InventoryCommands(Commands.withDefaultCodecs(), "stock.free", "stock.held");

        assertThat(nested.reserve("sku-1", 1).filter()).isEqualTo(BsonDocument.parse(
                "{$and: [{_id: 'sku-1'}, {'stock.free': {$gte: {$numberLong: '1'}}}]}"));
        assertThat(nested.reserve("sku-1", 1).projection()).isEqualTo(BsonDocument.parse(
                "{'stock.free': 1, 'stock.held': 1, _id: 0}"));
    }
}

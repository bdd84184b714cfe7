package dev.atomicmongo.pattern.counter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;

import com.mongodb.client.model.ReturnDocument;
import dev.atomicmongo.collection.Commands;
import dev.atomicmongo.collection.CompiledUpdate;
import dev.atomicmongo.collection.FindAndModifyCommand;
import dev.atomicmongo.collection.UpdateCommand;
import org.bson.BsonDocument;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;

/** What {@link Counters} sends, as BSON, with no server. */
class CounterCommandsTest {
    private final CounterCommands commands = new CounterCommands(Commands.withDefaultCodecs());

    static BsonDocument operators(FindAndModifyCommand command) {
        return ((CompiledUpdate.Operators) command.update()).document();
    }

    @Test
    void addAndGet_is_an_upserting_findAndModify_of_inc_returning_only_the_field_after() {
        FindAndModifyCommand command = commands.addAndGet("page", "stats.views", 5L);

        assertThat(command.filter()).isEqualTo(BsonDocument.parse("{_id: 'page'}"));
        assertThat(operators(command)).isEqualTo(BsonDocument.parse("{$inc: {'stats.views': {$numberLong: '5'}}}"));
        assertThat(command.upsert()).isTrue();
        assertThat(command.returnDocument()).isEqualTo(ReturnDocument.AFTER);
        assertThat(command.projection()).isEqualTo(BsonDocument.parse("{'stats.views': 1, _id: 0}"));
        assertThat(command.sortIfAny()).isEmpty();
    }

    @Test
    void a_decimal_amount_is_sent_as_decimal128() {
        FindAndModifyCommand command = commands.addAndGet("acc", "balance", new Decimal128(new BigDecimal("0.10")));

        assertThat(operators(command)).isEqualTo(BsonDocument.parse("{$inc: {balance: {$numberDecimal: '0.10'}}}"));
    }

    @Test
    void add_is_an_upserting_updateOne_of_inc() {
        UpdateCommand command = commands.add("page", "views", 3L);

        assertThat(command.filter()).isEqualTo(BsonDocument.parse("{_id: 'page'}"));
        assertThat(command.operators().document()).isEqualTo(BsonDocument.parse("{$inc: {views: {$numberLong: '3'}}}"));
        assertThat(command.upsert()).isTrue();
        assertThat(command.multi()).isFalse();
    }

    @Test
    void a_bounded_decrement_is_guarded_by_the_floor_plus_the_amount_and_never_upserts() {
        FindAndModifyCommand command = commands.bounded("sku", "stock", -3L,
                CounterCommands.guard("stock", true, 3L, false));

        assertThat(command.filter()).isEqualTo(BsonDocument.parse(
                "{$and: [{_id: 'sku'}, {stock: {$gte: {$numberLong: '3'}}}]}"));
        assertThat(operators(command)).isEqualTo(BsonDocument.parse("{$inc: {stock: {$numberLong: '-3'}}}"));
        assertThat(command.upsert()).isFalse();
        assertThat(command.returnDocument()).isEqualTo(ReturnDocument.AFTER);
        assertThat(command.projection()).isEqualTo(BsonDocument.parse("{stock: 1, _id: 0}"));
    }

    @Test
    void a_guard_that_a_missing_field_meets_also_matches_a_missing_field() {
        assertThat(commands.compiled(CounterCommands.guard("taken", false, 1L, true))).isEqualTo(BsonDocument.parse(
                "{$or: [{taken: {$lte: {$numberLong: '1'}}}, {taken: {$exists: false}}]}"));
        assertThat(commands.compiled(CounterCommands.guard("balance", true, new Decimal128(new BigDecimal("-5")), true)))
                .isEqualTo(BsonDocument.parse(
                        "{$or: [{balance: {$gte: {$numberDecimal: '-5'}}}, {balance: {$exists: false}}]}"));
    }

    @Test
    void an_invalid_field_path_is_refused_while_compiling() {
        assertThatThrownBy(() -> commands.addAndGet("page", "a..b", 1L)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a..b");
        assertThatThrownBy(() -> CounterCommands.guard("$bad", true, 1L, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("$bad");
    }
}

package dev.atomicmongo.pattern.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import com.mongodb.client.model.ReturnDocument;
import dev.atomicmongo.collection.Commands;
import dev.atomicmongo.collection.CompiledUpdate;
import dev.atomicmongo.collection.FindAndModifyCommand;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

/** What a transfer sends inside its transaction, as BSON, with no server. */
class TransfersCommandsTest {
    private final TransfersCommands commands = new TransfersCommands(Commands.withDefaultCodecs(), "balance");

    private static BsonDocument operators(FindAndModifyCommand command) {
        assertThat(command.update()).isInstanceOf(CompiledUpdate.Operators.class);
        return ((CompiledUpdate.Operators) command.update()).document();
    }

    @Test
    void the_debit_is_guarded_by_the_balance_and_returns_the_new_balance_only() {
        FindAndModifyCommand debit = commands.debit("alice", new BigDecimal("25.50"));

        assertThat(debit.filter()).isEqualTo(BsonDocument.parse(
                "{$and: [{_id: 'alice'}, {balance: {$gte: {$numberDecimal: '25.50'}}}]}"));
        assertThat(operators(debit)).isEqualTo(BsonDocument.parse("{$inc: {balance: {$numberDecimal: '-25.50'}}}"));
        assertThat(debit.returnDocument()).isEqualTo(ReturnDocument.AFTER);
        assertThat(debit.upsert()).isFalse();
        assertThat(debit.projection()).isEqualTo(BsonDocument.parse("{balance: 1}"));
    }

    @Test
    void the_credit_names_the_target_alone() {
        FindAndModifyCommand credit = new TransfersCommands(Commands.withDefaultCodecs(), "money.eur")
                .credit(7, new BigDecimal("1.00"));

        assertThat(credit.filter()).isEqualTo(BsonDocument.parse("{_id: 7}"));
        assertThat(operators(credit)).isEqualTo(BsonDocument.parse("{$inc: {'money.eur': {$numberDecimal: '1.00'}}}"));
        assertThat(credit.projection()).isEqualTo(BsonDocument.parse("{'money.eur': 1}"));
    }

    @Test
    void refusals_report_the_condition_and_the_identity_as_sent() {
        assertThat(commands.condition(new BigDecimal("3"))).isEqualTo(BsonDocument.parse(
                "{balance: {$gte: {$numberDecimal: '3'}}}"));
        assertThat(commands.account("bob")).isEqualTo(BsonDocument.parse("{_id: 'bob'}"));
    }
}

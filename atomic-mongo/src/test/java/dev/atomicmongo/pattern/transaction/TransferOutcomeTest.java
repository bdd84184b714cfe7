package dev.atomicmongo.pattern.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;

import dev.atomicmongo.ConditionFailedException;
import dev.atomicmongo.DocumentNotFoundException;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

/** A transfer's outcome has orThrow, and each refusal's exception carries its record. */
class TransferOutcomeTest {

    @Test
    void insufficient_funds_throws_a_condition_failure_carrying_the_balance_read() {
        BsonDocument condition = BsonDocument.parse("{balance: {$gte: {$numberDecimal: '10.01'}}}");
        TransferOutcome.InsufficientFunds refused = new TransferOutcome.InsufficientFunds(condition,
                new BigDecimal("10.00"), new BigDecimal("10.01"));

        assertThatThrownBy(refused::orThrow).isInstanceOfSatisfying(InsufficientFundsException.class, e -> {
            TransferOutcome.InsufficientFunds typed = e.refusal();
            assertThat(typed).isSameAs(refused);
            assertThat(e.balance()).isEqualByComparingTo("10.00");
            assertThat(e.condition()).isEqualTo(condition);
            assertThat(e.current()).isEqualTo(new BigDecimal("10.00"));
        }).isInstanceOf(ConditionFailedException.class).hasMessage("Insufficient funds: balance 10.00, 10.01 requested");
    }

    @Test
    void a_missing_account_throws_document_not_found_naming_its_identity() {
        TransferOutcome missing = new TransferOutcome.AccountNotFound("nobody", BsonDocument.parse("{_id: 'nobody'}"));

        assertThatThrownBy(missing::orThrow).isInstanceOfSatisfying(DocumentNotFoundException.class,
                e -> assertThat(e.refusal()).isSameAs(missing)).hasMessage("No document matches {\"_id\": \"nobody\"}");
        assertThat(missing.isRefused()).isTrue();
    }

    @Test
    void a_transfer_that_moved_the_money_is_its_own_success_value() {
        TransferOutcome.Transferred moved = new TransferOutcome.Transferred(BigDecimal.ONE, BigDecimal.TEN);

        assertThat(moved.orThrow()).isSameAs(moved);
        assertThat(moved.isTransferred()).isTrue();
        assertThat(moved.isRefused()).isFalse();
    }
}

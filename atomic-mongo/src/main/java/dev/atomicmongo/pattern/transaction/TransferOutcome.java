package dev.atomicmongo.pattern.transaction;

import java.math.BigDecimal;
import java.util.Objects;

import dev.atomicmongo.ConditionRefusal;
import dev.atomicmongo.DocumentNotFoundException;
import dev.atomicmongo.NotFoundRefusal;
import dev.atomicmongo.Outcome;
import org.bson.BsonDocument;

/**
 * The result of {@link Transfers#transfer}: both balances changed, or neither and why.
 *
 * <pre>{@code
 * TransferOutcome outcome = transfers.transfer("alice", "bob", new BigDecimal("25.00"));
 * if (outcome instanceof TransferOutcome.InsufficientFunds short) {
 *     askForLess(short.balance());
 * }
 * TransferOutcome.Transferred done = transfers.transfer("alice", "bob", BigDecimal.ONE).orThrow();
 * }</pre>
 */
public sealed interface TransferOutcome extends Outcome<TransferOutcome.Transferred> {

    /** True if the money moved. */
    default boolean isTransferred() {
        return this instanceof Transferred;
    }

    /**
     * This outcome if the money moved.
     *
     * @throws InsufficientFundsException if the source balance was below the amount
     * @throws DocumentNotFoundException if an account does not exist
     */
    @Override
    Transferred orThrow();

    /** The money moved; the two balances after the transfer. */
    record Transferred(BigDecimal fromBalance, BigDecimal toBalance) implements TransferOutcome {
        @Override
        public Transferred orThrow() {
            return this;
        }
    }

    /**
     * Nothing moved: the source balance, as read in the aborted transaction, was below the amount.
     *
     * @param condition the debit's condition as sent, {@code {balance: {$gte: requested}}}
     * @param balance   the source balance as read
     * @param requested the amount asked for
     */
    record InsufficientFunds(BsonDocument condition, BigDecimal balance, BigDecimal requested)
            implements TransferOutcome, ConditionRefusal {
        /** Checks the components. */
        public InsufficientFunds {
            Objects.requireNonNull(condition, "condition");
            Objects.requireNonNull(balance, "balance");
            Objects.requireNonNull(requested, "requested");
        }

        /** The balance found. */
        @Override
        public Object current() {
            return balance;
        }

        @Override
        public InsufficientFundsException toException() {
            return new InsufficientFundsException(this);
        }

        @Override
        public Transferred orThrow() {
            throw toException();
        }
    }

    /**
     * Nothing moved: no account has this id.
     *
     * @param accountId the id asked for
     * @param identity  the filter that matched nothing, {@code {_id: accountId}}
     */
    record AccountNotFound(Object accountId, BsonDocument identity) implements TransferOutcome, NotFoundRefusal {
        @Override
        public Transferred orThrow() {
            throw toException();
        }
    }
}

package dev.atomicmongo.pattern.transaction;

import java.math.BigDecimal;

/** The result of {@link Transfers#transfer}: both balances changed, or neither and why. */
public sealed interface TransferOutcome {

    /** True if the money moved. */
    default boolean isTransferred() {
        return this instanceof Transferred;
    }

    /** The money moved; the two balances after the transfer. */
    record Transferred(BigDecimal fromBalance, BigDecimal toBalance) implements TransferOutcome {
    }

    /** Nothing moved: the source balance, as read in the aborted transaction, was below the amount. */
    record InsufficientFunds(BigDecimal balance, BigDecimal requested) implements TransferOutcome {
    }

    /** Nothing moved: no account has this id. */
    record AccountNotFound(Object accountId) implements TransferOutcome {
    }
}

package dev.atomicmongo.pattern.transaction;

import java.math.BigDecimal;

import dev.atomicmongo.ConditionFailedException;

/**
 * A transfer the caller required to succeed was refused because the source balance was below the
 * amount: a {@link ConditionFailedException} whose {@linkplain #refusal() refusal} is the
 * {@link TransferOutcome.InsufficientFunds}. Thrown by {@link TransferOutcome#orThrow()}.
 */
public class InsufficientFundsException extends ConditionFailedException {
    private static final long serialVersionUID = 1L;
    private final transient TransferOutcome.InsufficientFunds refusal;

    /** Creates the exception for a refusal. */
    public InsufficientFundsException(TransferOutcome.InsufficientFunds refusal) {
        super(refusal, "Insufficient funds: balance " + refusal.balance() + ", " + refusal.requested() + " requested");
        this.refusal = refusal;
    }

    @Override
    public TransferOutcome.InsufficientFunds refusal() {
        return refusal;
    }

    /** The source balance as read in the aborted transaction. */
    public BigDecimal balance() {
        return refusal.balance();
    }

    /** The amount asked for. */
    public BigDecimal requested() {
        return refusal.requested();
    }
}

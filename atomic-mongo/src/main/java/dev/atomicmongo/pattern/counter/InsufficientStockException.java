package dev.atomicmongo.pattern.counter;

import dev.atomicmongo.ConditionFailedException;

/**
 * An {@link Inventory} change asked for more units than the item had, so nothing was written;
 * thrown by {@link InventoryOutcome#orThrow()}. {@link #refusal()} holds the quantities read
 * right after, the units requested and the guard that failed; {@link #current()} is the item's
 * quantity fields as read.
 */
public class InsufficientStockException extends ConditionFailedException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception for a refusal, with a message naming the guard and the item's quantities. */
    public InsufficientStockException(InventoryOutcome.Insufficient refusal) {
        super(refusal);
    }

    /** The refusal: the quantities as read, the units requested and the guard that failed. */
    @Override
    public InventoryOutcome.Insufficient refusal() {
        return (InventoryOutcome.Insufficient) super.refusal();
    }
}

package dev.atomicmongo.pattern.counter;

import dev.atomicmongo.ConditionRefusal;
import dev.atomicmongo.DocumentNotFoundException;
import dev.atomicmongo.NotFoundRefusal;
import dev.atomicmongo.Outcome;
import org.bson.BsonDocument;

/**
 * The result of an {@link Inventory} change: the stock after it, or why it was refused. The
 * guarded update alone cannot tell "not enough stock" from "no such item"; one read by
 * {@code _id}, made only when it matched nothing, does.
 */
public sealed interface InventoryOutcome extends Outcome<InventoryOutcome.Applied> {

    /** True if the change was applied. */
    default boolean isApplied() {
        return this instanceof Applied;
    }

    /**
     * The stock after the change, if it was applied.
     *
     * @throws InsufficientStockException if there was not enough stock
     * @throws DocumentNotFoundException if the item does not exist
     */
    @Override
    Applied orThrow();

    /** The change was applied; the quantities after it, read in the same round trip. */
    record Applied(long available, long reserved) implements InventoryOutcome {
        @Override
        public Applied orThrow() {
            return this;
        }
    }

    /**
     * Nothing changed: fewer than {@code requested} units were available (or reserved, when
     * releasing or committing), as read right after the refused update. {@code condition} is the
     * filter the item failed; {@code current} the item's two quantity fields as read then.
     */
    record Insufficient(long available, long reserved, long requested, BsonDocument condition, BsonDocument current)
            implements InventoryOutcome, ConditionRefusal {
        @Override
        public Applied orThrow() {
            throw toException();
        }

        /** The typed exception {@link #orThrow()} throws, carrying this refusal. */
        @Override
        public InsufficientStockException toException() {
            return new InsufficientStockException(this);
        }
    }

    /** No item matches {@code identity}. */
    record NotFound(BsonDocument identity) implements InventoryOutcome, NotFoundRefusal {
        @Override
        public Applied orThrow() {
            throw toException();
        }
    }
}

package dev.atomicmongo.pattern.counter;

import dev.atomicmongo.ConditionFailedException;
import dev.atomicmongo.ConditionRefusal;
import dev.atomicmongo.DocumentNotFoundException;
import dev.atomicmongo.NotFoundRefusal;
import org.bson.BsonDocument;

/** The result of an {@link Inventory} change: the stock after it, or why it was refused. */
public sealed interface InventoryOutcome {

    /** True if the change was applied. */
    default boolean isApplied() {
        return this instanceof Applied;
    }

    /**
     * The stock after the change, if it was applied.
     *
     * @throws ConditionFailedException if there was not enough stock
     * @throws DocumentNotFoundException if the item does not exist
     */
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
     * filter the item failed.
     */
    record Insufficient(long available, long reserved, long requested, BsonDocument condition)
            implements InventoryOutcome, ConditionRefusal {
        @Override
        public Applied orThrow() {
            throw toException();
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

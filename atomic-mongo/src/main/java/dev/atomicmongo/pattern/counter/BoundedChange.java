package dev.atomicmongo.pattern.counter;

import dev.atomicmongo.ConditionFailedException;
import dev.atomicmongo.ConditionRefusal;
import dev.atomicmongo.DocumentNotFoundException;
import dev.atomicmongo.NotFoundRefusal;
import dev.atomicmongo.Outcome;
import org.bson.BsonDocument;

/**
 * The result of a bounded change from {@link Counters}: applied with the new value, refused
 * because the value would cross its bound, or the document does not exist.
 *
 * <pre>{@code
 * BoundedChange<Long> change = counters.decrement("sku-1", "stock", 3, 0);
 * if (change instanceof BoundedChange.Applied<Long> applied) {
 *     ship(applied.value());                       // the stock after the change
 * } else if (change instanceof BoundedChange.Refused<Long> refused) {
 *     backorder(refused.current());
 * }
 * }</pre>
 *
 * @param <N> {@link Long} or {@link java.math.BigDecimal}
 */
public sealed interface BoundedChange<N extends Number> extends Outcome<N> {

    /** True if the change was applied. */
    default boolean isApplied() {
        return this instanceof Applied;
    }

    /**
     * The new value if the change was applied.
     *
     * @throws BoundExceededException (a {@link ConditionFailedException}) if the change would
     *         have crossed the bound
     * @throws DocumentNotFoundException if no document has the id
     */
    @Override
    N orThrow();

    /** The change was applied; {@code value} is the field's new value, read in the same round trip. */
    record Applied<N extends Number>(N value) implements BoundedChange<N> {
        @Override
        public N orThrow() {
            return value;
        }
    }

    /**
     * Nothing changed: the value, {@code current} as read right after, would have crossed
     * {@code bound}. {@code condition} is the filter the document failed. The guarded update
     * alone cannot tell this from {@link NotFound}; one read by {@code _id}, made only when it
     * matched nothing, does.
     */
    record Refused<N extends Number>(N current, N bound, BsonDocument condition) implements BoundedChange<N>, ConditionRefusal {
        @Override
        public N orThrow() {
            throw toException();
        }

        /** The typed exception {@link #orThrow()} throws, carrying this refusal. */
        @Override
        public BoundExceededException toException() {
            return new BoundExceededException(this);
        }
    }

    /** No document matches {@code identity}. */
    record NotFound<N extends Number>(BsonDocument identity) implements BoundedChange<N>, NotFoundRefusal {
        @Override
        public N orThrow() {
            throw toException();
        }
    }
}

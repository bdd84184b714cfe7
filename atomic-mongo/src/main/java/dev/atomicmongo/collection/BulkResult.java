package dev.atomicmongo.collection;

import java.util.List;
import java.util.Objects;

/**
 * The outcomes of a {@link AtomicCollection#bulkWrite bulk write}, one per item, in input order.
 *
 * @param outcomes  {@code outcomes.get(i)} is what item {@code i} did
 * @param reads     the reads made after the write to classify items that did not apply (0 when all applied)
 * @param <T>       the collection's document type
 */
public record BulkResult<T>(List<BulkOutcome<T>> outcomes, int reads) {

    /** Copies the list. */
    public BulkResult {
        outcomes = List.copyOf(Objects.requireNonNull(outcomes, "outcomes"));
    }

    /** The outcome of item {@code index}. */
    public BulkOutcome<T> get(int index) {
        return outcomes.get(index);
    }

    /** The number of items. */
    public int size() {
        return outcomes.size();
    }

    /** True if every item's outcome {@link BulkOutcome#isSuccess() is a success}: applied, inserted or a duplicate operation. */
    public boolean allSucceeded() {
        return outcomes.stream().allMatch(BulkOutcome::isSuccess);
    }

    /** How many outcomes are of {@code type}, for example {@code count(BulkOutcome.Applied.class)}. */
    @SuppressWarnings("rawtypes")
    public long count(Class<? extends BulkOutcome> type) {
        Objects.requireNonNull(type, "type");
        return outcomes.stream().filter(type::isInstance).count();
    }
}

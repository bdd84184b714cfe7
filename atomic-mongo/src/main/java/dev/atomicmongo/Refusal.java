package dev.atomicmongo;

/**
 * A record saying why an operation wrote nothing: the document does not exist, a condition did
 * not hold, a seat was not free. Refusals are expected results, returned as values inside an
 * {@link Outcome}; {@link Outcome#orThrow()} turns one into the exception {@link #toException()}
 * makes, which carries the record.
 */
public interface Refusal {

    /** The exception {@link Outcome#orThrow()} throws for this refusal; it carries this record. */
    RefusedException toException();
}

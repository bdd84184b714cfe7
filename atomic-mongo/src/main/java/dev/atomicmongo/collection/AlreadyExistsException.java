package dev.atomicmongo.collection;

import java.util.Objects;

import dev.atomicmongo.RefusedException;

/**
 * An insert-once the caller required to insert found a document with the same key, which it
 * left untouched; thrown by {@link UpsertOutcome#orThrow()}.
 */
public class AlreadyExistsException extends RefusedException {
    private static final long serialVersionUID = 1L;
    private final transient UpsertOutcome.AlreadyExists refusal;

    /** Creates the exception for a refusal. */
    public AlreadyExistsException(UpsertOutcome.AlreadyExists refusal) {
        super("A document with " + Objects.requireNonNull(refusal, "refusal").key().toJson() + " already exists");
        this.refusal = refusal;
    }

    @Override
    public UpsertOutcome.AlreadyExists refusal() {
        return refusal;
    }
}

package dev.atomicmongo.pattern.version;

import dev.atomicmongo.ConditionFailedException;
import org.bson.BsonDocument;

/**
 * A versioned write was refused because the stored version is not the one the writer read: a
 * {@link ConditionFailedException} whose {@linkplain #refusal() refusal} is the
 * {@link VersionedOutcome.Conflict}, with the version expected and the version found. Thrown by
 * {@link VersionedOutcome#orThrow()}.
 */
public class VersionConflictException extends ConditionFailedException {
    private static final long serialVersionUID = 1L;
    private final transient VersionedOutcome.Conflict conflict;

    /** Creates the exception for a conflict. */
    public VersionConflictException(VersionedOutcome.Conflict conflict) {
        super(conflict, "Version conflict on " + conflict.identity().toJson() + ": expected version "
                + conflict.expectedVersion() + " but the document is at version " + conflict.currentVersion());
        this.conflict = conflict;
    }

    @Override
    public VersionedOutcome.Conflict refusal() {
        return conflict;
    }

    /** The identity filter of the document. */
    public BsonDocument identity() {
        return conflict.identity();
    }

    /** The version the writer expected. */
    public long expectedVersion() {
        return conflict.expectedVersion();
    }

    /** The version found right after the refused write. */
    public long currentVersion() {
        return conflict.currentVersion();
    }
}

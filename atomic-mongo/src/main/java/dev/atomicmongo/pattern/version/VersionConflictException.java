package dev.atomicmongo.pattern.version;

import dev.atomicmongo.ConditionFailedException;
import org.bson.BsonDocument;
import org.bson.BsonInt64;

/**
 * A versioned write was refused because the stored version is not the one the writer read: a
 * {@link ConditionFailedException} whose {@linkplain #condition() condition} is the version check
 * and whose {@linkplain #current() current} value is the version found. Thrown by
 * {@link VersionedOutcome#orThrow()}.
 */
public class VersionConflictException extends ConditionFailedException {
    private static final long serialVersionUID = 1L;
    private final transient BsonDocument identity;
    private final long expectedVersion;
    private final long currentVersion;

    /** Creates the exception for a document, its version field, the version the writer expected and the one found. */
    public VersionConflictException(BsonDocument identity, String versionField, long expectedVersion,
                                    long currentVersion) {
        super(new BsonDocument(versionField, new BsonInt64(expectedVersion)), currentVersion);
        this.identity = identity;
        this.expectedVersion = expectedVersion;
        this.currentVersion = currentVersion;
    }

    /** The identity filter of the document. */
    public BsonDocument identity() {
        return identity;
    }

    /** The version the writer expected. */
    public long expectedVersion() {
        return expectedVersion;
    }

    /** The version found right after the refused write. */
    public long currentVersion() {
        return currentVersion;
    }

    @Override
    public String getMessage() {
        return "Version conflict on " + identity.toJson() + ": expected version " + expectedVersion
                + " but the document is at version " + currentVersion;
    }
}

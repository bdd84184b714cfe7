package dev.atomicmongo;

import org.bson.BsonDocument;

/** No document matched the identity part of a conditional update. */
public class DocumentNotFoundException extends AtomicMongoException {
    private static final long serialVersionUID = 1L;
    private final transient BsonDocument identity;

    /** Creates the exception for the identity filter that matched nothing. */
    public DocumentNotFoundException(BsonDocument identity) {
        super("No document matches " + identity.toJson());
        this.identity = identity;
    }

    /** The identity filter that matched nothing. */
    public BsonDocument identity() {
        return identity;
    }
}

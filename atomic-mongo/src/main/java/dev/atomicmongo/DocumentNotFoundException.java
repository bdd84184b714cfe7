package dev.atomicmongo;

import java.util.Objects;

import org.bson.BsonDocument;

/** No document matched the identity part of an operation the caller required to succeed. */
public class DocumentNotFoundException extends RefusedException {
    private static final long serialVersionUID = 1L;
    private final transient NotFoundRefusal refusal;

    /** Creates the exception for a refusal. */
    public DocumentNotFoundException(NotFoundRefusal refusal) {
        super("No document matches " + Objects.requireNonNull(refusal, "refusal").identity().toJson());
        this.refusal = refusal;
    }

    @Override
    public NotFoundRefusal refusal() {
        return refusal;
    }

    /** The identity filter that matched nothing. */
    public BsonDocument identity() {
        return refusal.identity();
    }
}

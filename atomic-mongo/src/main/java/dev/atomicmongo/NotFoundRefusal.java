package dev.atomicmongo;

import org.bson.BsonDocument;

/**
 * A refusal because no document matches the operation's identity filter. Its exception is
 * {@link DocumentNotFoundException}.
 */
public interface NotFoundRefusal extends Refusal {

    /** The identity filter that matched nothing, as sent. */
    BsonDocument identity();

    @Override
    default RefusedException toException() {
        return new DocumentNotFoundException(this);
    }
}

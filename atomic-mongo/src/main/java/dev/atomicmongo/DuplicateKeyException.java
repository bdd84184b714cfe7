package dev.atomicmongo;

import java.util.Optional;

import com.mongodb.MongoException;
import org.bson.BsonDocument;

/**
 * A write was refused by a unique index (server error E11000).
 *
 * <p>Recognised whichever driver exception carried it (a write error, a command error from
 * {@code findAndModify}, or a bulk write error). The server reports the index and the
 * offending key; {@link #keyPattern()} and {@link #keyValue()} expose them when the server
 * sent them.
 */
public class DuplicateKeyException extends MongoOperationException {
    private static final long serialVersionUID = 1L;
    private final String indexName;
    private final transient BsonDocument keyPattern;
    private final transient BsonDocument keyValue;

    /** Creates the exception from the parts of a duplicate-key error. */
    public DuplicateKeyException(String operation, MongoException cause, String indexName,
                                 BsonDocument keyPattern, BsonDocument keyValue) {
        super(operation, cause);
        this.indexName = indexName;
        this.keyPattern = keyPattern;
        this.keyValue = keyValue;
    }

    /** The name of the unique index that refused the write, when reported. */
    public Optional<String> indexName() {
        return Optional.ofNullable(indexName);
    }

    /** The unique index's key pattern, for example {@code {url: 1}}, when reported. */
    public Optional<BsonDocument> keyPattern() {
        return Optional.ofNullable(keyPattern);
    }

    /** The duplicated key, for example {@code {url: "https://a"}}, when reported. */
    public Optional<BsonDocument> keyValue() {
        return Optional.ofNullable(keyValue);
    }
}

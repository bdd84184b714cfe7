package dev.atomicmongo.collection;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteError;
import dev.atomicmongo.AtomicMongoException;
import dev.atomicmongo.ClientClosedException;
import dev.atomicmongo.DocumentCodecException;
import dev.atomicmongo.DuplicateKeyException;
import dev.atomicmongo.MongoOperationException;
import org.bson.BSONException;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.codecs.configuration.CodecConfigurationException;
import org.bson.json.JsonParseException;

/** Translates driver exceptions into the atomic-mongo hierarchy. */
final class Errors {
    private static final Pattern INDEX = Pattern.compile("index: (\\S+)");
    private static final Pattern DUP_KEY = Pattern.compile("dup key: (\\{.*})");

    private Errors() {
    }

    /**
     * True for what a driver call throws besides {@link MongoException} when the call, not the
     * caller's arguments, failed: a codec failure (a stored document that does not decode, a value
     * without a codec, a document over 16 MiB) or a closed client.
     */
    static boolean isDriverFailure(RuntimeException e) {
        return e instanceof MongoException || e instanceof BSONException || e instanceof CodecConfigurationException
                || isClosedClient(e);
    }

    /**
     * Translates any failure {@link #isDriverFailure} accepts; anything else is returned as it is
     * (it is a bug or a bad argument, not an operation failure).
     */
    static RuntimeException translateAny(String operation, RuntimeException e) {
        if (e instanceof MongoException mongo) {
            return translate(operation, mongo);
        }
        if (e instanceof BSONException || e instanceof CodecConfigurationException) {
            return new DocumentCodecException(operation, e);
        }
        if (isClosedClient(e)) {
            return new ClientClosedException(operation, e);
        }
        return e;
    }

    private static boolean isClosedClient(RuntimeException e) {
        return e instanceof IllegalStateException && e.getMessage() != null
                && e.getMessage().contains("state should be: open");
    }

    static AtomicMongoException translate(String operation, MongoException e) {
        if (isDuplicateKey(e)) {
            String message = duplicateKeyMessage(e);
            BsonDocument response = e instanceof MongoCommandException command ? command.getResponse() : null;
            BsonDocument keyPattern = documentField(response, "keyPattern");
            BsonDocument keyValue = documentField(response, "keyValue");
            if (keyValue == null && message != null) {
                keyValue = parseDupKey(message);
            }
            String index = null;
            if (message != null) {
                Matcher m = INDEX.matcher(message);
                if (m.find()) {
                    index = m.group(1);
                }
            }
            return new DuplicateKeyException(operation, e, index, keyPattern, keyValue);
        }
        return new MongoOperationException(operation, e);
    }

    static boolean isDuplicateKey(MongoException e) {
        if (e instanceof MongoWriteException write) {
            return isDuplicateKeyCode(write.getError().getCode());
        }
        if (e instanceof MongoBulkWriteException bulk) {
            for (BulkWriteError error : bulk.getWriteErrors()) {
                if (isDuplicateKeyCode(error.getCode())) {
                    return true;
                }
            }
            return false;
        }
        return isDuplicateKeyCode(e.getCode());
    }

    private static boolean isDuplicateKeyCode(int code) {
        return code == 11000 || code == 11001 || code == 12582;
    }

    private static String duplicateKeyMessage(MongoException e) {
        if (e instanceof MongoWriteException write) {
            return write.getError().getMessage();
        }
        if (e instanceof MongoBulkWriteException bulk) {
            for (BulkWriteError error : bulk.getWriteErrors()) {
                if (isDuplicateKeyCode(error.getCode())) {
                    return error.getMessage();
                }
            }
        }
        if (e instanceof MongoCommandException command) {
            return command.getErrorMessage();
        }
        return e.getMessage();
    }

    private static BsonDocument documentField(BsonDocument response, String name) {
        if (response == null) {
            return null;
        }
        BsonValue value = response.get(name);
        return value != null && value.isDocument() ? value.asDocument() : null;
    }

    private static BsonDocument parseDupKey(String message) {
        Matcher m = DUP_KEY.matcher(message);
        if (!m.find()) {
            return null;
        }
        try {
            return BsonDocument.parse(m.group(1));
        } catch (JsonParseException | IllegalArgumentException parseFailure) {
            return null;
        }
    }
}

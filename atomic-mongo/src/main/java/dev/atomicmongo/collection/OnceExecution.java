package dev.atomicmongo.collection;

import java.util.Optional;

import com.mongodb.client.model.ReturnDocument;
import dev.atomicmongo.DuplicateKeyException;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/** Runs an {@link OnceUpdateCommand}: one write, and one classifying read only when it wrote nothing. */
final class OnceExecution {
    private OnceExecution() {
    }

    static <T> OnceOutcome<T> run(AtomicCollection<T> collection, OnceUpdateCommand command) {
        if (command.returnDocument() != null && !command.upsert()) {
            Optional<T> found = collection.execute(command.findAndModifyCommand());
            return found.isPresent() ? new OnceOutcome.Applied<>(command.operationId(), false, found)
                    : classify(collection, command);
        }
        if (!command.upsert()) {
            UpdateOutcome outcome = collection.execute(command.updateCommand());
            return outcome.isMatched() ? new OnceOutcome.Applied<>(command.operationId(), false, Optional.empty())
                    : classify(collection, command);
        }
        // an upsert whose id the document has seen does not match {$ne: id}, so it tries to insert
        // a second document with the identity: the identity's unique index refuses it (E11000), and
        // the read tells a duplicate operation from a concurrent first insert of the same identity
        return collection.retryPolicy().execute("upsertOnce on " + collection.namespace(), attempt -> {
            try {
                if (command.returnDocument() != null) {
                    // returning BEFORE, an insert returns nothing; returning AFTER it cannot be told from an update
                    Optional<T> found = collection.executeWithoutRetry(command.findAndModifyCommand());
                    return Optional.of(new OnceOutcome.Applied<>(command.operationId(),
                            command.returnDocument() == ReturnDocument.BEFORE && found.isEmpty(), found));
                }
                UpdateOutcome outcome = collection.executeWithoutRetry(command.updateCommand());
                return Optional.of(new OnceOutcome.Applied<>(command.operationId(), outcome.isInserted(),
                        Optional.empty()));
            } catch (DuplicateKeyException e) {
                Optional<BsonDocument> current = collection.findRaw(command.identity(), command.options());
                if (current.isPresent() && hasSeen(current.get(), command)) {
                    return Optional.of(new OnceOutcome.Duplicate<>(command.operationId(),
                            collection.decode(current.get())));
                }
                if (!e.keyValue().map(key -> FilterChecks.pinsKey(command.filter(), key)).orElse(true)) {
                    throw e;   // another unique index refused the insert: retrying cannot help
                }
                // a concurrent first insert of the identity by another operation won: update it now
                return Optional.empty();
            }
        });
    }

    private static <T> OnceOutcome<T> classify(AtomicCollection<T> collection, OnceUpdateCommand command) {
        Optional<BsonDocument> current = collection.findRaw(command.identity(), command.options());
        if (current.isEmpty()) {
            return new OnceOutcome.NotFound<>(command.operationId(), command.identity());
        }
        T document = collection.decode(current.get());
        return hasSeen(current.get(), command) ? new OnceOutcome.Duplicate<>(command.operationId(), document)
                : new OnceOutcome.ConditionFailed<>(command.operationId(), command.condition(), document);
    }

    static boolean hasSeen(BsonDocument document, OnceUpdateCommand command) {
        BsonValue ids = StoredValues.valueAt(document, command.guard().field()).orElse(null);
        return ids != null && ids.isArray() && ids.asArray().contains(command.operationId().toBsonValue());
    }
}

package dev.atomicmongo.collection;

import java.util.Objects;

import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * One write of a {@link AtomicCollection#bulkWrite bulk write}: a conditional update, an upsert or
 * an insert-once. Items are values built from commands ({@link #of(ConditionalUpdateCommand)},
 * {@link #of(UpdateCommand)}) or by {@link Commands#insertOnce}; pure, nothing is sent. Immutable
 * and thread-safe; {@code equals} compares the BSON. The family is sealed so that each item has
 * exactly one way to be classified; new kinds (a guarded update carrying an operation id) are
 * added as new records.
 */
public sealed interface BulkItem permits BulkItem.UpdateIf, BulkItem.Upsert, BulkItem.InsertOnce {

    /**
     * A conditional update as a bulk item: applied, not found or condition failed.
     *
     * @throws IllegalArgumentException if the command carries options (see {@link UpdateIf})
     */
    static UpdateIf of(ConditionalUpdateCommand command) {
        return new UpdateIf(command);
    }

    /**
     * An upsert ({@link Commands#upsertOne}) as a bulk item: applied (matched) or inserted.
     *
     * @throws IllegalArgumentException if the command is not a single-document upsert or carries options
     */
    static Upsert of(UpdateCommand command) {
        return new Upsert(command);
    }

    /** The filter the item's write is sent with. */
    BsonDocument filter();

    /**
     * A conditional update: {@code updateOne} on {@code {$and: [identity, condition]}}. In a bulk it
     * takes no {@link WriteOptions} (a hint or collation per item would split the read that says
     * why items matched nothing).
     *
     * @param command the conditional update, from {@link Commands#updateIf}
     */
    record UpdateIf(ConditionalUpdateCommand command) implements BulkItem {
        /** Checks the command can run in a bulk. */
        public UpdateIf {
            Objects.requireNonNull(command, "command");
            requireNoOptions("updateIf", command.options());
        }

        @Override
        public BsonDocument filter() {
            return command.filter();
        }

        @Override
        public String toString() {
            return command.toString();
        }
    }

    /**
     * An {@code updateOne} with {@code upsert: true}, without options.
     *
     * @param command the upsert, from {@link Commands#upsertOne}
     */
    record Upsert(UpdateCommand command) implements BulkItem {
        /** Checks the command is a single-document upsert without options. */
        public Upsert {
            Objects.requireNonNull(command, "command");
            if (!command.upsert() || command.multi()) {
                throw new IllegalArgumentException("bulk upsert: the command is " + command.name()
                        + "; a bulk upsert item is an upsertOne");
            }
            requireNoOptions("upsertOne", command.options());
        }

        @Override
        public BsonDocument filter() {
            return command.filter();
        }

        @Override
        public String toString() {
            return command.toString();
        }
    }

    /**
     * Inserts {@code document} unless one has the key: an {@code updateOne} with upsert on
     * {@code filter} whose update is {@code $setOnInsert} only, so an existing document is never
     * modified. Built by {@link Commands#insertOnce}.
     *
     * @param key      the key as given, {@code {field: value}}, for outcomes
     * @param filter   the key filter as sent ({@code $eq} for a document or regex value)
     * @param document the document inserted, holding the key and an {@code _id}
     */
    record InsertOnce(BsonDocument key, BsonDocument filter, BsonDocument document) implements BulkItem {
        /** Freezes the components; the document must carry its {@code _id}. */
        public InsertOnce {
            key = Bsons.frozen(Objects.requireNonNull(key, "key"));
            filter = Bsons.frozen(Objects.requireNonNull(filter, "filter"));
            document = Bsons.frozen(Objects.requireNonNull(document, "document"));
            if (!document.containsKey("_id") || document.get("_id").isNull()) {
                throw new IllegalArgumentException("insertOnce: the document has no _id; the id tells an insert apart");
            }
        }

        /** The {@code _id} the document is inserted with. */
        public BsonValue id() {
            return document.get("_id");
        }

        @Override
        public String toString() {
            return "insertOnce key=" + key.toJson() + " document=" + document.toJson();
        }
    }

    private static void requireNoOptions(String name, WriteOptions options) {
        if (!options.isEmpty()) {
            throw new IllegalArgumentException("bulk " + name + ": the item carries options "
                    + options.toBsonDocument().toJson() + "; a bulk item takes none (run it alone with execute)");
        }
    }
}

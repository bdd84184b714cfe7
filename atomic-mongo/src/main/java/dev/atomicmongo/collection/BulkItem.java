package dev.atomicmongo.collection;

import java.util.Objects;

import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * One write of a {@link AtomicCollection#bulkWrite bulk write}: a conditional update, an upsert, an
 * insert-once or an update guarded by an operation id. Items are values built from commands
 * ({@link #of(ConditionalUpdateCommand)}, {@link #of(UpdateCommand)}, {@link #of(OnceUpdateCommand)})
 * or by {@link Commands#insertOnce}; pure, nothing is sent. Immutable and thread-safe;
 * {@code equals} compares the BSON. The family is sealed so that each item has exactly one way to
 * be classified.
 */
public sealed interface BulkItem permits BulkItem.UpdateIf, BulkItem.Upsert, BulkItem.InsertOnce, BulkItem.Once {

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

    /**
     * An update guarded by an operation id ({@link Commands#updateOnce}, {@link Commands#upsertOnce})
     * as a bulk item: applied, inserted (an upsert), a duplicate operation, not found or condition
     * failed, as {@link AtomicCollection#execute(OnceUpdateCommand)} would say.
     *
     * @throws IllegalArgumentException if the command cannot run in a bulk (see {@link Once})
     */
    static Once of(OnceUpdateCommand command) {
        return new Once(command);
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

    /**
     * An update guarded by an operation id: sent as {@link OnceUpdateCommand#updateCommand()}, and
     * classified as {@link BulkOutcome.Applied}, {@link BulkOutcome.Inserted} (an upsert),
     * {@link BulkOutcome.DuplicateOperation}, {@link BulkOutcome.NotFound} or
     * {@link BulkOutcome.ConditionFailed}. In a bulk the command must be an operator update (a
     * pipeline cannot say which item matched nothing), without {@code $expr} in its identity or
     * condition, without a returned document ({@code findOneAndUpdateOnce} runs alone) and without
     * {@link WriteOptions}. An upsert item needs a unique index on its identity's field, as
     * {@link Commands#upsertOnce} does.
     *
     * @param command the guarded update, from {@link Commands#updateOnce} or {@link Commands#upsertOnce}
     */
    record Once(OnceUpdateCommand command) implements BulkItem {
        /** Checks the command can run in a bulk. */
        public Once {
            Objects.requireNonNull(command, "command");
            if (command.returnDocument() != null) {
                throw new IllegalArgumentException("bulk updateOnce: the command returns a document "
                        + "(findOneAndUpdateOnce); a bulk item returns none, run it alone with execute");
            }
            if (!(command.userUpdate() instanceof CompiledUpdate.Operators operators)) {
                throw new IllegalArgumentException("bulk updateOnce: a pipeline update cannot be told apart from "
                        + "an item that matched nothing in a bulk; run it alone with execute");
            }
            if (FilterChecks.hasExpr(command.identity()) || FilterChecks.hasExpr(command.condition())) {
                throw new IllegalArgumentException("bulk updateOnce: an $expr identity or condition cannot be "
                        + "told apart from an item that matched nothing in a bulk; run it alone with execute");
            }
            if (BulkRunner.writesId(operators.document())) {
                throw new IllegalArgumentException("bulk updateOnce: the update writes _id; a bulk item may not");
            }
            requireNoOptions("updateOnce", command.options());
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

    private static void requireNoOptions(String name, WriteOptions options) {
        if (!options.isEmpty()) {
            throw new IllegalArgumentException("bulk " + name + ": the item carries options "
                    + options.toBsonDocument().toJson() + "; a bulk item takes none (run it alone with execute)");
        }
    }
}

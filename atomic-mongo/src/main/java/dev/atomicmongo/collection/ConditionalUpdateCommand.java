package dev.atomicmongo.collection;

import java.util.List;
import java.util.Objects;

import org.bson.BsonArray;
import org.bson.BsonDocument;

/**
 * An {@code updateOne} applied only if the document identified by {@code identity} meets
 * {@code condition}: its filter is {@code {$and: [identity, condition]}}. When it matches
 * nothing, {@link AtomicCollection#execute(ConditionalUpdateCommand)} reads the document once by
 * {@code identity} to say why. Built by {@link Commands#updateIf}.
 *
 * @param identity  the filter naming the document, usually {@code {_id: ...}}
 * @param condition what the document must meet
 * @param update    the update, as sent
 * @param options   hint, collation, let and comment, for the update and for the read that says why
 *                  nothing matched ({@link WriteOptions#none()} for none)
 */
public record ConditionalUpdateCommand(BsonDocument identity, BsonDocument condition, CompiledUpdate update,
                                       WriteOptions options) implements Command {

    /** Freezes the components. */
    public ConditionalUpdateCommand {
        identity = Bsons.frozen(Objects.requireNonNull(identity, "identity"));
        condition = Bsons.frozen(Objects.requireNonNull(condition, "condition"));
        Objects.requireNonNull(update, "update");
        Objects.requireNonNull(options, "options");
        WriteOptions.requireNoMaxTime("updateIf", options);
    }

    /** A command without options. */
    public ConditionalUpdateCommand(BsonDocument identity, BsonDocument condition, CompiledUpdate update) {
        this(identity, condition, update, WriteOptions.none());
    }

    /** {@code {$and: [identity, condition]}}, the filter sent. */
    @Override
    public BsonDocument filter() {
        return Bsons.frozen(new BsonDocument("$and", new BsonArray(List.of(identity, condition))));
    }

    @Override
    public String toString() {
        return "updateIf identity=" + identity.toJson() + " condition=" + condition.toJson() + " update=" + update
                + (options.isEmpty() ? "" : " options=" + options.toBsonDocument().toJson());
    }
}

package dev.atomicmongo.collection;

import java.util.Objects;

import org.bson.BsonDocument;

/**
 * An {@code update} command of one statement: {@code updateOne}, {@code updateMany}, or an
 * upsert. Built by {@link Commands}; run by {@link AtomicCollection#execute(UpdateCommand)}.
 *
 * @param filter the filter, as sent
 * @param update the update, as sent
 * @param upsert true to insert a document built from the filter's equality fields and the update when none matches
 * @param multi  true to update every matching document ({@code updateMany}), false for the first
 * @param options hint, collation, let and comment ({@link WriteOptions#none()} for none)
 */
public record UpdateCommand(BsonDocument filter, CompiledUpdate update, boolean upsert, boolean multi,
                            WriteOptions options) implements Command {

    /**
     * Checks the command as the server would.
     *
     * @throws IllegalArgumentException if an upsert's filter uses {@code $expr}, which the server
     *         cannot build the inserted document from; if a multi-document update carries a sort
     *         (the server orders only a single-document update); if the options carry
     *         {@code maxTimeMS} (an option of {@code findAndModify} only)
     */
    public UpdateCommand {
        filter = Bsons.frozen(Objects.requireNonNull(filter, "filter"));
        Objects.requireNonNull(update, "update");
        Objects.requireNonNull(options, "options");
        if (upsert) {
            FilterChecks.requireNoExpr(filter);
        }
        String name = multi ? (upsert ? "upsertMany" : "updateMany") : upsert ? "upsertOne" : "updateOne";
        if (multi && options.sort().isPresent()) {
            throw new IllegalArgumentException(name + ": a sort picks the one document a single update changes; "
                    + name + " changes every match, so it takes no sort");
        }
        WriteOptions.requireNoMaxTime(name, options);
    }

    /**
     * A command without options.
     *
     * @throws IllegalArgumentException as the canonical constructor
     */
    public UpdateCommand(BsonDocument filter, CompiledUpdate update, boolean upsert, boolean multi) {
        this(filter, update, upsert, multi, WriteOptions.none());
    }

    /** The driver method this command corresponds to: {@code updateOne}, {@code updateMany}, {@code upsertOne} or {@code upsertMany}. */
    public String name() {
        return multi ? (upsert ? "upsertMany" : "updateMany") : upsert ? "upsertOne" : "updateOne";
    }

    @Override
    public String toString() {
        return name() + " filter=" + filter.toJson() + " update=" + update
                + (options.isEmpty() ? "" : " options=" + options.toBsonDocument().toJson());
    }
}

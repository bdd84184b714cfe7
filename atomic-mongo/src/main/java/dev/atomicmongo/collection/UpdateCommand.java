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
 */
public record UpdateCommand(BsonDocument filter, CompiledUpdate update, boolean upsert, boolean multi)
        implements Command {

    /**
     * Checks the command as the server would.
     *
     * @throws IllegalArgumentException if an upsert's filter uses {@code $expr}, which the server
     *         cannot build the inserted document from
     */
    public UpdateCommand {
        filter = Bsons.frozen(Objects.requireNonNull(filter, "filter"));
        Objects.requireNonNull(update, "update");
        if (upsert) {
            FilterChecks.requireNoExpr(filter);
        }
    }

    /** The driver method this command corresponds to: {@code updateOne}, {@code updateMany} or {@code upsertOne}. */
    public String name() {
        return multi ? (upsert ? "upsertMany" : "updateMany") : upsert ? "upsertOne" : "updateOne";
    }

    @Override
    public String toString() {
        return name() + " filter=" + filter.toJson() + " update=" + update;
    }
}

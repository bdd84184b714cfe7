package dev.atomicmongo.collection;

import java.util.Objects;
import java.util.Optional;

import com.mongodb.client.model.ReturnDocument;
import org.bson.BsonDocument;

/**
 * A {@code findAndModify} command that updates the first matching document and returns it as it
 * was before or after. Built by {@link Commands#findOneAndUpdate}; run by
 * {@link AtomicCollection#execute(FindAndModifyCommand)}.
 *
 * @param filter         the filter, as sent
 * @param update         the update, as sent
 * @param returnDocument which version of the document is returned
 * @param upsert         true to insert a document when none matches
 * @param projection     the fields to return, or null for all
 * @param sort           the order choosing the document among several matches, or null
 * @param options        hint, collation, let and comment ({@link WriteOptions#none()} for none)
 */
public record FindAndModifyCommand(BsonDocument filter, CompiledUpdate update, ReturnDocument returnDocument,
                                   boolean upsert, BsonDocument projection, BsonDocument sort, WriteOptions options)
        implements Command {

    /**
     * Checks the command as the server would.
     *
     * @throws IllegalArgumentException if an upsert's filter uses {@code $expr}, or if the command
     *         and its options carry two different sorts
     */
    public FindAndModifyCommand {
        filter = Bsons.frozen(Objects.requireNonNull(filter, "filter"));
        Objects.requireNonNull(update, "update");
        Objects.requireNonNull(returnDocument, "returnDocument");
        projection = Bsons.frozen(projection);
        sort = Bsons.frozen(sort);
        Objects.requireNonNull(options, "options");
        if (upsert) {
            FilterChecks.requireNoExpr(filter);
        }
        if (sort != null && options.sort().isPresent() && !sort.equals(options.sort().get())) {
            throw new IllegalArgumentException("findOneAndUpdate: two sorts, " + sort.toJson() + " and the options' "
                    + options.sort().get().toJson() + "; give one");
        }
    }

    /**
     * A command without hint, collation, let or comment.
     *
     * @throws IllegalArgumentException as the canonical constructor
     */
    public FindAndModifyCommand(BsonDocument filter, CompiledUpdate update, ReturnDocument returnDocument,
                                boolean upsert, BsonDocument projection, BsonDocument sort) {
        this(filter, update, returnDocument, upsert, projection, sort, WriteOptions.none());
    }

    /** The projection, if any. */
    public Optional<BsonDocument> projectionIfAny() {
        return Optional.ofNullable(projection);
    }

    /** The sort, if any. */
    public Optional<BsonDocument> sortIfAny() {
        return Optional.ofNullable(sort);
    }

    @Override
    public String toString() {
        return "findOneAndUpdate filter=" + filter.toJson() + " update=" + update + " return=" + returnDocument
                + (upsert ? " upsert" : "") + (projection != null ? " projection=" + projection.toJson() : "")
                + (sort != null ? " sort=" + sort.toJson() : "")
                + (options.isEmpty() ? "" : " options=" + options.toBsonDocument().toJson());
    }
}

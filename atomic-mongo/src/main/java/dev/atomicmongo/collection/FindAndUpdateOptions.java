package dev.atomicmongo.collection;

import java.util.Objects;

import com.mongodb.client.model.Collation;
import com.mongodb.client.model.ReturnDocument;
import dev.atomicmongo.CheckReturnValue;
import dev.atomicmongo.update.Expr;
import org.bson.BsonValue;
import org.bson.conversions.Bson;

/**
 * Immutable options for {@link AtomicCollection#findOneAndUpdate}: which version of the
 * document to return, upsert, projection and sort, and the {@link WriteOptions} shared with the
 * other writes (hint, collation, let, comment). Thread-safe.
 *
 * <pre>{@code
 * FindAndUpdateOptions.returnAfter().withUpsert(true).withSort(Sorts.ascending("createdAt"))
 *         .withHint("createdAt_1").withComment("oldest first")
 * }</pre>
 */
@CheckReturnValue
public final class FindAndUpdateOptions {
    private static final FindAndUpdateOptions BEFORE = new FindAndUpdateOptions(ReturnDocument.BEFORE, false, null, null,
            WriteOptions.none());
    private static final FindAndUpdateOptions AFTER = new FindAndUpdateOptions(ReturnDocument.AFTER, false, null, null,
            WriteOptions.none());

    private final ReturnDocument returnDocument;
    private final boolean upsert;
    private final Bson projection;
    private final Bson sort;
    private final WriteOptions writeOptions;

    private FindAndUpdateOptions(ReturnDocument returnDocument, boolean upsert, Bson projection, Bson sort,
                                 WriteOptions writeOptions) {
        this.returnDocument = returnDocument;
        this.upsert = upsert;
        this.projection = projection;
        this.sort = sort;
        this.writeOptions = writeOptions;
    }

    /** Return the document as it was before the update (empty if an upsert inserted it). */
    public static FindAndUpdateOptions returnBefore() {
        return BEFORE;
    }

    /** Return the document as it is after the update. */
    public static FindAndUpdateOptions returnAfter() {
        return AFTER;
    }

    /** Options returning the given version. */
    public static FindAndUpdateOptions returning(ReturnDocument returnDocument) {
        return Objects.requireNonNull(returnDocument, "returnDocument") == ReturnDocument.AFTER ? AFTER : BEFORE;
    }

    /** Insert a document when none matches. */
    public FindAndUpdateOptions withUpsert(boolean upsert) {
        return new FindAndUpdateOptions(returnDocument, upsert, projection, sort, writeOptions);
    }

    /** Return only these fields. */
    public FindAndUpdateOptions withProjection(Bson projection) {
        return new FindAndUpdateOptions(returnDocument, upsert, Objects.requireNonNull(projection, "projection"), sort,
                writeOptions);
    }

    /** Update the first document in this order when several match. */
    public FindAndUpdateOptions withSort(Bson sort) {
        return new FindAndUpdateOptions(returnDocument, upsert, projection, Objects.requireNonNull(sort, "sort"),
                writeOptions);
    }

    /** Replaces the hint, collation, let and comment with {@code options}. */
    public FindAndUpdateOptions withWriteOptions(WriteOptions options) {
        return new FindAndUpdateOptions(returnDocument, upsert, projection, sort,
                Objects.requireNonNull(options, "options"));
    }

    /**
     * Use the index with these keys; see {@link WriteOptions#withHint(Bson)}.
     *
     * @throws IllegalArgumentException if the keys are not an index specification
     */
    public FindAndUpdateOptions withHint(Bson indexKeys) {
        return withWriteOptions(writeOptions.withHint(indexKeys));
    }

    /**
     * Use the index of this name; see {@link WriteOptions#withHint(String)}.
     *
     * @throws IllegalArgumentException if the name is empty
     */
    public FindAndUpdateOptions withHint(String indexName) {
        return withWriteOptions(writeOptions.withHint(indexName));
    }

    /** Compare strings by these rules; see {@link WriteOptions#withCollation}. */
    public FindAndUpdateOptions withCollation(Collation collation) {
        return withWriteOptions(writeOptions.withCollation(collation));
    }

    /**
     * Defines the constant {@code $$name}; see {@link WriteOptions#withLet(String, Object)}.
     *
     * @throws IllegalArgumentException if the name is not a user variable name or is already defined
     */
    public FindAndUpdateOptions withLet(String name, Object value) {
        return withWriteOptions(writeOptions.withLet(name, value));
    }

    /**
     * Defines {@code $$name} as an expression; see {@link WriteOptions#withLet(String, Expr)}.
     *
     * @throws IllegalArgumentException if the name is not a user variable name or is already defined
     */
    public FindAndUpdateOptions withLet(String name, Expr value) {
        return withWriteOptions(writeOptions.withLet(name, value));
    }

    /** Attaches a comment; see {@link WriteOptions#withComment(String)}. */
    public FindAndUpdateOptions withComment(String comment) {
        return withWriteOptions(writeOptions.withComment(comment));
    }

    /** Attaches a BSON comment; see {@link WriteOptions#withComment(BsonValue)}. */
    public FindAndUpdateOptions withComment(BsonValue comment) {
        return withWriteOptions(writeOptions.withComment(comment));
    }

    /** Lets the write break the collection's schema validation rules; see {@link WriteOptions#withBypassDocumentValidation(boolean)}. */
    public FindAndUpdateOptions withBypassDocumentValidation(boolean bypass) {
        return withWriteOptions(writeOptions.withBypassDocumentValidation(bypass));
    }

    /** Bounds the server's work on the command ({@code maxTimeMS}); see {@link WriteOptions#withMaxTime(java.time.Duration)}. */
    public FindAndUpdateOptions withMaxTime(java.time.Duration maxTime) {
        return withWriteOptions(writeOptions.withMaxTime(maxTime));
    }

    /** The hint, collation, let and comment. */
    public WriteOptions writeOptions() {
        return writeOptions;
    }

    /** Which version of the document is returned. */
    public ReturnDocument returnDocument() {
        return returnDocument;
    }

    /** Whether a document is inserted when none matches. */
    public boolean isUpsert() {
        return upsert;
    }

    Bson projection() {
        return projection;
    }

    Bson sort() {
        return sort;
    }

    @Override
    public String toString() {
        return "FindAndUpdateOptions{returnDocument=" + returnDocument + ", upsert=" + upsert
                + ", projection=" + projection + ", sort=" + sort
                + (writeOptions.isEmpty() ? "" : ", " + writeOptions.toBsonDocument().toJson()) + "}";
    }
}

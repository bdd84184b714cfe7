package dev.atomicmongo.collection;

import java.util.Objects;

import com.mongodb.client.model.ReturnDocument;
import dev.atomicmongo.CheckReturnValue;
import org.bson.conversions.Bson;

/**
 * Immutable options for {@link AtomicCollection#findOneAndUpdate}: which version of the
 * document to return, upsert, projection and sort. Thread-safe.
 *
 * <pre>{@code
 * FindAndUpdateOptions.returnAfter().withUpsert(true).withSort(Sorts.ascending("createdAt"))
 * }</pre>
 */
@CheckReturnValue
public final class FindAndUpdateOptions {
    private static final FindAndUpdateOptions BEFORE = new FindAndUpdateOptions(ReturnDocument.BEFORE, false, null, null);
    private static final FindAndUpdateOptions AFTER = new FindAndUpdateOptions(ReturnDocument.AFTER, false, null, null);

    private final ReturnDocument returnDocument;
    private final boolean upsert;
    private final Bson projection;
    private final Bson sort;

    private FindAndUpdateOptions(ReturnDocument returnDocument, boolean upsert, Bson projection, Bson sort) {
        this.returnDocument = returnDocument;
        this.upsert = upsert;
        this.projection = projection;
        this.sort = sort;
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
        return new FindAndUpdateOptions(returnDocument, upsert, projection, sort);
    }

    /** Return only these fields. */
    public FindAndUpdateOptions withProjection(Bson projection) {
        return new FindAndUpdateOptions(returnDocument, upsert, Objects.requireNonNull(projection, "projection"), sort);
    }

    /** Update the first document in this order when several match. */
    public FindAndUpdateOptions withSort(Bson sort) {
        return new FindAndUpdateOptions(returnDocument, upsert, projection, Objects.requireNonNull(sort, "sort"));
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
                + ", projection=" + projection + ", sort=" + sort + "}";
    }
}

package dev.atomicmongo.collection;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.bson.BsonDocument;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;

/** Immutable copies of compiled documents, for the command records. */
final class Bsons {
    private static final BsonDocumentCodec CODEC = new BsonDocumentCodec();

    private Bsons() {
    }

    /**
     * The document as an immutable {@link RawBsonDocument} (itself if it already is one), or null.
     *
     * @throws IllegalArgumentException if the document cannot be written as BSON (a key with a NUL
     *         character, whose message names the key; a lazily encoded value whose codec fails)
     */
    static BsonDocument frozen(BsonDocument document) {
        if (document == null || document instanceof RawBsonDocument) {
            return document;
        }
        try {
            return new RawBsonDocument(document, CODEC);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            // BSONException for a NUL in a key; a lazily encoded foreign Bson (a Document's wrapper)
            // fails only now if its codec fails (ClassCastException for a map with non-String keys)
            throw new IllegalArgumentException("Not a valid BSON document: " + e.getClass().getSimpleName() + ": "
                    + e.getMessage(), e);
        }
    }

    /** An unmodifiable list of frozen documents. */
    static List<BsonDocument> frozen(List<BsonDocument> documents) {
        boolean allRaw = true;
        for (BsonDocument d : documents) {
            allRaw &= d instanceof RawBsonDocument;
        }
        if (allRaw && documents.getClass().getName().startsWith("java.util.ImmutableCollections")) {
            return documents;
        }
        List<BsonDocument> copy = new ArrayList<>(documents.size());
        for (BsonDocument d : documents) {
            copy.add(frozen(d));
        }
        return List.copyOf(copy);
    }

    /**
     * Runs a compile step, turning a codec's refusal (no codec, a UUID without a representation,
     * a date out of range, an invalid document, a map with non-String keys) into the build-time
     * {@link IllegalArgumentException}.
     */
    static <T> T encoding(String what, Supplier<T> step) {
        try {
            return step.get();
        } catch (IllegalArgumentException e) {
            if (e.getClass() != IllegalArgumentException.class) {
                // a subclass from a codec (NumberFormatException: a BigDecimal no Decimal128 holds)
                throw new IllegalArgumentException("Cannot compile the " + what + ": " + e.getClass().getSimpleName()
                        + ": " + e.getMessage(), e);
            }
            throw e;
        } catch (RuntimeException e) {
            // a codec's refusal, or a foreign Bson (a Document, a driver filter) whose codec failed otherwise
            throw new IllegalArgumentException("Cannot compile the " + what + ": " + e.getClass().getSimpleName()
                    + ": " + e.getMessage(), e);
        }
    }

    /** The documents as a JSON array. */
    static String json(List<BsonDocument> documents) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < documents.size(); i++) {
            json.append(i == 0 ? "" : ", ").append(documents.get(i).toJson());
        }
        return json.append(']').toString();
    }
}

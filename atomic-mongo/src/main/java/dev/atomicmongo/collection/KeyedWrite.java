package dev.atomicmongo.collection;

import java.util.Map;

import dev.atomicmongo.internal.Paths;
import org.bson.BsonDocument;
import org.bson.BsonObjectId;
import org.bson.BsonValue;

/**
 * The filter and the document of a write keyed by one field ({@code upsertByField},
 * {@code insertOrUpdateByField}), checked so that the key is compared as a value and the
 * inserted document holds it.
 *
 * <ul>
 *   <li>A null key is refused: {@code {field: null}} matches every document lacking the field, so
 *       the write would find one of them and insert nothing.</li>
 *   <li>A document or regular-expression key is compared with {@code $eq}: as a plain filter value
 *       a document such as {@code {"$ne": 1}} would be an operator, and a regular expression a
 *       pattern match, where the caller gave a value.</li>
 *   <li>The key may be a dotted path: the document's value there, at any depth, must equal the
 *       key; where the document has none, the key is put there, so the inserted document and the
 *       filter agree.</li>
 *   <li>The document's keys are field names, never paths: one that is empty, starts with
 *       {@code $} or holds a {@code .} is refused, as {@code setOnInsert(map)} refuses it.</li>
 *   <li>An {@code _id} that is null is left out, so the server generates one: MongoDB would store
 *       {@code _id: null} and the next new key would fail on a duplicate id.</li>
 * </ul>
 */
record KeyedWrite(String field, BsonValue key, BsonDocument filter, BsonDocument document) {

    static KeyedWrite of(String operation, String field, BsonValue key, BsonDocument fields) {
        String[] segments = Paths.filter(field, operation);
        if (key == null || key.isNull()) {
            throw new IllegalArgumentException(operation + ": the key value of '" + field + "' is null; the filter {"
                    + field + ": null} matches every document lacking the field, so nothing would be inserted");
        }
        BsonValue compared = key.isDocument() || key.isRegularExpression() ? new BsonDocument("$eq", key) : key;
        BsonDocument document = withKey(operation, field, segments, key, fields);
        BsonValue id = document.get("_id");
        if (id != null && id.isNull()) {
            document.remove("_id");
        }
        return new KeyedWrite(field, key, new BsonDocument(field, compared), document);
    }

    /**
     * The document to insert, with an {@code _id} first when it has none: a new {@code ObjectId}
     * chosen here, so that an insert is known by its id without reading it back.
     */
    BsonDocument documentWithId() {
        if (document.containsKey("_id")) {
            return document;
        }
        BsonDocument withId = new BsonDocument("_id", new BsonObjectId());
        withId.putAll(document);
        return withId;
    }

    /** The key as the caller gave it, {@code {field: key}}, for outcomes and messages. */
    BsonDocument keyDocument() {
        return new BsonDocument(field, key);
    }

    private static BsonDocument withKey(String operation, String field, String[] segments, BsonValue key,
            BsonDocument fields) {
        BsonDocument root = new BsonDocument();
        for (Map.Entry<String, BsonValue> e : fields.entrySet()) {
            String name = e.getKey();
            Paths.requireFieldName(name, operation, " (a key of the document is a field, never a path)");
            root.append(name, e.getValue());
        }
        BsonDocument level = root;
        for (int i = 0; i < segments.length - 1; i++) {
            BsonValue next = level.get(segments[i]);
            if (next == null || next.isNull()) {
                BsonDocument created = new BsonDocument();
                level.put(segments[i], created);
                level = created;
            } else if (next.isDocument()) {
                BsonDocument copy = next.asDocument().clone();
                level.put(segments[i], copy);
                level = copy;
            } else {
                throw new IllegalArgumentException(operation + ": the document's '" + String.join(".",
                        java.util.Arrays.copyOf(segments, i + 1)) + "' is a " + next.getBsonType()
                        + ", so it cannot hold the key '" + field + "'");
            }
        }
        String last = segments[segments.length - 1];
        BsonValue own = level.get(last);
        if (own != null && !own.equals(key)) {
            throw new IllegalArgumentException(operation + ": the document's '" + field + "' is " + own
                    + " but the key value is " + key + "; they must be equal");
        }
        level.put(last, key);
        return root;
    }
}

package dev.atomicmongo.test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.memory.index.MemoryUniqueIndex;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;

/**
 * The {@code _id} index of an emulating database, used as MongoDB uses it: for any filter with an
 * {@code _id} equality conjunct, not only for a filter of exactly {@code {_id: ...}}.
 *
 * <p>mongo-java-server asks each index whether it can answer a query; its unique index says yes
 * only when the query's keys are exactly the index's, so {@code {_id: 5, n: {$lt: 10}}} and
 * {@code {$and: [{_id: 5}, {n: {$lt: 10}}]}} scan the whole collection. This index answers them
 * with the documents of {@code _id} 5: a superset of the matches, on which the collection still
 * runs the full filter (AbstractMongoCollection.matchDocuments). A conjunct counts when it is a
 * top-level {@code _id} whose value is a plain value, {@code {$eq: value}} or
 * {@code {$in: [values]}}, or such a conjunct inside a top-level {@code $and} (at any depth of
 * {@code $and}). Anything else ({@code _id} only under {@code $or}, {@code $nor}, {@code $not} or
 * {@code $expr}, a regular expression, a range) is left to the scan, as before.
 *
 * <p>The values looked up are those whose index key the matcher compares the same way: both
 * normalise with mongo-java-server's Utils.normalizeValue (an int, a long and a double of one
 * value are one key; a long a double cannot hold stays a long) and compare with equals. They are
 * strings, booleans, ObjectIds, dates, ints, longs, doubles, and documents of these. Left to the
 * scan: null, arrays, regular expressions, other types (decimals, binary data, ...), and empty or
 * null-holding documents, which the matcher takes {@code {_id: {}}} and {@code {_id: {a: null}}}
 * to match every non-document {@code _id}. The documents are returned in position order, the
 * order the scan visits them, so a single-document update or a limit picks the same document
 * either way; the one difference is a {@code $natural: -1} sort, which the scan honours and the
 * index path does not (as for the original {@code {_id: {$in: ...}}}).
 *
 * <p>A query the original index answers is answered by it, unchanged.
 */
final class IdIndex extends MemoryUniqueIndex {
    private static final String ID = "_id";

    IdIndex(String name, List<IndexKey> keys) {
        super(name, keys, false);
    }

    /** Whether {@code keys} and {@code sparse} describe the {@code _id} index this class replaces. */
    static boolean isIdIndex(List<IndexKey> keys, boolean sparse) {
        return !sparse && keys.size() == 1 && keys.get(0).getKey().equals(ID);
    }

    @Override
    public synchronized boolean canHandle(Document query) {
        if (super.canHandle(query)) {
            return true;
        }
        Document reduced = reduce(query);
        return reduced != null && super.canHandle(reduced);
    }

    @Override
    public synchronized Iterable<Integer> getPositions(Document query) {
        if (super.canHandle(query)) {
            return super.getPositions(query);
        }
        Document reduced = reduce(query);
        if (reduced == null) {
            throw new IllegalStateException("the _id index cannot answer " + query);
        }
        List<Integer> positions = new ArrayList<>();
        super.getPositions(reduced).forEach(positions::add);
        positions.sort(null); // the scan's order
        return positions;
    }

    /**
     * {@code {_id: v}} or {@code {_id: {$in: [..]}}} for the first {@code _id} equality conjunct of
     * {@code query} this index can look up; null when it has none.
     */
    static Document reduce(Document query) {
        if (query.containsKey(ID)) {
            Object lookup = lookup(query.get(ID));
            if (lookup != null) {
                return new Document(ID, lookup);
            }
        }
        if (query.get("$and") instanceof List<?> conjuncts) {
            for (Object conjunct : conjuncts) {
                if (conjunct instanceof Document part) {
                    Document reduced = reduce(part);
                    if (reduced != null) {
                        return reduced;
                    }
                }
            }
        }
        return null;
    }

    /** What to look {@code _id} up by, for the value of a top-level {@code _id} condition; null if nothing. */
    private static Object lookup(Object condition) {
        if (condition instanceof Document operator && operator.size() == 1) {
            String name = operator.keySet().iterator().next();
            Object operand = operator.get(name);
            if (name.equals("$eq")) {
                return isKey(operand) ? operand : null;
            }
            if (name.equals("$in")) {
                return operand instanceof List<?> values && values.stream().allMatch(IdIndex::isKey)
                        ? new Document("$in", operand) : null;
            }
        }
        return isKey(condition) ? condition : null;
    }

    /** Whether the index finds every document whose {@code _id} the matcher takes as equal to {@code value}. */
    private static boolean isKey(Object value) {
        if (value instanceof String || value instanceof Boolean || value instanceof ObjectId || value instanceof Instant
                || value instanceof Integer || value instanceof Long || value instanceof Double) {
            return true;
        }
        if (value instanceof Document document && !document.isEmpty()) {
            for (Map.Entry<String, Object> entry : document.entrySet()) {
                if (entry.getKey().startsWith("$") || !isKey(entry.getValue())) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }
}

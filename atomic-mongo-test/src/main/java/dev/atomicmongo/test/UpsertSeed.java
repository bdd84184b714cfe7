package dev.atomicmongo.test;

import java.util.List;
import java.util.Map;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.ErrorCode;
import de.bwaldvogel.mongo.exception.MongoServerError;

/**
 * The document an upsert starts from when no document matches: the equality conditions of the
 * filter ({@code {a: v}}, {@code {a: {$eq: v}}}, and those inside {@code $and} or a one-clause
 * {@code $or}), dotted paths as embedded documents, as MongoDB builds it before applying the update.
 */
final class UpsertSeed {
    private UpsertSeed() {
    }

    /**
     * The seed document of {@code filter}.
     *
     * @throws MongoServerError (54, NotSingleValueField) if two conditions set one path
     */
    static Document of(Document filter) {
        Document seed = new Document();
        collect(filter, seed);
        return seed;
    }

    private static void collect(Document filter, Document seed) {
        for (Map.Entry<String, Object> entry : filter.entrySet()) {
            String key = entry.getKey();
            Object value = entry.getValue();
            if (key.equals("$and") && value instanceof List<?> clauses) {
                clauses.forEach(clause -> collect((Document) clause, seed));
            } else if (key.equals("$or") && value instanceof List<?> clauses && clauses.size() == 1) {
                collect((Document) clauses.get(0), seed);
            } else if (!key.startsWith("$")) {
                if (value instanceof Document condition && hasOperator(condition)) {
                    if (condition.containsKey("$eq")) {
                        put(seed, key, condition.get("$eq"));
                    }
                } else {
                    put(seed, key, value);
                }
            }
        }
    }

    private static boolean hasOperator(Document condition) {
        return condition.keySet().stream().anyMatch(k -> k.startsWith("$"));
    }

    private static void put(Document seed, String path, Object value) {
        String[] parts = path.split("\\.", -1);
        Document current = seed;
        for (int i = 0; i < parts.length - 1; i++) {
            Object next = current.get(parts[i]);
            if (next == null && !current.containsKey(parts[i])) {
                next = new Document();
                current.put(parts[i], next);
            }
            if (!(next instanceof Document)) {
                throw new MongoServerError(ErrorCode.NotSingleValueField, "cannot infer query fields to set, both paths '"
                        + path + "' and '" + String.join(".", List.of(parts).subList(0, i + 1)) + "' are matched");
            }
            current = (Document) next;
        }
        String last = parts[parts.length - 1];
        if (current.containsKey(last)) {
            throw new MongoServerError(ErrorCode.NotSingleValueField, "cannot infer query fields to set, path '" + path + "' is matched twice");
        }
        current.put(last, value instanceof Document d ? d.cloneDeeply() : value);
    }
}

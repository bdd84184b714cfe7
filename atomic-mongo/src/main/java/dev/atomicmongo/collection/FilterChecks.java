package dev.atomicmongo.collection;

import java.util.Map;

import org.bson.BsonDocument;
import org.bson.BsonValue;

/** Checks on compiled filters, made where a command is built. */
final class FilterChecks {
    private FilterChecks() {
    }

    /** Refuses an upsert filter using {@code $expr}, at the top or inside {@code $and}/{@code $or}/{@code $nor}. */
    static void requireNoExpr(BsonDocument filter) {
        if (containsExpr(filter)) {
            throw new IllegalArgumentException("An upsert's filter must not use $expr: the server cannot build the "
                    + "inserted document from it (filter " + filter.toJson() + ")");
        }
    }

    /** True if the filter uses {@code $expr} at the top or inside {@code $and}/{@code $or}/{@code $nor}. */
    static boolean hasExpr(BsonDocument filter) {
        return containsExpr(filter);
    }

    private static boolean containsExpr(BsonDocument filter) {
        for (Map.Entry<String, BsonValue> e : filter.entrySet()) {
            String key = e.getKey();
            if (key.equals("$expr")) {
                return true;
            }
            if (e.getValue().isArray() && (key.equals("$and") || key.equals("$or") || key.equals("$nor"))) {
                for (BsonValue clause : e.getValue().asArray()) {
                    if (clause.isDocument() && containsExpr(clause.asDocument())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * True if every field of a duplicated key is pinned by an equality of the filter (top level or
     * inside {@code $and}), so that a concurrent upsert of the same filter inserted it and trying
     * again updates that document.
     */
    static boolean pinsKey(BsonDocument filter, BsonDocument keyValue) {
        for (String field : keyValue.keySet()) {
            if (!pins(filter, field)) {
                return false;
            }
        }
        return true;
    }

    private static boolean pins(BsonDocument filter, String field) {
        for (Map.Entry<String, BsonValue> e : filter.entrySet()) {
            String key = e.getKey();
            BsonValue value = e.getValue();
            if (key.equals(field)) {
                return !value.isDocument() || value.asDocument().containsKey("$eq")
                        || value.asDocument().keySet().stream().noneMatch(k -> k.startsWith("$"));
            }
            if (key.equals("$and") && value.isArray()) {
                for (BsonValue clause : value.asArray()) {
                    if (clause.isDocument() && pins(clause.asDocument(), field)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}

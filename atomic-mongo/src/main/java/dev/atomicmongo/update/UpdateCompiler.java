package dev.atomicmongo.update;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.atomicmongo.internal.Paths;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.conversions.Bson;

/**
 * Renders the operators of an {@link UpdateBuilder} into the update document and its array
 * filters. Operators are grouped by kind in the order each kind is first used, fields in the
 * order they were added; values are encoded with the given registry. Pure and stateless.
 */
final class UpdateCompiler {
    private static final Op[] OPS = Op.values();

    private UpdateCompiler() {
    }

    /**
     * Folds the operators that merge ({@code addToSet}, {@code push} and {@code pullAll} twice on
     * one path, {@code $bit} and/or/xor) into the first one on their path.
     */
    static Operator[] fold(Operator[] operators, int size) {
        List<Operator> folded = new ArrayList<>(size);
        Map<String, Integer> byPath = new HashMap<>();
        for (int i = 0; i < size; i++) {
            Operator operator = operators[i];
            if (operator.mergeable()) {
                Integer at = byPath.putIfAbsent(operator.path(), folded.size());
                if (at != null) {
                    folded.set(at, folded.get(at).merge(operator));
                    continue;
                }
            }
            folded.add(operator);
        }
        return folded.toArray(new Operator[0]);
    }

    /** The update document of the (folded) operators. */
    static BsonDocument compile(Operator[] operators, int count, CodecRegistry registry) {
        if (count == 0) {
            throw new IllegalArgumentException("Empty update: add at least one operator");
        }
        BsonDocument[] groups = new BsonDocument[OPS.length];
        byte[] order = new byte[OPS.length];
        int used = 0;
        Set<String> fromDocuments = null;
        for (int i = 0; i < count; i++) {
            Operator operator = operators[i];
            int kind = operator.op().ordinal();
            BsonDocument fields = groups[kind];
            if (fields == null) {
                fields = groups[kind] = new BsonDocument();
                order[used++] = (byte) kind;
            }
            if (operator instanceof Operator.SetOnInsertDocument document) {
                // in place, so the document's fields keep the order of the calls, as the driver's combine() does
                if (fromDocuments == null) {
                    fromDocuments = new LinkedHashSet<>();
                }
                BsonDocument encoded;
                try {
                    encoded = document.encode(registry);
                } catch (IllegalArgumentException e) {
                    // its own refusals name it ("setOnInsert(Money) must encode to a document, ..."); a codec's do not
                    String message = String.valueOf(e.getMessage());
                    throw message.startsWith("setOnInsert(") ? e
                            : new IllegalArgumentException("setOnInsert(document): " + message, e);
                }
                addInsertFields(operators, count, fields, "", encoded, fromDocuments);
            } else {
                BsonValue rendered;
                try {
                    rendered = operator.render(registry);
                } catch (IllegalArgumentException e) {
                    throw onPath(operator.op().operator, operator.path(), e);
                }
                fields.append(operator.path(), rendered);
            }
        }
        BsonDocument update = new BsonDocument();
        for (int i = 0; i < used; i++) {
            BsonDocument fields = groups[order[i]];
            if (!fields.isEmpty()) {
                update.append(OPS[order[i]].operator, fields);
            }
        }
        return update;
    }

    /**
     * A value's encoding failure with the operator and path it was given for: the codec's message
     * names only the value's type.
     */
    static IllegalArgumentException onPath(String operator, String path, IllegalArgumentException e) {
        return new IllegalArgumentException(operator + " on '" + path + "': " + e.getMessage(), e);
    }

    /**
     * Compiles the array filters, checking that every {@code $[identifier]} in a path has
     * exactly one filter and every filter is used.
     */
    static List<BsonDocument> arrayFilters(Operator[] operators, int count, Bson[] filters, CodecRegistry registry) {
        Set<String> used = new LinkedHashSet<>();
        for (int i = 0; i < count; i++) {
            Operator operator = operators[i];
            identifiers(operator.path(), used);
            identifiers(operator.target(), used);
        }
        List<BsonDocument> compiled = new ArrayList<>(filters.length);
        Set<String> defined = new LinkedHashSet<>();
        for (Bson filter : filters) {
            BsonDocument doc = implicitAnd(filter.toBsonDocument(BsonDocument.class, registry));
            String id = identifierOf(doc);
            if (!defined.add(id)) {
                throw new IllegalArgumentException("arrayFilter: identifier '" + id + "' has more than one filter");
            }
            if (!used.contains(id)) {
                throw new IllegalArgumentException("arrayFilter: identifier '" + id
                        + "' is not used by any $[" + id + "] path of the update");
            }
            compiled.add(doc);
        }
        for (String id : used) {
            if (!defined.contains(id)) {
                throw new IllegalArgumentException("Path segment $[" + id + "] has no arrayFilter for identifier '" + id + "'");
            }
        }
        return compiled;
    }

    private static void identifiers(String path, Set<String> into) {
        if (path == null || !path.contains("$[")) {
            return;
        }
        for (String segment : path.split("\\.", -1)) {
            String id = Paths.arrayFilterIdentifier(segment);
            if (id != null) {
                into.add(id);
            }
        }
    }

    /**
     * The one identifier an array filter's fields start with.
     *
     * @throws IllegalArgumentException if it names no field, or fields of two identifiers (MongoDB
     *     takes one identifier per array filter)
     */
    static String identifierOf(BsonDocument filter) {
        Set<String> ids = new LinkedHashSet<>();
        collectIdentifiers(filter, ids);
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("arrayFilter " + filter.toJson() + " names no field");
        }
        if (ids.size() > 1) {
            Iterator<String> it = ids.iterator();
            throw new IllegalArgumentException("arrayFilter " + filter.toJson() + " names the identifiers '" + it.next()
                    + "' and '" + it.next() + "'; MongoDB takes one identifier per array filter: give each its own arrayFilter(...)");
        }
        return ids.iterator().next();
    }

    private static void collectIdentifiers(BsonDocument filter, Set<String> into) {
        for (Map.Entry<String, BsonValue> e : filter.entrySet()) {
            String key = e.getKey();
            if (key.startsWith("$")) {
                if (e.getValue().isArray()) {
                    for (BsonValue clause : e.getValue().asArray()) {
                        if (clause.isDocument()) {
                            collectIdentifiers(clause.asDocument(), into);
                        }
                    }
                }
                continue;
            }
            int dot = key.indexOf('.');
            into.add(dot < 0 ? key : key.substring(0, dot));
        }
    }

    /**
     * The array filter as one document of implicitly ANDed clauses, the form every server accepts:
     * {@code {$and: [{"e.grade": {$gte: 80}}, {"e.std": {$gte: 5}}]}} becomes
     * {@code {"e.grade": {$gte: 80}, "e.std": {$gte: 5}}}, nested {@code $and}s are lifted, and
     * tests of one path merge into one operator document ({@code {"e.grade": {$gte: 80, $lt: 90}}},
     * an equality becoming {@code $eq}). MongoDB reads a document's keys as an AND, on arrays too,
     * so each step is exact. A clause that cannot merge (the same operator twice on one path, a
     * regular expression beside another test, a second {@code $or}) stays in an {@code $and} of
     * its own.
     */
    static BsonDocument implicitAnd(BsonDocument filter) {
        if (!filter.containsKey("$and")) {
            return filter;
        }
        List<BsonDocument> clauses = new ArrayList<>();
        splitAnd(filter, clauses);
        BsonDocument merged = new BsonDocument();
        BsonArray rest = new BsonArray();
        for (BsonDocument clause : clauses) {
            String key = clause.getFirstKey();
            BsonValue value = clause.get(key);
            BsonValue existing = merged.get(key);
            if (existing == null) {
                merged.append(key, value);
                continue;
            }
            BsonDocument both = key.startsWith("$") ? null : mergeTests(existing, value);
            if (both == null) {
                rest.add(clause);
            } else {
                merged.put(key, both);
            }
        }
        if (!rest.isEmpty()) {
            merged.append("$and", rest);
        }
        return merged;
    }

    /** One single-key document per clause, {@code $and} lists opened recursively. */
    private static void splitAnd(BsonDocument filter, List<BsonDocument> into) {
        for (Map.Entry<String, BsonValue> e : filter.entrySet()) {
            if (e.getKey().equals("$and") && e.getValue().isArray()
                    && e.getValue().asArray().stream().allMatch(BsonValue::isDocument)) {
                for (BsonValue clause : e.getValue().asArray()) {
                    splitAnd(clause.asDocument(), into);
                }
            } else {
                into.add(new BsonDocument(e.getKey(), e.getValue()));
            }
        }
    }

    /** Two tests of one path as one operator document, or null when that would not be exact. */
    private static BsonDocument mergeTests(BsonValue a, BsonValue b) {
        BsonDocument left = asOperators(a);
        BsonDocument right = asOperators(b);
        if (left == null || right == null) {
            return null;
        }
        for (String operator : right.keySet()) {
            if (left.containsKey(operator)) {
                return null;
            }
        }
        BsonDocument merged = new BsonDocument(); // not clone(): a RawBsonDocument clones to an immutable copy
        merged.putAll(left);
        merged.putAll(right);
        return merged;
    }

    /** A test as an operator document: itself, or {@code {$eq: value}}; null for a regular expression or a malformed test. */
    private static BsonDocument asOperators(BsonValue test) {
        if (test.isRegularExpression()) {
            return null;
        }
        if (test.isDocument() && !test.asDocument().isEmpty() && test.asDocument().getFirstKey().startsWith("$")) {
            for (String key : test.asDocument().keySet()) {
                if (!key.startsWith("$") || key.equals("$regex") || key.equals("$options")) {
                    return null;
                }
            }
            return test.asDocument();
        }
        return new BsonDocument("$eq", test);
    }

    private static void addInsertFields(Operator[] operators, int count, BsonDocument onInsert, String prefix,
                                        BsonDocument document, Set<String> fromDocuments) {
        for (Map.Entry<String, BsonValue> field : document.entrySet()) {
            String path = prefix + field.getKey();
            String[] segments = path.split("\\.", -1);
            String inside = null;
            boolean exact = false;
            Op exactOp = null;
            for (int i = 0; i < count; i++) {
                Operator operator = operators[i];
                String written = operator.path();
                for (int k = 0; k < 2 && !exact; k++, written = operator.target()) {
                    if (written == null) {
                        continue;
                    }
                    String[] writtenSegments = written.split("\\.", -1);
                    if (Paths.overlap(segments, writtenSegments)) {
                        exact = writtenSegments.length == segments.length;
                        inside = operator.op().operator + " writes '" + written + "'";
                        exactOp = exact ? operator.op() : null;
                    }
                }
            }
            if (exact && writesNothingOnInsert(exactOp)) {
                throw new IllegalArgumentException("setOnInsert(document): field '" + path + "' is also the path of "
                        + exactOp.operator + ", which writes nothing when the update inserts, so the inserted document "
                        + "would lack it; leave the field out of the document or drop the " + exactOp.operator);
            }
            if (exact) {
                continue; // another operator writes this field, on insert too
            }
            if (inside == null) {
                if (!fromDocuments.add(path)) {
                    throw new IllegalArgumentException("setOnInsert(document): field '" + path
                            + "' is given by more than one setOnInsert document");
                }
                onInsert.append(path, field.getValue());
            } else if (field.getValue().isDocument()) {
                // another operator writes a path inside this field: set the field's other parts one by one
                addInsertFields(operators, count, onInsert, path + ".", field.getValue().asDocument(), fromDocuments);
            } else {
                throw new IllegalArgumentException("setOnInsert(document): field '" + path + "' holds a BSON "
                        + field.getValue().getBsonType() + ", but " + inside + " inside it");
            }
        }
    }

    /** Operators that leave a missing field missing: on an insert they write nothing. */
    private static boolean writesNothingOnInsert(Op op) {
        return op == Op.UNSET || op == Op.PULL || op == Op.PULL_ALL || op == Op.POP || op == Op.RENAME;
    }
}

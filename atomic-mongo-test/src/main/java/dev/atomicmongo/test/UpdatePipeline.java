package dev.atomicmongo.test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import de.bwaldvogel.mongo.backend.aggregation.Expression;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.ErrorCode;
import de.bwaldvogel.mongo.exception.MongoServerError;
import de.bwaldvogel.mongo.exception.MongoServerException;
import de.bwaldvogel.mongo.oplog.NoopOplog;

/**
 * One update pipeline of an {@code update} or {@code findAndModify} command, as the embedded
 * server's emulation runs it: the stages MongoDB allows in an update ({@code $addFields}/{@code $set},
 * {@code $project}, {@code $unset}, {@code $replaceRoot}/{@code $replaceWith}), with the
 * variables of the command ({@code $$NOW}, {@code $$CLUSTER_TIME}, {@code let}) bound once.
 *
 * <p>Expressions are evaluated by the server's own aggregation engine ({@link Expression}).
 * {@code $addFields} is applied here rather than by the engine's stage, because that stage reads
 * each expression from the document it is writing (so {@code {$set: {a: "$b", b: "$a"}}} would
 * not swap) and merges a document-valued result into an existing embedded document; MongoDB
 * evaluates every expression of a stage against the stage's input and replaces the field.
 */
final class UpdatePipeline {
    private static final List<String> ALLOWED = List.of(
            "$addFields", "$set", "$project", "$unset", "$replaceRoot", "$replaceWith");

    private static final int SLICE_BOUND = 1 << 24;

    private final List<Document> stages;

    private UpdatePipeline(List<Document> stages) {
        this.stages = stages;
    }

    /**
     * Parses the update pipeline {@code update}, binding {@code variables} (names without
     * {@code $$}) to constants.
     *
     * @throws MongoServerError as MongoDB refuses a malformed or forbidden stage
     */
    static UpdatePipeline parse(Object update, Map<String, Object> variables) {
        if (!(update instanceof List<?> list)) {
            throw new MongoServerError(ErrorCode.FailedToParse, "Update argument must be either an object or an array");
        }
        List<Document> stages = new ArrayList<>();
        for (Object element : list) {
            if (!(element instanceof Document stage) || stage.size() != 1) {
                throw new MongoServerError(40323, "A pipeline stage specification object must contain exactly one field.");
            }
            String name = stage.keySet().iterator().next();
            if (!ALLOWED.contains(name)) {
                throw new MongoServerError(ErrorCode.InvalidOptions, name + " is not allowed to be used within an update");
            }
            Object spec = clampSlices(bind(stage.get(name), variables));
            switch (name) {
                case "$set", "$addFields" -> {
                    if (!(spec instanceof Document fields)) {
                        throw new MongoServerError(40272, name + " specification stage must be an object, got " + describe(spec));
                    }
                    if (fields.isEmpty()) {
                        throw new MongoServerError(40177, "Invalid " + name + " :: caused by :: specification must have at least one field");
                    }
                    stages.add(new Document("$addFields", spec));
                }
                case "$replaceWith" -> stages.add(new Document("$replaceRoot", new Document("newRoot", spec)));
                default -> stages.add(new Document(name, spec));
            }
        }
        return new UpdatePipeline(List.copyOf(stages));
    }

    /** True if {@code update} is written as a pipeline (an array of stages). */
    static boolean isPipeline(Object update) {
        return update instanceof List;
    }

    /**
     * The document the pipeline makes of {@code document}, which it leaves unchanged.
     *
     * @throws MongoServerException as the engine reports an expression it cannot evaluate
     */
    Document apply(Document document, MongoDatabase database, MongoCollection<?> collection) {
        Document current = document.cloneDeeply();
        for (Document stage : stages) {
            current = applyStage(stage, current, database, collection);
        }
        return current;
    }

    private static Document applyStage(Document stage, Document input, MongoDatabase database, MongoCollection<?> collection) {
        try {
            if (stage.containsKey("$addFields")) {
                Document output = input.cloneDeeply();
                addFields(output, (Document) stage.get("$addFields"), input, "");
                return output;
            }
            Document prepared = stage;
            if (stage.containsKey("$project")) {
                prepared = new Document("$project", prepare(stage.get("$project"), input, false));
            } else if (stage.containsKey("$replaceRoot") && stage.get("$replaceRoot") instanceof Document replaceRoot) {
                Document spec = replaceRoot.clone();
                spec.put("newRoot", prepare(replaceRoot.get("newRoot"), input, false));
                prepared = new Document("$replaceRoot", spec);
            }
            Aggregation aggregation = Aggregation.fromPipeline(List.of(prepared), null, database, collection, NoopOplog.get());
            List<Document> result = aggregation.runStages(Stream.of(input.cloneDeeply()));
            if (result.size() != 1) {
                throw internalError("update pipeline stage " + stage + " produced " + result.size() + " documents");
            }
            return result.get(0);
        } catch (MongoServerException e) {
            throw e;
        } catch (RuntimeException e) {
            // the engine failed on a construct it does not know: an error, never a guessed result
            throw internalError("the embedded server's pipeline-update emulation cannot evaluate "
                    + stage + ": " + e);
        }
    }

    /** {@code $addFields}: every expression reads {@code root}, the stage's input. */
    private static void addFields(Document target, Document spec, Document root, String prefix) {
        for (Map.Entry<String, Object> entry : spec.entrySet()) {
            String path = entry.getKey();
            if (path.isEmpty() || path.startsWith("$")) {
                throw new MongoServerError(16410, "FieldPath field names may not start with '$'. Consider using $getField or $setField.");
            }
            Object value = entry.getValue();
            if (isObjectSpec(value)) {
                Object existing = traverse(target, path);
                Document sub = existing instanceof Document d ? d : new Document();
                addFields(sub, (Document) value, root, prefix + path + ".");
                put(target, path, sub, prefix + path);
            } else {
                Object evaluated = evaluate(value, root);
                if (evaluated instanceof Missing) {
                    remove(target, path);
                } else {
                    put(target, path, evaluated, prefix + path);
                }
            }
        }
    }

    /** A nested field specification (merged into an embedded document), rather than an expression. */
    private static boolean isObjectSpec(Object value) {
        if (!(value instanceof Document document) || document.isEmpty()) {
            return false;
        }
        return document.keySet().stream().noneMatch(key -> key.startsWith("$"));
    }

    private static Object evaluate(Object expression, Document root) {
        if (expression instanceof Document document && document.size() == 1 && document.containsKey("$literal")) {
            return copy(document.get("$literal")); // the engine would re-read '$' strings inside a literal document
        }
        Object prepared = prepare(expression, root, false);
        if (prepared instanceof Document document && document.size() == 1 && document.containsKey("$literal")) {
            return copy(document.get("$literal"));
        }
        return Expression.evaluateDocument(prepared, root);
    }

    /**
     * The expression with each array literal that holds expressions ({@code ["$a", {$add: ...}]})
     * evaluated here, element by element, and given to the engine as {@code {$literal: [...]}}:
     * the 1.47 engine returns such an array as written, where MongoDB evaluates its elements.
     * An array that reads a variable bound inside the expression ({@code $$this}, {@code $let})
     * cannot be evaluated ahead, and is refused.
     *
     * @param arguments true if {@code expression} is the argument list of an operator, not a literal
     */
    private static Object prepare(Object expression, Document root, boolean arguments) {
        if (expression instanceof List<?> list) {
            if (!arguments && isDynamic(list)) {
                if (readsBoundVariable(list)) {
                    throw internalError("the embedded server's pipeline-update emulation cannot evaluate the array "
                            + list + ", which reads a variable bound inside its expression");
                }
                List<Object> values = new ArrayList<>(list.size());
                for (Object element : list) {
                    Object value = evaluate(element, root);
                    values.add(value instanceof Missing ? null : value);
                }
                return new Document("$literal", values);
            }
            List<Object> prepared = new ArrayList<>(list.size());
            list.forEach(element -> prepared.add(prepare(element, root, false)));
            return prepared;
        }
        if (expression instanceof Document document) {
            if (document.size() == 1 && document.containsKey("$literal")) {
                return document;
            }
            boolean operator = document.size() == 1 && document.keySet().iterator().next().startsWith("$");
            Document prepared = new Document();
            document.forEach((key, value) -> prepared.put(key, prepare(value, root, operator)));
            return prepared;
        }
        return expression;
    }

    private static boolean isDynamic(Object value) {
        if (value instanceof String s) {
            return s.startsWith("$");
        }
        if (value instanceof Document document) {
            if (document.size() == 1 && document.containsKey("$literal")) {
                return false;
            }
            return document.keySet().stream().anyMatch(key -> key.startsWith("$"))
                    || document.values().stream().anyMatch(UpdatePipeline::isDynamic);
        }
        if (value instanceof List<?> list) {
            return list.stream().anyMatch(UpdatePipeline::isDynamic);
        }
        return false;
    }

    private static boolean readsBoundVariable(Object value) {
        if (value instanceof String s) {
            return s.startsWith("$$") && !s.equals("$$ROOT") && !s.startsWith("$$ROOT.")
                    && !s.equals("$$CURRENT") && !s.startsWith("$$CURRENT.");
        }
        if (value instanceof Document document) {
            return !(document.size() == 1 && document.containsKey("$literal"))
                    && document.values().stream().anyMatch(UpdatePipeline::readsBoundVariable);
        }
        if (value instanceof List<?> list) {
            return list.stream().anyMatch(UpdatePipeline::readsBoundVariable);
        }
        return false;
    }

    private static Object traverse(Document document, String path) {
        Object current = document;
        for (String part : path.split("\\.", -1)) {
            if (!(current instanceof Document d)) {
                return Missing.getInstance();
            }
            current = d.getOrMissing(part);
        }
        return current;
    }

    private static void put(Document document, String path, Object value, String fullPath) {
        String[] parts = path.split("\\.", -1);
        Document current = document;
        for (int i = 0; i < parts.length - 1; i++) {
            Object next = current.get(parts[i]);
            if (next instanceof Collection) {
                throw internalError("the embedded server's pipeline-update emulation does not set '"
                        + fullPath + "' through the array at '" + parts[i] + "'");
            }
            if (!(next instanceof Document)) {
                next = new Document();
                current.put(parts[i], next);
            }
            current = (Document) next;
        }
        current.put(parts[parts.length - 1], value);
    }

    private static void remove(Document document, String path) {
        String[] parts = path.split("\\.", -1);
        Document current = document;
        for (int i = 0; i < parts.length - 1; i++) {
            if (!(current.get(parts[i]) instanceof Document next)) {
                return;
            }
            current = next;
        }
        current.remove(parts[parts.length - 1]);
    }

    /** Replaces each {@code "$$name"} of a bound variable by {@code {$literal: value}}. */
    private static Object bind(Object spec, Map<String, Object> variables) {
        if (spec instanceof String s && s.startsWith("$$")) {
            String name = s.substring(2);
            int dot = name.indexOf('.');
            String variable = dot < 0 ? name : name.substring(0, dot);
            if (variables.containsKey(variable)) {
                if (dot >= 0) {
                    throw internalError("the embedded server's pipeline-update emulation does not read"
                            + " a path inside a variable: " + s);
                }
                return new Document("$literal", variables.get(variable));
            }
            return s;
        }
        if (spec instanceof Document document) {
            if (document.size() == 1 && document.containsKey("$literal")) {
                return document;
            }
            Document bound = new Document();
            document.forEach((key, value) -> bound.put(key, bind(value, variables)));
            return bound;
        }
        if (spec instanceof List<?> list) {
            List<Object> bound = new ArrayList<>(list.size());
            list.forEach(value -> bound.add(bind(value, variables)));
            return bound;
        }
        return spec;
    }

    /**
     * The 1.47 engine computes {@code $slice: [array, position, n]} as {@code position + n} in an
     * int, which overflows for an n near {@code Integer.MAX_VALUE} ("all the rest", as the library
     * writes it). No BSON array has {@value #SLICE_BOUND} elements (a document is at most 16 MB),
     * so a larger constant n is replaced by that bound: the same elements, no overflow.
     */
    private static Object clampSlices(Object spec) {
        if (spec instanceof Document document) {
            if (document.size() == 1 && document.containsKey("$literal")) {
                return document;
            }
            Document clamped = new Document();
            document.forEach((key, value) -> clamped.put(key, clampSlices(value)));
            if (clamped.size() == 1 && clamped.get("$slice") instanceof List<?> arguments && arguments.size() == 3
                    && arguments.get(2) instanceof Number n && (n instanceof Integer || n instanceof Long)
                    && n.longValue() > SLICE_BOUND) {
                List<Object> bounded = new ArrayList<>(arguments);
                bounded.set(2, SLICE_BOUND);
                clamped.put("$slice", bounded);
            }
            return clamped;
        }
        if (spec instanceof List<?> list) {
            List<Object> clamped = new ArrayList<>(list.size());
            list.forEach(value -> clamped.add(clampSlices(value)));
            return clamped;
        }
        return spec;
    }

    private static Object copy(Object value) {
        if (value instanceof Document document) {
            return document.cloneDeeply();
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(element -> copy.add(copy(element)));
            return copy;
        }
        return value;
    }

    /** MongoDB's InternalError (code 1): the emulation refuses rather than guess. */
    static MongoServerError internalError(String message) {
        return new MongoServerError(1, "InternalError", message);
    }

    private static String describe(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName();
    }

    @Override
    public String toString() {
        return stages.toString();
    }
}

package dev.atomicmongo.test;

import java.util.Map;

import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.ErrorCode;
import de.bwaldvogel.mongo.exception.MongoServerError;

/**
 * The {@code $bit} update operator (and, or, xor on 32- and 64-bit integers), which the embedded
 * server lacks: for one stored document, the operator update is rewritten with each {@code $bit}
 * path replaced by a {@code $set} of the computed value, under the collection's lock. A missing
 * field counts as 0; an int combined with a long gives a long; any other type is refused, as
 * MongoDB refuses it.
 */
final class BitUpdate {
    private BitUpdate() {
    }

    /** True if {@code update} is an operator update using {@code $bit}. */
    static boolean uses(Object update) {
        return update instanceof Document document && document.containsKey("$bit");
    }

    /**
     * {@code update} with its {@code $bit} replaced by a {@code $set} of the values it gives on
     * {@code document}.
     *
     * @throws MongoServerError as MongoDB refuses a malformed {@code $bit} or a non-integral field
     */
    static Document rewrite(Document update, Document document) {
        if (!(update.get("$bit") instanceof Document bits)) {
            throw new MongoServerError(ErrorCode.FailedToParse, "Modifiers operate on fields but we found type "
                    + Utils.describeType(update.get("$bit")) + " instead. For example: {$mod: {<field>: ...}} not {$bit: "
                    + update.get("$bit") + "}");
        }
        Document sets = new Document();
        if (update.get("$set") instanceof Document existing) {
            sets.putAll(existing);
        }
        for (Map.Entry<String, Object> entry : bits.entrySet()) {
            String path = entry.getKey();
            if (path.contains("$")) {
                throw UpdatePipeline.internalError("the embedded server's $bit emulation does not resolve the positional path '" + path + "'");
            }
            if (sets.containsKey(path)) {
                throw new MongoServerError(ErrorCode.ConflictingUpdateOperators, "Updating the path '" + path
                        + "' would create a conflict at '" + path + "'");
            }
            Object current = Utils.getSubdocumentValue(document, path);
            sets.put(path, apply(path, current, entry.getValue()));
        }
        Document rewritten = new Document();
        update.forEach((operator, value) -> {
            if (!operator.equals("$bit") && !operator.equals("$set")) {
                rewritten.put(operator, value);
            }
        });
        if (!sets.isEmpty()) {
            rewritten.put("$set", sets);
        }
        return rewritten;
    }

    private static Number apply(String path, Object current, Object spec) {
        if (!(spec instanceof Document operations) || operations.isEmpty()) {
            throw new MongoServerError(ErrorCode.BadValue, "The $bit modifier is not compatible with a "
                    + Utils.describeType(spec) + ". You must pass in an embedded document: {$bit: {field: {and/or/xor: #}}");
        }
        if (!(current instanceof Missing || current instanceof Integer || current instanceof Long)) {
            throw new MongoServerError(ErrorCode.BadValue, "Cannot apply $bit to a value of non-integral type."
                    + "{ _id: ... } has the field " + path + " of non-integer type " + Utils.describeType(current));
        }
        Number result = current instanceof Missing ? Integer.valueOf(0) : (Number) current;
        for (Map.Entry<String, Object> operation : operations.entrySet()) {
            Object operand = operation.getValue();
            if (!(operand instanceof Integer || operand instanceof Long)) {
                throw new MongoServerError(ErrorCode.BadValue, "The $bit modifier field must be an Integer(32 bit) or Long(64 bit) value: {"
                        + operation.getKey() + ": " + operand + "}");
            }
            long a = result.longValue();
            long b = ((Number) operand).longValue();
            long combined = switch (operation.getKey()) {
                case "and" -> a & b;
                case "or" -> a | b;
                case "xor" -> a ^ b;
                default -> throw new MongoServerError(ErrorCode.BadValue, "The $bit modifier only supports 'and', 'or', and 'xor', not '"
                        + operation.getKey() + "' which is an unknown operator: {" + operation.getKey() + ": " + operand + "}");
            };
            boolean wide = result instanceof Long || operand instanceof Long;
            if (wide) {
                result = Long.valueOf(combined);
            } else {
                result = Integer.valueOf((int) combined); // not a conditional expression: it would widen both to long
            }
        }
        return result;
    }
}

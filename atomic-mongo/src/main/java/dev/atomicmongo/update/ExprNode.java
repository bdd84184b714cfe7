package dev.atomicmongo.update;

import java.util.List;

import dev.atomicmongo.internal.BsonValues;
import dev.atomicmongo.internal.Values;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.codecs.configuration.CodecRegistry;

/** The nodes of an {@link Expr} tree: data compared structurally, rendered only when compiled. */
sealed interface ExprNode {
    BsonValue render(CodecRegistry registry);

    /** A field path or a variable, rendered as the string it holds ({@code "$a.b"}, {@code "$$NOW"}). */
    record Variable(String reference) implements ExprNode {
        @Override
        public BsonValue render(CodecRegistry registry) {
            return new BsonString(reference);
        }
    }

    /** A constant, frozen; compared type-sensitively without encoding. */
    record Literal(Object value) implements ExprNode {
        @Override
        public BsonValue render(CodecRegistry registry) {
            BsonValue encoded = BsonValues.encode(value, registry);
            return encoded.isDocument() || holdsDocument(encoded) || BsonValues.needsLiteral(encoded)
                    ? new BsonDocument("$literal", encoded) : encoded;
        }

        // an array's document elements would be read as expression objects (a dotted key fails there)
        private static boolean holdsDocument(BsonValue value) {
            if (value.isArray()) {
                for (BsonValue element : value.asArray()) {
                    if (element.isDocument() || holdsDocument(element)) {
                        return true;
                    }
                }
            }
            return false;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Literal other && Values.equal(value, other.value);
        }

        @Override
        public int hashCode() {
            return value == null ? 0 : Values.hash(value) * 31 + value.getClass().getName().hashCode();
        }
    }

    /** {@code {name: [arguments...]}}. */
    record Call(String name, List<Expr> arguments) implements ExprNode {
        @Override
        public BsonValue render(CodecRegistry registry) {
            return new BsonDocument(name, renderAll(arguments, registry));
        }
    }

    /**
     * {@code {name: argument}}, for operators written with one argument not in an array
     * ({@code $size}, {@code $abs}). An argument that renders as an array is put in a
     * one-element array, since the server would read {@code {$size: [1, 2]}} as two arguments.
     */
    record Unary(String name, Expr argument) implements ExprNode {
        @Override
        public BsonValue render(CodecRegistry registry) {
            BsonValue value = argument.toBsonValue(registry);
            return new BsonDocument(name, value.isArray() ? new BsonArray(List.of(value)) : value);
        }
    }

    /** An array whose elements are expressions, {@code [e1, e2]}. */
    record ArrayOf(List<Expr> elements) implements ExprNode {
        @Override
        public BsonValue render(CodecRegistry registry) {
            return renderAll(elements, registry);
        }
    }

    /** A document whose values are expressions, keys in order: {@code {k1: e1, k2: e2}}. */
    record ObjectOf(List<String> keys, List<Expr> values) implements ExprNode {
        @Override
        public BsonValue render(CodecRegistry registry) {
            BsonDocument document = new BsonDocument();
            for (int i = 0; i < keys.size(); i++) {
                document.append(keys.get(i), values.get(i).toBsonValue(registry));
            }
            return document;
        }
    }

    private static BsonArray renderAll(List<Expr> expressions, CodecRegistry registry) {
        BsonArray array = new BsonArray(expressions.size());
        for (Expr expression : expressions) {
            array.add(expression.toBsonValue(registry));
        }
        return array;
    }
}

package dev.atomicmongo.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import dev.atomicmongo.internal.BsonValues;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

class ExprLiteralArrayTest {

    @Test
    void wraps_an_array_holding_documents_so_their_keys_are_not_read_as_an_expression_object() {
        BsonDocument compiled = new BsonDocument("v",
                Expr.literal(List.of(Map.of("a.b", 1))).toBsonValue(BsonValues.DEFAULT_REGISTRY));

        assertThat(compiled).isEqualTo(BsonDocument.parse("{v: {$literal: [{'a.b': 1}]}}"));
    }

    @Test
    void leaves_an_array_of_plain_scalars_unwrapped() {
        BsonDocument compiled = new BsonDocument("v",
                Expr.literal(List.of(1, "x")).toBsonValue(BsonValues.DEFAULT_REGISTRY));

        assertThat(compiled).isEqualTo(BsonDocument.parse("{v: [1, 'x']}"));
    }
}

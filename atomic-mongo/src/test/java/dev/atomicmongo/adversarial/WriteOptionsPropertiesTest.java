package dev.atomicmongo.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.atomicmongo.collection.Commands;
import dev.atomicmongo.collection.FindAndUpdateOptions;
import dev.atomicmongo.collection.WriteOptions;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.update.UpdateBuilder;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * Write options under hostile input: a hint document of any keys and values, any index name, any
 * variable name and value, any comment. Each call either succeeds or throws
 * {@link IllegalArgumentException} / {@link NullPointerException} naming the option or the
 * argument; what succeeded always compiles into a command, prints, compares and hashes without
 * throwing, and a let value the server could read as a path or an expression never reaches it
 * unwrapped.
 */
class WriteOptionsPropertiesTest {
    private static final Commands COMMANDS = Commands.withDefaultCodecs();
    private static final List<String> NAMES = List.of("hint", "let", "comment", "indexKeys", "indexName", "name",
            "value", Calls.NUL_KEY);

    /** One call of a {@link WriteOptions} method. */
    record OptionCall(String method, String name, Object value) {
        WriteOptions apply(WriteOptions options) {
            Object value = Hostile.materialize(this.value);
            return switch (method) {
                case "hintKeys" -> options.withHint(value == null ? null : new Document(keys(value)));
                case "hintName" -> options.withHint(name);
                case "let" -> options.withLet(name, value);
                default -> options.withComment((BsonValue) value);
            };
        }

        @SuppressWarnings("unchecked")
        private static Map<String, Object> keys(Object value) {
            return (Map<String, Object>) value;
        }

        @Override
        public String toString() {
            return method + "(" + Cases.describe(name) + ", " + Calls.describe(Hostile.materialize(value)) + ")";
        }
    }

    private static Gen<OptionCall> call() {
        Gen<Object> hintValue = Gen.oneOf(Gen.<Object>elements(1, -1, 1L, -1.0, 2, 0, "text", "2dsphere", "hashed",
                "2d", "fulltext", "", Double.NaN), Hostile.value());
        Gen<Object> hintKeys = Gen.maps(Gen.oneOf(Hostile.key(), Gen.elements("$natural", "$**", "a.$**")), hintValue, 3)
                .map(m -> (Object) new LinkedHashMap<>(m));
        Gen<String> variable = Gen.oneOf(Hostile.key(), Hostile.path(),
                Gen.elements("target", "newFlavor", "x1", "NOW", "ROOT", "_x", "1a", "été", "a_b", "a-b"));
        return Gen.oneOf(
                hintKeys.map(keys -> new OptionCall("hintKeys", null, keys)),
                Gen.oneOf(Hostile.path(), Gen.elements("status_1", "")).map(name -> new OptionCall("hintName", name, null)),
                Gen.zip(variable, Gen.oneOf(Hostile.value(), Hostile.operatorShaped()))
                        .map(t -> new OptionCall("let", t.first(), t.second())),
                Gen.oneOf(Hostile.bsonScalar(), Gen.<BsonValue>constant(null)).map(v -> new OptionCall("comment", null, v)));
    }

    @Test
    void write_option_calls_throw_only_the_contracts_exceptions_and_what_builds_compiles() {
        Cases.forAll(2_101L, call().list(1, 5), WriteOptionsPropertiesTest::callsKeepTheContract);
    }

    private static void callsKeepTheContract(List<OptionCall> calls) {
        WriteOptions options = WriteOptions.none();
        for (OptionCall call : calls) {
            try {
                options = call.apply(options);
            } catch (Throwable t) {
                Calls.assertContract(t, call.toString(), NAMES);
            }
            options.toString();
            options.hashCode();
            options.equals(WriteOptions.none());
        }
        for (BsonValue value : options.let().values()) {
            // a constant is either a plain value or {$literal: ...}; never a path, variable or operator
            assertThat(value.isString() && value.asString().getValue().startsWith("$")
                    || value.isDocument() && !value.asDocument().containsKey("$literal"))
                    .as("let value %s reaches the server unwrapped", value).isFalse();
        }
        BsonDocument fields = options.toBsonDocument();
        assertThat(COMMANDS.updateOne(Conditions.eq("_id", 1), UpdateBuilder.update().inc("n", 1), options).options()
                .toBsonDocument()).isEqualTo(fields);
        assertThat(COMMANDS.findOneAndUpdate(Conditions.eq("_id", 1), UpdateBuilder.update().inc("n", 1),
                FindAndUpdateOptions.returnAfter().withWriteOptions(options)).options()).isEqualTo(options);
    }
}

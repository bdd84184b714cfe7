package dev.atomicmongo.adversarial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import dev.atomicmongo.collection.Commands;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.update.Expr;
import dev.atomicmongo.update.PipelineUpdate;
import dev.atomicmongo.update.UpdateBuilder;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** The defects the adversarial properties found, each pinned by the smallest input that showed it. */
class AdversarialRegressionTest {
    private static final Commands COMMANDS = Commands.withDefaultCodecs();
    private static final Map<Integer, String> NON_STRING_KEYS = Map.of(1, "x");

    @Test
    void a_map_with_non_string_keys_is_refused_naming_the_path_instead_of_escaping_a_class_cast_exception() {
        assertThatThrownBy(() -> COMMANDS.compile(UpdateBuilder.update().set("a", NON_STRING_KEYS)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("$set on 'a': Cannot encode a ")
                .hasMessageContaining("ClassCastException");
        assertThatThrownBy(() -> COMMANDS.filter(Conditions.eq("a", NON_STRING_KEYS)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Condition on 'a': Cannot encode a ");
        assertThatThrownBy(() -> COMMANDS.compile(PipelineUpdate.pipeline().set("a", NON_STRING_KEYS)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("$set on 'a': Cannot encode a ");
    }

    @Test
    void a_value_without_a_codec_is_refused_naming_its_path_not_only_its_type() {
        assertThatThrownBy(() -> COMMANDS.compile(UpdateBuilder.update().inc("n", 1).set("profile.extra", new Object())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("$set on 'profile.extra': No codec for java.lang.Object");
        assertThatThrownBy(() -> COMMANDS.filter(Conditions.gt("age", new Object())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Condition on 'age': No codec for java.lang.Object");
        assertThatThrownBy(() -> COMMANDS.filter(Conditions.expr(Expr.eq(Expr.field("a"), Expr.literal(new Object())))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("$expr ")
                .hasMessageContaining("No codec for java.lang.Object");
    }

    @Test
    void a_document_filter_whose_codec_fails_late_is_refused_and_prints_without_throwing() {
        Document lazy = new Document("profile", NON_STRING_KEYS);

        assertThatThrownBy(() -> COMMANDS.filter(Conditions.eq("a", 1).and(lazy)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ClassCastException");
        assertThat(Conditions.eq("a", 1).and(lazy).toString()).startsWith("Condition{invalid: ClassCastException");
    }

    @Test
    void a_key_with_a_nul_character_inside_a_value_is_refused_naming_the_key() {
        assertThatThrownBy(() -> COMMANDS.compile(UpdateBuilder.update().set("a", Map.of("x\u0000y", 1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'x\u0000y' is not valid because it contains a null character");
        assertThatThrownBy(() -> COMMANDS.filter(Conditions.eq("a", Map.of("\u0000", 1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("contains a null character");
    }

    @Test
    void a_path_with_two_positional_dollars_is_refused_when_built_as_the_server_refuses_it() {
        assertThatThrownBy(() -> UpdateBuilder.update().set("a.$.b.$", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$set on 'a.$.b.$': at most one positional '$' per path; for nested arrays use $[<identifier>]");
        assertThatThrownBy(() -> UpdateBuilder.update().pullAll("$.$", java.util.List.of(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most one positional '$' per path");
        assertThat(UpdateBuilder.update().set("a.$.b.$[].c.$[e]", 1).arrayFilter(Conditions.eq("e", 1)).toBsonDocument())
                .isEqualTo(org.bson.BsonDocument.parse("{$set: {'a.$.b.$[].c.$[e]': 1}}"));
    }

    @Test
    void equal_conditions_holding_an_unencodable_array_print_alike() {
        int[] values = {1, 2};
        assertThat(Conditions.eq("a", values).toString()).isEqualTo(Conditions.eq("a", values.clone()).toString())
                .isEqualTo("{\"a\": \"<[I: encoded by the collection's codecs>\"}");
    }

    @Test
    void a_list_that_contains_itself_or_nests_past_mongodbs_limit_is_refused_naming_the_path_not_a_stack_overflow() {
        assertThatThrownBy(() -> UpdateBuilder.update().set("a", Hostile.selfContaining()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$set on 'a': value nests lists, maps or arrays more than 100 levels deep "
                        + "(MongoDB's limit for a document); does one contain itself?");
        assertThatThrownBy(() -> Conditions.in("tags", java.util.List.of(Hostile.nested(101))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("$in on 'tags': value nests");
        assertThatThrownBy(() -> Conditions.eq("a", Hostile.selfContaining()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("$eq on 'a': value nests");
        assertThat(UpdateBuilder.update().set("a", Hostile.nested(99)).isEmpty()).isFalse();
    }

    @Test
    void set_at_refuses_a_null_path_instead_of_writing_the_path_null_dot_index() {
        assertThatThrownBy(() -> UpdateBuilder.update().setAt(null, 0, 1))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("$set: path must not be null");
    }
}

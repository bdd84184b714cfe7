package dev.atomicmongo.filter;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collection;

import org.bson.conversions.Bson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConditionValidationTest {

    @Test
    void a_null_path_is_refused_naming_the_operator() {
        assertThatThrownBy(() -> Conditions.eq(null, 1))
                .isInstanceOf(NullPointerException.class).hasMessage("$eq: path must not be null");
        assertThatThrownBy(() -> Conditions.gt(null, 1))
                .isInstanceOf(NullPointerException.class).hasMessage("$gt: path must not be null");
        assertThatThrownBy(() -> Conditions.exists(null))
                .isInstanceOf(NullPointerException.class).hasMessage("$exists: path must not be null");
        assertThatThrownBy(() -> Conditions.elemMatch(null, Conditions.eq("a", 1)))
                .isInstanceOf(NullPointerException.class).hasMessage("$elemMatch: path must not be null");
        assertThatThrownBy(() -> Conditions.regex(null, "x"))
                .isInstanceOf(NullPointerException.class).hasMessage("$regex: path must not be null");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void a_blank_path_is_refused(String path) {
        assertThatThrownBy(() -> Conditions.lt(path, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("$lt: path must not be blank");
        assertThatThrownBy(() -> Conditions.in(path, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("$in: path must not be blank");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a..b", ".a", "a."})
    void an_empty_segment_is_refused(String path) {
        assertThatThrownBy(() -> Conditions.ne(path, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$ne on '" + path + "': a path must not have an empty segment");
    }

    @Test
    void a_$_prefixed_segment_is_refused_including_positional_ones() {
        assertThatThrownBy(() -> Conditions.eq("$where", "1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$eq on '$where': segment '$where' starts with '$'");
        assertThatThrownBy(() -> Conditions.size("a.$", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$size on 'a.$': segment '$' starts with '$'");
        assertThatThrownBy(() -> Conditions.all("a.$[]", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$all on 'a.$[]': segment '$[]' starts with '$'");
    }

    @Test
    void a_negative_size_is_refused() {
        assertThatThrownBy(() -> Conditions.size("tags", -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$size on 'tags': size must be >= 0, got -1");
    }

    @Test
    void null_arguments_are_refused() {
        assertThatThrownBy(() -> Conditions.in("a", (Collection<?>) null))
                .isInstanceOf(NullPointerException.class).hasMessage("$in on 'a': values must not be null");
        assertThatThrownBy(() -> Conditions.nin("a", (Collection<?>) null))
                .isInstanceOf(NullPointerException.class).hasMessage("$nin on 'a': values must not be null");
        assertThatThrownBy(() -> Conditions.type("a", null))
                .isInstanceOf(NullPointerException.class).hasMessage("type");
        assertThatThrownBy(() -> Conditions.regex("a", (String) null))
                .isInstanceOf(NullPointerException.class).hasMessage("pattern");
        assertThatThrownBy(() -> Conditions.elemMatch("a", null))
                .isInstanceOf(NullPointerException.class).hasMessage("condition");
        assertThatThrownBy(() -> Conditions.expr(null))
                .isInstanceOf(NullPointerException.class).hasMessage("expression");
    }

    @Test
    void a_logical_condition_needs_at_least_one_condition() {
        assertThatThrownBy(Conditions::and)
                .isInstanceOf(IllegalArgumentException.class).hasMessage("$and: needs at least one condition");
        assertThatThrownBy(Conditions::or)
                .isInstanceOf(IllegalArgumentException.class).hasMessage("$or: needs at least one condition");
        assertThatThrownBy(Conditions::nor)
                .isInstanceOf(IllegalArgumentException.class).hasMessage("$nor: needs at least one condition");
    }

    @Test
    void a_null_inside_a_logical_condition_is_refused() {
        assertThatThrownBy(() -> Conditions.and(Conditions.eq("a", 1), null))
                .isInstanceOf(NullPointerException.class).hasMessage("$and: a condition is null");
        assertThatThrownBy(() -> Conditions.or((Bson[]) null))
                .isInstanceOf(NullPointerException.class).hasMessage("$or");
    }
}

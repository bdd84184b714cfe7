package dev.atomicmongo.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

class PathAndTypeTest {

    @Test
    void a_field_gives_back_the_path_it_validated() {
        assertThat(Conditions.field("stats.views").path()).isEqualTo("stats.views");
    }

    @Test
    void a_field_validates_its_path_when_made() {
        assertThatThrownBy(() -> Conditions.field("a..b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("field on 'a..b': a path must not have an empty segment");
    }

    @Test
    void element_has_no_path() {
        assertThatThrownBy(() -> Conditions.element().path()).isInstanceOf(IllegalStateException.class)
                .hasMessage("element() has no path");
    }

    @Test
    void isNumber_matches_any_numeric_bson_type_by_its_alias() {
        assertThat(Conditions.isNumber("capacity").toBsonDocument())
                .isEqualTo(BsonDocument.parse("{capacity: {$type: 'number'}}"));
    }
}

package dev.atomicmongo.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.model.Filters;
import dev.atomicmongo.update.Expr;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonType;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.Test;

/** Equality, hashing and printing of conditions: structural, never encoding, never throwing. */
class ConditionEqualityTest {

    /** A value no registry knows: not a record, not a bean, so neither the default nor the POJO codecs take it. */
    static final class NoCodec {
        private final int cents;

        NoCodec(int cents) {
            this.cents = cents;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof NoCodec n && n.cents == cents;
        }

        @Override
        public int hashCode() {
            return cents;
        }

        @Override
        public String toString() {
            return "NoCodec(" + cents + ")";
        }
    }

    /** A Bson that does not define equals: compared by identity. */
    static final class Custom implements Bson {
        @Override
        public <D> BsonDocument toBsonDocument(Class<D> documentClass, org.bson.codecs.configuration.CodecRegistry registry) {
            return new BsonDocument("a", new BsonInt32(1));
        }
    }

    private static Condition typical(Object id, String user) {
        return Conditions.and(
                Conditions.eq("_id", id),
                Conditions.ne("registrations", user),
                Conditions.field("sold").lt(Conditions.field("capacity")));
    }

    @Test
    void the_same_tree_built_twice_is_equal_with_the_same_hash() {
        assertThat(typical("e1", "u1")).isEqualTo(typical("e1", "u1")).hasSameHashCodeAs(typical("e1", "u1"));
        assertThat(typical("e1", "u1")).isNotEqualTo(typical("e1", "u2")).isNotEqualTo(typical("e2", "u1"));
    }

    @Test
    void numbers_of_different_bson_types_differ() {
        assertThat(Conditions.eq("a", 1)).isNotEqualTo(Conditions.eq("a", 1L)).isNotEqualTo(Conditions.eq("a", 1.0));
        assertThat(Conditions.gt("a", 1L)).isNotEqualTo(Conditions.gt("a", 1.0));
        assertThat(Conditions.in("a", 1, 2)).isNotEqualTo(Conditions.in("a", 1L, 2L));
        assertThat(Conditions.eq("a", List.of(1))).isNotEqualTo(Conditions.eq("a", List.of(1L)));
    }

    @Test
    void the_order_of_and_or_nor_clauses_matters_as_in_bson() {
        Condition a = Conditions.eq("a", 1);
        Condition b = Conditions.eq("b", 2);

        assertThat(Conditions.and(a, b)).isEqualTo(Conditions.and(a, b)).isNotEqualTo(Conditions.and(b, a));
        assertThat(Conditions.or(a, b)).isNotEqualTo(Conditions.or(b, a));
        assertThat(Conditions.and(a, b)).isNotEqualTo(Conditions.or(a, b)).isNotEqualTo(Conditions.nor(a, b));
        assertThat(a.and(b)).isEqualTo(Conditions.and(a, b));
    }

    @Test
    void the_field_order_of_a_document_value_matters_as_for_the_servers_equality_match() {
        Map<String, Object> ab = new LinkedHashMap<>();
        ab.put("a", 1);
        ab.put("b", 2);
        Map<String, Object> ba = new LinkedHashMap<>();
        ba.put("b", 2);
        ba.put("a", 1);

        assertThat(Conditions.eq("x", ab)).isEqualTo(Conditions.eq("x", new LinkedHashMap<>(ab)));
        assertThat(Conditions.eq("x", ab)).isNotEqualTo(Conditions.eq("x", ba));
        assertThat(Conditions.eq("x", BsonDocument.parse("{a: 1, b: 2}")))
                .isEqualTo(Conditions.eq("x", BsonDocument.parse("{a: 1, b: 2}")))
                .isNotEqualTo(Conditions.eq("x", BsonDocument.parse("{b: 2, a: 1}")));
    }

    @Test
    void different_operators_paths_and_shapes_differ() {
        assertThat(Conditions.lt("a", 1)).isNotEqualTo(Conditions.lte("a", 1)).isNotEqualTo(Conditions.lt("b", 1));
        assertThat(Conditions.eq("a", 1)).isNotEqualTo(Conditions.ne("a", 1));
        assertThat(Conditions.in("a", 1)).isNotEqualTo(Conditions.nin("a", 1)).isNotEqualTo(Conditions.all("a", 1));
        assertThat(Conditions.exists("a")).isNotEqualTo(Conditions.exists("a", false));
        assertThat(Conditions.type("a", BsonType.INT32)).isNotEqualTo(Conditions.isNumber("a"));
        assertThat(Conditions.size("a", 1)).isNotEqualTo(Conditions.size("a", 2));
        assertThat(Conditions.regex("a", "x", "i")).isEqualTo(Conditions.regex("a", Pattern.compile("x", Pattern.CASE_INSENSITIVE)))
                .isNotEqualTo(Conditions.regex("a", "x"));
        assertThat(Conditions.not(Conditions.gt("a", 1))).isEqualTo(Conditions.not(Conditions.gt("a", 1)))
                .isNotEqualTo(Conditions.gt("a", 1));
        assertThat(Conditions.elemMatch("a", Conditions.eq("b", 1))).isEqualTo(Conditions.elemMatch("a", Conditions.eq("b", 1)))
                .isNotEqualTo(Conditions.elemMatch("a", Conditions.eq("b", 2)));
        assertThat(Conditions.element().gte(6)).isEqualTo(Conditions.element().gte(6)).isNotEqualTo(Conditions.field("x").gte(6));
        assertThat(Conditions.field("a").lt(Conditions.field("b"))).isEqualTo(Conditions.field("a").lt(Conditions.field("b")))
                .isNotEqualTo(Conditions.field("b").lt(Conditions.field("a")))
                .isNotEqualTo(Conditions.field("a").lte(Conditions.field("b")));
    }

    @Test
    void expr_conditions_compare_their_expressions() {
        Condition big = Conditions.expr(Expr.gt(Expr.size(Expr.field("queue")), Expr.literal(10)));

        assertThat(big).isEqualTo(Conditions.expr(Expr.gt(Expr.size(Expr.field("queue")), Expr.literal(10))))
                .hasSameHashCodeAs(Conditions.expr(Expr.gt(Expr.size(Expr.field("queue")), Expr.literal(10))))
                .isNotEqualTo(Conditions.expr(Expr.gt(Expr.size(Expr.field("queue")), Expr.literal(11))));
    }

    @Test
    void hashCode_and_equals_of_a_value_without_a_codec_do_not_throw() {
        Condition c = Conditions.and(Conditions.eq("price", new NoCodec(5)), Conditions.in("alt", new NoCodec(6)));

        assertThat(c.hashCode()).isEqualTo(Conditions.and(Conditions.eq("price", new NoCodec(5)),
                Conditions.in("alt", new NoCodec(6))).hashCode());
        assertThat(c).isEqualTo(Conditions.and(Conditions.eq("price", new NoCodec(5)), Conditions.in("alt", new NoCodec(6))))
                .isNotEqualTo(Conditions.and(Conditions.eq("price", new NoCodec(7)), Conditions.in("alt", new NoCodec(6))));
        assertThat(Set.of(c)).contains(c);
    }

    @Test
    void toString_of_a_value_without_a_codec_names_it_instead_of_throwing() {
        Condition c = Conditions.gt("price", new NoCodec(5));

        assertThat(c).hasToString("{\"price\": {\"$gt\": \"<" + NoCodec.class.getName() + ": encoded by the collection's codecs>\"}}");
    }

    @Test
    void compiling_a_value_without_a_codec_still_fails_naming_its_path_and_class() {
        assertThatThrownBy(() -> Conditions.eq("price", new NoCodec(5)).toBsonDocument())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Condition on 'price': No codec for " + NoCodec.class.getName() + " in the codec registry");
    }

    @Test
    void values_are_frozen_when_the_condition_is_built() {
        List<Object> values = new ArrayList<>(List.of(1, 2));
        Map<String, Object> doc = new LinkedHashMap<>(Map.of("a", 1));
        Date date = new Date(1_000);
        BsonDocument bson = BsonDocument.parse("{a: 1}");
        Condition in = Conditions.in("x", values);
        Condition eqMap = Conditions.eq("x", doc);
        Condition eqDate = Conditions.eq("x", date);
        Condition eqBson = Conditions.eq("x", bson);
        int hash = in.hashCode();

        values.add(3);
        doc.put("b", 2);
        date.setTime(2_000);
        bson.put("b", new BsonInt32(2));

        assertThat(in.hashCode()).isEqualTo(hash);
        assertThat(in.toBsonDocument()).isEqualTo(BsonDocument.parse("{x: {$in: [1, 2]}}"));
        assertThat(eqMap.toBsonDocument()).isEqualTo(BsonDocument.parse("{x: {a: 1}}"));
        assertThat(eqDate.toBsonDocument()).isEqualTo(BsonDocument.parse("{x: {$date: 1000}}"));
        assertThat(eqBson.toBsonDocument()).isEqualTo(BsonDocument.parse("{x: {a: 1}}"));
    }

    @Test
    void changing_a_compiled_filter_does_not_change_the_condition() {
        Condition eq = Conditions.eq("x", BsonDocument.parse("{a: 1}"));
        Condition and = Conditions.and(BsonDocument.parse("{a: 1}"));

        eq.toBsonDocument().getDocument("x").put("b", new BsonInt32(2));
        and.toBsonDocument().getArray("$and").get(0).asDocument().put("b", new BsonInt32(2));

        assertThat(eq.toBsonDocument()).isEqualTo(BsonDocument.parse("{x: {a: 1}}"));
        assertThat(and.toBsonDocument()).isEqualTo(BsonDocument.parse("{$and: [{a: 1}]}"));
        assertThat(eq).isEqualTo(Conditions.eq("x", BsonDocument.parse("{a: 1}")));
    }

    @Test
    void a_foreign_document_is_copied_and_compared_by_content() {
        BsonDocument raw = BsonDocument.parse("{a: 1}");
        Document document = new Document("a", 1);
        Condition withRaw = Conditions.and(raw);
        Condition withDocument = Conditions.and(document);

        raw.put("b", new BsonInt32(2));
        document.put("b", 2);

        assertThat(withRaw).isEqualTo(Conditions.and(BsonDocument.parse("{a: 1}")))
                .isNotEqualTo(Conditions.and(BsonDocument.parse("{a: 1, b: 2}")));
        assertThat(withRaw.toBsonDocument()).isEqualTo(BsonDocument.parse("{$and: [{a: 1}]}"));
        assertThat(withDocument).isEqualTo(Conditions.and(new Document("a", 1)))
                .isNotEqualTo(Conditions.and(new Document("a", 1L)));
        assertThat(withDocument.toBsonDocument()).isEqualTo(BsonDocument.parse("{$and: [{a: 1}]}"));
    }

    @Test
    void a_drivers_filter_inside_a_condition_is_compared_with_its_own_equals() {
        assertThat(Conditions.or(Filters.eq("a", 1))).isEqualTo(Conditions.or(Filters.eq("a", 1)))
                .isNotEqualTo(Conditions.or(Filters.eq("a", 2)));
        Bson custom = new Custom();
        assertThat(Conditions.or(custom)).isEqualTo(Conditions.or(custom)).isNotEqualTo(Conditions.or(new Custom()));
    }

    @Test
    void a_condition_is_not_equal_to_its_compiled_document_or_a_drivers_filter() {
        assertThat(Conditions.eq("a", 1)).isNotEqualTo(BsonDocument.parse("{a: 1}")).isNotEqualTo(Filters.eq("a", 1));
    }

    @Test
    void equal_conditions_work_as_set_and_map_keys() {
        Set<Condition> set = new HashSet<>();
        set.add(typical("e1", "u1"));
        set.add(typical("e1", "u1"));
        set.add(typical("e1", "u2"));

        assertThat(set).hasSize(2);
    }

    @Test
    void a_condition_compiles_with_the_registry_it_is_given() {
        assertThat(typical("e1", "u1").toBsonDocument(BsonDocument.class, MongoClientSettings.getDefaultCodecRegistry()))
                .isEqualTo(BsonDocument.parse("{$and: [{_id: 'e1'}, {registrations: {$ne: 'u1'}},"
                        + " {$expr: {$lt: ['$sold', '$capacity']}}]}"));
    }

    @Test
    void containsExpr_looks_through_logical_clauses() {
        assertThat(Conditions.field("a").lt(Conditions.field("b")).containsExpr()).isTrue();
        assertThat(Conditions.expr(Expr.literal(true)).containsExpr()).isTrue();
        assertThat(Conditions.or(Conditions.eq("x", 1), Conditions.and(Conditions.expr(Expr.literal(true)))).containsExpr()).isTrue();
        assertThat(Conditions.and(Conditions.eq("x", 1), Conditions.elemMatch("y", Conditions.eq("z", 1))).containsExpr()).isFalse();
    }
}

package dev.atomicmongo.update;

import static dev.atomicmongo.update.Expr.field;
import static dev.atomicmongo.update.Expr.literal;
import static dev.atomicmongo.update.PipelineUpdate.pipeline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import dev.atomicmongo.internal.BsonValues;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

/** The stages besides $set: $addFields, $project, $replaceWith, $replaceRoot, and what MongoDB refuses in them. */
class PipelineStagesTest {

    private static List<BsonDocument> compiled(PipelineUpdate p) {
        return p.toPipeline(BsonValues.DEFAULT_REGISTRY);
    }

    private static List<BsonDocument> json(String array) {
        return BsonDocument.parse("{p: " + array + "}").getArray("p").stream().map(v -> v.asDocument()).toList();
    }

    @Test
    void addFields_is_its_own_stage_and_set_after_it_starts_a_set_stage() {
        PipelineUpdate p = pipeline().addFields("a", literal(1)).addFields("b", field("a")).set("c", literal(2));

        assertThat(compiled(p)).isEqualTo(json("[{$addFields: {a: 1, b: '$a'}}, {$set: {c: 2}}]"));
    }

    @Test
    void addFields_refuses_overlapping_paths_in_one_stage_as_set_does() {
        assertThatThrownBy(() -> pipeline().addFields("a", literal(1)).addFields("a.b", literal(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$addFields on 'a.b' overlaps 'a' in the same stage; call nextStage() to set it from the"
                        + " previous stage's result");
    }

    @Test
    void an_empty_object_as_a_set_value_is_refused_since_mongodb_reads_it_as_an_empty_sub_projection() {
        assertThatThrownBy(() -> pipeline().set("a", Expr.object(Map.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$set on 'a': an empty Expr.object() is read as an empty sub-projection, which MongoDB"
                        + " refuses; use Expr.literal(Map.of())");
        assertThat(compiled(pipeline().set("a", Map.of()))).isEqualTo(json("[{$set: {a: {$literal: {}}}}]"));
    }

    @Test
    void an_inclusion_projection_may_drop_the_id_and_compute_fields() {
        PipelineUpdate p = pipeline().project(Projection.include("name", "address.city").withoutId()
                .andCompute("total", Expr.add(field("a"), field("b"))));

        assertThat(compiled(p)).isEqualTo(json("[{$project: {_id: 0, name: 1, 'address.city': 1,"
                + " total: {$add: ['$a', '$b']}}}]"));
    }

    @Test
    void an_exclusion_projection_drops_fields() {
        assertThat(compiled(pipeline().project(Projection.exclude("tmp", "draft.x"))))
                .isEqualTo(json("[{$project: {tmp: 0, 'draft.x': 0}}]"));
        assertThat(compiled(pipeline().project(Projection.exclude("_id")))).isEqualTo(json("[{$project: {_id: 0}}]"));
        assertThat(Projection.exclude("a").isInclusion()).isFalse();
        assertThat(Projection.include("a").isInclusion()).isTrue();
    }

    @Test
    void a_computed_number_or_boolean_literal_is_wrapped_since_project_reads_1_and_true_as_keep() {
        PipelineUpdate p = pipeline().project(Projection.compute("one", literal(1)).andCompute("yes", literal(true))
                .andCompute("s", literal("x")));

        assertThat(compiled(p)).isEqualTo(json("[{$project: {one: {$literal: 1}, yes: {$literal: true}, s: 'x'}}]"));
    }

    @Test
    void a_projection_mixing_inclusion_and_exclusion_is_refused() {
        assertThatThrownBy(() -> Projection.include("a").andExclude("b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$project on 'b': cannot exclude a field in an inclusion projection; MongoDB mixes the two"
                        + " only for _id (withoutId())");
        assertThatThrownBy(() -> Projection.exclude("a").andCompute("b", field("c")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$project on 'b': cannot include or compute a field in an exclusion projection; MongoDB"
                        + " mixes the two only for _id (withoutId())");
        assertThat(Projection.include("a").andExclude("_id")).isEqualTo(Projection.include("a").withoutId());
    }

    @Test
    void projection_paths_that_collide_are_refused() {
        assertThatThrownBy(() -> Projection.include("a", "a.b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$project on 'a.b' overlaps 'a' (MongoDB: path collision)");
        assertThatThrownBy(() -> Projection.exclude("a.b").andExclude("a.b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$project on 'a.b' overlaps 'a.b' (MongoDB: path collision)");
        assertThatThrownBy(() -> Projection.include("a").withoutId().andInclude("_id"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$project on '_id': already excluded by withoutId()");
        assertThatThrownBy(() -> Projection.include())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$project: name at least one path");
        assertThatThrownBy(() -> Projection.include("$a"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$project on '$a': segment '$a' starts with '$'");
    }

    @Test
    void a_computed_object_is_refused_since_project_reads_it_as_a_sub_projection() {
        assertThatThrownBy(() -> Projection.compute("a", Expr.object("b", literal(1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$project on 'a': an Expr.object value is read as a sub-projection; wrap it as"
                        + " Expr.mergeObjects(Expr.object(...))");
    }

    @Test
    void replaceWith_and_replaceRoot_of_defaults_merged_with_the_root() {
        Expr withDefaults = Expr.mergeObjects(Expr.object("quiz", literal(0), "homework", literal(0)), Expr.root());

        assertThat(compiled(pipeline().replaceWith(withDefaults)))
                .isEqualTo(json("[{$replaceWith: {$mergeObjects: [{quiz: 0, homework: 0}, '$$ROOT']}}]"));
        assertThat(compiled(pipeline().replaceRoot(withDefaults)))
                .isEqualTo(json("[{$replaceRoot: {newRoot: {$mergeObjects: [{quiz: 0, homework: 0}, '$$ROOT']}}}]"));
        assertThat(compiled(pipeline().replaceWith(field("doc")))).isEqualTo(json("[{$replaceWith: '$doc'}]"));
    }

    @Test
    void replaceWith_of_something_that_is_not_a_document_is_refused() {
        assertThatThrownBy(() -> pipeline().replaceWith(literal(List.of(1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$replaceWith: the new document must be a document, but the value given is an array literal");
        assertThatThrownBy(() -> pipeline().replaceRoot(literal(null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$replaceRoot: the new document must be a document, but the value given is a null literal");
        assertThatThrownBy(() -> pipeline().replaceWith(Expr.concat(field("a"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$replaceWith: the new document must be a document, but the value given is a string ($concat)");
    }

    @Test
    void a_literal_document_replacement_is_wrapped_in_literal() {
        assertThat(compiled(pipeline().replaceWith(literal(Map.of("a", "$x")))))
                .isEqualTo(json("[{$replaceWith: {$literal: {a: '$x'}}}]"));
    }

    @Test
    void unset_refuses_paths_that_collide() {
        assertThatThrownBy(() -> pipeline().unset("a", "a.b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$unset on 'a.b' overlaps 'a' (MongoDB: path collision)");
        assertThatThrownBy(() -> pipeline().unset("x", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$unset on 'x' overlaps 'x' (MongoDB: path collision)");
    }

    @Test
    void all_stage_kinds_in_order() {
        PipelineUpdate p = pipeline().set("a", literal(1)).addFields("b", literal(2)).unset("c")
                .project(Projection.exclude("d")).replaceWith(Expr.root()).replaceRoot(Expr.current()).set("e", Expr.now());

        assertThat(compiled(p)).isEqualTo(json("[{$set: {a: 1}}, {$addFields: {b: 2}}, {$unset: ['c']}, {$project: {d: 0}},"
                + " {$replaceWith: '$$ROOT'}, {$replaceRoot: {newRoot: '$$CURRENT'}}, {$set: {e: '$$NOW'}}]"));
    }

    @Test
    void stages_are_compared_structurally() {
        assertThat(pipeline().project(Projection.include("a"))).isEqualTo(pipeline().project(Projection.include("a")))
                .hasSameHashCodeAs(pipeline().project(Projection.include("a")));
        assertThat(pipeline().project(Projection.include("a"))).isNotEqualTo(pipeline().project(Projection.include("a").withoutId()));
        assertThat(pipeline().replaceWith(Expr.root())).isNotEqualTo(pipeline().replaceRoot(Expr.root()));
        assertThat(pipeline().set("a", 1)).isNotEqualTo(pipeline().addFields("a", literal(1)));
        assertThat(Projection.include("a", "b")).isNotEqualTo(Projection.include("b", "a"));
    }

    @Test
    void toString_shows_the_bson() {
        assertThat(pipeline().replaceRoot(Expr.root())).hasToString("[{\"$replaceRoot\": {\"newRoot\": \"$$ROOT\"}}]");
        assertThat(Projection.include("a").withoutId()).hasToString("{\"_id\": 0, \"a\": 1}");
    }
}

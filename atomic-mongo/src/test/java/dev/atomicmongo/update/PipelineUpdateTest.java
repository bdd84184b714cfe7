package dev.atomicmongo.update;

import static dev.atomicmongo.update.PipelineUpdate.pipeline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import dev.atomicmongo.internal.BsonValues;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

class PipelineUpdateTest {

    private static List<BsonDocument> compiled(PipelineUpdate p) {
        return p.toPipeline(BsonValues.DEFAULT_REGISTRY);
    }

    private static List<BsonDocument> json(String array) {
        return BsonDocument.parse("{p: " + array + "}").getArray("p").stream().map(v -> v.asDocument()).toList();
    }

    @Test
    void sets_in_a_row_share_one_$set_stage() {
        PipelineUpdate p = pipeline().set("count", Expr.add(Expr.ifNull(Expr.field("count"), Expr.literal(0)), Expr.literal(1)))
                .set("updatedAt", Expr.now());

        assertThat(compiled(p)).isEqualTo(json("[{$set: {count: {$add: [{$ifNull: ['$count', 0]}, 1]}, updatedAt: '$$NOW'}}]"));
    }

    @Test
    void set_of_a_constant_wraps_it_as_a_literal() {
        PipelineUpdate p = pipeline().set("price", "$100").set("qty", 3).set("meta", new org.bson.Document("a", 1));

        assertThat(compiled(p)).isEqualTo(json("[{$set: {price: {$literal: '$100'}, qty: 3, meta: {$literal: {a: 1}}}}]"));
    }

    @Test
    void set_of_a_null_constant_stores_null() {
        assertThat(compiled(pipeline().set("owner", (Object) null))).isEqualTo(json("[{$set: {owner: null}}]"));
    }

    @Test
    void nextStage_starts_a_stage_that_reads_the_previous_result() {
        PipelineUpdate p = pipeline().set("a", Expr.literal(1)).nextStage().set("b", Expr.field("a"));

        assertThat(compiled(p)).isEqualTo(json("[{$set: {a: 1}}, {$set: {b: '$a'}}]"));
    }

    @Test
    void a_path_may_be_set_again_in_a_later_stage() {
        PipelineUpdate p = pipeline().set("a", Expr.literal(1)).nextStage().set("a", Expr.add(Expr.field("a"), Expr.literal(1)));

        assertThat(compiled(p)).isEqualTo(json("[{$set: {a: 1}}, {$set: {a: {$add: ['$a', 1]}}}]"));
    }

    @Test
    void unset_compiles_to_an_$unset_stage_of_field_names() {
        PipelineUpdate p = pipeline().set("a", Expr.literal(1)).unset("lock", "tmp.x").set("b", Expr.literal(2));

        assertThat(compiled(p)).isEqualTo(json("[{$set: {a: 1}}, {$unset: ['lock', 'tmp.x']}, {$set: {b: 2}}]"));
    }

    @Test
    void nextStage_with_nothing_before_or_after_adds_no_empty_stage() {
        PipelineUpdate p = pipeline().nextStage().set("a", Expr.literal(1)).nextStage().nextStage();

        assertThat(compiled(p)).isEqualTo(json("[{$set: {a: 1}}]"));
    }

    @Test
    void the_same_path_twice_in_one_stage_is_refused() {
        assertThatThrownBy(() -> pipeline().set("a", Expr.literal(1)).set("a", Expr.literal(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$set on 'a' overlaps 'a' in the same stage; call nextStage() to set it from the previous"
                        + " stage's result");
    }

    @Test
    void a_parent_and_child_path_in_one_stage_are_refused() {
        assertThatThrownBy(() -> pipeline().set("lock", Expr.literal(null)).set("lock.until", Expr.now()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$set on 'lock.until' overlaps 'lock' in the same stage; call nextStage() to set it from"
                        + " the previous stage's result");
    }

    @Test
    void paths_are_validated() {
        assertThatThrownBy(() -> pipeline().set(null, Expr.literal(1)))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("$set: path must not be null");
        assertThatThrownBy(() -> pipeline().set("a.$", Expr.literal(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$set on 'a.$': segment '$' starts with '$'");
        assertThatThrownBy(() -> pipeline().set("", Expr.literal(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$set: path must not be blank");
        assertThatThrownBy(() -> pipeline().unset("ok", "a..b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$unset on 'a..b': a path must not have an empty segment");
    }

    @Test
    void a_null_expression_is_refused_pointing_to_literal_null() {
        assertThatThrownBy(() -> pipeline().set("a", (Expr) null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("$set on 'a': value must not be null; use Expr.literal(null)");
    }

    @Test
    void unset_of_no_path_is_refused() {
        assertThatThrownBy(() -> pipeline().unset())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("$unset: name at least one path");
    }

    @Test
    void an_empty_pipeline_does_not_compile() {
        assertThatThrownBy(() -> compiled(pipeline()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Empty pipeline update: add at least one $set or $unset stage");
        assertThatThrownBy(() -> compiled(pipeline().nextStage()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Empty pipeline update: add at least one $set or $unset stage");
    }

    @Test
    void deriving_a_pipeline_leaves_the_original_unchanged() {
        PipelineUpdate base = pipeline().set("a", Expr.literal(1));

        PipelineUpdate sameStage = base.set("b", Expr.literal(2));
        PipelineUpdate nextStage = base.nextStage().set("c", Expr.literal(3));
        PipelineUpdate unset = base.unset("d");

        assertThat(base).hasToString("[{\"$set\": {\"a\": 1}}]");
        assertThat(sameStage).hasToString("[{\"$set\": {\"a\": 1, \"b\": 2}}]");
        assertThat(nextStage).hasToString("[{\"$set\": {\"a\": 1}}, {\"$set\": {\"c\": 3}}]");
        assertThat(unset).hasToString("[{\"$set\": {\"a\": 1}}, {\"$unset\": [\"d\"]}]");
    }

    @Test
    void the_unset_array_is_copied() {
        String[] paths = {"a", "b"};
        PipelineUpdate p = pipeline().unset(paths);

        paths[0] = "z";

        assertThat(compiled(p)).isEqualTo(List.of(new BsonDocument("$unset", BsonArray.parse("['a', 'b']"))));
    }

    @Test
    void pipelines_compiling_alike_are_equal_and_number_types_matter() {
        assertThat(pipeline().set("a", 1)).isEqualTo(pipeline().set("a", Expr.literal(1)))
                .hasSameHashCodeAs(pipeline().set("a", Expr.literal(1)));
        assertThat(pipeline().set("a", 1)).isNotEqualTo(pipeline().set("a", 1L));
        assertThat(pipeline().set("a", 1).set("b", 2)).isNotEqualTo(pipeline().set("a", 1).nextStage().set("b", 2));
    }

    @Test
    void a_pipeline_value_without_a_default_codec_prints_as_a_placeholder_not_as_a_property_bag() {
        PipelineUpdate p = pipeline().set("lock", new Object());

        assertThat(p).hasToString("[{\"$set\": {\"lock\": \"<java.lang.Object: encoded by the collection's codecs>\"}}]");
        assertThat(p).isNotEqualTo(pipeline());
    }

    @Test
    void an_empty_pipeline_prints_as_an_empty_array() {
        assertThat(pipeline()).hasToString("[]");
    }
}

package dev.atomicmongo.update;

import static dev.atomicmongo.update.Expr.field;
import static dev.atomicmongo.update.Expr.literal;
import static dev.atomicmongo.update.PipelineUpdate.pipeline;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Field;
import com.mongodb.client.model.Projections;
import dev.atomicmongo.internal.BsonValues;
import org.bson.BsonDocument;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.Test;

/** Differential: each stage compiles to the same BSON as the driver's {@code Aggregates} builder for it. */
class PipelineDriverEquivalenceTest {

    private static BsonDocument ours(PipelineUpdate p) {
        List<BsonDocument> stages = p.toPipeline(BsonValues.DEFAULT_REGISTRY);
        assertThat(stages).hasSize(1);
        return stages.get(0);
    }

    private static BsonDocument drivers(Bson stage) {
        return stage.toBsonDocument(BsonDocument.class, BsonValues.DEFAULT_REGISTRY);
    }

    private static BsonDocument bson(Expr e) {
        return new BsonDocument("v", e.toBsonValue(BsonValues.DEFAULT_REGISTRY));
    }

    @Test
    void set_and_addFields() {
        Expr total = Expr.multiply(field("price"), field("qty"));
        Expr rounded = Expr.round(total, 2);

        assertThat(ours(pipeline().set("total", total).set("r", rounded)))
                .isEqualTo(drivers(Aggregates.set(new Field<>("total", bson(total).get("v")), new Field<>("r", bson(rounded).get("v")))));
        assertThat(ours(pipeline().addFields("total", total)))
                .isEqualTo(drivers(Aggregates.addFields(new Field<>("total", bson(total).get("v")))));
    }

    @Test
    void unset() {
        assertThat(ours(pipeline().unset("a", "b.c"))).isEqualTo(drivers(Aggregates.unset("a", "b.c")));
    }

    @Test
    void project_inclusion_exclusion_and_computed() {
        Expr upper = Expr.toUpper(field("name"));

        assertThat(ours(pipeline().project(Projection.include("a", "b.c").withoutId())))
                .isEqualTo(drivers(Aggregates.project(Projections.fields(Projections.excludeId(), Projections.include("a", "b.c")))));
        assertThat(ours(pipeline().project(Projection.exclude("a", "b"))))
                .isEqualTo(drivers(Aggregates.project(Projections.exclude("a", "b"))));
        assertThat(ours(pipeline().project(Projection.include("a").andCompute("n", upper))))
                .isEqualTo(drivers(Aggregates.project(Projections.fields(Projections.include("a"),
                        Projections.computed("n", bson(upper).get("v"))))));
    }

    @Test
    void replaceWith_and_replaceRoot() {
        Expr merged = Expr.mergeObjects(Expr.object("a", literal(0)), Expr.root());

        assertThat(ours(pipeline().replaceWith(merged))).isEqualTo(drivers(Aggregates.replaceWith(bson(merged).get("v"))));
        assertThat(ours(pipeline().replaceRoot(merged))).isEqualTo(drivers(Aggregates.replaceRoot(bson(merged).get("v"))));
    }
}

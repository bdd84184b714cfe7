package dev.atomicmongo.update;

import static dev.atomicmongo.update.PipelineUpdate.pipeline;
import static dev.atomicmongo.update.UpdateBuilder.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

/** Updates, expressions and pipelines are data: compared by structure, never by rendering. */
class StructuralEqualityTest {

    /** A value no codec of the default registry can encode. */
    private static final class NoCodec {
        private final int id;

        NoCodec(int id) {
            this.id = id;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof NoCodec other && other.id == id;
        }

        @Override
        public int hashCode() {
            return id;
        }
    }

    @Test
    void hashCode_and_equals_of_an_update_need_no_codec() {
        UpdateBuilder u = update().set("a", new NoCodec(1)).inc("n", 1);

        assertThat(u.hashCode()).isEqualTo(update().set("a", new NoCodec(1)).inc("n", 1).hashCode());
        assertThat(u).isEqualTo(update().set("a", new NoCodec(1)).inc("n", 1));
        assertThat(u.toString()).isEqualTo("{\"$set\": {\"a\": \"<" + NoCodec.class.getName()
                + ": encoded by the collection's codecs>\"}, \"$inc\": {\"n\": 1}}");
    }

    @Test
    void two_different_updates_that_do_not_compile_are_not_equal() {
        assertThat(update().set("a", new NoCodec(1))).isNotEqualTo(update().set("a", new NoCodec(2)));
        assertThat(update().set("a", new NoCodec(1))).isNotEqualTo(update().set("b", new NoCodec(1)));
        assertThat(update().set("a.$[x]", 1)).isNotEqualTo(update().set("a.$[y]", 1));
    }

    @Test
    void an_int_a_long_and_a_double_differ_in_every_operator_and_hash_apart() {
        assertThat(update().set("a", 1)).isNotEqualTo(update().set("a", 1.0))
                .doesNotHaveSameHashCodeAs(update().set("a", 1L));
        assertThat(update().push("a", 1)).isNotEqualTo(update().push("a", 1L));
        assertThat(update().addToSetEach("a", List.of(1))).isNotEqualTo(update().addToSetEach("a", List.of(1.0)));
        assertThat(update().pull("a", 1)).isNotEqualTo(update().pull("a", 1L));
        assertThat(update().bitOr("a", 1)).isNotEqualTo(update().bitOr("a", 1L << 33));
        assertThat(PushEach.of(1)).isNotEqualTo(PushEach.of(1L));
    }

    @Test
    void the_order_of_operators_is_part_of_the_update_because_it_is_part_of_the_bson() {
        assertThat(update().set("a", 1).set("b", 2)).isNotEqualTo(update().set("b", 2).set("a", 1));
        assertThat(update().bitAnd("f", 1).bitOr("f", 2)).isNotEqualTo(update().bitOr("f", 2).bitAnd("f", 1));
    }

    @Test
    void merged_operators_equal_the_same_operator_written_once() {
        assertThat(update().addToSet("t", "a").addToSet("t", "b"))
                .isEqualTo(update().addToSetEach("t", List.of("a", "b")))
                .hasSameHashCodeAs(update().addToSetEach("t", List.of("a", "b")));
        assertThat(update().push("l", (Object) null)).isEqualTo(update().push("l", org.bson.BsonNull.VALUE));
    }

    @Test
    void values_are_frozen_when_added() {
        List<Object> tags = new ArrayList<>(List.of("a"));
        UpdateBuilder u = update().set("tags", tags);
        int hash = u.hashCode();

        tags.add("b");

        assertThat(u.hashCode()).isEqualTo(hash);
        assertThat(u.toBsonDocument()).isEqualTo(BsonDocument.parse("{$set: {tags: ['a']}}"));
    }

    @Test
    void conflicts_are_refused_with_the_same_messages_in_large_updates() {
        UpdateBuilder u = update();
        for (int i = 0; i < 300; i++) {
            u = u.set("f" + i + ".x", i);
        }
        UpdateBuilder large = u.set("g.h.i", 1).push("list", 1).push("list", 2);

        assertThatThrownBy(() -> large.inc("f10.x", 1))
                .hasMessage("Path 'f10.x' is written by both $set and $inc: an update may write each path only once");
        assertThatThrownBy(() -> large.set("f10", 1))
                .hasMessage("Paths 'f10.x' ($set) and 'f10' ($set) overlap: an update may not write a path and a path inside it");
        assertThatThrownBy(() -> large.unset("g.h"))
                .hasMessage("Paths 'g.h.i' ($set) and 'g.h' ($unset) overlap: an update may not write a path and a path inside it");
        assertThatThrownBy(() -> large.set("g.h.i.j", 1))
                .hasMessage("Paths 'g.h.i' ($set) and 'g.h.i.j' ($set) overlap: an update may not write a path and a path inside it");
        assertThatThrownBy(() -> large.rename("old", "f3"))
                .hasMessage("Paths 'f3.x' ($set) and 'f3' ($rename) overlap: an update may not write a path and a path inside it");
        assertThat(large.push("list", 3).toBsonDocument().getDocument("$push"))
                .isEqualTo(BsonDocument.parse("{list: {$each: [1, 2, 3]}}"));
    }

    @Test
    void builders_extending_one_template_from_many_threads_each_get_their_own_update() throws Exception {
        UpdateBuilder base = update();
        for (int i = 0; i < 20; i++) {
            base = base.set("t" + i, i);
        }
        UpdateBuilder template = base;
        int threads = 8;
        int perThread = 200;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<List<UpdateBuilder>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    start.await();
                    List<UpdateBuilder> built = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        built.add(template.set("x", thread * perThread + i).inc("n", 1));
                    }
                    return built;
                }));
            }
            start.countDown();
            for (int t = 0; t < threads; t++) {
                List<UpdateBuilder> built = results.get(t).get(30, TimeUnit.SECONDS);
                for (int i = 0; i < perThread; i++) {
                    BsonDocument compiled = built.get(i).toBsonDocument();
                    assertThat(compiled.getDocument("$set").getInt32("x").getValue()).isEqualTo(t * perThread + i);
                    assertThat(compiled.getDocument("$set").size()).isEqualTo(21);
                    assertThat(compiled.getDocument("$inc")).isEqualTo(BsonDocument.parse("{n: 1}"));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(template.writes("x")).isFalse();
        assertThat(template.toBsonDocument().getDocument("$set").size()).isEqualTo(20);
    }

    @Test
    void expressions_compare_as_trees_without_a_codec() {
        Expr invalid = Expr.add(Expr.field("a"), Expr.literal(new NoCodec(1)));

        assertThat(invalid).isEqualTo(Expr.add(Expr.field("a"), Expr.literal(new NoCodec(1))))
                .hasSameHashCodeAs(Expr.add(Expr.field("a"), Expr.literal(new NoCodec(1))))
                .isNotEqualTo(Expr.add(Expr.field("a"), Expr.literal(new NoCodec(2))));
        assertThat(invalid.toString()).contains("<" + NoCodec.class.getName() + ": encoded by the collection's codecs>");
        assertThat(Expr.literal(1)).doesNotHaveSameHashCodeAs(Expr.literal(1L));
        assertThat(Expr.field("a")).isNotEqualTo(Expr.literal("$a"));
        assertThat(Expr.slice(Expr.field("a"), 2)).isEqualTo(Expr.slice(Expr.field("a"), 2))
                .isNotEqualTo(Expr.slice(Expr.field("a"), 3));
    }

    @Test
    void pipelines_compare_as_stages_without_a_codec() {
        assertThat(pipeline().set("a", new NoCodec(1))).isEqualTo(pipeline().set("a", new NoCodec(1)))
                .hasSameHashCodeAs(pipeline().set("a", new NoCodec(1)))
                .isNotEqualTo(pipeline().set("a", new NoCodec(2)));
        assertThat(pipeline().set("a", 1).nextStage()).isEqualTo(pipeline().set("a", 1));
        assertThat(pipeline().unset("a")).isNotEqualTo(pipeline().set("a", 1));
    }
}

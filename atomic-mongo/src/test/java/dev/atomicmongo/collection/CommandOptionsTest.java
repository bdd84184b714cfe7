package dev.atomicmongo.collection;

import static dev.atomicmongo.update.UpdateBuilder.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.model.Collation;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.update.Expr;
import dev.atomicmongo.update.PipelineUpdate;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

/** The write options travel in the command values: every overload carries them, and they take part in equality. */
class CommandOptionsTest {
    private final Commands commands = Commands.withDefaultCodecs();
    private final WriteOptions options = WriteOptions.none().withHint("status_1")
            .withCollation(Collation.builder().locale("fr").build()).withLet("target", "cherry").withComment("c");

    @Test
    void every_update_overload_carries_its_options() {
        assertThat(commands.updateOne(Conditions.eq("a", 1), update().inc("n", 1), options).options()).isEqualTo(options);
        assertThat(commands.upsertOne(Conditions.eq("a", 1), update().inc("n", 1), options).options()).isEqualTo(options);
        assertThat(commands.updateMany(Conditions.eq("a", 1), update().inc("n", 1), options).options()).isEqualTo(options);
        assertThat(commands.upsertMany(Conditions.eq("a", 1), update().inc("n", 1), options).options()).isEqualTo(options);
        assertThat(commands.updateIf(Conditions.eq("_id", 1), Conditions.gt("n", 0), update().inc("n", 1), options)
                .options()).isEqualTo(options);
    }

    @Test
    void the_overloads_without_options_carry_none() {
        assertThat(commands.updateOne(Conditions.eq("a", 1), update().inc("n", 1)).options()).isEqualTo(WriteOptions.none());
        assertThat(commands.updateIf(Conditions.eq("_id", 1), Conditions.gt("n", 0), update().inc("n", 1)).options())
                .isEqualTo(WriteOptions.none());
        assertThat(commands.findOneAndUpdate(Conditions.eq("a", 1), update().inc("n", 1),
                FindAndUpdateOptions.returnAfter()).options()).isEqualTo(WriteOptions.none());
    }

    @Test
    void upsertMany_is_a_multi_upsert() {
        UpdateCommand command = commands.upsertMany(Conditions.eq("k", "x"), update().inc("n", 1));

        assertThat(command.upsert()).isTrue();
        assertThat(command.multi()).isTrue();
        assertThat(command.name()).isEqualTo("upsertMany");
    }

    @Test
    void upsertMany_refuses_an_expr_filter_as_upsertOne_does() {
        assertThatThrownBy(() -> commands.upsertMany(Conditions.field("a").lt(Conditions.field("b")),
                update().inc("n", 1), WriteOptions.none()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("An upsert's filter must not use $expr");
    }

    @Test
    void find_and_update_options_carry_hint_collation_let_and_comment_into_the_command() {
        FindAndModifyCommand command = commands.findOneAndUpdate(Conditions.eq("a", 1), update().inc("n", 1),
                FindAndUpdateOptions.returnAfter().withProjection(Projections.include("n"))
                        .withHint(Indexes.ascending("a")).withCollation(Collation.builder().locale("fr").build())
                        .withLet("target", "cherry").withLet("at", Expr.now()).withComment("c"));

        assertThat(command.options().toBsonDocument()).isEqualTo(BsonDocument.parse("{hint: {a: 1}, collation: "
                + Collation.builder().locale("fr").build().asDocument().toJson()
                + ", let: {target: 'cherry', at: '$$NOW'}, comment: 'c'}"));
        assertThat(command.projection()).isEqualTo(BsonDocument.parse("{n: 1}"));
        assertThat(command.returnDocument()).isEqualTo(ReturnDocument.AFTER);
    }

    @Test
    void find_and_update_options_keep_their_write_options_through_every_copy() {
        FindAndUpdateOptions copied = FindAndUpdateOptions.returnBefore().withComment("c").withUpsert(true)
                .withProjection(Projections.include("n")).withSort(Indexes.ascending("a"));

        assertThat(copied.writeOptions()).isEqualTo(WriteOptions.none().withComment("c"));
        assertThat(copied.withWriteOptions(options).writeOptions()).isEqualTo(options);
        assertThat(copied.toString()).endsWith(", {\"comment\": \"c\"}}");
        assertThatThrownBy(() -> copied.withWriteOptions(null)).hasMessage("options");
    }

    @Test
    void options_take_part_in_command_equality() {
        UpdateCommand plain = commands.updateOne(Conditions.eq("a", 1), update().inc("n", 1));
        UpdateCommand commented = commands.updateOne(Conditions.eq("a", 1), update().inc("n", 1),
                WriteOptions.none().withComment("c"));

        assertThat(commented).isNotEqualTo(plain)
                .isEqualTo(commands.updateOne(Conditions.eq("a", 1), update().inc("n", 1),
                        WriteOptions.none().withComment("c")))
                .hasSameHashCodeAs(commands.updateOne(Conditions.eq("a", 1), update().inc("n", 1),
                        WriteOptions.none().withComment("c")));
        assertThat(plain).isEqualTo(new UpdateCommand(plain.filter(), plain.update(), false, false));
    }

    @Test
    void toString_shows_the_options_when_there_are_some() {
        assertThat(commands.updateMany(Conditions.eq("a", 1), update().inc("n", 1), WriteOptions.none().withHint("a_1")))
                .hasToString("updateMany filter={\"a\": 1} update={\"$inc\": {\"n\": 1}} options={\"hint\": \"a_1\"}");
        assertThat(commands.updateIf(Conditions.eq("_id", 1), Conditions.gt("n", 0), update().inc("n", 1),
                WriteOptions.none().withComment("c")).toString()).endsWith(" options={\"comment\": \"c\"}");
    }

    @Test
    void let_variables_are_usable_by_a_pipeline_update() {
        UpdateCommand command = commands.updateOne(Conditions.eq("_id", 1),
                PipelineUpdate.pipeline().set("at", Expr.now()), WriteOptions.none().withLet("x", 1));

        assertThat(command.needsPipelineUpdates()).isTrue();
        assertThat(command.options().let()).isEqualTo(BsonDocument.parse("{x: 1}"));
    }

    @Test
    void null_options_are_named() {
        assertThatThrownBy(() -> commands.updateOne(Conditions.eq("a", 1), update().inc("n", 1), null))
                .isInstanceOf(NullPointerException.class).hasMessage("options");
        assertThatThrownBy(() -> commands.upsertMany(Conditions.eq("a", 1), update().inc("n", 1), null))
                .hasMessage("options");
        assertThatThrownBy(() -> commands.updateIf(Conditions.eq("_id", 1), Conditions.gt("n", 0),
                update().inc("n", 1), null)).hasMessage("options");
        assertThatThrownBy(() -> new UpdateCommand(BsonDocument.parse("{}"),
                commands.compile(update().inc("n", 1)), false, false, null)).hasMessage("options");
    }
}

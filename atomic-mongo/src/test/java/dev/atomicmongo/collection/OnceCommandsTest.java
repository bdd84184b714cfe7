package dev.atomicmongo.collection;

import com.mongodb.client.model.ReturnDocument;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.update.PipelineUpdate;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

import static dev.atomicmongo.update.UpdateBuilder.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OnceCommandsTest {
    private final Commands commands = Commands.withDefaultCodecs();
    private final OperationId id = OperationId.of("op-1");

    @Test
    void guards_the_filter_with_ne_and_pushes_the_id_with_a_slice_in_the_same_update() {
        OnceUpdateCommand command = commands.updateOnce(Conditions.eq("_id", 7), update().inc("n", 1), id);

        assertThat(command.filter()).isEqualTo(BsonDocument.parse(
                "{$and: [{_id: 7}, {_ops: {$ne: 'op-1'}}]}"));
        assertThat(command.updateCommand().operators().document()).isEqualTo(BsonDocument.parse(
                "{$inc: {n: 1}, $push: {_ops: {$each: ['op-1'], $slice: -100}}}"));
        assertThat(command.updateCommand().upsert()).isFalse();
    }

    @Test
    void puts_the_condition_between_the_identity_and_the_guard() {
        OnceUpdateCommand command = commands.updateOnce(Conditions.eq("_id", 7), Conditions.field("n").lt(10),
                update().inc("n", 1), id, OperationGuard.defaults().withField("meta.seen").withWindow(3),
                WriteOptions.none());

        assertThat(command.filter()).isEqualTo(BsonDocument.parse(
                "{$and: [{_id: 7}, {n: {$lt: 10}}, {'meta.seen': {$ne: 'op-1'}}]}"));
        assertThat(command.updateCommand().operators().document()).isEqualTo(BsonDocument.parse(
                "{$inc: {n: 1}, $push: {'meta.seen': {$each: ['op-1'], $slice: -3}}}"));
    }

    @Test
    void merges_the_guard_into_a_push_of_the_update() {
        OnceUpdateCommand command = commands.updateOnce(Conditions.eq("_id", 7), update().push("log", "x"), id);

        assertThat(command.updateCommand().operators().document()).isEqualTo(BsonDocument.parse(
                "{$push: {log: 'x', _ops: {$each: ['op-1'], $slice: -100}}}"));
    }

    @Test
    void upsert_and_find_and_modify_forms_send_the_same_filter_and_update() {
        OnceUpdateCommand upsert = commands.upsertOnce(Conditions.eq("key", "k"), update().inc("n", 1), id);
        OnceUpdateCommand find = commands.findOneAndUpdateOnce(Conditions.eq("key", "k"), update().inc("n", 1), id,
                ReturnDocument.AFTER);

        assertThat(upsert.updateCommand().upsert()).isTrue();
        assertThat(upsert.updateCommand().filter()).isEqualTo(find.findAndModifyCommand().filter());
        assertThat(find.findAndModifyCommand().returnDocument()).isEqualTo(ReturnDocument.AFTER);
        assertThat(find.findAndModifyCommand().upsert()).isFalse();
        assertThatThrownBy(upsert::findAndModifyCommand).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refuses_an_update_that_writes_the_guard_field_or_its_parent_or_child_naming_the_path() {
        assertThatThrownBy(() -> commands.updateOnce(Conditions.eq("_id", 1), update().set("_ops", "x"), id))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("updateOnce: $set on '_ops' collides with the operation guard's field '_ops'; "
                        + "choose another field with OperationGuard.withField");
        assertThatThrownBy(() -> commands.updateOnce(Conditions.eq("_id", 1), update().unset("_ops.0"), id))
                .hasMessageContaining("$unset on '_ops.0' collides");
        assertThatThrownBy(() -> commands.updateOnce(Conditions.eq("_id", 1), Conditions.exists("a"),
                update().set("meta", 1), id, OperationGuard.defaults().withField("meta.ops"), WriteOptions.none()))
                .hasMessageContaining("$set on 'meta' collides with the operation guard's field 'meta.ops'");
        assertThatThrownBy(() -> commands.updateOnce(Conditions.eq("_id", 1), update().rename("old", "_ops"), id))
                .hasMessageContaining("$rename on '_ops' collides");
    }

    @Test
    void accepts_paths_that_only_share_a_prefix_with_the_guard_field() {
        OnceUpdateCommand command = commands.updateOnce(Conditions.eq("_id", 1), update().set("_opsCount", 1), id);

        assertThat(command.updateCommand().operators().document().getDocument("$set")).isEqualTo(BsonDocument.parse("{_opsCount: 1}"));
    }

    @Test
    void a_pipeline_update_gets_a_last_stage_keeping_the_id_as_a_literal() {
        OnceUpdateCommand command = commands.updateOnce(Conditions.eq("_id", 1), PipelineUpdate.pipeline().set("a", 1),
                OperationId.of("$b"));

        assertThat(((CompiledUpdate.Pipeline) command.update()).stages().get(1)).isEqualTo(BsonDocument.parse(
                "{$set: {_ops: {$slice: [{$concatArrays: [{$ifNull: ['$_ops', []]}, {$literal: ['$b']}]}, -100]}}}"));
        assertThat(((CompiledUpdate.Pipeline) command.update()).stages()).hasSize(2);
    }

    @Test
    void refuses_pipeline_stages_that_drop_the_ids_empty_identities_and_upserts_on_expr() {
        assertThatThrownBy(() -> commands.updateOnce(Conditions.eq("_id", 1),
                PipelineUpdate.pipeline().unset("_ops"), id))
                .hasMessage("updateOnce: $unset on '_ops' collides with the operation guard's field '_ops'; "
                        + "choose another field with OperationGuard.withField");
        assertThatThrownBy(() -> commands.updateOnce(Conditions.eq("_id", 1),
                PipelineUpdate.pipeline().project(dev.atomicmongo.update.Projection.include("a")), id))
                .hasMessage("updateOnce: a $project stage would drop the operation guard's field '_ops'; "
                        + "use $set and $unset stages");
        assertThatThrownBy(() -> commands.updateOnce(new BsonDocument(), update().inc("n", 1), id))
                .hasMessage("updateOnce: the identity filter is empty; it must name one document");
        assertThatThrownBy(() -> commands.upsertOnce(Conditions.field("a").lt(Conditions.field("b")),
                update().inc("n", 1), id)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void operation_ids_and_guards_check_their_values() {
        assertThatThrownBy(() -> OperationId.of(null)).isInstanceOf(NullPointerException.class).hasMessage("value");
        assertThatThrownBy(() -> OperationId.of(" ")).hasMessage("operation id: must not be blank");
        assertThatThrownBy(() -> OperationId.of("x".repeat(257)))
                .hasMessage("operation id: 257 characters, at most 256 allowed");
        assertThatThrownBy(() -> OperationId.of("a\0b")).hasMessage("operation id: must not contain the NUL character");
        assertThat(OperationId.of("{$ne: 1}").toBsonValue().getValue()).isEqualTo("{$ne: 1}");
        assertThatThrownBy(() -> OperationId.of("a\uD800")).hasMessage(
                "operation id: an unpaired surrogate at index 1 is not Unicode; BSON would store it as U+FFFD, "
                        + "making different ids equal");
        assertThatThrownBy(() -> OperationId.of("\uDC00a")).hasMessageContaining("index 0");
        assertThatThrownBy(() -> OperationId.of("a\uDBFF\uDBFFb")).hasMessageContaining("index 1");
        assertThat(OperationId.of("emoji-\uD83D\uDE00").value()).isEqualTo("emoji-\uD83D\uDE00");
        assertThatThrownBy(() -> OperationGuard.defaults().withWindow(0))
                .hasMessage("operation guard on '_ops': window 0 must be between 1 and 10000");
        assertThatThrownBy(() -> OperationGuard.defaults().withField("_id"))
                .hasMessage("operation guard on '_id': the ids cannot be kept in _id");
        assertThatThrownBy(() -> OperationGuard.defaults().withField("$ops"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void an_operator_shaped_id_is_sent_as_a_string_value() {
        OnceUpdateCommand command = commands.updateOnce(Conditions.eq("_id", 1), update().inc("n", 1),
                OperationId.of("{\"$gt\": \"\"}"));

        assertThat(command.filter().getArray("$and").get(1).asDocument().getDocument("_ops").get("$ne").isString())
                .isTrue();
    }

    @Test
    void commands_are_values_with_structural_equality_and_bson_in_to_string() {
        OnceUpdateCommand a = commands.updateOnce(Conditions.eq("_id", 1), update().inc("n", 1), id);
        OnceUpdateCommand b = commands.updateOnce(Conditions.eq("_id", 1), update().inc("n", 1), id);

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.toString()).isEqualTo("updateOnce id=op-1 filter={\"$and\": [{\"_id\": 1}, {\"_ops\": "
                + "{\"$ne\": \"op-1\"}}]} update={\"$inc\": {\"n\": 1}, \"$push\": {\"_ops\": {\"$each\": [\"op-1\"], "
                + "\"$slice\": -100}}}");
        assertThat(OperationGuard.defaults()).isEqualTo(new OperationGuard("_ops", 100));
    }
}

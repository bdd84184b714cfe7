package dev.atomicmongo.pattern.counter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atomicmongo.collection.Commands;
import dev.atomicmongo.collection.ConditionalUpdateCommand;
import dev.atomicmongo.collection.UpdateCommand;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

/** What {@link Fields#setIfMissing} sends, as BSON, with no server. */
class FieldCommandsTest {
    private final FieldCommands commands = new FieldCommands(Commands.withDefaultCodecs());

    @Test
    void with_pipelines_it_is_one_updateOne_by_id_setting_the_field_to_ifNull_of_itself_and_the_value() {
        UpdateCommand command = commands.fillPipeline("p1", "stats.highScore", 100);

        assertThat(command.filter()).isEqualTo(BsonDocument.parse("{_id: 'p1'}"));
        assertThat(new BsonArray(command.pipeline().stages())).isEqualTo(BsonArray.parse(
                "[{$set: {'stats.highScore': {$ifNull: ['$stats.highScore', 100]}}}]"));
        assertThat(command.upsert()).isFalse();
    }

    @Test
    void a_value_that_looks_like_a_field_reference_is_sent_as_a_literal() {
        UpdateCommand command = commands.fillPipeline("p1", "nickname", "$ace");

        assertThat(command.pipeline().stages().get(0)).isEqualTo(BsonDocument.parse(
                "{$set: {nickname: {$ifNull: ['$nickname', {$literal: '$ace'}]}}}"));
    }

    @Test
    void without_pipelines_it_is_a_set_guarded_by_the_field_being_null_or_missing() {
        ConditionalUpdateCommand command = commands.fillGuarded("p1", "highScore", 100);

        assertThat(command.identity()).isEqualTo(BsonDocument.parse("{_id: 'p1'}"));
        assertThat(command.condition()).isEqualTo(BsonDocument.parse("{highScore: null}"));
        assertThat(command.filter()).isEqualTo(BsonDocument.parse("{$and: [{_id: 'p1'}, {highScore: null}]}"));
        assertThat(((dev.atomicmongo.collection.CompiledUpdate.Operators) command.update()).document())
                .isEqualTo(BsonDocument.parse("{$set: {highScore: 100}}"));
    }
}

package dev.atomicmongo.pattern.counter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atomicmongo.collection.Commands;
import dev.atomicmongo.collection.CompiledUpdate;
import dev.atomicmongo.collection.ConditionalUpdateCommand;
import dev.atomicmongo.collection.UpdateCommand;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

/** What {@link Lists} sends, as BSON, with no server. */
class ListCommandsTest {
    private final ListCommands commands = new ListCommands(Commands.withDefaultCodecs());

    @Test
    void append_and_prepend_are_push_each_the_second_at_position_0() {
        UpdateCommand append = commands.append("order", "events", "shipped", "delivered");
        UpdateCommand prepend = commands.prepend("order", "events", "paid");

        assertThat(append.filter()).isEqualTo(BsonDocument.parse("{_id: 'order'}"));
        assertThat(append.operators().document()).isEqualTo(BsonDocument.parse(
                "{$push: {events: {$each: ['shipped', 'delivered']}}}"));
        assertThat(prepend.operators().document()).isEqualTo(BsonDocument.parse(
                "{$push: {events: {$each: ['paid'], $position: 0}}}"));
        assertThat(append.upsert()).isFalse();
    }

    @Test
    void setAt_sets_the_element_only_where_the_array_has_that_index() {
        ConditionalUpdateCommand command = commands.setAt("order", "events", 2, "x");

        assertThat(command.identity()).isEqualTo(BsonDocument.parse("{_id: 'order'}"));
        assertThat(command.condition()).isEqualTo(BsonDocument.parse(
                "{$and: [{events: {$type: 4}}, {'events.2': {$exists: true}}]}"));
        assertThat(((CompiledUpdate.Operators) command.update()).document()).isEqualTo(BsonDocument.parse(
                "{$set: {'events.2': 'x'}}"));
    }

    @Test
    void removeAt_with_pipelines_rebuilds_the_array_from_the_slices_around_the_index() {
        ConditionalUpdateCommand middle = commands.removeAtPipeline("order", "events", 2);
        ConditionalUpdateCommand first = commands.removeAtPipeline("order", "events", 0);

        assertThat(middle.condition()).isEqualTo(BsonDocument.parse(
                "{$and: [{events: {$type: 4}}, {'events.2': {$exists: true}}]}"));
        assertThat(new BsonArray(((CompiledUpdate.Pipeline) middle.update()).stages())).isEqualTo(BsonArray.parse(
                "[{$set: {events: {$concatArrays: [{$slice: ['$events', 2]},"
                        + " {$slice: ['$events', 3, {$size: '$events'}]}]}}}]"));
        assertThat(new BsonArray(((CompiledUpdate.Pipeline) first.update()).stages())).isEqualTo(BsonArray.parse(
                "[{$set: {events: {$slice: ['$events', 1, {$size: '$events'}]}}}]"));
    }

    @Test
    void removeAt_without_pipelines_writes_only_if_the_array_is_still_as_read() {
        UpdateCommand command = commands.replaceIfUnchanged("order", "events",
                BsonArray.parse("['a', '$b', 'c']"), BsonArray.parse("['a', 'c']"));

        assertThat(command.filter()).isEqualTo(BsonDocument.parse(
                "{$and: [{_id: 'order'}, {$expr: {$eq: ['$events', {$literal: ['a', '$b', 'c']}]}}]}"));
        assertThat(command.operators().document()).isEqualTo(BsonDocument.parse("{$set: {events: ['a', 'c']}}"));
        assertThat(command.upsert()).isFalse();
    }
}

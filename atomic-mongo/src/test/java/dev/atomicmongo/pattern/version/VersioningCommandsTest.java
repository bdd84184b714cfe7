package dev.atomicmongo.pattern.version;

import static dev.atomicmongo.update.UpdateBuilder.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.model.ReturnDocument;
import dev.atomicmongo.collection.Commands;
import dev.atomicmongo.collection.CompiledUpdate;
import dev.atomicmongo.collection.ConditionalUpdateCommand;
import dev.atomicmongo.collection.FindAndModifyCommand;
import dev.atomicmongo.filter.Conditions;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

/** What a versioned write sends, as BSON, with no server. */
class VersioningCommandsTest {
    private final VersioningCommands commands = new VersioningCommands(Commands.withDefaultCodecs(), "version");

    private static BsonDocument operators(CompiledUpdate update) {
        assertThat(update).isInstanceOf(CompiledUpdate.Operators.class);
        return ((CompiledUpdate.Operators) update).document();
    }

    @Test
    void update_is_guarded_by_the_expected_version_and_increments_it() {
        ConditionalUpdateCommand command = commands.update(Conditions.eq("_id", "a"), 4, update().set("title", "x"));

        assertThat(command.filter()).isEqualTo(BsonDocument.parse("{$and: [{_id: 'a'}, {version: {$numberLong: '4'}}]}"));
        assertThat(operators(command.update())).isEqualTo(BsonDocument.parse(
                "{$set: {title: 'x'}, $inc: {version: {$numberLong: '1'}}}"));
    }

    @Test
    void expecting_version_zero_also_matches_a_missing_or_null_version() {
        ConditionalUpdateCommand command = commands.update(Conditions.eq("_id", "a"), 0, update().set("t", 1));

        assertThat(command.condition()).isEqualTo(BsonDocument.parse("{version: {$in: [0, null]}}"));
    }

    @Test
    void upsert_is_one_findAndModify_returning_only_the_old_version() {
        FindAndModifyCommand command = new VersioningCommands(Commands.withDefaultCodecs(), "meta.rev")
                .upsert(Conditions.eq("_id", "u"), update().setOnInsert("createdBy", "alice").set("title", "t"));

        assertThat(command.filter()).isEqualTo(BsonDocument.parse("{_id: 'u'}"));
        assertThat(operators(command.update())).isEqualTo(BsonDocument.parse(
                "{$setOnInsert: {createdBy: 'alice'}, $set: {title: 't'}, $inc: {'meta.rev': {$numberLong: '1'}}}"));
        assertThat(command.upsert()).isTrue();
        assertThat(command.returnDocument()).isEqualTo(ReturnDocument.BEFORE);
        assertThat(command.projection()).isEqualTo(BsonDocument.parse("{'meta.rev': 1}"));
    }

    @Test
    void a_change_writing_the_version_field_is_refused_before_anything_is_sent() {
        assertThatThrownBy(() -> commands.update(Conditions.eq("_id", "a"), 1, update().inc("version", 5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The change writes the version field 'version'; OptimisticVersioning increments it itself");
    }
}

package dev.atomicmongo.collection;

import static dev.atomicmongo.update.UpdateBuilder.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.update.Expr;
import dev.atomicmongo.update.PipelineUpdate;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** What each command sends, and what is refused while compiling: plain values, no server. */
class CommandsTest {
    private final Commands commands = Commands.withDefaultCodecs();

    @Test
    void updateOne_compiles_the_filter_and_the_update_document() {
        UpdateCommand command = commands.updateOne(Conditions.eq("_id", 1), update().inc("n", 1).set("s", "x"));

        assertThat(command.filter()).isEqualTo(BsonDocument.parse("{_id: 1}"));
        assertThat(command.operators().document()).isEqualTo(BsonDocument.parse("{$inc: {n: 1}, $set: {s: 'x'}}"));
        assertThat(command.operators().arrayFilters()).isEmpty();
        assertThat(command.upsert()).isFalse();
        assertThat(command.multi()).isFalse();
        assertThat(command.name()).isEqualTo("updateOne");
    }

    @Test
    void upsertOne_and_updateMany_set_their_flags() {
        assertThat(commands.upsertOne(Conditions.eq("_id", 1), update().inc("n", 1)))
                .satisfies(c -> assertThat(c.upsert()).isTrue())
                .satisfies(c -> assertThat(c.name()).isEqualTo("upsertOne"));
        assertThat(commands.updateMany(Conditions.eq("a", 1), update().inc("n", 1)))
                .satisfies(c -> assertThat(c.multi()).isTrue())
                .satisfies(c -> assertThat(c.name()).isEqualTo("updateMany"));
    }

    @Test
    void array_filters_travel_with_the_update_document() {
        UpdateCommand command = commands.updateOne(Conditions.eq("_id", 1),
                update().set("items.$[i].done", true).arrayFilter(Conditions.eq("i.id", 7)));

        assertThat(command.operators().document()).isEqualTo(BsonDocument.parse("{$set: {'items.$[i].done': true}}"));
        assertThat(command.operators().arrayFilters()).containsExactly(BsonDocument.parse("{'i.id': 7}"));
    }

    @Test
    void a_pipeline_update_compiles_to_its_stages_and_needs_the_capability() {
        UpdateCommand command = commands.updateOne(Conditions.eq("_id", 1),
                PipelineUpdate.pipeline().set("at", Expr.now()));

        assertThat(command.needsPipelineUpdates()).isTrue();
        assertThat(command.pipeline().stages()).containsExactly(BsonDocument.parse("{$set: {at: '$$NOW'}}"));
        assertThatThrownBy(command::operators).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void updateIf_filters_on_identity_and_condition_and_keeps_both_for_the_read_that_explains_a_miss() {
        ConditionalUpdateCommand command = commands.updateIf(Conditions.eq("_id", "concert"),
                Conditions.field("sold").lt(Conditions.field("capacity")), update().inc("sold", 1));

        assertThat(command.identity()).isEqualTo(BsonDocument.parse("{_id: 'concert'}"));
        assertThat(command.condition()).isEqualTo(BsonDocument.parse("{$expr: {$lt: ['$sold', '$capacity']}}"));
        assertThat(command.filter()).isEqualTo(BsonDocument.parse(
                "{$and: [{_id: 'concert'}, {$expr: {$lt: ['$sold', '$capacity']}}]}"));
    }

    @Test
    void findOneAndUpdate_compiles_its_options() {
        FindModifyCheck.check(commands.findOneAndUpdate(Filters.eq("k", "a"), update().inc("n", 1),
                FindAndUpdateOptions.returnAfter().withUpsert(true).withProjection(Projections.include("n"))
                        .withSort(Sorts.descending("at"))));
    }

    private static final class FindModifyCheck {
        static void check(FindAndModifyCommand command) {
            assertThat(command.filter()).isEqualTo(BsonDocument.parse("{k: 'a'}"));
            assertThat(command.returnDocument()).isEqualTo(ReturnDocument.AFTER);
            assertThat(command.upsert()).isTrue();
            assertThat(command.projection()).isEqualTo(BsonDocument.parse("{n: 1}"));
            assertThat(command.sort()).isEqualTo(BsonDocument.parse("{at: -1}"));
        }
    }

    @Test
    void findOneAndUpdate_without_projection_or_sort_has_none() {
        FindAndModifyCommand command = commands.findOneAndUpdate(Filters.eq("k", "a"), update().inc("n", 1),
                FindAndUpdateOptions.returnBefore());

        assertThat(command.projectionIfAny()).isEmpty();
        assertThat(command.sortIfAny()).isEmpty();
        assertThat(command.returnDocument()).isEqualTo(ReturnDocument.BEFORE);
    }

    @Test
    void commands_are_values_equal_when_they_send_the_same_bson() {
        assertThat(commands.updateOne(Conditions.eq("_id", 1), update().inc("n", 1)))
                .isEqualTo(commands.updateOne(Filters.eq("_id", 1), update().inc("n", 1)))
                .isNotEqualTo(commands.updateOne(Filters.eq("_id", 1), update().inc("n", 2)));
    }

    @Test
    void a_filter_document_given_by_the_caller_is_copied_so_editing_it_later_changes_nothing() {
        BsonDocument filter = BsonDocument.parse("{_id: 1}");
        UpdateCommand command = commands.updateOne(filter, update().inc("n", 1));

        filter.put("_id", new org.bson.BsonInt32(2));

        assertThat(command.filter()).isEqualTo(BsonDocument.parse("{_id: 1}"));
    }

    @Test
    void the_documents_of_a_command_cannot_be_changed() {
        UpdateCommand command = commands.updateOne(Conditions.eq("_id", 1), update().inc("n", 1));

        assertThatThrownBy(() -> command.filter().put("x", new org.bson.BsonInt32(1)))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> command.operators().arrayFilters().add(new BsonDocument()))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void toString_shows_what_is_sent() {
        assertThat(commands.upsertOne(Conditions.eq("_id", 1), update().inc("n", 1)))
                .hasToString("upsertOne filter={\"_id\": 1} update={\"$inc\": {\"n\": 1}}");
    }

    // ---- refused while compiling -------------------------------------------------------------

    @Test
    void an_upsert_whose_filter_compares_two_fields_is_refused() {
        assertThatThrownBy(() -> commands.upsertOne(Conditions.field("sold").lt(Conditions.field("capacity")),
                update().inc("sold", 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("An upsert's filter must not use $expr: the server cannot build the inserted document from it"
                        + " (filter {\"$expr\": {\"$lt\": [\"$sold\", \"$capacity\"]}})");
    }

    @Test
    void an_upsert_whose_filter_has_$expr_inside_and_or_nor_is_refused() {
        assertThatThrownBy(() -> commands.upsertOne(
                Conditions.and(Conditions.eq("_id", 1), Conditions.or(Conditions.field("a").lt(Conditions.field("b")))),
                update().inc("n", 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("An upsert's filter must not use $expr");
        assertThatThrownBy(() -> commands.upsertOne(
                Filters.nor(Filters.expr(new Document("$eq", List.of("$a", 1)))), update().inc("n", 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("An upsert's filter must not use $expr");
    }

    @Test
    void a_find_one_and_update_that_upserts_with_$expr_is_refused() {
        FindAndUpdateOptions options = FindAndUpdateOptions.returning(ReturnDocument.AFTER).withUpsert(true);

        assertThatThrownBy(() -> commands.findOneAndUpdate(Conditions.field("a").gt(Conditions.field("b")),
                update().set("c", 1), options))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("An upsert's filter must not use $expr");
    }

    @Test
    void an_update_with_an_identifier_but_no_array_filter_is_refused() {
        assertThatThrownBy(() -> commands.updateOne(Conditions.eq("_id", 1), update().set("items.$[i].done", true)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Path segment $[i] has no arrayFilter for identifier 'i'");
    }

    @Test
    void an_empty_update_is_refused() {
        assertThatThrownBy(() -> commands.updateMany(Conditions.eq("a", 1), update()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Empty update: add at least one operator");
    }

    @Test
    void null_arguments_are_named() {
        assertThatThrownBy(() -> commands.updateOne(null, update().inc("n", 1))).hasMessage("filter");
        assertThatThrownBy(() -> commands.updateOne(Conditions.eq("a", 1), null)).hasMessage("update");
        assertThatThrownBy(() -> commands.updateIf(null, Conditions.eq("a", 1), update().inc("n", 1)))
                .hasMessage("identity");
        assertThatThrownBy(() -> Commands.using(null)).hasMessage("registry");
    }
}

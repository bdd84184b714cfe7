package dev.atomicmongo.pattern.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.atomicmongo.collection.Commands;
import dev.atomicmongo.collection.CompiledUpdate;
import dev.atomicmongo.collection.ConditionalUpdateCommand;
import dev.atomicmongo.collection.OnceUpdateCommand;
import dev.atomicmongo.collection.OperationGuard;
import dev.atomicmongo.collection.OperationId;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** What a booking sends, as BSON, with no server, in both holder layouts. */
class BookingCommandsTest {
    private final BookingCommands commands = new BookingCommands(Commands.withDefaultCodecs(), "capacity", "sold", "holders",
            HolderLayout.ENTRIES);
    private final BookingCommands plain = new BookingCommands(Commands.withDefaultCodecs(), "capacity", "tickets_sold",
            "registration_ids", HolderLayout.PLAIN_IDS);

    private static BsonDocument operators(ConditionalUpdateCommand command) {
        assertThat(command.update()).isInstanceOf(CompiledUpdate.Operators.class);
        return ((CompiledUpdate.Operators) command.update()).document();
    }

    @Test
    void reserve_is_one_updateOne_whose_filter_is_the_whole_guard() {
        ConditionalUpdateCommand command = commands.reserve("concert", commands.holder("alice"), 2);

        assertThat(command.identity()).isEqualTo(BsonDocument.parse("{_id: 'concert'}"));
        assertThat(command.filter()).isEqualTo(BsonDocument.parse("{$and: [{_id: 'concert'}, {$and: ["
                + "{'holders.holder': {$ne: 'alice'}},"
                + "{$or: [{holders: {$exists: false}}, {holders: {$type: 4}}]},"
                + "{holders: {$not: {$elemMatch: {$not: {$type: 'object'}}}}},"
                + "{capacity: {$type: 'number'}},"
                + "{$expr: {$lte: [{$add: [{$ifNull: ['$sold', 0]}, 2]}, '$capacity']}}]}]}"));
        assertThat(operators(command)).isEqualTo(BsonDocument.parse(
                "{$inc: {sold: 2}, $addToSet: {holders: {holder: 'alice', seats: 2}}}"));
    }

    @Test
    void reserve_with_an_operation_id_sends_the_same_guard_and_update_plus_the_ids_clause_and_push() {
        ConditionalUpdateCommand plainReserve = commands.reserve("concert", commands.holder("alice"), 2);
        OnceUpdateCommand command = commands.reserveOnce("concert", commands.holder("alice"), 2, OperationId.of("req-1"),
                OperationGuard.defaults());

        assertThat(command.identity()).isEqualTo(plainReserve.identity());
        assertThat(command.condition()).isEqualTo(plainReserve.condition());
        assertThat(command.filter()).isEqualTo(new BsonDocument("$and", new BsonArray(List.of(
                plainReserve.identity(), plainReserve.condition(), BsonDocument.parse("{_ops: {$ne: 'req-1'}}")))));
        assertThat(((CompiledUpdate.Operators) command.update()).document()).isEqualTo(BsonDocument.parse(
                "{$inc: {sold: 2}, $addToSet: {holders: {holder: 'alice', seats: 2}},"
                        + " $push: {_ops: {$each: ['req-1'], $slice: -100}}}"));
        assertThat(command.upsert()).isFalse();
        assertThat(command.returnDocument()).isNull();
    }

    @Test
    void plain_ids_reserve_with_an_operation_id_keeps_the_ids_as_the_guard_says() {
        OnceUpdateCommand command = plain.reserveOnce("e1", plain.holder("u7"), 1, OperationId.of("req-7"),
                OperationGuard.defaults().withField("meta.ops").withWindow(1_000));

        assertThat(command.condition()).isEqualTo(plain.reserve("e1", plain.holder("u7"), 1).condition());
        assertThat(command.filter().getArray("$and").get(2)).isEqualTo(BsonDocument.parse("{'meta.ops': {$ne: 'req-7'}}"));
        assertThat(((CompiledUpdate.Operators) command.update()).document()).isEqualTo(BsonDocument.parse(
                "{$inc: {tickets_sold: 1}, $addToSet: {registration_ids: 'u7'},"
                        + " $push: {'meta.ops': {$each: ['req-7'], $slice: -1000}}}"));
    }

    @Test
    void an_operation_guard_on_a_booking_field_is_refused_naming_both_roles() {
        assertThatThrownBy(() -> commands.reserveOnce("concert", commands.holder("alice"), 1, OperationId.of("req-1"),
                OperationGuard.defaults().withField("holders.ops")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The holders field 'holders' and the operation guard field 'holders.ops' overlap; "
                        + "each role needs a field of its own");
        assertThatThrownBy(() -> plain.reserveOnce("e1", plain.holder("u7"), 1, OperationId.of("req-1"),
                OperationGuard.defaults().withField("capacity")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The capacity field 'capacity' and the operation guard field 'capacity' overlap; "
                        + "each role needs a field of its own");
    }

    @Test
    void release_names_the_holders_entry_exactly_and_gives_its_seats_back() {
        ConditionalUpdateCommand command = commands.release("concert", new BsonString("alice"), 3);

        assertThat(command.filter()).isEqualTo(BsonDocument.parse("{$and: [{_id: 'concert'},"
                + " {holders: {$elemMatch: {holder: 'alice', seats: 3}}}]}"));
        assertThat(operators(command)).isEqualTo(BsonDocument.parse("{$pull: {holders: {holder: 'alice'}}, $inc: {sold: -3}}"));
    }

    @Test
    void configured_field_names_are_used_in_the_guard_the_update_and_the_index() {
        BookingCommands custom = new BookingCommands(Commands.withDefaultCodecs(), "tickets", "tickets_sold", "registration_ids",
                HolderLayout.ENTRIES);

        assertThat(custom.reserve("e", custom.holder(7), 1).filter()).isEqualTo(BsonDocument.parse("{$and: [{_id: 'e'}, {$and: ["
                + "{'registration_ids.holder': {$ne: 7}},"
                + "{$or: [{registration_ids: {$exists: false}}, {registration_ids: {$type: 4}}]},"
                + "{registration_ids: {$not: {$elemMatch: {$not: {$type: 'object'}}}}},"
                + "{tickets: {$type: 'number'}},"
                + "{$expr: {$lte: [{$add: [{$ifNull: ['$tickets_sold', 0]}, 1]}, '$tickets']}}]}]}"));
        assertThat(custom.indexKeys()).isEqualTo(BsonDocument.parse("{'registration_ids.holder': 1}"));
        assertThat(custom.resource("e", 5)).containsExactly(
                Map.entry("_id", "e"), Map.entry("tickets", 5L),
                Map.entry("tickets_sold", 0L), Map.entry("registration_ids", List.of()));
    }

    @Test
    void the_holder_is_encoded_with_the_collections_codecs() {
        assertThat(commands.holder(42L)).isEqualTo(BsonDocument.parse("{h: {$numberLong: '42'}}").get("h"));
    }

    // ---- HolderLayout.PLAIN_IDS ---------------------------------------------------------------

    @Test
    void plain_ids_reserve_guards_on_the_id_not_being_in_the_array_and_adds_it_as_a_value() {
        ConditionalUpdateCommand command = plain.reserve("e1", plain.holder("u7"), 1);

        assertThat(command.filter()).isEqualTo(BsonDocument.parse("{$and: [{_id: 'e1'}, {$and: ["
                + "{registration_ids: {$ne: 'u7'}},"
                + "{$or: [{registration_ids: {$exists: false}}, {registration_ids: {$type: 4}}]},"
                + "{registration_ids: {$not: {$elemMatch: {holder: {$exists: true}}}}},"
                + "{capacity: {$type: 'number'}},"
                + "{$expr: {$lte: [{$add: [{$ifNull: ['$tickets_sold', 0]}, 1]}, '$capacity']}}]}]}"));
        assertThat(operators(command)).isEqualTo(BsonDocument.parse(
                "{$inc: {tickets_sold: 1}, $addToSet: {registration_ids: 'u7'}}"));
    }

    @Test
    void plain_ids_release_guards_on_the_id_being_there_and_pulls_it_as_a_whole_value() {
        ConditionalUpdateCommand command = plain.release("e1", plain.holder("u7"), 1);

        assertThat(command.filter()).isEqualTo(BsonDocument.parse("{$and: [{_id: 'e1'}, {registration_ids: 'u7'}]}"));
        assertThat(operators(command)).isEqualTo(BsonDocument.parse(
                "{$pullAll: {registration_ids: ['u7']}, $inc: {tickets_sold: -1}}"));
    }

    @Test
    void plain_ids_index_is_the_references_index_on_the_array_itself() {
        assertThat(plain.indexKeys()).isEqualTo(BsonDocument.parse("{registration_ids: 1}"));
    }

    @Test
    void a_plain_id_that_is_a_document_or_a_dollar_string_is_matched_and_pulled_as_a_value() {
        Document member = new Document("org", 1);
        ConditionalUpdateCommand reserve = plain.reserve("e1", plain.holder(member), 1);
        ConditionalUpdateCommand release = plain.release("e1", plain.holder("$gt"), 1);

        assertThat(reserve.condition().getArray("$and").get(0)).isEqualTo(BsonDocument.parse("{registration_ids: {$ne: {org: 1}}}"));
        assertThat(operators(reserve).getDocument("$addToSet")).isEqualTo(BsonDocument.parse("{registration_ids: {org: 1}}"));
        assertThat(release.condition()).isEqualTo(BsonDocument.parse("{registration_ids: '$gt'}"));
        assertThat(operators(release).getDocument("$pullAll")).isEqualTo(BsonDocument.parse("{registration_ids: ['$gt']}"));
    }

    @Test
    void an_id_holding_a_dollar_field_name_is_refused_in_both_layouts_as_an_update_cannot_store_it() {
        for (BookingCommands layout : List.of(commands, plain)) {
            assertThatThrownBy(() -> layout.holder(new Document("$gt", ""))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("holderId Document{{$gt=}}: an id must not hold a $-prefixed field name ('$gt'); "
                            + "MongoDB does not store one through an update");
            assertThatThrownBy(() -> layout.holder(new Document("a", List.of(new Document("$ne", 1)))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("('$ne')");
        }
    }

    @Test
    void a_plain_id_that_is_an_array_or_reads_as_an_entry_is_refused_when_the_call_is_made() {
        assertThatThrownBy(() -> plain.holder(List.of("u1", "u2"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("holderId [u1, u2]: with HolderLayout.PLAIN_IDS an id must not be an array; "
                        + "'registration_ids' is itself the array of ids");
        assertThatThrownBy(() -> plain.holder(new Document("holder", "u1"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("holderId Document{{holder=u1}}: with HolderLayout.PLAIN_IDS an id must not be a document "
                        + "with a 'holder' field; it would read as a {holder, seats} entry");
        assertThat(plain.holder(new Document("org", 1).append("user", 2)))
                .isEqualTo(BsonDocument.parse("{org: 1, user: 2}"));
        assertThat(commands.holder(List.of("u1"))).isEqualTo(BsonDocument.parse("{h: ['u1']}").get("h"));
    }

    @Test
    void an_id_without_a_codec_is_an_illegal_argument_never_the_codecs_exception() {
        Object noCodec = new Object() {
            @Override
            public String toString() {
                return "no codec";
            }
        };

        assertThatThrownBy(() -> commands.holder(noCodec)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("holderId of dev.atomicmongo.pattern.booking.BookingCommandsTest$1: cannot be encoded: ")
                .hasCauseInstanceOf(org.bson.codecs.configuration.CodecConfigurationException.class);
    }

    @Test
    void an_id_that_encodes_to_null_is_refused_as_a_missing_or_empty_array_matches_null() {
        assertThatThrownBy(() -> plain.holder(org.bson.BsonNull.VALUE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("holderId BsonNull: encodes to null; a missing or empty holders field matches null, so the guard"
                        + " could never tell this holder apart");
    }

    @Test
    void a_regular_expression_id_is_refused_in_both_layouts_because_ne_cannot_compare_one() {
        for (BookingCommands layout : List.of(commands, plain)) {
            assertThatThrownBy(() -> layout.holder(Pattern.compile("a.*"))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("holderId a.*: an id must not be a regular expression; the guard's $ne cannot compare one");
        }
    }
}

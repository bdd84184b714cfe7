package dev.atomicmongo.pattern.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import com.mongodb.MongoClientSettings;
import dev.atomicmongo.StoredValueException;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

/** Reading holders back after a refused write: each layout refuses the other's elements, as its guard does. */
class StoredHoldersTest {
    private final StoredHolders entries = new StoredHolders("holders", HolderLayout.ENTRIES);
    private final StoredHolders plain = new StoredHolders("holders", HolderLayout.PLAIN_IDS);

    private static BsonDocument doc(String json) {
        return BsonDocument.parse(json);
    }

    @Test
    void an_entries_booking_refuses_a_plain_id_naming_its_index_and_the_layout_to_use() {
        assertThatThrownBy(() -> entries.seatsHeld(doc("{holders: [{holder: 'a', seats: 1}, 'bob']}"), new BsonString("a")))
                .isInstanceOfSatisfying(StoredValueException.class, e -> assertThat(e.path()).isEqualTo("holders.1"))
                .hasMessage("The stored 'holders.1' is \"bob\" (a BSON STRING), not a holder entry {holder, seats}: the "
                        + "booking uses HolderLayout.ENTRIES; an array of plain ids needs withHolderLayout(HolderLayout.PLAIN_IDS)");
    }

    @Test
    void a_plain_ids_booking_refuses_an_entry_naming_its_index_and_the_layout_to_use() {
        assertThatThrownBy(() -> plain.seatsHeld(doc("{holders: ['bob', {holder: 'a', seats: 2}]}"), new BsonString("a")))
                .isInstanceOfSatisfying(StoredValueException.class, e -> assertThat(e.path()).isEqualTo("holders.1"))
                .hasMessage("The stored 'holders.1' is DOCUMENT (a BSON DOCUMENT), not a plain holder id: the booking "
                        + "uses HolderLayout.PLAIN_IDS; {holder, seats} entries need withHolderLayout(HolderLayout.ENTRIES)");
    }

    @Test
    void holders_that_are_null_or_not_an_array_are_refused_and_missing_holders_are_none() {
        assertThatThrownBy(() -> plain.elements(doc("{holders: null}"))).isInstanceOf(StoredValueException.class)
                .hasMessage("The stored 'holders' is NULL (a BSON NULL), not an array of holder ids");
        assertThatThrownBy(() -> entries.elements(doc("{holders: 'alice'}"))).isInstanceOf(StoredValueException.class)
                .hasMessage("The stored 'holders' is \"alice\" (a BSON STRING), not an array of holder entries");
        assertThat(entries.elements(doc("{}"))).isEmpty();
        assertThat(plain.holders(doc("{_id: 1}"), MongoClientSettings.getDefaultCodecRegistry())).isEmpty();
    }

    @Test
    void a_plain_id_is_held_once_and_numbers_compare_by_value() {
        BsonDocument stored = doc("{holders: ['bob', {$numberLong: '7'}, {org: 1}]}");

        assertThat(plain.seatsHeld(stored, new BsonString("bob"))).hasValue(1);
        assertThat(plain.seatsHeld(stored, doc("{v: 7.0}").get("v"))).hasValue(1);
        assertThat(plain.seatsHeld(stored, doc("{v: {org: 1}}").get("v"))).hasValue(1);
        assertThat(plain.seatsHeld(stored, new BsonString("alice"))).isEmpty();
    }

    @Test
    void the_read_compares_ids_as_the_guard_does_so_it_never_retries_a_holder_the_server_found() {
        assertThat(StoredHolders.sameValue(doc("{v: {$numberDecimal: '7.0'}}").get("v"), doc("{v: 7}").get("v"))).isTrue();
        assertThat(StoredHolders.sameValue(doc("{v: NaN}").get("v"), doc("{v: {$numberDecimal: 'NaN'}}").get("v"))).isTrue();
        assertThat(StoredHolders.sameValue(doc("{v: Infinity}").get("v"), doc("{v: -Infinity}").get("v"))).isFalse();
        assertThat(StoredHolders.sameValue(doc("{v: {org: 1, user: [2]}}").get("v"), doc("{v: {org: 1.0, user: [{$numberLong: '2'}]}}")
                .get("v"))).isTrue();
        assertThat(StoredHolders.sameValue(doc("{v: {org: 1, user: 2}}").get("v"), doc("{v: {user: 2, org: 1}}").get("v")))
                .as("field order matters to the server").isFalse();
        assertThat(StoredHolders.sameValue(doc("{v: '7'}").get("v"), doc("{v: 7}").get("v"))).isFalse();
    }

    @Test
    void holders_are_listed_in_stored_order_with_ids_decoded_as_a_document_field_would_be() {
        ObjectId oid = new ObjectId("5f1d7f3e9b1e8b3a4c2d1e0f");
        BsonDocument stored = doc("{holders: [{holder: 'alice', seats: 3}, {holder: {$oid: '" + oid.toHexString()
                + "'}, seats: {$numberLong: '1'}}, {holder: {org: 1}, seats: 2}]}");

        assertThat(entries.holders(stored, MongoClientSettings.getDefaultCodecRegistry())).containsExactly(
                new Holder("alice", 3), new Holder(oid, 1), new Holder(new Document("org", 1), 2));
        assertThat(plain.holders(doc("{holders: ['u1', 7, {$numberLong: '8'}]}"), MongoClientSettings.getDefaultCodecRegistry()))
                .containsExactly(new Holder("u1", 1), new Holder(7, 1), new Holder(8L, 1));
    }

    @Test
    void the_list_of_holders_cannot_be_changed() {
        List<Holder> holders = plain.holders(doc("{holders: ['u1']}"), MongoClientSettings.getDefaultCodecRegistry());

        assertThatThrownBy(() -> holders.add(new Holder("u2", 1))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void a_fractional_seat_count_is_refused_when_listed() {
        assertThatThrownBy(() -> entries.holders(doc("{holders: [{holder: 'a', seats: 1.5}]}"),
                MongoClientSettings.getDefaultCodecRegistry()))
                .isInstanceOf(StoredValueException.class)
                .hasMessage("The stored 'holders.seats' is 1.5 (a BSON DOUBLE), not a whole number within 64 bits");
    }
}

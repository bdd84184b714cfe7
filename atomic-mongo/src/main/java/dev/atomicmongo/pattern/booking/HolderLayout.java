package dev.atomicmongo.pattern.booking;

/**
 * How a {@link CapacityBooking} stores who holds seats in its holders array. The layout is a
 * property of the stored data, chosen once per booking with {@link CapacityBooking#withHolderLayout}
 * and independent of the field's name ({@link CapacityBooking#withHoldersField}): the guard, the
 * update, the release, the index and the reading of holders all follow from it.
 *
 * <pre>{@code
 * // the ticket-booking reference's documents: {_id, capacity, tickets_sold, registration_ids: ["u1", "u2"]}
 * CapacityBooking registrations = CapacityBooking.of(events)
 *         .withSoldField("tickets_sold")
 *         .withHoldersField("registration_ids")
 *         .withHolderLayout(HolderLayout.PLAIN_IDS);
 * }</pre>
 *
 * <p>A booking refuses a document stored in the other layout rather than booking on it: its
 * guard requires the holders field to be missing or an array in its own layout, so a mismatched
 * document matches nothing and the read that follows throws a
 * {@link dev.atomicmongo.StoredValueException} naming the element and the layout to use. Nothing
 * is written to such a document.
 */
public enum HolderLayout {
    /**
     * {@code holders: [{holder: <id>, seats: <n>}, ...]}, the default: one entry per holder,
     * each holding any number of seats. Reserved with
     * {@code $addToSet: {holders: {holder, seats}}}, released with
     * {@code $pull: {holders: {holder}}}; every element must be a document.
     */
    ENTRIES,

    /**
     * {@code holders: [<id>, <id>, ...]}: a plain array of holder ids, one seat each, as the
     * ticket-booking reference stores {@code registration_ids}. Reserved with
     * {@code $addToSet: {holders: id}}, released with {@code $pullAll: {holders: [id]}}, so an id
     * that is a document is compared as a whole value, never as a query. A reservation of more
     * than one seat, an id that is an array, and an id that is a document with a {@code holder}
     * field (which would read as an {@link #ENTRIES} entry) are refused when the call is made.
     */
    PLAIN_IDS
}

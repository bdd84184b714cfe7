package dev.atomicmongo.pattern.booking;

/**
 * One holder of seats, as {@link CapacityBooking#holders} reads it: the id as stored, decoded
 * with the collection's codecs (a {@code String}, a {@code Long}, an {@code ObjectId}, a
 * {@code Document}...), and the number of seats it holds ({@code 1} for every id of a
 * {@link HolderLayout#PLAIN_IDS} array).
 *
 * @param id the holder's id, decoded as the collection's {@code Document} codec decodes it
 * @param seats the seats held, at least 0
 */
public record Holder(Object id, int seats) {
}

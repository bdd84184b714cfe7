package dev.atomicmongo.pattern.booking;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import dev.atomicmongo.DocumentCodecException;
import dev.atomicmongo.StoredValueException;
import dev.atomicmongo.collection.StoredValues;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonDocumentReader;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.DocumentCodec;
import org.bson.codecs.configuration.CodecRegistry;

/**
 * Reads the holders array of a resource read back after a refused write, in one
 * {@link HolderLayout}, and refuses what the layout's guard refuses: a holders field that is
 * present but not an array, and an element of the other layout. The checks are the guard's own,
 * so a document the guard refuses for its shape is always an error here, never a retry.
 */
final class StoredHolders {
    private final String field;
    private final HolderLayout layout;

    StoredHolders(String field, HolderLayout layout) {
        this.field = field;
        this.layout = layout;
    }

    /**
     * The array's elements, each checked against the layout; empty when the field is missing.
     *
     * @throws StoredValueException if the field is not an array (null included) or an element belongs to the other layout
     */
    List<BsonValue> elements(BsonDocument resource) {
        Optional<BsonValue> stored = StoredValues.valueAt(resource, field);
        if (stored.isEmpty()) {
            return List.of();
        }
        BsonValue holders = stored.get();
        if (!holders.isArray()) {
            throw new StoredValueException(field, holders,
                    layout == HolderLayout.ENTRIES ? "an array of holder entries" : "an array of holder ids");
        }
        List<BsonValue> elements = holders.asArray().getValues();
        for (int i = 0; i < elements.size(); i++) {
            BsonValue element = elements.get(i);
            if (layout == HolderLayout.ENTRIES && !element.isDocument()) {
                throw new StoredValueException(field + "." + i, element, "a holder entry {" + CapacityBooking.HOLDER + ", "
                        + CapacityBooking.SEATS + "}: the booking uses HolderLayout.ENTRIES; an array of plain ids needs "
                        + "withHolderLayout(HolderLayout.PLAIN_IDS)");
            }
            if (layout == HolderLayout.PLAIN_IDS && isEntry(element)) {
                throw new StoredValueException(field + "." + i, element, "a plain holder id: the booking uses "
                        + "HolderLayout.PLAIN_IDS; {" + CapacityBooking.HOLDER + ", " + CapacityBooking.SEATS
                        + "} entries need withHolderLayout(HolderLayout.ENTRIES)");
            }
        }
        return elements;
    }

    /** True for what the {@link HolderLayout#PLAIN_IDS} guard takes for an entry: a document with a {@code holder} field. */
    static boolean isEntry(BsonValue value) {
        return value.isDocument() && value.asDocument().containsKey(CapacityBooking.HOLDER);
    }

    /** The seats the holder holds, or empty; checked as {@link #elements}. */
    OptionalInt seatsHeld(BsonDocument resource, BsonValue holder) {
        for (BsonValue element : elements(resource)) {
            if (layout == HolderLayout.PLAIN_IDS) {
                if (sameValue(holder, element)) {
                    return OptionalInt.of(1);
                }
            } else if (sameValue(holder, element.asDocument().get(CapacityBooking.HOLDER))) {
                return OptionalInt.of(seatsOf(element.asDocument()));
            }
        }
        return OptionalInt.empty();
    }

    /** Every holder in stored order, ids decoded with {@code registry}'s {@code Document} codec. */
    List<Holder> holders(BsonDocument resource, CodecRegistry registry) {
        List<BsonValue> elements = elements(resource);
        BsonArray ids = new BsonArray(elements.size());
        int[] seats = new int[elements.size()];
        for (int i = 0; i < elements.size(); i++) {
            BsonValue element = elements.get(i);
            if (layout == HolderLayout.PLAIN_IDS) {
                ids.add(element);
                seats[i] = 1;
            } else {
                BsonValue id = element.asDocument().get(CapacityBooking.HOLDER);
                ids.add(id == null ? org.bson.BsonNull.VALUE : id);
                seats[i] = seatsOf(element.asDocument());
            }
        }
        List<?> decoded;
        try {
            decoded = new DocumentCodec(registry).decode(new BsonDocumentReader(new BsonDocument("ids", ids)),
                    DecoderContext.builder().build()).getList("ids", Object.class);
        } catch (RuntimeException e) {
            throw new DocumentCodecException("Decoding the holder ids in '" + field + "'", e);
        }
        List<Holder> holders = new ArrayList<>(seats.length);
        for (int i = 0; i < seats.length; i++) {
            holders.add(new Holder(decoded.get(i), seats[i]));
        }
        return List.copyOf(holders);
    }

    /** The seats of a holder entry; a count that is not a whole int is refused, never truncated. */
    private int seatsOf(BsonDocument entry) {
        BsonValue seats = entry.get(CapacityBooking.SEATS);
        if (seats == null) {
            return 0;
        }
        String path = field + "." + CapacityBooking.SEATS;
        long exact = StoredValues.exactLong(seats, path);
        if (exact < 0 || exact > Integer.MAX_VALUE) {
            throw new StoredValueException(path, seats, "a seat count between 0 and " + Integer.MAX_VALUE);
        }
        return (int) exact;
    }

    /**
     * Equal as the server's query compares them, so the read agrees with the guard: numbers by
     * value whatever their BSON type (NaN equal to NaN), documents field by field in order, arrays
     * element by element.
     */
    static boolean sameValue(BsonValue a, BsonValue b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (isNumeric(a) && isNumeric(b)) {
            Optional<BigDecimal> x = StoredValues.decimal(a);
            Optional<BigDecimal> y = StoredValues.decimal(b);
            if (x.isPresent() || y.isPresent()) {
                return x.isPresent() && y.isPresent() && x.get().compareTo(y.get()) == 0;
            }
            return special(a).equals(special(b));
        }
        if (a.isDocument() && b.isDocument()) {
            BsonDocument x = a.asDocument();
            BsonDocument y = b.asDocument();
            if (x.size() != y.size() || !List.copyOf(x.keySet()).equals(List.copyOf(y.keySet()))) {
                return false;
            }
            for (String key : x.keySet()) {
                if (!sameValue(x.get(key), y.get(key))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray() && b.isArray()) {
            List<BsonValue> x = a.asArray().getValues();
            List<BsonValue> y = b.asArray().getValues();
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!sameValue(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    private static boolean isNumeric(BsonValue value) {
        return value.isNumber() || value.isDecimal128();
    }

    /** "NaN", "Infinity" or "-Infinity" for a number {@link StoredValues#decimal} has no decimal for. */
    private static String special(BsonValue number) {
        if (number.isDouble()) {
            return Double.toString(number.asDouble().getValue());
        }
        org.bson.types.Decimal128 decimal = number.asDecimal128().getValue();
        return decimal.isNaN() ? "NaN" : decimal.isNegative() ? "-Infinity" : "Infinity";
    }
}

package dev.atomicmongo.update;

import java.math.BigDecimal;

import org.bson.types.Decimal128;

/** The amounts of {@code $inc} and {@code $mul}: checked, widened to a BSON number type, negated exactly. */
final class Numbers {
    private Numbers() {
    }

    /** The amount as an Integer, Long, Double or Decimal128: shorts and bytes widen to Integer, floats to Double, BigDecimal becomes Decimal128. */
    static Number amount(Op op, String path, Number amount) {
        if (amount == null) {
            throw new NullPointerException(op.operator + " on '" + path + "': amount must not be null");
        }
        if (amount instanceof Integer || amount instanceof Long) {
            return amount;
        }
        if (amount instanceof Double || amount instanceof Float) {
            double d = amount.doubleValue();
            if (!Double.isFinite(d)) {
                throw notFinite(op, path, amount);
            }
            return d;
        }
        if (amount instanceof Decimal128 decimal) {
            if (decimal.isNaN() || decimal.isInfinite()) {
                throw notFinite(op, path, amount);
            }
            return decimal;
        }
        if (amount instanceof Short || amount instanceof Byte) {
            return amount.intValue();
        }
        if (amount instanceof BigDecimal decimal) {
            try {
                return new Decimal128(decimal);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(op.operator + " on '" + path + "': " + e.getMessage(), e);
            }
        }
        throw new IllegalArgumentException(op.operator + " on '" + path + "': the amount must be a Byte, Short, Integer, Long, "
                + "Float, Double, Decimal128 or BigDecimal, got " + amount.getClass().getName());
    }

    private static IllegalArgumentException notFinite(Op op, String path, Number amount) {
        return new IllegalArgumentException(op.operator + " on '" + path + "': the amount must be finite, got " + amount
                + " (a " + amount.getClass().getSimpleName() + "); it would leave the stored value " + amount
                + " for good");
    }

    /** {@code -n} for an amount returned by {@link #amount}; an Integer.MIN_VALUE becomes a Long. */
    static Number negate(String path, Number n) {
        if (n instanceof Integer i) {
            return i == Integer.MIN_VALUE ? (Number) (-(long) i) : (Number) (-i);
        }
        if (n instanceof Long l) {
            if (l == Long.MIN_VALUE) {
                throw new IllegalArgumentException("$inc on '" + path + "': cannot negate Long.MIN_VALUE");
            }
            return -l;
        }
        if (n instanceof Double d) {
            return -d;
        }
        Decimal128 d = (Decimal128) n;
        // flip the sign bit: exact for every value, where BigDecimal fails on NaN, infinities and -0
        return d.isNaN() ? d : Decimal128.fromIEEE754BIDEncoding(d.getHigh() ^ Long.MIN_VALUE, d.getLow());
    }
}

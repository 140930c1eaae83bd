package io.tandem.replicator.source;

import java.math.BigDecimal;

/**
 * The server's binary DECIMAL format ({@code decimal2bin}), used for NEWDECIMAL row values and for
 * DECIMAL user variables.
 *
 * <p>Digits are stored in groups of nine per four bytes, big-endian: first the leftover integer
 * digits ({@code intg % 9}) in as few bytes as they need, then the full integer groups, then the full
 * fraction groups, then the leftover fraction digits. The top bit of the first byte is the sign,
 * set for non-negative numbers; a negative number has every byte inverted. So
 * {@code DECIMAL(65,30)} takes 4 + 3*4 + 3*4 + 3 = 30 bytes (35 integer digits = 8 + 3 groups).
 */
final class BinaryDecimal {

    private static final int DIGITS_PER_GROUP = 9;
    private static final int[] BYTES_FOR_DIGITS = {0, 1, 1, 2, 2, 3, 3, 4, 4, 4};
    private static final int MAX_PRECISION = 65;
    private static final int MAX_SCALE = 38;

    private BinaryDecimal() {}

    /** Bytes a value of this precision and scale occupies. */
    static int size(int precision, int scale) {
        requireValidShape(precision, scale);
        int integerDigits = precision - scale;
        return integerDigits / DIGITS_PER_GROUP * 4 + BYTES_FOR_DIGITS[integerDigits % DIGITS_PER_GROUP]
                + scale / DIGITS_PER_GROUP * 4 + BYTES_FOR_DIGITS[scale % DIGITS_PER_GROUP];
    }

    /**
     * Reads one value; the result has exactly {@code scale} fraction digits.
     *
     * @throws IllegalArgumentException if the bytes run out or a group holds more digits than it may
     */
    static BigDecimal read(EventBodyReader reader, int precision, int scale) {
        byte[] raw = reader.bytes(size(precision, scale));
        boolean negative = (raw[0] & 0x80) == 0;
        int mask = negative ? 0xFF : 0;
        raw[0] ^= (byte) 0x80;
        for (int i = 0; i < raw.length; i++) {
            raw[i] ^= (byte) mask;
        }
        int integerDigits = precision - scale;
        int[] offset = {0};
        StringBuilder integer = new StringBuilder();
        appendGroup(integer, raw, offset, integerDigits % DIGITS_PER_GROUP);
        for (int i = 0; i < integerDigits / DIGITS_PER_GROUP; i++) {
            appendGroup(integer, raw, offset, DIGITS_PER_GROUP);
        }
        StringBuilder fraction = new StringBuilder();
        for (int i = 0; i < scale / DIGITS_PER_GROUP; i++) {
            appendGroup(fraction, raw, offset, DIGITS_PER_GROUP);
        }
        appendGroup(fraction, raw, offset, scale % DIGITS_PER_GROUP);

        int firstSignificant = 0;
        while (firstSignificant < integer.length() - 1 && integer.charAt(firstSignificant) == '0') {
            firstSignificant++;
        }
        String text = (negative ? "-" : "") + (integer.isEmpty() ? "0" : integer.substring(firstSignificant))
                + (scale > 0 ? "." + fraction : "");
        return new BigDecimal(text);
    }

    private static void appendGroup(StringBuilder digits, byte[] raw, int[] offset, int digitCount) {
        if (digitCount == 0) {
            return;
        }
        int size = BYTES_FOR_DIGITS[digitCount];
        long value = 0;
        for (int i = 0; i < size; i++) {
            value = (value << 8) | (raw[offset[0] + i] & 0xFF);
        }
        offset[0] += size;
        String text = Long.toString(value);
        if (text.length() > digitCount) {
            throw new IllegalArgumentException("DECIMAL digit group holds " + value + ", more than " + digitCount
                    + " digits");
        }
        digits.append("0".repeat(digitCount - text.length())).append(text);
    }

    private static void requireValidShape(int precision, int scale) {
        if (precision < 1 || precision > MAX_PRECISION || scale < 0 || scale > MAX_SCALE || scale > precision) {
            throw new IllegalArgumentException("impossible DECIMAL(" + precision + "," + scale + ")");
        }
    }
}

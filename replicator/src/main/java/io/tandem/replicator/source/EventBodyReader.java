package io.tandem.replicator.source;

import java.util.BitSet;

/**
 * Reads an event body front to back with bounds checks. Every read that would run past the end
 * throws {@link IllegalArgumentException} saying how many bytes were needed where; the decoders
 * turn that into an {@link UndecodableEventException} that names the event, table and column.
 *
 * <p>The binlog writes integers little-endian, except inside temporal, DECIMAL and BIT values,
 * which are big-endian so that they compare as memcmp-able keys.
 */
final class EventBodyReader {

    private final byte[] body;
    private final int limit;
    private int position;

    EventBodyReader(byte[] body) {
        this(body, 0, body.length);
    }

    /** Reads {@code body[start..limit)}; positions in messages stay offsets into the whole body. */
    EventBodyReader(byte[] body, int start, int limit) {
        if (start < 0 || start > limit || limit > body.length) {
            throw new IllegalArgumentException("range " + start + ".." + limit + " is outside a body of " + body.length);
        }
        this.body = body;
        this.position = start;
        this.limit = limit;
    }

    int position() {
        return position;
    }

    int remaining() {
        return limit - position;
    }

    boolean hasRemaining() {
        return position < limit;
    }

    int u8() {
        require(1);
        return body[position++] & 0xFF;
    }

    /** Unsigned little-endian integer of 1 to 8 bytes; 8 bytes come back as the raw 64 bits. */
    long uLE(int size) {
        require(size);
        long value = 0;
        for (int i = size - 1; i >= 0; i--) {
            value = (value << 8) | (body[position + i] & 0xFF);
        }
        position += size;
        return value;
    }

    /** Signed (two's complement) little-endian integer of 1 to 8 bytes. */
    long sLE(int size) {
        long value = uLE(size);
        int unusedBits = 64 - 8 * size;
        return (value << unusedBits) >> unusedBits;
    }

    /** Unsigned big-endian integer of 1 to 8 bytes. */
    long uBE(int size) {
        require(size);
        long value = 0;
        for (int i = 0; i < size; i++) {
            value = (value << 8) | (body[position + i] & 0xFF);
        }
        position += size;
        return value;
    }

    byte[] bytes(long length) {
        if (length < 0 || length > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("impossible length " + length + " at offset " + position);
        }
        require((int) length);
        byte[] copy = new byte[(int) length];
        System.arraycopy(body, position, copy, 0, copy.length);
        position += copy.length;
        return copy;
    }

    void skip(int length) {
        require(length);
        position += length;
    }

    /**
     * A length-encoded integer (1, 3, 4 or 9 bytes). 0xFB means NULL and 0xFF is invalid: neither may
     * appear where a count is expected.
     */
    long packedInteger() {
        int first = u8();
        return switch (first) {
            case 0xFB, 0xFF -> throw new IllegalArgumentException(
                    "byte 0x" + Integer.toHexString(first) + " at offset " + (position - 1) + " where a packed integer"
                            + " was expected");
            case 0xFC -> uLE(2);
            case 0xFD -> uLE(3);
            case 0xFE -> uLE(8);
            default -> first;
        };
    }

    /**
     * A bitmap of {@code bits} bits, bit {@code i} in byte {@code i / 8} at position {@code i % 8} (the
     * order row events use for column and null bitmaps).
     */
    BitSet bitmap(int bits) {
        byte[] bytes = bytes((bits + 7) / 8);
        BitSet set = BitSet.valueOf(bytes);
        if (set.length() > bits) {
            set.clear(bits, set.length());
        }
        return set;
    }

    private void require(int length) {
        if (length < 0 || length > limit - position) {
            throw new IllegalArgumentException("needs " + length + " bytes at offset " + position + " but only "
                    + (limit - position) + " remain before offset " + limit);
        }
    }
}

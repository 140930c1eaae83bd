package io.tandem.heartbeat.wire;

/**
 * The CRC of heartbeat's {@code crc} method ({@code lib/plugins/HBauth/crc.c}): polynomial 0x04C11DB7,
 * processed most significant bit first, initial value 0, final XOR 0xFFFFFFFF, no length appended. That is
 * CRC-32/POSIX without {@code cksum}'s length suffix; {@link java.util.zip.CRC32} is the reflected CRC-32
 * and gives different values.
 */
final class HeartbeatCrc {

    private static final int POLYNOMIAL = 0x04C11DB7;
    private static final int[] TABLE = buildTable();

    private HeartbeatCrc() {
    }

    /** The CRC as heartbeat prints it: lower-case hex with {@code %lx}, so without leading zeros. */
    static String hex(byte[] data, int offset, int length) {
        return Long.toHexString(Integer.toUnsignedLong(crc(data, offset, length)));
    }

    static int crc(byte[] data, int offset, int length) {
        int crc = 0;
        for (int i = offset; i < offset + length; i++) {
            crc = (crc << 8) ^ TABLE[((crc >>> 24) ^ data[i]) & 0xFF];
        }
        return ~crc;
    }

    private static int[] buildTable() {
        int[] table = new int[256];
        for (int b = 0; b < 256; b++) {
            int value = b << 24;
            for (int bit = 0; bit < 8; bit++) {
                value = (value & 0x80000000) != 0 ? (value << 1) ^ POLYNOMIAL : value << 1;
            }
            table[b] = value;
        }
        return table;
    }
}

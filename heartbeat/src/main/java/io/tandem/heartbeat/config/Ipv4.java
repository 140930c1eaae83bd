package io.tandem.heartbeat.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Strict dotted-quad IPv4 literals, read without ever asking a resolver: a configuration must not depend on DNS,
 * which may be the very thing that is down when a failover is needed.
 */
final class Ipv4 {

    private Ipv4() {}

    /**
     * Returns the address {@code text} spells, or empty: four decimal parts 0 to 255, no signs, no leading zeros
     * (glibc's {@code inet_pton} refuses {@code 010.0.0.1} too, and others read it as octal).
     */
    static Optional<Inet4Address> parse(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')
                    || (part.length() > 1 && part.charAt(0) == '0')) {
                return Optional.empty();
            }
            int value = Integer.parseInt(part);
            if (value > 255) {
                return Optional.empty();
            }
            bytes[i] = (byte) value;
        }
        return Optional.of(fromBytes(bytes));
    }

    static int toInt(Inet4Address address) {
        byte[] b = address.getAddress();
        return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
    }

    static Inet4Address fromInt(int value) {
        return fromBytes(new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
    }

    /** The network mask of a prefix length 0..32, as an int. */
    static int mask(int prefixLength) {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    static boolean isMulticast(Inet4Address address) {
        return (toInt(address) >>> 28) == 0b1110;
    }

    private static Inet4Address fromBytes(byte[] bytes) {
        try {
            return (Inet4Address) InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }
}

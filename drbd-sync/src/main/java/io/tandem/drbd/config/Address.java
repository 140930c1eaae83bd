package io.tandem.drbd.config;

import java.util.Objects;

/** Where a host listens for its peer: {@code address [family] ip:port;}. IPv6 addresses are kept without brackets. */
public record Address(String family, String ip, int port) {

    public Address {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(ip, "ip");
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be 1..65535, got " + port + " for " + ip);
        }
    }

    public static Address ipv4(String ip, int port) {
        return new Address("ipv4", ip, port);
    }

    /** {@code ip:port} as drbdadm compares addresses for conflicts. */
    public String endpoint() {
        return family.equals("ipv6") ? "[" + ip + "]:" + port : ip + ":" + port;
    }

    @Override
    public String toString() {
        return family + " " + endpoint();
    }
}

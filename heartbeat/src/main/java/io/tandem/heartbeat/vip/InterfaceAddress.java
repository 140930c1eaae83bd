package io.tandem.heartbeat.vip;

import java.net.Inet4Address;
import java.util.Objects;

/**
 * An IPv4 address on an interface, as {@code ip -4 -o addr show} lists it.
 *
 * @param device the interface, such as {@code eth1}
 * @param address the address
 * @param prefixLength 1 to 32
 */
public record InterfaceAddress(String device, Inet4Address address, int prefixLength) {

    public InterfaceAddress {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(address, "address");
        if (prefixLength < 1 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length 1-32, not " + prefixLength);
        }
    }

    /** {@code 10.10.10.100/24}, as {@code ip} takes it. */
    public String cidr() {
        return address.getHostAddress() + "/" + prefixLength;
    }

    /** {@code 10.10.10.100/24 on eth1}, for messages. */
    @Override
    public String toString() {
        return cidr() + " on " + device;
    }
}

package io.tandem.heartbeat.config;

import java.net.Inet4Address;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The argument of an {@code IPaddr} (or {@code IPaddr2}) resource: {@code ip[/cidr[/nic[/broadcast]]]}, read the
 * way heartbeat's {@code resource.d/IPaddr} wrapper splits it. A numeric third part is the broadcast address (the
 * interface is then found from the routes), and a label on the interface ({@code eth0:0}) is dropped: IPaddr picks
 * the alias itself, and tandem adds addresses with {@code ip addr}, which needs none.
 *
 * @param address the service address
 * @param prefixLength 1 to 32, given as {@code 24} or {@code 255.255.255.0}; empty means IPaddr takes the netmask of
 *     the route that reaches the address ({@code findif}), which is also what the heartbeat docs give as the default
 * @param device the interface, without label; empty means the one that route uses
 * @param broadcast the broadcast address; empty means computed from the netmask
 */
public record VirtualIp(Inet4Address address, OptionalInt prefixLength, Optional<String> device,
        Optional<Inet4Address> broadcast) {

    public VirtualIp {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(prefixLength, "prefixLength");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(broadcast, "broadcast");
        if (prefixLength.isPresent() && (prefixLength.getAsInt() < 1 || prefixLength.getAsInt() > 32)) {
            throw new IllegalArgumentException("prefix length 1-32, not " + prefixLength.getAsInt());
        }
        if (device.isPresent() && !Values.isInterfaceName(device.get())) {
            throw new IllegalArgumentException("not an interface name: " + device.get());
        }
    }

    /**
     * Reads an IPaddr argument such as {@code 10.10.10.100/24/eth1}.
     *
     * @throws IllegalArgumentException naming the part that is wrong and the accepted form
     */
    public static VirtualIp parse(String argument) {
        String form = "; the form is ip[/cidr[/nic[/broadcast]]], e.g. 10.0.0.100/24/eth0";
        String[] parts = argument.split("/", -1);
        if (parts.length > 4) {
            throw new IllegalArgumentException("\"" + argument + "\" has more than four parts" + form);
        }
        for (String part : parts) {
            if (part.isEmpty()) {
                throw new IllegalArgumentException("\"" + argument + "\" has an empty part" + form);
            }
        }
        Inet4Address address = Ipv4.parse(parts[0]).orElseThrow(
                () -> new IllegalArgumentException("\"" + parts[0] + "\" is not an IPv4 address" + form));
        OptionalInt prefix = parts.length > 1 ? OptionalInt.of(prefixLength(parts[1])) : OptionalInt.empty();
        Optional<String> device = Optional.empty();
        Optional<Inet4Address> broadcast = Optional.empty();
        if (parts.length > 2) {
            // The IPaddr wrapper's rule: a third part starting with a digit is the broadcast, not an interface.
            if (Character.isDigit(parts[2].charAt(0))) {
                if (parts.length > 3) {
                    throw new IllegalArgumentException("\"" + argument + "\": after the broadcast address " + parts[2]
                            + " nothing may follow (IPaddr would ignore " + parts[3] + ")" + form);
                }
                broadcast = Optional.of(broadcastAddress(parts[2], form));
            } else {
                device = Optional.of(interfaceName(parts[2], form));
                if (parts.length > 3) {
                    broadcast = Optional.of(broadcastAddress(parts[3], form));
                }
            }
        }
        checkAddress(address, prefix, broadcast);
        return new VirtualIp(address, prefix, device, broadcast);
    }

    /** The argument IPaddr takes, {@code 10.10.10.100/24/eth1}, with what is known. */
    public String toIpaddrArgument() {
        StringBuilder text = new StringBuilder(address.getHostAddress());
        if (prefixLength.isPresent()) {
            text.append('/').append(prefixLength.getAsInt());
            device.ifPresent(name -> text.append('/').append(name));
            broadcast.ifPresent(address -> text.append('/').append(address.getHostAddress()));
        }
        return text.toString();
    }

    private static int prefixLength(String text) {
        if (text.chars().allMatch(Character::isDigit)) {
            return Values.parseInt(text, 1, 32).orElseThrow(() -> new IllegalArgumentException(
                    "netmask \"" + text + "\" must be a prefix length from 1 to 32 (24) or a dotted netmask (255.255.255.0)"));
        }
        Inet4Address mask = Ipv4.parse(text).orElseThrow(() -> new IllegalArgumentException(
                "netmask \"" + text + "\" is neither a prefix length (24) nor a dotted netmask (255.255.255.0)"));
        int bits = Ipv4.toInt(mask);
        int length = Integer.bitCount(bits);
        if (length == 0 || Ipv4.mask(length) != bits) {
            throw new IllegalArgumentException("netmask " + text + " is not a run of ones followed by zeros (e.g. 255.255.255.0)");
        }
        return length;
    }

    private static String interfaceName(String text, String form) {
        String name = text.contains(":") ? text.substring(0, text.indexOf(':')) : text;
        if (!Values.isInterfaceName(name)) {
            throw new IllegalArgumentException("\"" + text + "\" is not an interface name (1 to 15 characters, no '/';"
                    + " a :label is allowed and dropped)" + form);
        }
        return name;
    }

    private static Inet4Address broadcastAddress(String text, String form) {
        return Ipv4.parse(text).orElseThrow(
                () -> new IllegalArgumentException("broadcast \"" + text + "\" is not an IPv4 address" + form));
    }

    private static void checkAddress(Inet4Address address, OptionalInt prefix, Optional<Inet4Address> broadcast) {
        int ip = Ipv4.toInt(address);
        String text = address.getHostAddress();
        if (ip == 0 || ip == -1 || Ipv4.isMulticast(address) || (ip >>> 28) == 0b1111) {
            throw new IllegalArgumentException(text + " cannot be a service address (it is unspecified, broadcast,"
                    + " multicast or reserved)");
        }
        if (prefix.isEmpty() || prefix.getAsInt() > 30) {
            // /31 and /32 have no network or broadcast address (RFC 3021), and without a netmask IPaddr computes them.
            return;
        }
        int mask = Ipv4.mask(prefix.getAsInt());
        int network = ip & mask;
        int last = network | ~mask;
        String subnet = Ipv4.fromInt(network).getHostAddress() + "/" + prefix.getAsInt();
        if (ip == network || ip == last) {
            throw new IllegalArgumentException(text + " is the " + (ip == network ? "network" : "broadcast")
                    + " address of " + subnet + ", not a host address");
        }
        if (broadcast.isPresent() && Ipv4.toInt(broadcast.get()) != last) {
            // IPaddr compares a given broadcast with the one findif computes and fails to start on a difference.
            throw new IllegalArgumentException("broadcast " + broadcast.get().getHostAddress() + " is not the broadcast"
                    + " address of " + subnet + " (" + Ipv4.fromInt(last).getHostAddress() + "); IPaddr refuses any other."
                    + " Leave it out to have it computed");
        }
    }
}

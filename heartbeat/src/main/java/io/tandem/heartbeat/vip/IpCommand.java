package io.tandem.heartbeat.vip;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code ip} commands tandem needs for addresses, and the reading of their one-line ({@code -o}) output. Never
 * {@code ifconfig}: aliases are what made releasing an IPaddr address take the interface down.
 */
final class IpCommand {

    /** A directly connected subnet: a {@code scope link} route of the main table. */
    record ConnectedRoute(Inet4Address network, int prefixLength, String device) {}

    private static final Pattern DOTTED_QUAD = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern BLANKS = Pattern.compile("\\s+");

    private final CommandRunner runner;

    IpCommand(CommandRunner runner) {
        this.runner = runner;
    }

    /** Every IPv4 address of every interface: {@code ip -4 -o addr show}. */
    List<InterfaceAddress> addresses(Deadline deadline) throws IpCommandFailedException, InterruptedException {
        CommandResult result = run(List.of("ip", "-4", "-o", "addr", "show"), deadline, "cannot list addresses");
        if (!result.isSuccess()) {
            throw new IpCommandFailedException("cannot list addresses", result);
        }
        return parseAddresses(result.output());
    }

    /**
     * The connected routes that reach {@code match} ({@code 10.0.0.7} or {@code 10.0.0.7/24}): how IPaddr's
     * {@code findif} finds the interface and netmask that the configuration leaves out.
     */
    List<ConnectedRoute> connectedRoutes(String match, Deadline deadline)
            throws IpCommandFailedException, InterruptedException {
        CommandResult result = run(List.of("ip", "-4", "-o", "route", "list", "match", match, "scope", "link"),
                deadline, "cannot list routes");
        if (!result.isSuccess()) {
            throw new IpCommandFailedException("cannot list the routes that reach " + match, result);
        }
        return parseRoutes(result.output());
    }

    /**
     * {@code ip -4 addr add A/P brd B|+ dev D}. Without a configured broadcast, {@code brd +} has ip compute it from
     * the prefix, as IPaddr2 does; ip itself ignores it for /31 and /32.
     */
    CommandResult add(InterfaceAddress address, Optional<Inet4Address> broadcast, Deadline deadline)
            throws IpCommandFailedException, InterruptedException {
        String brd = broadcast.map(Inet4Address::getHostAddress).orElse("+");
        return run(List.of("ip", "-4", "addr", "add", address.cidr(), "brd", brd, "dev", address.device()), deadline,
                "cannot add " + address);
    }

    /** {@code ip -4 addr del A/P dev D}: with the prefix, so that ip deletes exactly this entry. */
    CommandResult delete(InterfaceAddress address, Deadline deadline)
            throws IpCommandFailedException, InterruptedException {
        return run(List.of("ip", "-4", "addr", "del", address.cidr(), "dev", address.device()), deadline,
                "cannot remove " + address);
    }

    private CommandResult run(List<String> command, Deadline deadline, String what)
            throws IpCommandFailedException, InterruptedException {
        CommandResult result;
        try {
            result = runner.run(command, deadline.remaining());
        } catch (IOException e) {
            throw new IpCommandFailedException(what + " (is iproute2 installed?)", e);
        }
        if (result.isTimedOut()) {
            throw new IpCommandFailedException(what + " within " + deadline.budget().toMillis() + " ms", result);
        }
        return result;
    }

    /**
     * Reads lines such as
     * {@code 3: eth1    inet 10.10.10.100/24 brd 10.10.10.255 scope global secondary eth1\       valid_lft ...}.
     * A point-to-point entry ({@code inet 10.0.0.1 peer 10.0.0.2/32}) counts as a /32; other lines are skipped.
     */
    static List<InterfaceAddress> parseAddresses(String output) {
        List<InterfaceAddress> addresses = new ArrayList<>();
        for (String line : output.split("\n")) {
            String[] words = BLANKS.split(line.strip());
            int inet = List.of(words).indexOf("inet");
            if (words.length < 4 || !words[0].endsWith(":") || inet != 2 || inet + 1 >= words.length) {
                continue;
            }
            String device = words[1].contains("@") ? words[1].substring(0, words[1].indexOf('@')) : words[1];
            String[] cidr = words[inet + 1].split("/", 2);
            Optional<Inet4Address> address = parseIpv4(cidr[0]);
            int prefix = cidr.length == 2 ? parsePrefix(cidr[1]) : 32;
            if (address.isPresent() && prefix > 0) {
                addresses.add(new InterfaceAddress(device, address.get(), prefix));
            }
        }
        return List.copyOf(addresses);
    }

    /**
     * Reads lines such as {@code 10.10.10.0/24 dev eth1 proto kernel scope link src 10.10.10.20}. As findif does, only
     * routes written with a prefix count (not {@code default}, not typed routes such as {@code blackhole}).
     */
    static List<ConnectedRoute> parseRoutes(String output) {
        List<ConnectedRoute> routes = new ArrayList<>();
        for (String line : output.split("\n")) {
            String[] words = BLANKS.split(line.strip());
            int dev = List.of(words).indexOf("dev");
            if (words.length < 3 || !words[0].contains("/") || dev < 1 || dev + 1 >= words.length) {
                continue;
            }
            String[] cidr = words[0].split("/", 2);
            Optional<Inet4Address> network = parseIpv4(cidr[0]);
            int prefix = parsePrefix(cidr[1]);
            if (network.isPresent() && prefix > 0) {
                routes.add(new ConnectedRoute(network.get(), prefix, words[dev + 1]));
            }
        }
        return List.copyOf(routes);
    }

    private static int parsePrefix(String text) {
        if (text.isEmpty() || text.length() > 2 || !text.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        int prefix = Integer.parseInt(text);
        return prefix >= 1 && prefix <= 32 ? prefix : -1;
    }

    /** A dotted quad from ip's output, built from its bytes so that no resolver is ever asked. */
    static Optional<Inet4Address> parseIpv4(String text) {
        if (!DOTTED_QUAD.matcher(text).matches()) {
            return Optional.empty();
        }
        String[] parts = text.split("\\.");
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            int part = Integer.parseInt(parts[i]);
            if (part > 255) {
                return Optional.empty();
            }
            bytes[i] = (byte) part;
        }
        try {
            return Optional.of((Inet4Address) InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }
}

package io.tandem.heartbeat.vip;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Stands in for {@code ip}: keeps a table of addresses that {@code addr add} and {@code addr del} change and {@code
 * addr show} lists, answers {@code route list} with fixed text, and records every command.
 */
final class FakeIp implements CommandRunner {

    final List<List<String>> commands = new ArrayList<>();
    final Set<InterfaceAddress> addresses = new LinkedHashSet<>();
    String routes = "";
    /** When set, commands starting with these words time out. */
    List<String> hangOn = List.of();
    /** When set, {@code addr add} fails with this message, as ip does for a device that is down. */
    String addError;

    FakeIp with(String device, String cidr) {
        String[] parts = cidr.split("/");
        addresses.add(new InterfaceAddress(device, IpCommandTest.ip(parts[0]), Integer.parseInt(parts[1])));
        return this;
    }

    List<List<String>> changes() {
        return commands.stream().filter(command -> command.contains("add") || command.contains("del")).toList();
    }

    @Override
    public CommandResult run(List<String> command, Map<String, String> environment, Duration timeout) {
        commands.add(List.copyOf(command));
        if (!hangOn.isEmpty() && command.subList(0, Math.min(command.size(), hangOn.size())).equals(hangOn)) {
            return new CommandResult(command, OptionalInt.empty(), "", "", timeout);
        }
        String line = String.join(" ", command);
        if (line.equals("ip -4 -o addr show")) {
            StringBuilder out = new StringBuilder();
            addresses.forEach(entry -> out.append("3: ").append(entry.device()).append("    inet ").append(entry.cidr())
                    .append(" scope global ").append(entry.device()).append("\\       valid_lft forever\n"));
            return ok(command, out.toString());
        }
        if (line.startsWith("ip -4 -o route list match ")) {
            return ok(command, routes);
        }
        if (line.startsWith("ip -4 addr add ") && addError != null) {
            return fail(command, 2, addError);
        }
        if (line.startsWith("ip -4 addr add ")) {
            InterfaceAddress entry = entry(command.get(4), command.get(command.indexOf("dev") + 1));
            if (addresses.stream().anyMatch(existing -> existing.device().equals(entry.device())
                    && existing.address().equals(entry.address()))) {
                return fail(command, 2, "Error: ipv4: Address already assigned.");
            }
            addresses.add(entry);
            return ok(command, "");
        }
        if (line.startsWith("ip -4 addr del ")) {
            return addresses.remove(entry(command.get(4), command.get(6))) ? ok(command, "")
                    : fail(command, 2, "Error: ipv4: Address not found.");
        }
        return fail(command, 1, "FakeIp does not know: " + line);
    }

    private static InterfaceAddress entry(String cidr, String device) {
        String[] parts = cidr.split("/");
        return new InterfaceAddress(device, IpCommandTest.ip(parts[0]), Integer.parseInt(parts[1]));
    }

    private static CommandResult ok(List<String> command, String output) {
        return new CommandResult(command, OptionalInt.of(0), output, "", Duration.ofMillis(1));
    }

    private static CommandResult fail(List<String> command, int exit, String error) {
        return new CommandResult(command, OptionalInt.of(exit), "", error + "\n", Duration.ofMillis(1));
    }
}

package io.tandem.heartbeat.interop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The cluster-wide part of a heartbeat 3.0.6 configuration, rendered as the three files a node reads:
 * {@code ha.cf} ({@link #renderHaCf}), {@code authkeys} ({@link #renderAuthkeys}) and {@code haresources}
 * ({@link #renderHaresources}).
 *
 * <p>What differs per node is not here: the peer address of the {@code ucast} line comes from the
 * {@link TwoHostNetwork.Host} a node runs on, the node's name is its host name, and log paths belong to the
 * sandbox. A test that pairs a tandem node with a real one renders the same files for both, so they cannot drift
 * apart.
 *
 * <p>Start from {@link #capturedPair()}, the settings of {@code fixtures/heartbeat/ha.cf.node1}, and change what a
 * test needs with the {@code with*} methods.
 *
 * @param nodes the {@code node} lines, lower case as heartbeat compares them
 * @param udpPort {@code udpport}; written before the media line, where 3.0.6 requires it
 * @param keepalive {@code keepalive}
 * @param deadtime {@code deadtime}; heartbeat requires more than twice the keepalive
 * @param warntime {@code warntime}
 * @param initdead {@code initdead}; heartbeat requires at least the deadtime
 * @param autoFailback {@code auto_failback}; {@code on} and {@code off} select the nice_failback protocol
 * @param authentication the one key of {@code authkeys}
 * @param haresources the lines of {@code haresources}, each {@code <home node> <resource>...}
 * @param extraDirectives further {@code ha.cf} lines, written last, such as {@code debug 1}
 */
public record HaCfSettings(List<String> nodes, int udpPort, Duration keepalive, Duration deadtime, Duration warntime,
        Duration initdead, AutoFailback autoFailback, Authentication authentication, List<String> haresources,
        List<String> extraDirectives) {

    /** The {@code auto_failback} values of heartbeat 3.0.6. */
    public enum AutoFailback {
        ON,
        OFF,
        LEGACY;

        String directive() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The active key of {@code authkeys}: {@code auth <index>} and {@code <index> <method> <secret>}.
     *
     * @param method {@code crc}, {@code md5} or {@code sha1}
     * @param secret the shared secret; empty for {@code crc}, which has none
     */
    public record Authentication(int index, String method, String secret) {

        public Authentication {
            if (index < 1 || index > 15) {
                throw new IllegalArgumentException("authkeys index " + index + ": heartbeat accepts 1..15");
            }
            if (!List.of("crc", "md5", "sha1").contains(method)) {
                throw new IllegalArgumentException("authkeys method " + method + ": one of crc, md5, sha1");
            }
            if (method.equals("crc") != secret.isEmpty()) {
                throw new IllegalArgumentException("authkeys method " + method
                        + (secret.isEmpty() ? " needs a secret" : " takes no secret"));
            }
        }

        public static Authentication sha1(String secret) {
            return new Authentication(1, "sha1", secret);
        }

        public static Authentication md5(String secret) {
            return new Authentication(1, "md5", secret);
        }

        public static Authentication crc() {
            return new Authentication(1, "crc", "");
        }

        @Override
        public String toString() {
            return index + " " + method + (secret.isEmpty() ? "" : " ********");
        }
    }

    public HaCfSettings {
        nodes = List.copyOf(nodes);
        haresources = List.copyOf(haresources);
        extraDirectives = List.copyOf(extraDirectives);
        List<String> problems = new ArrayList<>();
        if (nodes.isEmpty()) {
            problems.add("no node lines");
        }
        nodes.stream().filter(n -> !n.equals(n.toLowerCase(Locale.ROOT)) || n.isBlank() || n.contains(" "))
                .forEach(n -> problems.add("node " + n + ": must be one lower-case word, as heartbeat compares it"));
        if (udpPort < 1 || udpPort > 65535) {
            problems.add("udpport " + udpPort + ": must be within 1..65535");
        }
        if (!keepalive.isPositive()) {
            problems.add("keepalive " + keepalive + ": must be positive");
        }
        if (deadtime.compareTo(keepalive.multipliedBy(2)) <= 0) {
            problems.add("deadtime " + deadtime + ": heartbeat requires more than twice the keepalive " + keepalive);
        }
        if (!warntime.isPositive() || warntime.compareTo(deadtime) >= 0) {
            problems.add("warntime " + warntime + ": must be positive and less than the deadtime " + deadtime);
        }
        if (initdead.compareTo(deadtime) < 0) {
            problems.add("initdead " + initdead + ": heartbeat requires at least the deadtime " + deadtime);
        }
        for (String line : haresources) {
            String home = line.strip().split("\\s+")[0];
            if (!nodes.contains(home)) {
                problems.add("haresources line '" + line + "': home node " + home + " is not in " + nodes);
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("heartbeat settings have " + problems.size() + " problem(s):\n  "
                    + String.join("\n  ", problems));
        }
    }

    /**
     * The captures' cluster ({@code fixtures/heartbeat/ha.cf.node1}, {@code haresources}, authkeys of
     * {@code hb-sha1.pcap}): nodes {@code wshuttle-test1} and {@code wshuttle-test2}, udpport 694, keepalive 1,
     * deadtime 5, warntime 3, initdead 8, auto_failback on, {@code auth 1 / 1 sha1 s3cret}, and the VIP group
     * {@code wshuttle-test1 IPaddr::10.10.10.100/24/eth1}.
     */
    public static HaCfSettings capturedPair() {
        return new HaCfSettings(List.of("wshuttle-test1", "wshuttle-test2"), 694, Duration.ofSeconds(1),
                Duration.ofSeconds(5), Duration.ofSeconds(3), Duration.ofSeconds(8), AutoFailback.ON,
                Authentication.sha1("s3cret"), List.of("wshuttle-test1 IPaddr::10.10.10.100/24/eth1"), List.of());
    }

    public HaCfSettings withTiming(Duration keepalive, Duration deadtime, Duration warntime, Duration initdead) {
        return new HaCfSettings(nodes, udpPort, keepalive, deadtime, warntime, initdead, autoFailback, authentication,
                haresources, extraDirectives);
    }

    public HaCfSettings withInitdead(Duration initdead) {
        return withTiming(keepalive, deadtime, warntime, initdead);
    }

    public HaCfSettings withUdpPort(int udpPort) {
        return new HaCfSettings(nodes, udpPort, keepalive, deadtime, warntime, initdead, autoFailback, authentication,
                haresources, extraDirectives);
    }

    public HaCfSettings withAutoFailback(AutoFailback autoFailback) {
        return new HaCfSettings(nodes, udpPort, keepalive, deadtime, warntime, initdead, autoFailback, authentication,
                haresources, extraDirectives);
    }

    public HaCfSettings withAuthentication(Authentication authentication) {
        return new HaCfSettings(nodes, udpPort, keepalive, deadtime, warntime, initdead, autoFailback, authentication,
                haresources, extraDirectives);
    }

    public HaCfSettings withHaresources(List<String> haresources) {
        return new HaCfSettings(nodes, udpPort, keepalive, deadtime, warntime, initdead, autoFailback, authentication,
                haresources, extraDirectives);
    }

    /** Adds {@code line} to the end of {@code ha.cf}, for directives this record does not model. */
    public HaCfSettings withDirective(String line) {
        List<String> directives = new ArrayList<>(extraDirectives);
        directives.add(line);
        return new HaCfSettings(nodes, udpPort, keepalive, deadtime, warntime, initdead, autoFailback, authentication,
                haresources, directives);
    }

    /**
     * {@code ha.cf} for a node that reaches its peer with {@code ucast <interfaceName> <peerAddress>}, in the
     * order of the captured file. {@code logDirectives} (logfile, debugfile, logfacility) come first.
     */
    public String renderHaCf(List<String> logDirectives, String interfaceName, String peerAddress) {
        List<String> lines = new ArrayList<>(logDirectives);
        lines.add("keepalive " + time(keepalive));
        lines.add("deadtime " + time(deadtime));
        lines.add("warntime " + time(warntime));
        lines.add("initdead " + time(initdead));
        // 3.0.6 takes the port in force when it parses a media line: udpport must come before ucast.
        lines.add("udpport " + udpPort);
        lines.add("ucast " + interfaceName + " " + peerAddress);
        lines.add("auto_failback " + autoFailback.directive());
        nodes.forEach(node -> lines.add("node " + node));
        lines.add("crm no");
        lines.addAll(extraDirectives);
        return String.join("\n", lines) + "\n";
    }

    /** {@code authkeys}; heartbeat refuses to start unless the file has mode 600. */
    public String renderAuthkeys() {
        Authentication key = authentication;
        return "auth " + key.index() + "\n" + key.index() + " " + key.method()
                + (key.secret().isEmpty() ? "" : " " + key.secret()) + "\n";
    }

    public String renderHaresources() {
        return haresources.isEmpty() ? "" : String.join("\n", haresources) + "\n";
    }

    /**
     * A heartbeat time value: whole seconds as a plain number, otherwise milliseconds or microseconds with their
     * suffix. 3.0.6 reads a plain number as seconds and rejects {@code 5s}.
     */
    static String time(Duration duration) {
        if (duration.toNanosPart() == 0) {
            return Long.toString(duration.toSeconds());
        }
        if (duration.toNanos() % 1_000_000 == 0) {
            return duration.toMillis() + "ms";
        }
        return duration.toNanos() / 1_000 + "us";
    }
}

package io.tandem.heartbeat.config;

import io.tandem.common.Secret;
import java.net.Inet4Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.Set;

/*
 * Reads ha.cf as heartbeat 3.0.6 does (heartbeat/config.c, parse_config and init_config), with three deliberate
 * differences, each announced to the operator:
 *
 * Order: heartbeat applies directives as it meets them, so udpport and baud only reach the media lines below
 *   them. tandem reads the whole file first; a udpport below a medium is accepted with a warning, because a
 *   heartbeat peer reading the same file would use the old port for that medium.
 * Case: heartbeat compares directive names with strcmp and refuses "Keepalive". tandem accepts any case and warns
 *   that heartbeat would refuse the file.
 * Strictness: heartbeat silently keeps the last of two keepalive lines, reads "12abc" as 12 and "1.2.3" as 1.2,
 *   and hands unknown values to plugins that may crash. tandem refuses each of these with the accepted forms.
 *
 * Every problem is collected; nothing stops at the first one.
 */
final class HaCfParser {

    static final String FILE = "ha.cf";

    static final int DEFAULT_UDP_PORT = 694;
    static final Duration DEFAULT_CONN_LOGD_TIME = Duration.ofSeconds(60);
    static final Duration DEFAULT_MAX_REXMIT_DELAY = Duration.ofMillis(250);
    static final int DEFAULT_BAUD = 19200;
    static final int DEFAULT_HOPFUDGE = 1;
    static final int DEFAULT_COMPRESSION_THRESHOLD_KB = 2;

    /** heartbeat's node name buffer. */
    static final int MAX_NODE_NAME = 100;

    /** Where old how-tos (the seed among them) put ipfail; Debian bookworm installs it elsewhere. */
    static final String OLD_IPFAIL_PATH = "/usr/lib/heartbeat/ipfail";
    static final String BOOKWORM_IPFAIL_PATH = "/usr/libexec/heartbeat/ipfail";

    /** Every directive heartbeat 3.0.6 on Debian bookworm accepts: its Directives[] and WLdirectives[], and its HBcomm plugins. */
    static final List<String> HEARTBEAT_DIRECTIVES = List.of(
            "apiauth", "auto_failback", "autojoin", "baud", "bcast", "cluster", "compression", "compression_threshold",
            "conn_logd_time", "coredumps", "coreroot", "crm", "crm_daemon_dir", "crmd_spawns_pengine", "deadping",
            "deadtime", "debug", "debugfile", "enable_config_writes", "env", "failfast", "hbgenmethod", "hopfudge",
            "initdead", "keepalive", "log_badpack", "logfacility", "logfile", "max_rexmit_delay", "mcast", "mcast6",
            "memreserve", "msgfmt", "nice_failback", "node", "pacemaker", "ping", "ping6", "ping_group",
            "quorum_server", "realtime", "record_config_changes", "record_pengine_inputs", "respawn", "rtprio",
            "serial", "stonith", "stonith_host", "syslogmsgfmt", "traditional_compression", "ucast", "ucast6", "udp",
            "udpport", "use_apphbd", "use_logd", "uuidfrom", "warntime", "watchdog");

    private static final Set<String> KNOWN = Set.copyOf(HEARTBEAT_DIRECTIVES);

    private static final List<String> BAUD_RATES = List.of("9600", "19200", "38400", "57600", "115200", "230400", "460800");

    private static final List<String> SYSLOG_FACILITIES = List.of(
            "auth", "authpriv", "cron", "daemon", "ftp", "kern", "lpr", "mail", "news", "syslog", "user", "uucp",
            "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7", "none");

    /** Boolean directives that tandem keeps in otherDirectives after checking the spelling. */
    private static final Set<String> OTHER_BOOLEANS = Set.of(
            "use_apphbd", "log_badpack", "syslogmsgfmt", "crmd_spawns_pengine", "record_config_changes",
            "record_pengine_inputs", "enable_config_writes");

    private final Problems problems;
    private final String localNode;

    private final Map<String, Integer> setOn = new HashMap<>();
    private final SequencedMap<String, Integer> nodes = new LinkedHashMap<>();
    private final List<Medium> media = new ArrayList<>();
    private final Map<String, Duration> times = new HashMap<>();
    private final Set<String> invalidTimes = new HashSet<>();
    private final Map<String, Boolean> booleans = new HashMap<>();
    private final Map<String, Integer> integers = new HashMap<>();
    private final Map<String, String> texts = new HashMap<>();
    private final List<PingTarget> pingTargets = new ArrayList<>();
    private final SequencedMap<String, Integer> pingNames = new LinkedHashMap<>();
    private final List<RespawnClient> respawnClients = new ArrayList<>();
    private final Map<String, ApiAuthorization> apiAuthorizations = new LinkedHashMap<>();
    private final List<StonithDirective> stonith = new ArrayList<>();
    private final SequencedMap<String, List<String>> otherDirectives = new LinkedHashMap<>();

    private int firstUdpMediumLine;
    private int firstSerialLine;
    private int respawnIpfailLine;
    private AutoFailback autoFailback;
    private MessageFormat messageFormat = MessageFormat.CLASSIC;
    private UuidSource uuidSource = UuidSource.FILE;

    private HaCfParser(Problems problems, String localNode) {
        this.problems = problems;
        this.localNode = localNode;
    }

    /**
     * Reads {@code text} as ha.cf for the node named {@code localNode} (lower case). Problems and warnings go to
     * {@code problems}; the result is built even when there are problems, with defaults in their place, so that
     * the other files can still be checked against it.
     */
    static HaConfig parse(String text, String localNode, Problems problems) {
        HaCfParser parser = new HaCfParser(problems, localNode);
        for (DirectiveLine line : ConfigText.directiveLines(text)) {
            parser.read(line);
        }
        return parser.finish();
    }

    private void read(DirectiveLine line) {
        String name = line.name();
        if (!KNOWN.contains(name)) {
            refuseUnknown(line);
            return;
        }
        if (!line.written().equals(name)) {
            warn(line, "written \"" + line.written() + "\": heartbeat 3.0.6 matches directive names exactly and would"
                    + " refuse this file (\"Illegal directive\"); write " + name);
        }
        switch (name) {
            case "node" -> nodes(line);
            case "keepalive", "deadtime", "warntime", "initdead", "deadping", "conn_logd_time" -> time(line);
            case "udpport" -> udpPort(line);
            case "ucast" -> ucast(line);
            case "bcast", "udp" -> bcast(line);
            case "mcast" -> mcast(line);
            case "serial" -> serial(line);
            case "baud" -> baud(line);
            case "ucast6", "mcast6", "ping6" -> refuse(line, "tandem speaks IPv4 only; use ucast, bcast or mcast for"
                    + " heartbeat paths and ping for ping nodes");
            case "ping" -> ping(line);
            case "ping_group" -> pingGroup(line);
            case "auto_failback" -> autoFailback(line);
            case "nice_failback" -> refuse(line, "obsolete since heartbeat 1.2 and read inconsistently by 3.0.6 (it"
                    + " may turn into legacy); write auto_failback on or auto_failback off");
            case "crm", "pacemaker" -> crm(line);
            case "respawn" -> respawn(line);
            case "failfast" -> failfast(line);
            case "apiauth" -> apiAuthorization(line);
            case "stonith", "stonith_host" -> stonith(line);
            case "logfile", "debugfile", "coreroot", "crm_daemon_dir" -> path(line);
            case "cluster", "quorum_server" -> word(line);
            case "watchdog" -> watchdog(line);
            case "logfacility" -> facility(line);
            case "use_logd", "realtime", "coredumps", "traditional_compression", "use_apphbd", "log_badpack",
                    "syslogmsgfmt", "crmd_spawns_pengine", "record_config_changes", "record_pengine_inputs",
                    "enable_config_writes" -> bool(line);
            case "debug", "hopfudge" -> integer(line, 0, 255);
            case "rtprio" -> integer(line, 1, 99);
            case "memreserve", "compression_threshold" -> integer(line, 1, 1 << 20);
            case "max_rexmit_delay" -> integer(line, 1, 60_000);
            case "msgfmt" -> messageFormat(line);
            case "autojoin" -> autojoin(line);
            case "uuidfrom" -> uuidFrom(line);
            case "hbgenmethod" -> choice(line, List.of("file", "time"));
            case "compression" -> choice(line, List.of("zlib", "bz2"));
            case "env" -> environment(line);
            default -> throw new IllegalStateException("known directive without a reader: " + name);
        }
    }

    private void refuseUnknown(DirectiveLine line) {
        String name = line.name();
        if (name.equals("fence") || name.equals("ping_quorum") || name.startsWith("tandem_")) {
            refuse(line, "a tandem setting, not heartbeat's: heartbeat 3.0.6 refuses directives it does not know, so"
                    + " tandem reads its own settings (fence, ping_quorum) from tandem.cf in the same directory, with"
                    + " the same syntax");
            return;
        }
        String suggestion = Values.closest(name, HEARTBEAT_DIRECTIVES).map(known -> "; did you mean " + known + "?").orElse("");
        refuse(line, "unknown directive; heartbeat 3.0.6 refuses it too (\"Illegal directive\")" + suggestion);
    }

    // ---------------------------------------------------------------------------------------------- nodes, media

    private void nodes(DirectiveLine line) {
        List<String> values = line.values();
        if (values.isEmpty()) {
            refuse(line, "needs at least one name: node <uname -n> ..., e.g. node alpha beta");
        }
        for (String value : values) {
            // heartbeat lower-cases every node name (and uname -n) before comparing or sending it.
            String node = value.toLowerCase(Locale.ROOT);
            if (node.length() > MAX_NODE_NAME) {
                refuse(line, "a node name is at most " + MAX_NODE_NAME + " characters, this one has " + node.length());
                continue;
            }
            Integer earlier = nodes.putIfAbsent(node, line.number());
            if (earlier != null) {
                warn(line, node + " is already listed on line " + earlier);
            }
        }
    }

    private void ucast(DirectiveLine line) {
        List<String> words = line.words();
        if (words.size() != 2) {
            refuse(line, "takes an interface and the peer's IPv4 address: ucast <dev> <peer-ip>, e.g. ucast eth1 10.0.0.2");
            return;
        }
        Optional<String> device = device(line, words.get(0));
        Optional<Inet4Address> peer = address(line, words.get(1), "the peer");
        if (device.isPresent() && peer.isPresent()) {
            media.add(new Medium.Ucast(device.get(), peer.get()));
            firstUdpMedium(line);
        }
    }

    private void bcast(DirectiveLine line) {
        if (line.name().equals("udp")) {
            warn(line, "heartbeat 3.0.6 reads the old directive udp as bcast; write bcast");
        }
        List<String> values = line.values();
        if (values.isEmpty()) {
            refuse(line, "needs at least one interface: bcast <dev> ..., e.g. bcast eth1");
        }
        for (String value : values) {
            device(line, value).ifPresent(device -> media.add(new Medium.Bcast(device)));
        }
        firstUdpMedium(line);
    }

    private void mcast(DirectiveLine line) {
        List<String> words = line.words();
        String usage = "mcast <dev> <group> <port> <ttl> <loop>, e.g. mcast eth1 239.192.0.1 694 1 0";
        if (words.size() != 5) {
            refuse(line, "takes five values: " + usage);
            return;
        }
        Optional<String> device = device(line, words.get(0));
        Optional<Inet4Address> group = address(line, words.get(1), "the multicast group");
        if (group.isPresent() && !Ipv4.isMulticast(group.get())) {
            refuse(line, words.get(1) + " is not a multicast group (224.0.0.0 to 239.255.255.255; 239.192.0.0/14 is"
                    + " meant for local use)");
            group = Optional.empty();
        }
        Optional<Integer> port = Values.parseInt(words.get(2), 1, 65535);
        if (port.isEmpty()) {
            refuse(line, "port \"" + words.get(2) + "\" must be a number from 1 to 65535 (usually udpport's 694)");
        }
        Optional<Integer> ttl = Values.parseInt(words.get(3), 1, 255);
        if (ttl.isEmpty()) {
            refuse(line, "ttl \"" + words.get(3) + "\" must be a number from 1 to 255 (1 stays on the local subnet)");
        }
        Optional<Boolean> loop = switch (words.get(4)) {
            case "0" -> Optional.of(false);
            case "1" -> Optional.of(true);
            default -> Optional.empty();
        };
        if (loop.isEmpty()) {
            refuse(line, "loop \"" + words.get(4) + "\" must be 0 or 1 (heartbeat's sample says 0)");
        }
        if (device.isPresent() && group.isPresent() && port.isPresent() && ttl.isPresent() && loop.isPresent()) {
            media.add(new Medium.Mcast(device.get(), group.get(), port.get(), ttl.get(), loop.get()));
        }
    }

    private void serial(DirectiveLine line) {
        List<String> values = line.values();
        if (values.isEmpty()) {
            refuse(line, "needs at least one tty: serial /dev/ttyS0 ...");
            return;
        }
        values.forEach(tty -> media.add(new Medium.Serial(tty)));
        warn(line, "tandem speaks UDP only and leaves serial links unused; heartbeat peers still use them");
        if (firstSerialLine == 0) {
            firstSerialLine = line.number();
        }
    }

    private void baud(DirectiveLine line) {
        single(line, "baud <rate>, e.g. baud 19200").ifPresent(value -> {
            if (!BAUD_RATES.contains(value)) {
                refuse(line, "\"" + value + "\" is not a serial speed heartbeat knows: " + String.join(", ", BAUD_RATES));
            } else {
                integers.put("baud", Integer.parseInt(value));
            }
        });
    }

    private void udpPort(DirectiveLine line) {
        single(line, "udpport <port>, e.g. udpport 694").ifPresent(value -> Values.parseInt(value, 1, 65535).ifPresentOrElse(
                port -> integers.put("udpport", port),
                () -> refuse(line, "\"" + value + "\" must be a port number from 1 to 65535 (heartbeat's is 694)")));
    }

    private void firstUdpMedium(DirectiveLine line) {
        if (firstUdpMediumLine == 0) {
            firstUdpMediumLine = line.number();
        }
    }

    private Optional<String> device(DirectiveLine line, String name) {
        if (!Values.isInterfaceName(name)) {
            refuse(line, "\"" + name + "\" is not an interface name (1 to 15 characters, no '/', ':' or blank), e.g. eth1");
            return Optional.empty();
        }
        return Optional.of(name);
    }

    private Optional<Inet4Address> address(DirectiveLine line, String text, String what) {
        Optional<Inet4Address> address = Ipv4.parse(text);
        if (address.isEmpty()) {
            refuse(line, "\"" + text + "\" is not an IPv4 address (for " + what + "); tandem needs a literal such as"
                    + " 10.0.0.2 and never a host name, so that starting does not depend on DNS");
        }
        return address;
    }

    // ---------------------------------------------------------------------------------------------- ping nodes

    private void ping(DirectiveLine line) {
        List<String> values = line.values();
        if (values.isEmpty()) {
            refuse(line, "needs at least one address: ping <ip> ..., e.g. ping 10.0.0.254");
        }
        for (String value : values) {
            address(line, value, "a ping node").ifPresent(address -> {
                PingTarget.Node node = new PingTarget.Node(address);
                if (pingName(line, node.name())) {
                    pingTargets.add(node);
                }
            });
        }
    }

    private void pingGroup(DirectiveLine line) {
        List<String> words = line.words();
        if (words.size() < 2) {
            refuse(line, "takes a name and at least one address: ping_group <name> <ip> ..., e.g. ping_group"
                    + " routers 10.0.0.253 10.0.0.254");
            return;
        }
        List<Inet4Address> members = new ArrayList<>();
        for (String word : words.subList(1, words.size())) {
            address(line, word, "a ping_group member").ifPresent(members::add);
        }
        if (members.size() == words.size() - 1 && pingName(line, words.get(0))) {
            pingTargets.add(new PingTarget.Group(words.get(0), members));
        }
    }

    private boolean pingName(DirectiveLine line, String name) {
        Integer earlier = pingNames.putIfAbsent(name, line.number());
        if (earlier != null) {
            refuse(line, "ping node " + name + " is already declared on line " + earlier);
            return false;
        }
        return true;
    }

    // ---------------------------------------------------------------------------------------------- modes

    private void autoFailback(DirectiveLine line) {
        single(line, "auto_failback on|off|legacy").ifPresent(value -> {
            Optional<Boolean> on = Values.parseBoolean(value);
            if (on.isPresent()) {
                autoFailback = on.get() ? AutoFailback.ON : AutoFailback.OFF;
            } else if (value.equalsIgnoreCase("legacy")) {
                autoFailback = AutoFailback.LEGACY;
                warn(line, "legacy is deprecated: it speaks the old ip-request protocol, and ipfail and hb_standby do not"
                        + " work with it; heartbeat says \"Please convert to 'auto_failback on'\"");
            } else {
                refuse(line, "\"" + value + "\" is not on, off or legacy (on and off also accept " + Values.BOOLEAN_FORMS + ")");
            }
        });
    }

    private void crm(DirectiveLine line) {
        if (!once(line, "crm/pacemaker")) {
            return;
        }
        Optional<String> value = values1(line, "crm off");
        value.ifPresent(v -> {
            if (Values.parseBoolean(v).orElse(true)) {
                refuse(line, "\"" + v + "\": tandem runs heartbeat's R1 mode only, with resources from haresources;"
                        + " crm yes, respawn and the other Pacemaker modes are not supported. Write crm off (or no,"
                        + " false), or leave the line out");
            } else {
                otherDirectives.put(line.name(), List.of(v));
            }
        });
    }

    private void messageFormat(DirectiveLine line) {
        single(line, "msgfmt classic|netstring").ifPresent(value -> {
            // heartbeat compares these with strcmp.
            switch (value) {
                case "classic" -> messageFormat = MessageFormat.CLASSIC;
                case "netstring" -> messageFormat = MessageFormat.NETSTRING;
                default -> refuse(line, "\"" + value + "\" is not classic or netstring (lower case)");
            }
        });
    }

    private void autojoin(DirectiveLine line) {
        single(line, "autojoin none|other|any").ifPresent(value -> {
            switch (value.toLowerCase(Locale.ROOT)) {
                case "none" -> otherDirectives.put("autojoin", List.of(value));
                case "other", "any" -> refuse(line, "\"" + value + "\": heartbeat 3.0.6 refuses autojoin with R1"
                        + " resource management (\"R1 style resource management conflicts with autojoin set\"), and R1 is"
                        + " the only mode tandem runs; list every node with node lines and write autojoin none");
                default -> refuse(line, "\"" + value + "\" is not none, other or any");
            }
        });
    }

    private void uuidFrom(DirectiveLine line) {
        single(line, "uuidfrom file|nodename").ifPresent(value -> {
            switch (value) {
                case "file" -> uuidSource = UuidSource.FILE;
                case "nodename" -> uuidSource = UuidSource.NODENAME;
                default -> refuse(line, "\"" + value + "\" is not file or nodename (lower case)");
            }
        });
    }

    // ---------------------------------------------------------------------------------------------- clients

    private void respawn(DirectiveLine line) {
        clientLine(line).ifPresent(client -> {
            respawnClients.add(client);
            if (client.program().endsWith("/ipfail")) {
                respawnIpfailLine = line.number();
                if (client.program().equals(OLD_IPFAIL_PATH)) {
                    warn(line, OLD_IPFAIL_PATH + " is where old how-tos put ipfail; Debian bookworm installs it as "
                            + BOOKWORM_IPFAIL_PATH + ", and heartbeat refuses to start when the program is not executable"
                            + " (\"Client child command ... is not executable\")");
                }
            }
        });
    }

    private void failfast(DirectiveLine line) {
        clientLine(line).ifPresent(client -> {
            otherDirectives.computeIfAbsent("failfast", k -> new ArrayList<>()).add(client.user() + " " + client.command());
            warn(line, "tandem does not run failfast clients; heartbeat reboots the node when one dies");
        });
    }

    private Optional<RespawnClient> clientLine(DirectiveLine line) {
        String name = line.name();
        String arguments = line.arguments().strip();
        int blank = firstBlank(arguments);
        if (arguments.isEmpty() || blank < 0) {
            refuse(line, "takes a user and a program: " + name + " <user> <absolute path> [args], e.g. " + name
                    + " hacluster " + BOOKWORM_IPFAIL_PATH);
            return Optional.empty();
        }
        String user = arguments.substring(0, blank);
        String command = arguments.substring(blank).strip();
        if (!command.startsWith("/")) {
            refuse(line, "the program must be an absolute path; heartbeat 3.0.6 refuses others (\"is not full pathname\")");
            return Optional.empty();
        }
        return Optional.of(new RespawnClient(user, command));
    }

    private void apiAuthorization(DirectiveLine line) {
        List<String> words = line.words();
        String usage = "apiauth <client> [uid=user,...] [gid=group,...], e.g. apiauth ipfail uid=hacluster";
        if (words.isEmpty()) {
            refuse(line, "takes a client and uid= or gid=: " + usage);
            return;
        }
        String client = words.get(0);
        List<String> uids = null;
        List<String> gids = null;
        for (String word : words.subList(1, words.size())) {
            if (word.startsWith("uid=") && uids == null) {
                uids = commaList(word.substring(4));
            } else if (word.startsWith("gid=") && gids == null) {
                gids = commaList(word.substring(4));
            } else if (word.startsWith("uid=") || word.startsWith("gid=")) {
                refuse(line, "gives " + word.substring(0, 3) + "= twice; heartbeat refuses that (\"Duplicate "
                        + word.substring(0, 3) + " list in apiauth\")");
                return;
            } else {
                refuse(line, "\"" + word + "\" is neither uid=... nor gid=...: " + usage);
                return;
            }
        }
        if ((uids == null || uids.isEmpty()) && (gids == null || gids.isEmpty())) {
            refuse(line, "needs uid= or gid= (or both): " + usage);
            return;
        }
        ApiAuthorization authorization = new ApiAuthorization(client, uids == null ? List.of() : uids,
                gids == null ? List.of() : gids);
        if (apiAuthorizations.putIfAbsent(client, authorization) != null) {
            refuse(line, "client " + client + " is authorized twice; heartbeat refuses that (\"Duplicate apiauth"
                    + " directive\"): merge the lines");
        }
    }

    private static List<String> commaList(String text) {
        return Arrays.stream(text.split(",")).filter(part -> !part.isEmpty()).toList();
    }

    private void stonith(DirectiveLine line) {
        if (line.words().size() < 2) {
            // Never quote the line: stonith_host lines carry device passwords.
            refuse(line, line.name().equals("stonith")
                    ? "takes a device type and its configuration file: stonith <type> <file>"
                    : "takes a host (or *), a device type and its parameters: stonith_host <host|*> <type> <params...>");
            return;
        }
        stonith.add(new StonithDirective(line.name(), Secret.of(line.arguments().strip())));
        warn(line, "kept but not acted on: tandem does not drive heartbeat's STONITH plugins; give tandem a fence"
                + " command in tandem.cf instead");
    }

    // ---------------------------------------------------------------------------------------------- plain values

    private void time(DirectiveLine line) {
        String name = line.name();
        single(line, name + " <time>; " + HeartbeatTime.ACCEPTED_FORMS).ifPresentOrElse(value -> {
            try {
                Duration duration = HeartbeatTime.parse(value);
                boolean mustBePositive = name.equals("keepalive") || name.equals("warntime") || name.equals("conn_logd_time");
                if (mustBePositive && duration.isZero()) {
                    invalidTimes.add(name);
                    refuse(line, name + " must be more than 0 (\"" + value + "\" is 0 ms once rounded to whole milliseconds)");
                } else {
                    times.put(name, duration);
                }
            } catch (IllegalArgumentException e) {
                invalidTimes.add(name);
                refuse(line, e.getMessage());
            }
        }, () -> invalidTimes.add(name));
    }

    private void path(DirectiveLine line) {
        single(line, line.name() + " <path>").ifPresent(value -> {
            if (!value.startsWith("/")) {
                refuse(line, "\"" + value + "\" must be an absolute path");
            } else {
                keep(line, value);
            }
        });
    }

    private void word(DirectiveLine line) {
        single(line, line.name() + " <name>").ifPresent(value -> keep(line, value));
    }

    private void watchdog(DirectiveLine line) {
        single(line, "watchdog <device>, e.g. watchdog /dev/watchdog").ifPresent(value -> {
            keep(line, value);
            warn(line, "kept but not acted on: tandem does not feed a watchdog device");
        });
    }

    private void facility(DirectiveLine line) {
        single(line, "logfacility <facility>, e.g. logfacility local0").ifPresent(value -> {
            if (!SYSLOG_FACILITIES.contains(value)) {
                refuse(line, "\"" + value + "\" is not a syslog facility: " + String.join(", ", SYSLOG_FACILITIES));
            } else {
                texts.put("logfacility", value);
            }
        });
    }

    private void bool(DirectiveLine line) {
        single(line, line.name() + " " + Values.BOOLEAN_FORMS).ifPresent(value -> Values.parseBoolean(value).ifPresentOrElse(
                on -> {
                    booleans.put(line.name(), on);
                    if (OTHER_BOOLEANS.contains(line.name())) {
                        otherDirectives.put(line.name(), List.of(value));
                    }
                    if (line.name().equals("traditional_compression") && on) {
                        warn(line, "heartbeat peers will compress whole messages above the compression threshold;"
                                + " tandem drops compressed messages (counted and logged), so keep this off");
                    }
                },
                () -> refuse(line, "\"" + value + "\" is not one of " + Values.BOOLEAN_FORMS)));
    }

    private void integer(DirectiveLine line, int min, int max) {
        single(line, line.name() + " <number>").ifPresent(value -> Values.parseInt(value, min, max).ifPresentOrElse(
                number -> {
                    integers.put(line.name(), number);
                    if (line.name().equals("rtprio") || line.name().equals("memreserve")) {
                        otherDirectives.put(line.name(), List.of(value));
                    }
                },
                () -> refuse(line, "\"" + value + "\" must be a whole number from " + min + " to " + max
                        + (line.name().equals("max_rexmit_delay") ? " (milliseconds, without a unit)" : ""))));
    }

    private void choice(DirectiveLine line, List<String> choices) {
        single(line, line.name() + " " + String.join("|", choices)).ifPresent(value -> {
            if (!choices.contains(value)) {
                refuse(line, "\"" + value + "\" is not " + String.join(" or ", choices) + " (lower case)");
            } else {
                texts.put(line.name(), value);
                if (line.name().equals("hbgenmethod")) {
                    otherDirectives.put(line.name(), List.of(value));
                }
            }
        });
    }

    private void environment(DirectiveLine line) {
        List<String> values = line.values();
        if (values.isEmpty()) {
            refuse(line, "takes NAME=value pairs: env NAME=value ...");
        }
        for (String value : values) {
            int equals = value.indexOf('=');
            if (equals <= 0) {
                refuse(line, "\"" + value + "\" is not NAME=value");
            } else {
                otherDirectives.computeIfAbsent("env", k -> new ArrayList<>()).add(value);
            }
        }
    }

    private void keep(DirectiveLine line, String value) {
        texts.put(line.name(), value);
        if (!line.name().equals("logfile") && !line.name().equals("debugfile")) {
            otherDirectives.put(line.name(), List.of(value));
        }
    }

    /** The one value of a directive that may appear once, or empty after refusing a repeat, none, or several. */
    private Optional<String> single(DirectiveLine line, String usage) {
        return once(line, line.name()) ? values1(line, usage) : Optional.empty();
    }

    private Optional<String> values1(DirectiveLine line, String usage) {
        List<String> values = line.values();
        if (values.isEmpty()) {
            refuse(line, "needs a value: " + usage);
            return Optional.empty();
        }
        if (values.size() > 1) {
            // heartbeat would apply each value in turn and keep the last one without a word.
            refuse(line, "takes one value, found " + values.size() + ": " + usage);
            return Optional.empty();
        }
        return Optional.of(values.get(0));
    }

    private boolean once(DirectiveLine line, String key) {
        Integer earlier = setOn.putIfAbsent(key, line.number());
        if (earlier != null) {
            // heartbeat keeps the last value silently; a second line is usually a forgotten edit.
            refuse(line, "already set on line " + earlier + "; keep one of the two lines");
            return false;
        }
        return true;
    }

    private static int firstBlank(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == ' ' || text.charAt(i) == '\t') {
                return i;
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------------------------------------- whole file

    private HaConfig finish() {
        checkNodes();
        checkMedia();
        HeartbeatTiming timing = timing();
        AutoFailback failback = autoFailback();
        LogSettings logging = logging();
        if (respawnIpfailLine > 0 && failback == AutoFailback.LEGACY) {
            problems.warn(respawnIpfailLine, "respawn", "ipfail refuses to run with auto_failback legacy (the"
                    + " default); write auto_failback on or off");
        }
        long udpMedia = media.stream().filter(medium -> !(medium instanceof Medium.Serial)).count();
        if (udpMedia == 1 && pingTargets.isEmpty()) {
            problems.warn(0, "", "one heartbeat path and no ping node: a cut cable or a failed switch looks exactly"
                    + " like a dead peer, and both nodes take the resources (split brain); add a second path (another"
                    + " ucast on another interface) or a ping node with ping_quorum on in tandem.cf");
        }
        CompressionSettings compression = new CompressionSettings(
                Optional.ofNullable(texts.get("compression")),
                integers.getOrDefault("compression_threshold", DEFAULT_COMPRESSION_THRESHOLD_KB),
                booleans.getOrDefault("traditional_compression", false));
        return new HaConfig(
                List.copyOf(nodes.sequencedKeySet()),
                media,
                integers.getOrDefault("udpport", DEFAULT_UDP_PORT),
                timing,
                failback,
                pingTargets,
                respawnClients,
                List.copyOf(apiAuthorizations.values()),
                logging,
                messageFormat,
                uuidSource,
                integers.getOrDefault("hopfudge", DEFAULT_HOPFUDGE),
                integers.getOrDefault("baud", DEFAULT_BAUD),
                Duration.ofMillis(integers.getOrDefault("max_rexmit_delay", (int) DEFAULT_MAX_REXMIT_DELAY.toMillis())),
                booleans.getOrDefault("realtime", true),
                booleans.getOrDefault("coredumps", true),
                compression,
                stonith,
                otherDirectives);
    }

    private void checkNodes() {
        if (nodes.isEmpty()) {
            problems.refuse(0, "node", "no node is listed; heartbeat 3.0.6 refuses that (\"no nodes defined\"): add"
                    + " node lines with each member's uname -n, e.g. node " + localNode + " <peer>");
        } else if (!nodes.containsKey(localNode)) {
            problems.refuse(0, "node", "this node, " + localNode + ", is not listed (listed: " + String.join(", ",
                    nodes.sequencedKeySet()) + "); heartbeat 3.0.6 refuses that (\"Current node not in configuration\")."
                    + " Node names must match uname -n");
        }
        pingNames.forEach((name, line) -> {
            if (nodes.containsKey(name.toLowerCase(Locale.ROOT))) {
                problems.refuse(line, "ping_group", name + " is both a cluster node and a ping node; rename the ping group");
            }
        });
    }

    private void checkMedia() {
        if (media.isEmpty()) {
            problems.refuse(0, "", "no heartbeat medium; heartbeat 3.0.6 refuses that (\"No heartbeat media defined\"):"
                    + " add ucast <dev> <peer-ip>, bcast <dev> or mcast <dev> <group> <port> <ttl> <loop>");
        } else if (media.stream().allMatch(medium -> medium instanceof Medium.Serial)) {
            problems.refuse(0, "", "only serial media: tandem speaks UDP only; add ucast <dev> <peer-ip>, bcast <dev>"
                    + " or mcast <dev> <group> <port> <ttl> <loop>");
        }
        Integer udpPortLine = setOn.get("udpport");
        if (udpPortLine != null && firstUdpMediumLine > 0 && udpPortLine > firstUdpMediumLine) {
            problems.warn(udpPortLine, "udpport", "comes after the medium on line " + firstUdpMediumLine + ": heartbeat"
                    + " 3.0.6 gives each ucast/bcast medium the port in force when it reads that line, so a heartbeat"
                    + " node reading this file would use " + DEFAULT_UDP_PORT + " there. tandem uses udpport for every"
                    + " medium; move udpport above the media lines so that both agree");
        }
        Integer baudLine = setOn.get("baud");
        if (baudLine != null && firstSerialLine > 0 && baudLine > firstSerialLine) {
            problems.warn(baudLine, "baud", "comes after the serial line " + firstSerialLine + ": heartbeat 3.0.6 would"
                    + " open that port at " + DEFAULT_BAUD + " baud; move baud above it");
        }
    }

    private HeartbeatTiming timing() {
        // Rules about a timer that could not be read would only confuse; conn_logd_time is in none of them.
        boolean readable = invalidTimes.stream().allMatch(name -> name.equals("conn_logd_time"));
        return TimingRules.resolve(times, setOn, readable, problems);
    }

    private AutoFailback autoFailback() {
        if (autoFailback != null) {
            return autoFailback;
        }
        if (!setOn.containsKey("auto_failback")) {
            problems.warn(0, "auto_failback", "not set, so heartbeat's default applies: legacy, the deprecated"
                    + " ip-request protocol (heartbeat warns too); write auto_failback on or auto_failback off");
        }
        return AutoFailback.LEGACY;
    }

    private LogSettings logging() {
        Optional<String> logfile = Optional.ofNullable(texts.get("logfile"));
        Optional<String> debugfile = Optional.ofNullable(texts.get("debugfile"));
        Optional<String> facility = Optional.ofNullable(texts.get("logfacility"));
        boolean anyLogTarget = logfile.isPresent() || debugfile.isPresent()
                || facility.filter(name -> !name.equals("none")).isPresent();
        Boolean useLogd = booleans.get("use_logd");
        if (!anyLogTarget && Boolean.FALSE.equals(useLogd)) {
            problems.refuse(setOn.get("use_logd"), "use_logd", "off, and no logfile, debugfile or logfacility is given:"
                    + " nothing would be logged; heartbeat 3.0.6 refuses that (\"No log entry found in ha.cf and use_logd"
                    + " is set to off\")");
        }
        // Without any log target heartbeat turns logd on by itself ("No log entry found in ha.cf -- use logd").
        boolean logd = useLogd != null ? useLogd : !anyLogTarget;
        Duration reconnect = times.getOrDefault("conn_logd_time", DEFAULT_CONN_LOGD_TIME);
        return new LogSettings(logfile, debugfile, facility, logd, integers.getOrDefault("debug", 0), reconnect);
    }

    // ---------------------------------------------------------------------------------------------- reporting

    private void refuse(DirectiveLine line, String message) {
        problems.refuse(line.number(), line.name(), message);
    }

    private void warn(DirectiveLine line, String message) {
        problems.warn(line.number(), line.name(), message);
    }
}

package io.tandem.drbd.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads DRBD configuration as drbdadm does ({@code drbd.conf} and what it includes, or the output of
 * {@code drbdadm dump}) into a {@link DrbdConfig}, in any of the three dialects.
 *
 * <p>Every problem is collected before anything is refused, each with its file and line. tandem is stricter than
 * drbdadm in a few places (a missing final brace, enumerated values such as {@code after-sb-0pri}, which the 8.4
 * parser lets through to fail only when the resource comes up).
 */
public final class DrbdConfigParser {

    private static final Set<String> GLOBAL_OPTIONS = Set.of("usage-count", "minor-count", "disable-ip-verification",
            "dialog-refresh", "udev-always-use-vnr", "cmd-timeout-short", "cmd-timeout-medium", "cmd-timeout-long");
    private static final Set<String> OPTION_SECTIONS = Set.of("net", "disk", "startup", "handlers", "syncer", "options", "proxy");
    private static final Set<String> STARTUP_OPTIONS = Set.of("wfc-timeout", "degr-wfc-timeout", "outdated-wfc-timeout",
            "wait-after-sb", "become-primary-on", "stacked-timeouts");
    private static final Map<String, Set<String>> ENUMERATED_VALUES = Map.of(
            "protocol", Set.of("A", "B", "C"),
            "after-sb-0pri", Set.of("disconnect", "discard-younger-primary", "discard-older-primary",
                    "discard-zero-changes", "discard-least-changes", "discard-local", "discard-remote"),
            "after-sb-1pri", Set.of("disconnect", "consensus", "violently-as0p", "discard-secondary", "call-pri-lost-after-sb"),
            "after-sb-2pri", Set.of("disconnect", "violently-as0p", "call-pri-lost-after-sb"),
            "fencing", Set.of("dont-care", "resource-only", "resource-and-stonith"),
            "on-io-error", Set.of("pass_on", "call-local-io-error", "detach"));
    private static final Pattern DEFAULT_DEVICE_PATH = Pattern.compile("/dev/drbd(\\d+)");
    private static final Pattern ADDRESS = Pattern.compile("(?:\\[(?<ipv6>[^\\]]+)\\]|(?<ip>[^:\\s]+)):(?<port>\\d+)");
    private static final Pattern EXTERNAL_META_DISK = Pattern.compile("(?<device>[^\\[\\s]+)\\s*(?:\\[\\s*(?<index>\\d+)\\s*\\])?");

    private final ConfigChecks checks;
    private final List<ConfigProblem> problems = new ArrayList<>();
    private final List<ConfigProblem> warnings = new ArrayList<>();
    /** Where each minor and address was written, so that a clash can name the line. */
    private final Map<String, Statement> statementOfPart = new HashMap<>();

    private DrbdConfigParser(ConfigChecks checks) {
        this.checks = checks;
    }

    /** Reads {@code file} and everything it includes. */
    public static ParsedDrbdConfig parse(Path file, ConfigChecks checks) throws InvalidDrbdConfigException {
        DrbdConfigParser parser = new DrbdConfigParser(checks);
        List<Statement> statements = new StatementReader(parser.problems, parser.warnings).read(file);
        return parser.interpret(statements);
    }

    public static ParsedDrbdConfig parse(Path file) throws InvalidDrbdConfigException {
        return parse(file, ConfigChecks.grammarOnly());
    }

    /** Reads configuration text, such as {@code drbdadm dump} output; {@code file} names it in problems and anchors includes. */
    public static ParsedDrbdConfig parse(Path file, String text, ConfigChecks checks) throws InvalidDrbdConfigException {
        DrbdConfigParser parser = new DrbdConfigParser(checks);
        List<Statement> statements = new StatementReader(parser.problems, parser.warnings).read(file, text);
        return parser.interpret(statements);
    }

    private ParsedDrbdConfig interpret(List<Statement> statements) throws InvalidDrbdConfigException {
        List<Option> global = new ArrayList<>();
        CommonSection common = CommonSection.EMPTY;
        List<Resource> resources = new ArrayList<>();
        Map<String, Statement> resourceStatements = new HashMap<>();
        for (Statement statement : statements) {
            switch (statement.keyword()) {
                case "global" -> global.addAll(readGlobal(statement));
                case "common" -> common = readCommon(statement);
                case "resource" -> {
                    Resource resource = readResource(statement);
                    Statement earlier = resourceStatements.putIfAbsent(resource.name(), statement);
                    if (earlier != null) {
                        problem(statement, "resource '" + resource.name() + "' is defined twice; first at "
                                + earlier.file() + ":" + earlier.line());
                    } else {
                        resources.add(resource);
                    }
                }
                case "skip" -> requireBlock(statement);
                default -> problem(statement, "unknown top-level keyword '" + statement.keyword()
                        + "': drbdadm expects global, common, resource, include or skip");
            }
        }
        checkMinorsAndAddresses(resources);
        checkHostNames(resources, resourceStatements);
        if (!problems.isEmpty()) {
            throw new InvalidDrbdConfigException(problems);
        }
        return new ParsedDrbdConfig(new DrbdConfig(global, common, resources), warnings);
    }

    private List<Option> readGlobal(Statement global) {
        List<Option> options = new ArrayList<>();
        for (Statement child : global.children()) {
            if (!GLOBAL_OPTIONS.contains(child.keyword()) || child.hasBlock()) {
                problem(child, "unknown global option " + child.describe() + ": drbdadm accepts " + sorted(GLOBAL_OPTIONS));
            } else {
                options.add(new Option(child.keyword(), child.arguments()));
            }
        }
        return options;
    }

    private CommonSection readCommon(Statement common) {
        Optional<String> protocol = Optional.empty();
        List<Section> sections = new ArrayList<>();
        for (Statement child : common.children()) {
            if (child.keyword().equals("protocol") && !child.hasBlock()) {
                protocol = Optional.of(readValue(child));
            } else if (OPTION_SECTIONS.contains(child.keyword()) && child.hasBlock()) {
                Section section = readOptionSection(child, "common");
                protocol = liftProtocol(section, protocol);
                sections.add(withoutProtocol(section));
            } else {
                problem(child, "unknown in common: " + child.describe() + "; common holds protocol and the sections "
                        + sorted(OPTION_SECTIONS));
            }
        }
        return new CommonSection(protocol, sections);
    }

    private Resource readResource(Statement statement) {
        String name = statement.arguments().size() == 1 ? statement.arguments().getFirst() : "?";
        if (statement.arguments().size() != 1) {
            problem(statement, "a resource needs exactly one name: resource NAME { … }");
        }
        requireBlock(statement);
        Optional<String> protocol = Optional.empty();
        List<Section> sections = new ArrayList<>();
        List<Statement> resourceLevelVolumeLines = new ArrayList<>();
        List<Volume> volumes = new ArrayList<>();
        List<Host> hosts = new ArrayList<>();
        List<Section> connections = new ArrayList<>();
        for (Statement child : statement.children()) {
            String keyword = child.keyword();
            if (keyword.equals("protocol") && !child.hasBlock()) {
                protocol = Optional.of(readValue(child));
            } else if (isVolumeLine(child)) {
                resourceLevelVolumeLines.add(child);
            } else if (keyword.equals("volume") && child.hasBlock()) {
                volumes.add(readVolume(name, "", child));
            } else if (keyword.equals("on") && child.hasBlock()) {
                hosts.add(readHost(name, child, false));
            } else if (keyword.equals("floating") && child.hasBlock()) {
                hosts.add(readHost(name, child, true));
            } else if (OPTION_SECTIONS.contains(keyword) && child.hasBlock()) {
                Section section = readOptionSection(child, "resource");
                protocol = liftProtocol(section, protocol);
                sections.add(withoutProtocol(section));
            } else if ((keyword.equals("connection") || keyword.equals("connection-mesh")) && child.hasBlock()) {
                dialectRefuses(child, Dialect.V83, "8.3 has no connection sections");
                dialectRefuses(child, Dialect.V84, "8.4 has no connection sections");
                connections.add(readNestedSection(child));
            } else if (keyword.equals("skip") && child.hasBlock()) {
                continue;
            } else {
                problem(child, "unknown in resource " + name + ": " + child.describe() + "; a resource holds protocol,"
                        + " device, disk, meta-disk, on, floating, volume, connection, connection-mesh and the sections "
                        + sorted(OPTION_SECTIONS));
            }
        }
        if (!resourceLevelVolumeLines.isEmpty()) {
            volumes.add(readImplicitVolume(name, "", resourceLevelVolumeLines));
        }
        return new Resource(name, protocol, sections, volumes, hosts, connections);
    }

    private Host readHost(String resource, Statement on, boolean floating) {
        String name;
        Optional<Address> address = Optional.empty();
        if (floating) {
            name = on.joinedArguments();
            address = readAddress(resource, name, on);
        } else if (on.arguments().isEmpty()) {
            problem(on, "'on' needs a host name: on HOSTNAME { … }");
            name = "?";
        } else {
            // drbdadm 9 allows several names for one section ("on a b { … }"); the first one names the host here.
            name = on.arguments().getFirst();
        }
        OptionalInt nodeId = OptionalInt.empty();
        List<Statement> volumeLines = new ArrayList<>();
        List<Volume> volumes = new ArrayList<>();
        for (Statement child : on.children()) {
            switch (child.hasBlock() ? child.keyword() + "{}" : child.keyword()) {
                case "address" -> address = readAddress(resource, name, child);
                case "node-id" -> {
                    dialectRefuses(child, Dialect.V83, "node-id exists only in drbd 9");
                    nodeId = readInt(child).map(OptionalInt::of).orElse(OptionalInt.empty());
                }
                case "device", "disk", "meta-disk", "flexible-meta-disk" -> volumeLines.add(child);
                case "volume{}" -> volumes.add(readVolume(resource, name, child));
                case "skip{}" -> {}
                default -> problem(child, "unknown in 'on " + name + "': " + child.describe()
                        + "; drbdadm accepts address, node-id, device, disk, meta-disk and volume here");
            }
        }
        if (!volumeLines.isEmpty()) {
            volumes.addFirst(readImplicitVolume(resource, name, volumeLines));
        }
        return new Host(name, floating, address, nodeId, volumes);
    }

    private Volume readVolume(String resource, String host, Statement volume) {
        dialectRefuses(volume, Dialect.V83, "8.3 has no volumes");
        int number = volume.arguments().size() == 1 ? readInt(volume).orElse(0) : 0;
        if (volume.arguments().size() != 1) {
            problem(volume, "a volume needs its number: volume N { … }");
        }
        List<Statement> lines = new ArrayList<>();
        for (Statement child : volume.children()) {
            if (isVolumeLine(child)) {
                lines.add(child);
            } else {
                problem(child, "unknown in volume " + number + ": " + child.describe()
                        + "; tandem reads device, disk and meta-disk here");
            }
        }
        return readVolumeLines(resource, host, number, lines);
    }

    private Volume readImplicitVolume(String resource, String host, List<Statement> lines) {
        return readVolumeLines(resource, host, 0, lines);
    }

    private Volume readVolumeLines(String resource, String host, int number, List<Statement> lines) {
        Optional<Device> device = Optional.empty();
        Optional<String> disk = Optional.empty();
        Optional<MetaDisk> metaDisk = Optional.empty();
        for (Statement line : lines) {
            switch (line.keyword()) {
                case "device" -> {
                    device = readDevice(line);
                    statementOfPart.put(partKey(resource, host, number), line);
                }
                case "disk" -> disk = Optional.of(readValue(line));
                case "meta-disk", "flexible-meta-disk" -> metaDisk = readMetaDisk(line);
                default -> throw new IllegalStateException("not a volume line: " + line.describe());
            }
        }
        return new Volume(number, device, disk, metaDisk);
    }

    private static boolean isVolumeLine(Statement statement) {
        return !statement.hasBlock()
                && Set.of("device", "disk", "meta-disk", "flexible-meta-disk").contains(statement.keyword());
    }

    private Optional<Device> readDevice(Statement device) {
        List<String> words = device.arguments();
        // Forms: "/dev/drbd0", "/dev/drbd0 minor 0", "minor 0" (9), "drbd0" is not accepted by drbdadm.
        Optional<String> path = Optional.empty();
        OptionalInt minor = OptionalInt.empty();
        int at = 0;
        if (at < words.size() && !words.get(at).equals("minor")) {
            path = Optional.of(words.get(at++));
        }
        if (at + 1 < words.size() + 1 && at < words.size() && words.get(at).equals("minor")) {
            if (at + 1 >= words.size()) {
                problem(device, "'minor' needs a number");
                return Optional.empty();
            }
            try {
                minor = OptionalInt.of(Integer.parseInt(words.get(at + 1)));
            } catch (NumberFormatException e) {
                problem(device, "device minor is not a number: " + words.get(at + 1));
                return Optional.empty();
            }
            at += 2;
        }
        if (at != words.size() || words.isEmpty()) {
            problem(device, "cannot read " + device.describe() + ": expected device /dev/drbdN [minor N]; or device minor N;");
            return Optional.empty();
        }
        if (minor.isEmpty()) {
            Matcher defaultPath = DEFAULT_DEVICE_PATH.matcher(path.orElseThrow());
            if (!defaultPath.matches()) {
                problem(device, "cannot tell the minor of " + path.get() + ": write device " + path.get() + " minor N;");
                return Optional.empty();
            }
            minor = OptionalInt.of(Integer.parseInt(defaultPath.group(1)));
        }
        int number = minor.getAsInt();
        return Optional.of(new Device(path.orElse("/dev/drbd" + number), number));
    }

    private Optional<MetaDisk> readMetaDisk(Statement metaDisk) {
        String value = metaDisk.joinedArguments();
        if (value.equals("internal")) {
            return Optional.of(MetaDisk.INTERNAL);
        }
        Matcher external = EXTERNAL_META_DISK.matcher(value);
        if (!external.matches()) {
            problem(metaDisk, "cannot read " + metaDisk.describe() + ": expected internal, or a device and an optional [index]");
            return Optional.empty();
        }
        OptionalInt index = external.group("index") == null
                ? OptionalInt.empty()
                : OptionalInt.of(Integer.parseInt(external.group("index")));
        if (metaDisk.keyword().equals("flexible-meta-disk") && index.isPresent()) {
            problem(metaDisk, "flexible-meta-disk takes no index");
        }
        return Optional.of(new MetaDisk.External(external.group("device"), index));
    }

    private Optional<Address> readAddress(String resource, String host, Statement address) {
        List<String> words = address.arguments();
        String family = words.size() == 2 ? words.getFirst() : "ipv4";
        Matcher endpoint = words.isEmpty() || words.size() > 2 ? null : ADDRESS.matcher(words.getLast());
        if (endpoint == null || !endpoint.matches()) {
            problem(address, "cannot read " + address.describe() + ": expected address [ipv4|ipv6] IP:PORT");
            return Optional.empty();
        }
        String ip = endpoint.group("ipv6") != null ? endpoint.group("ipv6") : endpoint.group("ip");
        int port = Integer.parseInt(endpoint.group("port"));
        if (port < 1 || port > 65_535) {
            problem(address, "port " + port + " is outside 1..65535");
            return Optional.empty();
        }
        statementOfPart.put(partKey(resource, host, -1), address);
        return Optional.of(new Address(family, ip, port));
    }

    private Section readOptionSection(Statement statement, String where) {
        List<Option> options = new ArrayList<>();
        if (!statement.arguments().isEmpty()) {
            problem(statement, "section '" + statement.keyword() + "' takes no name");
        }
        dialectRefusesSection(statement);
        for (Statement child : statement.children()) {
            if (child.hasBlock()) {
                problem(child, "unexpected section " + child.describe() + " inside " + where + " " + statement.keyword());
                continue;
            }
            if (statement.keyword().equals("startup") && !STARTUP_OPTIONS.contains(child.keyword())) {
                problem(child, "unknown startup option " + child.describe() + ": drbdadm accepts " + sorted(STARTUP_OPTIONS));
                continue;
            }
            Option option = new Option(child.keyword(), child.arguments());
            checkEnumeratedValue(child, option);
            dialectRefusesOption(child, statement.keyword(), option);
            options.add(option);
        }
        return new Section(statement.keyword(), options);
    }

    private Section readNestedSection(Statement statement) {
        List<Option> options = new ArrayList<>();
        List<Section> subsections = new ArrayList<>();
        for (Statement child : statement.children()) {
            if (child.hasBlock()) {
                subsections.add(readNestedSection(child));
            } else {
                options.add(new Option(child.keyword(), child.arguments()));
            }
        }
        return new Section(statement.keyword(), statement.arguments(), options, subsections);
    }

    private void checkEnumeratedValue(Statement statement, Option option) {
        Set<String> allowed = ENUMERATED_VALUES.get(option.name());
        if (allowed != null && !allowed.contains(option.value())) {
            problem(statement, option.name() + " '" + option.value() + "' is not one of " + sorted(allowed));
        }
    }

    // What each dialect's drbdadm refuses where it is written, as observed with drbd-utils 9.22 (drbd-notes §2.2).
    private void dialectRefusesSection(Statement section) {
        if (section.keyword().equals("options")) {
            dialectRefuses(section, Dialect.V83, "8.3 has no options section (drbdadm-83: 'protocol | on | disk | net"
                    + " | syncer | startup | handlers | ignore-on | stacked-on-top-of' expected)");
        }
    }

    private void dialectRefusesOption(Statement line, String section, Option option) {
        switch (section + "." + option.name()) {
            case "disk.resync-rate", "disk.c-plan-ahead", "disk.c-delay-target", "disk.c-fill-target",
                    "disk.c-max-rate", "disk.c-min-rate" ->
                dialectRefuses(line, Dialect.V83, "8.3 wants it in syncer (rate, c-*), drbdadm-83 refuses it in disk");
            case "disk.fencing" -> dialectRefuses(line, Dialect.V9, "drbd 9 wants fencing in net, its parser refuses it in disk");
            case "syncer.rate" -> dialectRefuses(line, Dialect.V9,
                    "drbd 9 wants disk { resync-rate }; drbd-utils 9.22 refuses syncer { rate }");
            case "options.auto-promote" -> dialectRefuses(line, Dialect.V84, "auto-promote exists only in drbd 9");
            default -> {}
        }
    }

    private void dialectRefuses(Statement statement, Dialect refusing, String why) {
        if (checks.dialect().equals(Optional.of(refusing))) {
            problem(statement, statement.describe() + " is refused in the " + refusing + " dialect: " + why);
        }
    }

    private Optional<String> liftProtocol(Section section, Optional<String> protocol) {
        return section.name().equals("net") ? section.value("protocol").or(() -> protocol) : protocol;
    }

    private static Section withoutProtocol(Section section) {
        if (!section.name().equals("net")) {
            return section;
        }
        return new Section(section.name(), section.arguments(),
                section.options().stream().filter(option -> !option.name().equals("protocol")).toList(),
                section.subsections());
    }

    private String readValue(Statement statement) {
        if (statement.arguments().size() != 1) {
            problem(statement, statement.describe() + " takes exactly one value");
            return statement.joinedArguments();
        }
        String value = statement.arguments().getFirst();
        checkEnumeratedValue(statement, new Option(statement.keyword(), value));
        return value;
    }

    private Optional<Integer> readInt(Statement statement) {
        try {
            return Optional.of(Integer.parseInt(statement.arguments().getFirst()));
        } catch (RuntimeException e) {
            problem(statement, statement.describe() + " needs a whole number");
            return Optional.empty();
        }
    }

    private void requireBlock(Statement statement) {
        if (!statement.hasBlock()) {
            problem(statement, statement.describe() + " needs a { … } block");
        }
    }

    private void checkMinorsAndAddresses(List<Resource> resources) {
        Map<String, String> minorOwners = new HashMap<>();
        Map<String, String> endpointOwners = new HashMap<>();
        for (Resource resource : resources) {
            for (Host host : resource.hosts()) {
                for (Volume volume : resource.volumesOn(host)) {
                    if (volume.device().isEmpty()) {
                        continue;
                    }
                    int minor = volume.device().get().minor();
                    String owner = resource.name() + " volume " + volume.number();
                    String earlier = minorOwners.putIfAbsent(host.name() + "#" + minor, owner);
                    if (earlier != null && !earlier.equals(owner)) {
                        Statement at = statementOfPart.getOrDefault(partKey(resource.name(), host.name(), volume.number()),
                                statementOfPart.get(partKey(resource.name(), "", volume.number())));
                        problem(at, "minor " + minor + " on " + host.name() + " is used twice: by " + earlier
                                + " and by " + owner);
                    }
                }
                if (host.address().isPresent()) {
                    String endpoint = host.address().get().endpoint();
                    String owner = resource.name() + " on " + host.name();
                    String earlier = endpointOwners.putIfAbsent(endpoint, owner);
                    if (earlier != null) {
                        problem(statementOfPart.get(partKey(resource.name(), host.name(), -1)), "address " + endpoint
                                + " is used twice: by " + earlier + " and by " + owner + "; each needs its own port");
                    }
                }
            }
        }
    }

    private void checkHostNames(List<Resource> resources, Map<String, Statement> resourceStatements) {
        if (checks.hostNames().isEmpty()) {
            return;
        }
        for (Resource resource : resources) {
            Statement resourceStatement = resourceStatements.get(resource.name());
            boolean hasOne = false;
            for (Host host : resource.hosts()) {
                if (host.isFloating() || checks.hostNames().contains(host.name())) {
                    hasOne = true;
                    continue;
                }
                Statement on = resourceStatement.children().stream()
                        .filter(child -> child.keyword().equals("on") && child.arguments().contains(host.name()))
                        .findFirst()
                        .orElse(resourceStatement);
                problem(on, "host '" + host.name() + "' is not one of this pair's hosts " + sorted(checks.hostNames())
                        + " (names are compared with uname -n, case-sensitive)");
            }
            if (!hasOne) {
                problem(resourceStatement, "resource " + resource.name() + " has no 'on' section for any of "
                        + sorted(checks.hostNames()) + "; drbdadm would say it is not defined for this host");
            }
        }
    }

    private static String partKey(String resource, String host, int volume) {
        return resource + "\u0000" + host + "\u0000" + volume;
    }

    private void problem(Statement at, String message) {
        problems.add(new ConfigProblem(at.file(), at.line(), message));
    }

    private static String sorted(Set<String> names) {
        return names.stream().sorted().toList().toString();
    }
}

package io.tandem.replicator.config;

import io.tandem.common.Secret;
import static io.tandem.replicator.config.Settings.*;

import io.tandem.replicator.config.Setting.BadValueException;
import io.tandem.replicator.config.Setting.Scope;
import io.tandem.replicator.event.TableId;
import io.tandem.replicator.filter.FilterRules;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * Turns the sections of an {@link IniFile} into a {@link ReplicatorConfig}, or into the complete list
 * of what is wrong with them. Nothing stops at the first problem, and no bad value is replaced by a
 * default: a value that cannot be read is a problem, and the configuration is refused.
 *
 * <p>Order: sections are sorted out (kinds, names, duplicates), each line is bound to its setting
 * and parsed, servers and channels are assembled with channel defaults from {@code [replicator]},
 * then {@link #crossValidate} checks what involves more than one line, in one place.
 */
final class ConfigBinder {

    private static final List<String> SECTION_KINDS = List.of("replicator", "server", "channel");
    private static final Set<String> MY_CNF_GROUPS = Set.of("mysqld", "mariadb", "mariadbd", "mysqld-safe",
            "mysqld_safe", "client", "mysql", "galera", "embedded", "client-server", "mariadb-client");
    private static final Set<String> CONNECTION_KEYS = Set.of("host", "port", "user", "password");
    /** Shorter admin tokens are accepted with a warning: 16 hex digits are 64 bits, below that guessing gets cheap. */
    private static final int MIN_TOKEN_LENGTH = 16;

    /** One bound setting of a section: its parsed value and where it was written. */
    private record Bound(Object value, int line, String rawKey) {}

    /** The settings bound in one section. */
    private static final class Values {
        final String label;
        final int sectionLine;
        final Map<Setting<?>, Bound> bound = new HashMap<>();
        final Set<Setting<?>> failed = new HashSet<>();

        Values(String label, int sectionLine) {
            this.label = label;
            this.sectionLine = sectionLine;
        }

        @SuppressWarnings("unchecked")
        <T> Optional<T> get(Setting<T> setting) {
            Bound b = bound.get(setting);
            return b == null ? Optional.empty() : Optional.of((T) b.value());
        }

        int line(Setting<?> setting) {
            Bound b = bound.get(setting);
            return b == null ? sectionLine : b.line();
        }

        /** Set, or written but unreadable: either way, a "not set" problem would be wrong. */
        boolean mentions(Setting<?> setting) {
            return bound.containsKey(setting) || failed.contains(setting);
        }
    }

    private final String origin;
    private final IniFile file;
    private final ProblemList problems;
    private final Path baseDirectory;
    private final List<String> warnings = new ArrayList<>();

    /** @param baseDirectory where relative file paths in the configuration are read from */
    ConfigBinder(String origin, IniFile file, ProblemList problems, Path baseDirectory) {
        this.origin = origin;
        this.file = file;
        this.problems = problems;
        this.baseDirectory = baseDirectory;
    }

    ReplicatorConfig bind() throws InvalidConfigurationException {
        for (IniFile.Entry entry : file.outsideSections()) {
            problems.add(entry.line(), entry.rawKey() + ": outside any section; put it under [replicator],"
                    + " [server NAME] or [channel NAME]");
        }
        IniFile.Section replicatorSection = null;
        Map<String, IniFile.Section> serverSections = new LinkedHashMap<>();
        Map<String, IniFile.Section> channelSections = new LinkedHashMap<>();
        for (IniFile.Section section : file.sections()) {
            switch (section.kind()) {
                case "replicator" -> {
                    if (!section.name().isEmpty()) {
                        problems.add(section.line(), "[" + section.header() + "]: [replicator] takes no name; write"
                                + " [replicator] and name = " + section.name() + " inside it");
                    }
                    if (replicatorSection != null) {
                        problems.add(section.line(), "[replicator] appears twice (also at "
                                + problems.lineName(replicatorSection.line()) + "); keep one");
                    } else {
                        replicatorSection = section;
                    }
                }
                case "server" -> named(section, serverSections);
                case "channel" -> named(section, channelSections);
                default -> unknownSection(section);
            }
        }

        Values instance = replicatorSection == null ? new Values("[replicator]", 0)
                : bindSection(replicatorSection, Scope.INSTANCE, "[replicator]");
        String name = instance.get(NAME).orElse(NAME.defaultValue());
        LoopPrevention loopPrevention = instance.get(LOOP_PREVENTION).orElse(LOOP_PREVENTION.defaultValue());
        String metadataSchema = instance.get(METADATA_SCHEMA).orElse(METADATA_SCHEMA.defaultValue());
        AdminConfig admin = admin(instance);

        SequencedMap<String, ServerConfig> servers = new LinkedHashMap<>();
        Map<String, Values> serverValues = new LinkedHashMap<>();
        for (IniFile.Section section : serverSections.values()) {
            Values values = bindSection(section, Scope.SERVER, "[server " + section.name() + "]");
            serverValues.put(section.name(), values);
            server(section.name(), values).ifPresent(server -> servers.put(server.name(), server));
        }

        List<ChannelConfig> channels = new ArrayList<>();
        Map<String, Values> channelValues = new LinkedHashMap<>();
        for (IniFile.Section section : channelSections.values()) {
            Values values = bindSection(section, Scope.CHANNEL, "[channel " + section.name() + "]");
            channelValues.put(section.name(), values);
            channels.add(channel(name, section.name(), values, instance));
        }

        crossValidate(metadataSchema, serverSections.keySet(), servers, serverValues, channels, channelValues,
                instance);

        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(origin, problems.lines());
        }
        return new ReplicatorConfig(name, loopPrevention, metadataSchema, servers, channels, warnings, origin, admin);
    }

    private void named(IniFile.Section section, Map<String, IniFile.Section> sections) {
        String kind = section.kind();
        if (section.name().isEmpty()) {
            problems.add(section.line(), "[" + section.header() + "]: a " + kind + " section needs a name, like ["
                    + kind + (kind.equals("server") ? " db1]" : " db1-to-db2]"));
            return;
        }
        try {
            Parsers.name().parse(section.name());
        } catch (BadValueException e) {
            problems.add(section.line(), "[" + section.header() + "]: the " + kind + " name " + e.getMessage());
            return;
        }
        IniFile.Section earlier = sections.putIfAbsent(section.name(), section);
        if (earlier != null) {
            problems.add(section.line(), "[" + section.header() + "] is declared twice (also at "
                    + problems.lineName(earlier.line()) + "); " + kind + " names must be unique");
        }
    }

    private void unknownSection(IniFile.Section section) {
        String header = "[" + section.header() + "]";
        if (MY_CNF_GROUPS.contains(section.kind())) {
            problems.add(section.line(), header + ": this is tandem's own file, not my.cnf. Put replication"
                    + " options (replicate-*, binlog-do-db, slave-skip-errors) under [replicator] or [channel NAME],"
                    + " and server settings (server-id, log-bin, auto_increment_*) under [server NAME]");
            return;
        }
        problems.add(section.line(), header + ": unknown section" + Suggestions.didYouMean(section.kind(), SECTION_KINDS)
                + "; tandem reads [replicator], [server NAME] and [channel NAME]");
    }

    // ---- the admin endpoint

    /** The admin endpoint, or {@link AdminConfig#DISABLED} after reporting why it cannot be used. */
    private AdminConfig admin(Values instance) {
        Optional<InetSocketAddress> listen = instance.get(ADMIN_LISTEN).orElse(ADMIN_LISTEN.defaultValue());
        boolean inlineToken = instance.mentions(ADMIN_TOKEN);
        boolean tokenFile = instance.mentions(ADMIN_TOKEN_FILE);
        if (inlineToken && tokenFile) {
            problems.add(instance.line(ADMIN_TOKEN_FILE), "[replicator] admin-token and admin-token-file are both set"
                    + " (admin-token at " + problems.lineName(instance.line(ADMIN_TOKEN)) + "); keep one:"
                    + " admin-token-file keeps the token out of this file");
            return AdminConfig.DISABLED;
        }
        Optional<Secret> token = inlineToken ? instance.get(ADMIN_TOKEN)
                : instance.get(ADMIN_TOKEN_FILE).flatMap(path -> readTokenFile(path, instance.line(ADMIN_TOKEN_FILE)));
        if (listen.isPresent() && !AdminConfig.isLoopback(listen.get()) && !inlineToken && !tokenFile) {
            InetSocketAddress address = listen.get();
            problems.add(instance.line(ADMIN_LISTEN), "[replicator] admin-listen = \"" + address.getHostString() + ":"
                    + address.getPort() + "\": not a loopback address, and no admin token is set, so anyone who can"
                    + " reach the port could read the replication status. Set admin-token-file = PATH (a file of mode"
                    + " 600 whose first line is the token; openssl rand -hex 32 makes one), or listen on"
                    + " 127.0.0.1:" + address.getPort());
            return AdminConfig.DISABLED;
        }
        if ((inlineToken || tokenFile) && token.isEmpty()) {
            return AdminConfig.DISABLED; // the token's problem is reported
        }
        token.filter(secret -> secret.reveal().length() < MIN_TOKEN_LENGTH).ifPresent(secret -> warnings.add(
                problems.at(instance.line(inlineToken ? ADMIN_TOKEN : ADMIN_TOKEN_FILE)) + "[replicator] the admin"
                        + " token is shorter than " + MIN_TOKEN_LENGTH + " characters and easy to guess; make a longer"
                        + " one with: openssl rand -hex 32"));
        return new AdminConfig(listen, token);
    }

    /**
     * The first line of the token file, refused like heartbeat refuses an authkeys file that others may read:
     * a token anyone on the host can read protects nothing.
     */
    private Optional<Secret> readTokenFile(String pathText, int line) {
        Path path = baseDirectory.resolve(pathText);
        String label = "[replicator] admin-token-file = \"" + pathText + "\"";
        String shown = path.isAbsolute() ? "" : " (" + path.toAbsolutePath() + ")";
        try {
            if (Files.isDirectory(path)) {
                problems.add(line, label + ": is a directory" + shown + "; name the file whose first line is the token");
                return Optional.empty();
            }
            Set<PosixFilePermission> permissions = posixPermissions(path);
            if (permissions.stream().anyMatch(ConfigBinder::isGroupOrOther)) {
                problems.add(line, label + ": users other than its owner have access to it (mode "
                        + PosixFilePermissions.toString(permissions) + "); run chmod 600 " + path + " (heartbeat refuses its authkeys for the same reason)");
                return Optional.empty();
            }
            String first;
            try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                first = reader.readLine();
            }
            String token = first == null ? "" : first.strip();
            if (token.isEmpty()) {
                problems.add(line, label + ": the first line is empty" + shown + "; it must hold the token"
                        + " (openssl rand -hex 32 > " + path + ")");
                return Optional.empty();
            }
            Parsers.checkBearerToken(token);
            return Optional.of(Secret.of(token));
        } catch (NoSuchFileException e) {
            problems.add(line, label + ": no such file" + shown);
        } catch (AccessDeniedException e) {
            problems.add(line, label + ": this user may not read it" + shown);
        } catch (CharacterCodingException e) {
            problems.add(line, label + ": not UTF-8 text" + shown);
        } catch (IOException e) {
            problems.add(line, label + ": cannot read it" + shown + ": " + e.getMessage());
        } catch (BadValueException e) {
            problems.add(line, label + ": the token on its first line " + e.getMessage());
        }
        return Optional.empty();
    }

    /** The file's POSIX permissions; none on a file system without them (nothing to check there). */
    private static Set<PosixFilePermission> posixPermissions(Path path) throws IOException {
        try {
            return Files.getPosixFilePermissions(path);
        } catch (UnsupportedOperationException e) {
            return Set.of();
        }
    }

    private static boolean isGroupOrOther(PosixFilePermission permission) {
        return switch (permission) {
            case OWNER_READ, OWNER_WRITE, OWNER_EXECUTE -> false;
            case GROUP_READ, GROUP_WRITE, GROUP_EXECUTE, OTHERS_READ, OTHERS_WRITE, OTHERS_EXECUTE -> true;
        };
    }

    // ---- lines

    private Values bindSection(IniFile.Section section, Scope scope, String label) {
        Values values = new Values(label, section.line());
        for (IniFile.Entry entry : section.entries()) {
            Setting<?> setting = resolve(scope, entry, label);
            if (setting == null) {
                continue;
            }
            Bound earlier = values.bound.get(setting);
            if (earlier != null && !setting.isRepeatable()) {
                problems.add(entry.line(), label + " " + entry.rawKey() + " is set twice (also at "
                        + problems.lineName(earlier.line()) + "); keep one");
                continue;
            }
            Object value;
            try {
                value = setting.parse(entry.value());
            } catch (BadValueException e) {
                problems.add(entry.line(), label + " " + entry.rawKey() + setting.show(entry.value()) + ": "
                        + e.getMessage());
                values.failed.add(setting);
                continue;
            }
            if (setting.isRepeatable()) {
                List<Object> merged = new ArrayList<>();
                if (earlier != null) {
                    merged.addAll((List<?>) earlier.value());
                }
                merged.addAll((List<?>) value);
                values.bound.put(setting, new Bound(List.copyOf(merged), earlier == null ? entry.line() : earlier.line(),
                        entry.rawKey()));
            } else {
                values.bound.put(setting, new Bound(value, entry.line(), entry.rawKey()));
            }
            if (setting == SKIP_ERRORS && ((Parsers.SkipErrors) value).all()) {
                warnings.add(problems.at(entry.line()) + label + " " + entry.rawKey() + " = all: accepted, but it"
                        + " silently lets the servers drift apart: every event the target refuses is dropped and the"
                        + " two copies stay different without an error (the MySQL manual: replicas become \"hopelessly"
                        + " out of synchrony\"). tandem records every skip with its binlog position, GTID and error code;"
                        + " prefer ddl_exist_errors or a short list of codes");
            }
        }
        return values;
    }

    /** The setting a line means in this kind of section, or null after reporting why it does not belong. */
    private Setting<?> resolve(Scope scope, IniFile.Entry entry, String label) {
        String key = entry.key();
        Optional<Setting<?>> own = switch (scope) {
            case INSTANCE -> find(INSTANCE_SETTINGS, key).or(() -> find(CHANNEL_SETTINGS, key));
            case SERVER -> find(SERVER_SETTINGS, key);
            case CHANNEL -> find(CHANNEL_SETTINGS, key);
        };
        if (own.isPresent()) {
            if (scope == Scope.INSTANCE && own.get().isPerChannel()) {
                problems.add(entry.line(), label + " " + entry.rawKey() + ": set it in each [channel NAME]; every"
                        + " channel needs its own");
                return null;
            }
            return own.get();
        }
        problems.add(entry.line(), label + " " + entry.rawKey() + ": " + whyNotHere(scope, key));
        return null;
    }

    private static String whyNotHere(Scope scope, String key) {
        if (scope != Scope.SERVER && find(SERVER_SETTINGS, key).isPresent()) {
            if (CONNECTION_KEYS.contains(key)) {
                return "belongs to [server NAME]; a channel names its servers with source = NAME and target = NAME";
            }
            return "is a setting of the server itself, not of a channel: put it under [server NAME], where tandem"
                    + " checks it against the live server (it is set in that server's my.cnf)";
        }
        if (scope == Scope.SERVER && find(CHANNEL_SETTINGS, key).isPresent()) {
            return "is a channel setting: put it under [channel NAME], or under [replicator] as a default for every"
                    + " channel";
        }
        if (scope != Scope.INSTANCE && find(INSTANCE_SETTINGS, key).isPresent()) {
            return "is an instance setting: put it under [replicator]";
        }
        Optional<String> mysqld = mysqldOption(key);
        if (mysqld.isPresent()) {
            return "is a mysqld option, not a tandem setting; " + mysqld.get();
        }
        List<Setting<?>> here = switch (scope) {
            case INSTANCE -> Stream.concat(INSTANCE_SETTINGS.stream(),
                    CHANNEL_SETTINGS.stream().filter(s -> !s.isPerChannel())).toList();
            case SERVER -> SERVER_SETTINGS;
            case CHANNEL -> CHANNEL_SETTINGS;
        };
        List<String> names = here.stream().flatMap(s -> Stream.concat(Stream.of(s.name()), s.aliases().stream()))
                .toList();
        return "unknown setting" + Suggestions.didYouMean(key, names);
    }

    // ---- assembly

    private Optional<ServerConfig> server(String name, Values values) {
        requirePresent(values, HOST, "the server's host name or IP address (host = 10.10.10.20)");
        requirePresent(values, USER, "the user tandem connects as (user = tandem)");
        if (values.get(HOST).isEmpty() || values.get(USER).isEmpty() || !values.failed.isEmpty()) {
            return Optional.empty();
        }
        ExpectedSettings expected = new ExpectedSettings(
                optionalLong(values.get(EXPECTED_SERVER_ID)),
                optionalLong(values.get(EXPECTED_AUTO_INCREMENT_INCREMENT)),
                optionalLong(values.get(EXPECTED_AUTO_INCREMENT_OFFSET)),
                values.get(EXPECTED_LOG_BIN),
                values.get(EXPECTED_LOG_SLAVE_UPDATES),
                optionalLong(values.get(EXPECTED_SYNC_BINLOG)),
                values.get(EXPECTED_BINLOG_DO_DB).orElse(List.of()),
                values.get(EXPECTED_BINLOG_IGNORE_DB).orElse(List.of()),
                values.get(EXPECTED_BINLOG_FORMAT));
        return Optional.of(new ServerConfig(name, values.get(HOST).orElseThrow(),
                Math.toIntExact(values.get(PORT).orElse(PORT.defaultValue())), values.get(USER).orElseThrow(),
                values.get(PASSWORD).orElse(PASSWORD.defaultValue()), expected));
    }

    private static java.util.OptionalLong optionalLong(Optional<Long> value) {
        return value.map(java.util.OptionalLong::of).orElse(java.util.OptionalLong.empty());
    }

    private void requirePresent(Values values, Setting<?> setting, String what) {
        if (!values.mentions(setting)) {
            problems.add(values.sectionLine, values.label + " " + setting.name() + " is not set: " + what);
        }
    }

    private ChannelConfig channel(String instanceName, String name, Values values, Values instance) {
        requirePresent(values, SOURCE, "the server whose binlog this channel reads (source = db1)");
        requirePresent(values, TARGET, "the server this channel applies to (target = db2)");
        Parsers.SkipErrors skip = effective(values, instance, SKIP_ERRORS)
                .orElse(new Parsers.SkipErrors(false, new java.util.TreeSet<>()));
        FilterRules filters = new FilterRules(
                list(values, instance, REPLICATE_DO_DB), list(values, instance, REPLICATE_IGNORE_DB),
                list(values, instance, REPLICATE_DO_TABLE), list(values, instance, REPLICATE_IGNORE_TABLE),
                list(values, instance, REPLICATE_WILD_DO_TABLE), list(values, instance, REPLICATE_WILD_IGNORE_TABLE),
                list(values, instance, BINLOG_DO_DB), list(values, instance, BINLOG_IGNORE_DB));
        ErrorPolicy errors = new ErrorPolicy(skip.all(), skip.codes(),
                effective(values, instance, EXEC_MODE).orElse(EXEC_MODE.defaultValue()));
        return new ChannelConfig(
                name,
                values.get(SOURCE).orElse(""),
                values.get(TARGET).orElse(""),
                effective(values, instance, START).orElse(START.defaultValue()),
                values.get(READER_SERVER_ID).orElseGet(() -> derivedReaderServerId(instanceName, name)),
                effective(values, instance, HEARTBEAT_PERIOD).orElse(HEARTBEAT_PERIOD.defaultValue()),
                effective(values, instance, TRANSACTIONS_PER_COMMIT).orElse(TRANSACTIONS_PER_COMMIT.defaultValue())
                        .intValue(),
                effective(values, instance, PARALLEL_WORKERS).orElse(PARALLEL_WORKERS.defaultValue()).intValue(),
                filters,
                errors,
                new LinkedHashSet<>(list(values, instance, IGNORE_SERVER_IDS)),
                new LinkedHashSet<>(list(values, instance, ALLOW)));
    }

    /** The channel's own value, else the {@code [replicator]} default; a channel that sets a key replaces the default whole. */
    private static <T> Optional<T> effective(Values channel, Values instance, Setting<T> setting) {
        return channel.get(setting).or(() -> instance.get(setting));
    }

    private static <E> List<E> list(Values channel, Values instance, Setting<List<E>> setting) {
        return effective(channel, instance, setting).orElse(List.of());
    }

    /**
     * 1 000 000 000 plus the CRC-32 of {@code instance/channel} modulo 10^9: stable across restarts, far from the
     * small ids people give servers, and different per channel; a collision is caught by validation.
     */
    static long derivedReaderServerId(String instanceName, String channelName) {
        CRC32 crc = new CRC32();
        crc.update((instanceName + "/" + channelName).getBytes(StandardCharsets.UTF_8));
        return 1_000_000_000L + crc.getValue() % 1_000_000_000L;
    }

    // ---- what involves more than one line

    private void crossValidate(String metadataSchema, Set<String> declaredServers, Map<String, ServerConfig> servers,
            Map<String, Values> serverValues, List<ChannelConfig> channels, Map<String, Values> channelValues,
            Values instance) {
        if (channels.isEmpty()) {
            problems.add(0, "no [channel NAME] section: nothing to replicate (the seed's pair needs two, db1-to-db2"
                    + " and db2-to-db1)");
        }

        Map<Long, String> serverIds = new LinkedHashMap<>();
        for (ServerConfig server : servers.values()) {
            if (server.expected().serverId().isPresent()) {
                long id = server.expected().serverId().getAsLong();
                String other = serverIds.putIfAbsent(id, server.name());
                if (other != null) {
                    problems.add(serverValues.get(server.name()).line(EXPECTED_SERVER_ID), "[server " + server.name()
                            + "] server-id = " + id + " is also the server-id of [server " + other
                            + "]: every server needs its own, or loop prevention drops one server's changes on the other");
                }
            }
        }

        Map<String, String> directions = new HashMap<>();
        Map<Long, String> readerIds = new HashMap<>();
        Set<String> usedServers = new HashSet<>();
        for (ChannelConfig channel : channels) {
            Values values = channelValues.get(channel.name());
            String label = values.label;
            boolean endpointsKnown = true;
            for (Setting<String> end : List.of(SOURCE, TARGET)) {
                String server = values.get(end).orElse(null);
                if (server == null) {
                    endpointsKnown = false;
                } else if (!declaredServers.contains(server)) {
                    endpointsKnown = false;
                    problems.add(values.line(end), label + " " + end.name() + " = \"" + server + "\": no [server "
                            + server + "] section" + Suggestions.didYouMean(server, declaredServers)
                            + (declaredServers.isEmpty() ? "" : "; servers: " + String.join(", ", declaredServers)));
                } else {
                    usedServers.add(server);
                }
            }
            if (endpointsKnown && channel.source().equals(channel.target())) {
                problems.add(values.line(TARGET), label + " source and target are both " + channel.source()
                        + ": a channel replicates from one server to another");
            } else if (endpointsKnown) {
                String direction = channel.source() + " → " + channel.target();
                String other = directions.putIfAbsent(direction, channel.name());
                if (other != null) {
                    problems.add(values.sectionLine, label + " replicates " + direction + " like [channel " + other
                            + "]: at most one channel per direction, or every change is applied twice");
                }
            }

            boolean derived = !values.mentions(READER_SERVER_ID);
            String idText = label + " reader-server-id" + (derived ? " (derived: " + channel.readerServerId()
                    + "; set reader-server-id to choose another)" : " = " + channel.readerServerId());
            String sameReader = readerIds.putIfAbsent(channel.readerServerId(), channel.name());
            if (sameReader != null) {
                problems.add(values.line(READER_SERVER_ID), idText + " is also the reader-server-id of [channel "
                        + sameReader + "]: each channel needs its own, or the source disconnects one reader for the"
                        + " other");
            }
            String sameServer = serverIds.get(channel.readerServerId());
            if (sameServer != null) {
                problems.add(values.line(READER_SERVER_ID), idText + " is the server-id of [server " + sameServer
                        + "]: the source would take tandem for that server; choose an id no server uses");
            }

            ServerConfig source = servers.get(channel.source());
            if (source != null && source.expected().serverId().isPresent()
                    && channel.ignoreServerIds().contains(source.expected().serverId().getAsLong())) {
                problems.add(lineOf(values, instance, IGNORE_SERVER_IDS), label + " ignore-server-ids contains "
                        + source.expected().serverId().getAsLong() + ", the server-id of its source "
                        + source.name() + ": every change made on " + source.name() + " would be dropped");
            }

            FilterRules filters = channel.filters();
            for (Setting<List<String>> doDb : List.of(REPLICATE_DO_DB, BINLOG_DO_DB)) {
                if (list(values, instance, doDb).contains(metadataSchema)) {
                    problems.add(lineOf(values, instance, doDb), label + " " + doDb.name() + " = " + metadataSchema
                            + ": that is tandem's metadata schema, which is never replicated; use metadata-schema in"
                            + " [replicator] to give tandem another schema");
                }
            }
            if (filters.replicateDoTable().stream().map(TableId::database).anyMatch(metadataSchema::equals)) {
                problems.add(lineOf(values, instance, REPLICATE_DO_TABLE), label + " replicate-do-table names a table"
                        + " in " + metadataSchema + ", tandem's metadata schema, which is never replicated");
            }
            deadIgnoreRules(label, filters.replicateDoDb(), filters.replicateIgnoreDb(), "replicate");
            deadIgnoreRules(label, filters.binlogDoDb(), filters.binlogIgnoreDb(), "binlog");
        }

        for (String server : declaredServers) {
            if (!usedServers.contains(server) && !channels.isEmpty()) {
                warnings.add(problems.at(serverValues.get(server).sectionLine) + "[server " + server
                        + "] is not used by any channel; the startup checks skip it");
            }
        }
    }

    private int lineOf(Values channel, Values instance, Setting<?> setting) {
        return channel.mentions(setting) ? channel.line(setting) : instance.line(setting);
    }

    private void deadIgnoreRules(String label, List<String> doDb, List<String> ignoreDb, String prefix) {
        if (!doDb.isEmpty() && !ignoreDb.isEmpty()) {
            warnings.add(label + " " + prefix + "-ignore-db " + ignoreDb + " has no effect: " + prefix
                    + "-do-db is set, and as in MySQL the ignore list is then never consulted; only " + doDb
                    + " pass");
        }
    }
}

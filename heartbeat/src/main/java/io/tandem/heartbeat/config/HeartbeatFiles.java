package io.tandem.heartbeat.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Loads heartbeat's configuration directory ({@code /etc/ha.d}): {@code ha.cf}, {@code authkeys} and
 * {@code haresources}, which heartbeat needs, and tandem's optional {@code tandem.cf}. All four are read and
 * checked, against each other too, before anything is refused, so that one run shows every problem.
 */
public final class HeartbeatFiles {

    public static final String HA_CF = HaCfParser.FILE;
    public static final String AUTHKEYS = AuthKeysParser.FILE;
    public static final String HARESOURCES = HaresourcesParser.FILE;
    public static final String TANDEM_CF = TandemCfParser.FILE;

    private HeartbeatFiles() {}

    /**
     * Reads and checks the files in {@code directory} for the node named {@code localNodeName} ({@code uname -n};
     * any case, compared in lower case as heartbeat does).
     *
     * @throws ConfigRefusedException listing every problem of every file, and the warnings, when any file is
     *     missing, unreadable or wrong
     * @throws IllegalArgumentException if {@code localNodeName} is blank or contains blanks
     */
    public static HeartbeatConfig load(Path directory, String localNodeName) throws ConfigRefusedException {
        String localNode = nodeName(localNodeName);
        if (!Files.isDirectory(directory)) {
            throw new ConfigRefusedException(directory.toString(), List.of(new ConfigProblem(directory.toString(), 0, "",
                    "is not a directory; give the directory that holds ha.cf, authkeys and haresources")), List.of());
        }
        Path authkeys = directory.resolve(AUTHKEYS);
        FileContent authkeysContent = read(authkeys);
        KeyFileAccess access = authkeysContent instanceof FileContent.Present ? access(authkeys)
                : new KeyFileAccess.NotChecked("the file could not be read");
        return check(directory.toString(), localNode, read(directory.resolve(HA_CF)), authkeysContent, access,
                read(directory.resolve(HARESOURCES)), read(directory.resolve(TANDEM_CF)));
    }

    /** The contents of one file, or why there are none. */
    sealed interface FileContent permits FileContent.Present, FileContent.Missing, FileContent.Unreadable {
        record Present(String text) implements FileContent {}

        record Missing() implements FileContent {}

        record Unreadable(String reason) implements FileContent {}
    }

    /** Checks the four files' contents; the seam the tests use, with the authkeys mode given rather than read. */
    static HeartbeatConfig check(String origin, String localNode, FileContent haCf, FileContent authkeys,
            KeyFileAccess authkeysAccess, FileContent haresources, FileContent tandemCf) throws ConfigRefusedException {
        Problems haCfProblems = new Problems(HA_CF);
        Problems authkeysProblems = new Problems(AUTHKEYS);
        Problems haresourcesProblems = new Problems(HARESOURCES);
        Problems tandemCfProblems = new Problems(TANDEM_CF);

        Optional<HaConfig> haConfig = text(haCf, haCfProblems, "heartbeat cannot start without it; begin with the"
                + " annotated sample in /usr/share/doc/heartbeat/ha.cf.gz")
                .map(text -> HaCfParser.parse(text, localNode, haCfProblems));
        Optional<AuthKeys> authKeys = text(authkeys, authkeysProblems, "create it with the lines auth 1 and 1 sha1"
                + " <long random key>, the same on every node, then chmod 600 authkeys")
                .flatMap(text -> AuthKeysParser.parse(text, authkeysAccess, authkeysProblems));
        List<HaresourcesParser.ParsedGroup> groups = text(haresources, haresourcesProblems, "tandem runs heartbeat's R1"
                + " mode, whose resources come from haresources: one line per group, <home node> <resource> ...")
                .map(text -> HaresourcesParser.parse(text, haresourcesProblems))
                .orElse(List.of());
        TandemCfParser.ParsedTandemCf tandem = switch (tandemCf) {
            case FileContent.Present present -> TandemCfParser.parse(present.text(), tandemCfProblems);
            case FileContent.Missing missing -> new TandemCfParser.ParsedTandemCf(TandemSettings.DEFAULTS, 0);
            case FileContent.Unreadable unreadable -> {
                tandemCfProblems.refuse(0, "", "cannot be read: " + unreadable.reason());
                yield new TandemCfParser.ParsedTandemCf(TandemSettings.DEFAULTS, 0);
            }
        };

        haConfig.ifPresent(ha -> {
            checkHomeNodes(ha, groups, haresourcesProblems);
            if (tandem.pingQuorumLine() > 0 && ha.pingTargets().isEmpty()) {
                tandemCfProblems.refuse(tandem.pingQuorumLine(), "ping_quorum", "on, but ha.cf declares no ping node;"
                        + " add ping <ip> (or ping_group <name> <ip> ...) to ha.cf, or write ping_quorum off");
            }
        });

        List<Problems> all = List.of(haCfProblems, authkeysProblems, haresourcesProblems, tandemCfProblems);
        List<ConfigProblem> errors = new ArrayList<>();
        List<ConfigProblem> warnings = new ArrayList<>();
        all.forEach(problems -> {
            errors.addAll(problems.errors());
            warnings.addAll(problems.warnings());
        });
        if (!errors.isEmpty() || haConfig.isEmpty() || authKeys.isEmpty()) {
            throw new ConfigRefusedException(origin, errors, warnings);
        }
        return new HeartbeatConfig(localNode, haConfig.get(), authKeys.get(),
                groups.stream().map(HaresourcesParser.ParsedGroup::group).toList(), tandem.settings(), warnings);
    }

    /** Lower case, as heartbeat keeps node names; refuses what cannot be a node name at all. */
    static String nodeName(String localNodeName) {
        if (localNodeName.isBlank() || localNodeName.chars().anyMatch(c -> c <= ' ')) {
            throw new IllegalArgumentException("a node name is one word (uname -n), not \"" + localNodeName + "\"");
        }
        return localNodeName.toLowerCase(Locale.ROOT);
    }

    private static void checkHomeNodes(HaConfig ha, List<HaresourcesParser.ParsedGroup> groups, Problems problems) {
        Set<String> nodes = Set.copyOf(ha.nodes());
        for (HaresourcesParser.ParsedGroup parsed : groups) {
            String home = parsed.group().preferredNode();
            if (!nodes.isEmpty() && !nodes.contains(home)) {
                problems.refuse(parsed.line(), home, "the home node " + home + " is not a node of ha.cf ("
                        + ha.nodes().stream().collect(Collectors.joining(", ")) + "); heartbeat 3.0.6 refuses that"
                        + " (\"Bad nodename in haresources\"). Names must match uname -n");
            }
        }
    }

    private static Optional<String> text(FileContent content, Problems problems, String whatToDo) {
        return switch (content) {
            case FileContent.Present present -> Optional.of(present.text());
            case FileContent.Missing missing -> {
                problems.refuse(0, "", "missing; " + whatToDo);
                yield Optional.empty();
            }
            case FileContent.Unreadable unreadable -> {
                problems.refuse(0, "", "cannot be read: " + unreadable.reason());
                yield Optional.empty();
            }
        };
    }

    private static FileContent read(Path file) {
        try {
            return new FileContent.Present(ConfigText.decode(Files.readAllBytes(file)));
        } catch (NoSuchFileException e) {
            return new FileContent.Missing();
        } catch (IOException e) {
            return new FileContent.Unreadable(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static KeyFileAccess access(Path file) {
        try {
            // Follows a symbolic link, as heartbeat's fstat of the opened file does.
            return KeyFileAccess.of(Files.getPosixFilePermissions(file));
        } catch (UnsupportedOperationException e) {
            return new KeyFileAccess.NotChecked("the file system has no POSIX permissions");
        } catch (IOException e) {
            return new KeyFileAccess.NotChecked(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}

package io.tandem.drbd.agent;

import io.tandem.drbd.command.NodeState;
import io.tandem.drbd.config.Dialect;
import io.tandem.drbd.status.ConnectionState;
import io.tandem.drbd.status.DiskState;
import io.tandem.drbd.status.Drbd8ConnectionWord;
import io.tandem.drbd.status.DrbdadmStatusParser;
import io.tandem.drbd.status.ParseOutcome;
import io.tandem.drbd.status.PeerStatus;
import io.tandem.drbd.status.PeerVolumeStatus;
import io.tandem.drbd.status.ResourceStatus;
import io.tandem.drbd.status.NodeStates;
import io.tandem.drbd.status.ReplicationState;
import io.tandem.drbd.status.Role;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The host's DRBD through drbdadm: {@code role}, {@code dstate} and {@code cstate} for the state of 8.3 and 8.4, and
 * {@code drbdadm status} for 9, whose {@code cstate} no longer shows a resync; {@code sh-dev} and the mount table for whether the device is mounted, {@code
 * /proc/drbd}'s version line for the dialect (without a module, drbdadm's own {@code DRBD_DRIVER_VERSION_OVERRIDE}).
 * Only drbdadm's stdout is parsed; its stderr (warnings, the {@code PRETENDING} lines of {@code __DRBD_NODE__}) goes
 * into failure messages.
 */
public final class DrbdadmHost implements LocalDrbd {

    /** drbdadm's "not configured" exit code, as for a resource that is not up. */
    private static final int EXIT_NOT_CONFIGURED = 10;
    private static final String VERSION_OVERRIDE = "DRBD_DRIVER_VERSION_OVERRIDE";

    /**
     * How to reach drbdadm.
     *
     * @param drbdadm the command that replaces the planner's {@code drbdadm}: {@code [drbdadm]}, or with {@code -c
     *     FILE} for another configuration
     * @param environment added to drbdadm's environment
     * @param procDrbd {@code /proc/drbd}: absent means no kernel module
     * @param mounts {@code /proc/self/mounts}
     * @param timeout for one drbdadm run; a promotion waits for the fence-peer handler
     */
    public record Setup(List<String> drbdadm, Map<String, String> environment, Path procDrbd, Path mounts,
            Duration timeout) {

        public Setup {
            drbdadm = List.copyOf(drbdadm);
            environment = Map.copyOf(environment);
            if (drbdadm.isEmpty()) {
                throw new IllegalArgumentException("the drbdadm command is empty");
            }
            Objects.requireNonNull(procDrbd, "procDrbd");
            Objects.requireNonNull(mounts, "mounts");
            Objects.requireNonNull(timeout, "timeout");
        }

        /** The system's drbdadm and its default configuration. */
        public static Setup standard() {
            return new Setup(List.of("drbdadm"), Map.of(), Path.of("/proc/drbd"), Path.of("/proc/self/mounts"),
                    Duration.ofSeconds(90));
        }
    }

    private final Setup setup;

    public DrbdadmHost(Setup setup) {
        this.setup = Objects.requireNonNull(setup, "setup");
    }

    @Override
    public Dialect dialect() throws DrbdUnavailableException {
        String version = versionLine();
        String release = version.substring("version: ".length()).split("[ (]", 2)[0];
        if (release.startsWith("8.3.")) {
            return Dialect.V83;
        }
        if (release.startsWith("8.4.")) {
            return Dialect.V84;
        }
        if (release.startsWith("9.")) {
            return Dialect.V9;
        }
        throw new DrbdUnavailableException("DRBD " + release + " (" + setup.procDrbd() + ") is none of the dialects "
                + "tandem speaks: 8.3, 8.4, 9", false);
    }

    @Override
    public NodeState state(String resource) throws DrbdUnavailableException {
        Dialect dialect = dialect();
        if (dialect == Dialect.V9) {
            return stateFromStatus(resource);
        }
        String role = query("role", resource);
        String[] roles = role.split("/");
        Role localRole = Role.fromWord(roles[0]).state();
        String[] disks = query("dstate", resource).split("/");
        DiskState localDisk = DiskState.fromWord(disks[0]).state();
        DiskState peerDisk = disks.length > 1 ? DiskState.fromWord(disks[1]).state() : DiskState.DUNKNOWN;
        // 8.x folds replication into the cs word: SyncTarget means connected and resyncing.
        Drbd8ConnectionWord split = Drbd8ConnectionWord.split(query("cstate", resource));
        ConnectionState connection = split.connection().state();
        ReplicationState replication = split.replication().state();
        return NodeStates.of(localRole, localDisk, peerDisk, connection, replication, isMounted(resource),
                NodeState.DataComparison.UNKNOWN);
    }

    /**
     * DRBD 9: {@code drbdadm status}, whose peer lines carry the replication state (a running resync) that 9's
     * {@code cstate} no longer shows. Volume 0 and the first peer: tandem's resources are two-node, one volume.
     */
    private NodeState stateFromStatus(String resource) throws DrbdUnavailableException {
        Run run = execute(List.of("status", resource));
        if (run.exitCode == EXIT_NOT_CONFIGURED || run.stdout.isBlank()) {
            throw new DrbdUnavailableException(resource + " is not up here (drbdadm status " + resource + " exited "
                    + run.exitCode + "); bring it up with drbdadm up " + resource, run.exitCode == EXIT_NOT_CONFIGURED);
        }
        if (run.exitCode != 0) {
            throw new DrbdUnavailableException("drbdadm status " + resource + " exited " + run.exitCode
                    + (run.stderr.isBlank() ? "" : ": " + run.stderr.strip()), false);
        }
        ResourceStatus status = switch (DrbdadmStatusParser.parse(run.stdout)) {
            case ParseOutcome.Parsed<List<ResourceStatus>> parsed -> parsed.status().stream()
                    .filter(candidate -> candidate.name().equals(resource)).findFirst()
                    .orElseThrow(() -> new DrbdUnavailableException("drbdadm status does not list " + resource,
                            false));
            case ParseOutcome.UnknownFormat<List<ResourceStatus>> unknown -> throw new DrbdUnavailableException(
                    "drbdadm status printed a format tandem does not know: " + unknown, false);
        };
        DiskState localDisk = status.volume(0).or(() -> status.volumes().stream().findFirst())
                .map(volume -> volume.disk().state()).orElse(DiskState.DISKLESS);
        Optional<PeerStatus> peer = status.peers().stream().findFirst();
        ConnectionState connection = peer.map(p -> p.connection().state()).orElse(ConnectionState.STANDALONE);
        Optional<PeerVolumeStatus> peerVolume = peer.flatMap(p -> p.volume(0)
                .or(() -> p.volumes().stream().findFirst()));
        ReplicationState replication = peerVolume.map(v -> v.replication().state()).orElse(ReplicationState.OFF);
        DiskState peerDisk = peerVolume.map(v -> v.peerDisk().state()).orElse(DiskState.DUNKNOWN);
        return NodeStates.of(status.role().state(), localDisk, peerDisk, connection, replication, isMounted(resource),
                NodeState.DataComparison.UNKNOWN);
    }

    @Override
    public CommandOutcome run(List<String> argv) {
        if (argv.isEmpty() || !argv.getFirst().equals("drbdadm")) {
            throw new IllegalArgumentException("not a drbdadm command: " + argv);
        }
        Run run = execute(argv.subList(1, argv.size()));
        return new CommandOutcome(run.exitCode, (run.stdout + run.stderr).strip());
    }

    /** The first line drbdadm prints for {@code subcommand resource}, or why there is none. */
    private String query(String subcommand, String resource) throws DrbdUnavailableException {
        Run run = execute(List.of(subcommand, resource));
        String firstLine = run.stdout.lines().map(String::strip).filter(line -> !line.isEmpty()).findFirst()
                .orElse("");
        if (run.exitCode == EXIT_NOT_CONFIGURED || firstLine.startsWith("Unconfigured")) {
            throw new DrbdUnavailableException(resource + " is Unconfigured here (drbdadm " + subcommand + " "
                    + resource + " exited " + run.exitCode + "); bring it up with drbdadm up " + resource, true);
        }
        if (run.exitCode != 0 || firstLine.isEmpty()) {
            throw new DrbdUnavailableException("drbdadm " + subcommand + " " + resource + " exited " + run.exitCode
                    + (run.stderr.isBlank() ? "" : ": " + run.stderr.strip()), false);
        }
        return firstLine;
    }

    private String versionLine() throws DrbdUnavailableException {
        // drbdadm's own override, which makes drbdadm act as that DRBD version: tandem speaks the same dialect.
        String override = setup.environment().getOrDefault(VERSION_OVERRIDE, System.getenv(VERSION_OVERRIDE));
        if (override != null && !override.isBlank() && !Files.exists(setup.procDrbd())) {
            return "version: " + override.strip() + " (" + VERSION_OVERRIDE + ")";
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(setup.procDrbd(), StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new DrbdUnavailableException("no DRBD kernel module: " + setup.procDrbd() + " is missing (load it "
                    + "with modprobe drbd)", true);
        } catch (IOException e) {
            throw new DrbdUnavailableException("cannot read " + setup.procDrbd() + ": " + e.getMessage(), false);
        }
        if (lines.isEmpty() || !lines.getFirst().startsWith("version: ")) {
            throw new DrbdUnavailableException(setup.procDrbd() + " does not start with \"version: \"", false);
        }
        return lines.getFirst();
    }

    /** Whether the resource's device is a mount source; {@code sh-dev} only parses the configuration. */
    private boolean isMounted(String resource) throws DrbdUnavailableException {
        Path device = Path.of(query("sh-dev", resource));
        List<String> mounts;
        try {
            mounts = Files.readAllLines(setup.mounts(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DrbdUnavailableException("cannot read " + setup.mounts() + ": " + e.getMessage(), false);
        }
        Path realDevice = realPath(device);
        for (String line : mounts) {
            String source = line.split(" ", 2)[0].replace("\\040", " ");
            if (source.startsWith("/") && (Path.of(source).equals(device) || realPath(Path.of(source))
                    .equals(realDevice))) {
                return true;
            }
        }
        return false;
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path; // a device node that does not exist is compared by name
        }
    }

    private record Run(int exitCode, String stdout, String stderr) {}

    private Run execute(List<String> arguments) {
        List<String> command = new ArrayList<>(setup.drbdadm());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(
                new java.io.File("/dev/null")));
        builder.environment().putAll(setup.environment());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return new Run(127, "", "cannot run " + String.join(" ", command) + ": " + e.getMessage());
        }
        CompletableFuture<String> stdout = drain(process.getInputStream());
        CompletableFuture<String> stderr = drain(process.getErrorStream());
        try {
            if (!process.waitFor(setup.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor();
                return new Run(124, stdout.join(), stderr.join() + "\nkilled after " + setup.timeout().toSeconds()
                        + " s: " + String.join(" ", command));
            }
            return new Run(process.exitValue(), stdout.join(), stderr.join());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Run(130, "", "interrupted: " + String.join(" ", command));
        }
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                stream.transferTo(bytes);
                return bytes.toString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, Thread::startVirtualThread);
    }
}

package io.tandem.heartbeat.interop;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tandem.testkit.Await;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real Linux-HA heartbeat 3.0.6 daemon (Debian package {@code heartbeat}) running as one machine of a test
 * cluster, on one {@link TwoHostNetwork.Host}: the reference a tandem node must interoperate with.
 *
 * <pre>
 * try (TwoHostNetwork network = TwoHostNetwork.create();
 *      RealHeartbeatNode node1 = RealHeartbeatNode.start("wshuttle-test1", network.first(), settings, dir);
 *      RealHeartbeatNode node2 = RealHeartbeatNode.start("wshuttle-test2", network.second(), settings, dir)) {
 *     ...
 * }
 * </pre>
 *
 * <p>Sandbox: heartbeat reads and writes fixed paths, so each node runs in its own mount and UTS namespace, inside
 * its host's network namespace ({@code ip netns exec <ns> unshare --mount --uts --propagation private}, see
 * {@code interop/start-heartbeat.sh}). Its working directory, {@code <directory>/<node name>/}, is bind-mounted
 * over the paths heartbeat uses:
 * <ul>
 *   <li>{@code etc-ha.d/} over {@code /etc/ha.d}: a copy of the package's harc, rc.d, resource.d and shellfuncs,
 *       plus {@code ha.cf}, {@code authkeys} (mode 600) and {@code haresources} rendered from {@link HaCfSettings};
 *   <li>{@code var-lib-heartbeat/} over {@code /var/lib/heartbeat}: the package's empty directories at first
 *       start; then the node's {@code hb_generation} and {@code hb_uuid}, kept across restarts, so a restarted
 *       node comes back with the same UUID and the next generation, as in the captures;
 *   <li>{@code run/} over {@code /run} (and so {@code /var/run}): {@code heartbeat.pid}, the API socket
 *       {@code cl_status} talks to, resource-agents state; emptied at every start, as a reboot empties the tmpfs;
 *   <li>{@code log/} over {@code /var/log}: {@code ha-log} and {@code ha-debug}, the captured ha.cf's paths.
 * </ul>
 * The host name is the node name, since heartbeat finds itself in the {@code node} lines by {@code uname -n}.
 * Resource scripts run inside the same namespaces, so {@code IPaddr} adds the VIP to this host's {@code eth1}.
 *
 * <p>Life cycle: {@link #stop()} is heartbeat's graceful shutdown (what {@code heartbeat -k} sends: SIGTERM to the
 * master control process); the node releases its resources and announces {@code shutdone}. {@link #kill()} is
 * SIGKILL to every process of the node at once, resource scripts included: nothing is released, the VIP stays
 * configured (see {@link TwoHostNetwork.Host#removeVirtualAddresses()}). {@link #restart()} starts a stopped or
 * killed node again with the same identity. The working directory is left in place for whoever reads a failure.
 *
 * <p>What to expect in {@link #log()} in such a sandbox: "ERROR: Cannot lock ourselves into memory" (the
 * memlock limit; harmless), and on the daemon's stderr ({@code heartbeat.out}) "udpport setting must precede media
 * statements" even when it does (3.0.6 parses ha.cf twice; the port is used all the same).
 *
 * <p>Call {@link #assumeUsable()} first so that a test skips, with the reason, where the daemon cannot run. Not
 * thread-safe: drive a node from the test's thread.
 */
public final class RealHeartbeatNode implements AutoCloseable {

    public static final Path DAEMON = Path.of("/usr/libexec/heartbeat/heartbeat");
    private static final Path PACKAGE_HA_D = Path.of("/etc/ha.d");
    private static final Path PACKAGE_VAR_LIB = Path.of("/var/lib/heartbeat");
    /** Before it writes its PID file heartbeat only parses its configuration and opens its sockets. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    /** Beyond initdead (a stop waits for comm-up): releasing resources runs their scripts, 10 retries at worst. */
    private static final Duration STOP_SLACK = Duration.ofSeconds(30);
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);
    private static final String HACLUSTER = "hacluster";
    private static final String HACLIENT = "haclient";

    private static final Logger log = LoggerFactory.getLogger(RealHeartbeatNode.class);

    private final String name;
    private final TwoHostNetwork.Host host;
    private final HaCfSettings settings;
    private final Path workDirectory;
    private Process process;
    private String mountNamespace;

    private RealHeartbeatNode(String name, TwoHostNetwork.Host host, HaCfSettings settings, Path workDirectory) {
        this.name = name;
        this.host = host;
        this.settings = settings;
        this.workDirectory = workDirectory;
    }

    /**
     * Skips the calling test, with the reason, unless {@link TwoHostNetwork#assumeUsable()} holds and the heartbeat
     * package, {@code unshare} and {@code nsenter} are installed.
     */
    public static void assumeUsable() {
        TwoHostNetwork.assumeUsable();
        assumeTrue(Files.isExecutable(DAEMON), "needs the real heartbeat 3.0.6 daemon at " + DAEMON
                + " (Debian package heartbeat)");
        assumeTrue(Files.isExecutable(PACKAGE_HA_D.resolve("harc")), "needs the heartbeat package's "
                + PACKAGE_HA_D + "/harc, rc.d and resource.d");
        assumeTrue(hasHeartbeatAccounts(), "needs the user " + HACLUSTER + " and group " + HACLIENT
                + " that the heartbeat package creates");
        assumeTrue(Stream.of("/usr/bin/unshare", "/usr/bin/nsenter").allMatch(TwoHostNetwork::isExecutable),
                "needs unshare and nsenter (util-linux)");
    }

    /**
     * Writes the node's files under {@code directory/<name>/} and starts heartbeat on {@code host}; returns once
     * the daemon has written its PID file. The peer of the {@code ucast} line is {@code host.peer()}.
     *
     * @param name the node name, one of {@code settings.nodes()}; also the host name the daemon sees
     * @param directory where node directories live; a directory already holding this node's state is reused (the
     *     node then starts with its old UUID and the next generation)
     */
    public static RealHeartbeatNode start(String name, TwoHostNetwork.Host host, HaCfSettings settings,
            Path directory) {
        if (!settings.nodes().contains(name)) {
            throw new IllegalArgumentException("node " + name + " is not in the node lines " + settings.nodes());
        }
        RealHeartbeatNode node = new RealHeartbeatNode(name, host, settings, directory.resolve(name).toAbsolutePath());
        node.writeFiles();
        node.startProcess();
        return node;
    }

    public String name() {
        return name;
    }

    public TwoHostNetwork.Host host() {
        return host;
    }

    public HaCfSettings settings() {
        return settings;
    }

    /** The node's own files: etc-ha.d, var-lib-heartbeat, run, log, and heartbeat.out (the daemon's stderr). */
    public Path workDirectory() {
        return workDirectory;
    }

    /** The master control process as the host sees it. */
    public long pid() {
        return process.pid();
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The text of {@code ha-log}: heartbeat's own lines and those of harc, ResourceManager and the agents. */
    public String log() {
        return read(workDirectory.resolve("log/ha-log"));
    }

    /** The text of {@code ha-debug}. */
    public String debugLog() {
        return read(workDirectory.resolve("log/ha-debug"));
    }

    /** The last {@code lines} lines of {@link #log()}, for failure messages. */
    public String logTail(int lines) {
        List<String> all = log().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /**
     * Graceful stop: SIGTERM to the master control process, as {@code heartbeat -k} sends, then waits for it to
     * exit. A node stopped before comm-up delays its stop until comm-up, so the bound is initdead plus time for
     * the resource scripts. A no-op when it is not running.
     *
     * @throws IllegalStateException if it did not exit in time; it has been killed then
     */
    public void stop() {
        requestStop();
        awaitStop(stopTimeout());
    }

    /** Sends heartbeat's stop signal and returns at once, for tests that watch the hand-over while it happens. */
    public void requestStop() {
        if (isRunning()) {
            log.info("heartbeat[{}]: stopping (SIGTERM to pid {})", name, pid());
            process.destroy();
        }
    }

    /**
     * Waits for the daemon to exit after {@link #requestStop()}, then kills any process of the node still running.
     *
     * @throws IllegalStateException if it did not exit within {@code timeout}; it has been killed then
     */
    public void awaitStop(Duration timeout) {
        if (process == null) {
            return;
        }
        boolean exited = waitFor(process, timeout);
        if (!exited) {
            kill();
            throw new IllegalStateException("heartbeat[" + name + "] did not stop within " + timeout
                    + " after SIGTERM; killed it. Last log lines:\n" + logTail(20));
        }
        int leftovers = killEverythingInMountNamespace();
        if (leftovers > 0) {
            log.warn("heartbeat[{}]: killed {} process(es) still running after the daemon exited", name, leftovers);
        }
        log.info("heartbeat[{}]: stopped (exit {})", name, process.exitValue());
    }

    /** The bound {@link #stop()} uses: initdead (a stop waits for comm-up) plus time for the resource scripts. */
    public Duration stopTimeout() {
        return settings.initdead().plus(STOP_SLACK);
    }

    /**
     * SIGKILL to the daemon, its children and everything they started (resource scripts, {@code send_arp}): every
     * process in the node's mount namespace, as if the machine lost power. Nothing is released or announced; the
     * addresses the node configured stay. Returns once all of them are gone. A no-op when it is not running.
     */
    public void kill() {
        if (process == null) {
            return;
        }
        int killed = killEverythingInMountNamespace();
        if (!waitFor(process, KILL_TIMEOUT)) {
            throw new IllegalStateException("heartbeat[" + name + "] pid " + pid() + " survived SIGKILL for "
                    + KILL_TIMEOUT);
        }
        log.info("heartbeat[{}]: killed with SIGKILL ({} processes)", name, killed);
    }

    /**
     * Starts the node again with the same files after {@link #stop()} or {@link #kill()}, stopping it first if it
     * runs. {@code /run} starts empty, as after a reboot; {@code /var/lib/heartbeat} is kept, so the node returns
     * with the same UUID and the next generation.
     */
    public void restart() {
        if (isRunning()) {
            stop();
        }
        startProcess();
    }

    /**
     * Runs {@code command} inside the node's network, mount and UTS namespaces ({@code nsenter}), where it sees the
     * node's {@code /etc/ha.d}, {@code /run} and host name: {@code cl_status}, {@code hb_standby},
     * {@code /etc/ha.d/resource.d/IPaddr ... status}. Needs the daemon running.
     */
    public CommandResult exec(Duration timeout, String... command) {
        if (!isRunning()) {
            throw new IllegalStateException("heartbeat[" + name + "] is not running; cannot enter its namespaces");
        }
        List<String> argv = new ArrayList<>(List.of("nsenter", "-t", Long.toString(pid()), "-n", "-m", "-u", "--"));
        argv.addAll(List.of(command));
        return Commands.run(timeout, argv);
    }

    /**
     * {@code cl_status <arguments>} through the daemon's API socket; returns what it printed, without the trailing
     * newline. The output is the answer, not the exit code: {@code nodestatus} of a dead node prints
     * {@code dead} and exits 1.
     *
     * @throws IllegalStateException if cl_status printed nothing on standard output: an unknown node, or a daemon
     *     not accepting API clients (3.0.6 refuses them until its comm-up: "Cannot signon with heartbeat")
     */
    public String clStatus(String... arguments) {
        List<String> argv = new ArrayList<>(List.of("cl_status"));
        argv.addAll(List.of(arguments));
        CommandResult result = exec(Commands.DEFAULT_TIMEOUT, argv.toArray(String[]::new));
        if (result.stdout().isBlank()) {
            throw new IllegalStateException("heartbeat[" + name + "]: " + result);
        }
        return result.stdout().strip();
    }

    /** {@code cl_status nodestatus <node>}: {@code init}, {@code up}, {@code active} or {@code dead}. */
    public String nodeStatus(String node) {
        return clStatus("nodestatus", node);
    }

    /**
     * {@code cl_status rscstatus}: what this node holds, {@code none}, {@code local}, {@code foreign} or
     * {@code all}, or {@code transition} while the resource exchange runs.
     */
    public String resourceStatus() {
        return clStatus("rscstatus");
    }

    /** Stops gracefully within {@link #stopTimeout()}, killing the node if that fails; never throws. */
    @Override
    public void close() {
        try {
            if (isRunning()) {
                stop();
            }
        } catch (RuntimeException e) {
            log.warn("heartbeat[{}]: {}", name, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "heartbeat[" + name + "] " + (isRunning() ? "pid " + pid() : "not running") + " on " + host;
    }

    private void writeFiles() {
        try {
            Files.createDirectories(workDirectory);
            // Paths under a 0700 temporary directory are fine: inside the node only the mount points are walked.
            Files.setPosixFilePermissions(workDirectory, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path haD = workDirectory.resolve("etc-ha.d");
            if (!Files.exists(haD)) {
                Commands.run("cp", "-a", PACKAGE_HA_D + "/.", haD.toString()).requireSuccess();
            }
            Path varLib = workDirectory.resolve("var-lib-heartbeat");
            if (!Files.exists(varLib)) {
                copyDirectoriesOnly(PACKAGE_VAR_LIB, varLib);
            }
            Files.createDirectories(workDirectory.resolve("log"));
            Files.createDirectories(workDirectory.resolve("run"));
            List<String> logDirectives = List.of("logfile /var/log/ha-log", "debugfile /var/log/ha-debug",
                    "logfacility none");
            Files.writeString(haD.resolve("ha.cf"), settings.renderHaCf(logDirectives, host.interfaceName(),
                    host.peer().address()));
            Path authkeys = haD.resolve("authkeys");
            Files.deleteIfExists(authkeys);
            Files.createFile(authkeys,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(authkeys, settings.renderAuthkeys());
            Files.writeString(haD.resolve("haresources"), settings.renderHaresources());
            try (InputStream script = RealHeartbeatNode.class.getResourceAsStream("/interop/start-heartbeat.sh")) {
                if (script == null) {
                    throw new IllegalStateException("interop/start-heartbeat.sh is not on the test classpath");
                }
                Files.copy(script, workDirectory.resolve("start-heartbeat.sh"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the files of heartbeat[" + name + "] in " + workDirectory, e);
        }
    }

    /**
     * The package's directory tree without its files: a host that ever ran heartbeat has its own hb_uuid and
     * hb_generation there, and two nodes sharing a UUID would be one node to their peers.
     */
    private static void copyDirectoriesOnly(Path source, Path target) throws IOException {
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                Files.copy(dir, target.resolve(source.relativize(dir).toString()), StandardCopyOption.COPY_ATTRIBUTES,
                        LinkOption.NOFOLLOW_LINKS);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** A fresh {@code /run}, as systemd-tmpfiles makes it at boot from heartbeat's and resource-agents' entries. */
    private void resetRun() throws IOException {
        Path run = workDirectory.resolve("run");
        if (Files.exists(run)) {
            try (Stream<Path> paths = Files.walk(run)) {
                for (Path path : paths.sorted((a, b) -> b.compareTo(a)).toList()) {
                    if (!path.equals(run)) {
                        Files.delete(path);
                    }
                }
            }
        }
        Files.createDirectories(run);
        Path heartbeatRun = Files.createDirectories(run.resolve("heartbeat"));
        Files.setPosixFilePermissions(heartbeatRun, PosixFilePermissions.fromString("rwxr-x---"));
        UserPrincipalLookupService principals = run.getFileSystem().getUserPrincipalLookupService();
        PosixFileAttributeView view = Files.getFileAttributeView(heartbeatRun, PosixFileAttributeView.class);
        view.setOwner(principals.lookupPrincipalByName(HACLUSTER));
        view.setGroup(principals.lookupPrincipalByGroupName(HACLIENT));
        Path agents = Files.createDirectories(run.resolve("resource-agents"));
        Files.setPosixFilePermissions(agents, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(run.resolve("lock"));
    }

    private void startProcess() {
        List<String> argv = List.of("ip", "netns", "exec", host.namespace(), "unshare", "--mount", "--uts",
                "--propagation", "private", "sh", workDirectory.resolve("start-heartbeat.sh").toString(),
                workDirectory.toString(), name);
        Path output = workDirectory.resolve("heartbeat.out");
        try {
            resetRun();
            process = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start heartbeat[" + name + "]: " + String.join(" ", argv), e);
        }
        Path pidFile = workDirectory.resolve("run/heartbeat.pid");
        Await.until("heartbeat[" + name + "] to write its PID file", () -> !process.isAlive()
                || read(pidFile).strip().equals(Long.toString(process.pid())), START_TIMEOUT,
                () -> read(output) + logTail(20));
        if (!process.isAlive()) {
            throw new IllegalStateException("heartbeat[" + name + "] exited " + process.exitValue()
                    + " while starting. Output:\n" + read(output) + "\nLast log lines:\n" + logTail(20));
        }
        mountNamespace = mountNamespaceOf(process.pid()).orElseThrow(
                () -> new IllegalStateException("heartbeat[" + name + "] has no readable mount namespace"));
        if (mountNamespace.equals(mountNamespaceOf(ProcessHandle.current().pid()).orElse(""))) {
            // kill() sweeps by mount namespace; sharing the test's would make it kill the test's own processes.
            process.destroyForcibly();
            throw new IllegalStateException("heartbeat[" + name + "] runs in the test's mount namespace; refusing");
        }
        log.info("heartbeat[{}]: started, pid {}, on {}; files in {}", name, process.pid(), host, workDirectory);
    }

    /**
     * SIGKILLs every process in the node's mount namespace, the master first so that it forks no more, and sweeps
     * again until none is left: a script may fork between two sweeps. Returns how many were killed.
     */
    private int killEverythingInMountNamespace() {
        int killed = 0;
        if (process.isAlive()) {
            process.destroyForcibly();
            killed++;
        }
        long deadline = System.nanoTime() + KILL_TIMEOUT.toNanos();
        while (true) {
            List<ProcessHandle> members = ProcessHandle.allProcesses().filter(p -> p.pid() != process.pid())
                    .filter(p -> mountNamespaceOf(p.pid()).map(mountNamespace::equals).orElse(false)).toList();
            if (members.isEmpty()) {
                return killed;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("heartbeat[" + name + "]: processes "
                        + members.stream().map(ProcessHandle::pid).toList() + " keep appearing after SIGKILL");
            }
            for (ProcessHandle member : members) {
                if (member.destroyForcibly()) {
                    killed++;
                }
            }
            for (ProcessHandle member : members) {
                awaitExit(member);
            }
        }
    }

    private static void awaitExit(ProcessHandle member) {
        try {
            member.onExit().get(KILL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("process " + member.pid() + " survived SIGKILL for " + KILL_TIMEOUT, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing process " + member.pid(), e);
        }
    }

    private static Optional<String> mountNamespaceOf(long pid) {
        try {
            return Optional.of(Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "ns", "mnt")).toString());
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    private static boolean waitFor(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + process.pid(), e);
        }
    }

    /** Whether the package's account and group exist: heartbeat's /run/heartbeat belongs to them. */
    private static boolean hasHeartbeatAccounts() {
        UserPrincipalLookupService principals = Path.of("/").getFileSystem().getUserPrincipalLookupService();
        try {
            principals.lookupPrincipalByName(HACLUSTER);
            principals.lookupPrincipalByGroupName(HACLIENT);
            return true;
        } catch (UserPrincipalNotFoundException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }
}

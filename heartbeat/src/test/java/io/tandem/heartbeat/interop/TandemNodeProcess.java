package io.tandem.heartbeat.interop;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A tandem heartbeat node ({@link TandemNodeMain}) as a process inside one {@link TwoHostNetwork.Host}'s network
 * namespace, configured with the same ha.cf, authkeys and haresources a real node of the test gets (rendered
 * from {@link HaCfSettings}), so that it can take the place of either real node. Its state directory (UUID,
 * generation) stays across restarts, as a machine's disk does.
 */
public final class TandemNodeProcess implements AutoCloseable {

    private final String name;
    private final TwoHostNetwork.Host host;
    private final Path directory;
    private Process process;

    private TandemNodeProcess(String name, TwoHostNetwork.Host host, Path directory) {
        this.name = name;
        this.host = host;
        this.directory = directory;
    }

    /** Writes the node's files under {@code directory/name} and starts it. */
    public static TandemNodeProcess start(String name, TwoHostNetwork.Host host, HaCfSettings settings, Path directory)
            throws IOException {
        return start(name, host, settings, "", directory);
    }

    /** As {@link #start(String, TwoHostNetwork.Host, HaCfSettings, Path)}, with a tandem.cf beside ha.cf. */
    public static TandemNodeProcess start(String name, TwoHostNetwork.Host host, HaCfSettings settings,
            String tandemCf, Path directory) throws IOException {
        Path own = Files.createDirectories(directory.resolve(name));
        Path haDirectory = Files.createDirectories(own.resolve("ha.d"));
        Files.writeString(haDirectory.resolve("ha.cf"), settings.renderHaCf(List.of(), TwoHostNetwork.INTERFACE,
                host.peer().address()));
        Path authkeys = haDirectory.resolve("authkeys");
        Files.writeString(authkeys, settings.renderAuthkeys());
        Files.setPosixFilePermissions(authkeys, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(haDirectory.resolve("haresources"), settings.renderHaresources());
        if (!tandemCf.isEmpty()) {
            Files.writeString(haDirectory.resolve("tandem.cf"), tandemCf);
        }
        TandemNodeProcess node = new TandemNodeProcess(name, host, own);
        node.launch();
        return node;
    }

    /** Starts the node again after {@link #kill()} or {@link #stop()}: same files, same identity, next generation. */
    public void restart() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is still running");
        }
        launch();
    }

    private void launch() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try {
            Files.deleteIfExists(statusFile());
            process = new ProcessBuilder("ip", "netns", "exec", host.namespace(), java, "-Xmx128m",
                    "-Dio.netty.noUnsafe=true", "-cp", System.getProperty("java.class.path"),
                    TandemNodeMain.class.getName(), directory.resolve("ha.d").toString(),
                    directory.resolve("state").toString(), name, statusFile().toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(new File(log().toString())))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last status line: {@code local=<st> peer=<st> state=<takeover state> held=<group keys>}, or "". */
    public String status() {
        try {
            return Files.exists(statusFile()) ? Files.readString(statusFile()).strip() : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** Asks the node, as an administrator would, for {@code standby CLASSES} or {@code takeover CLASSES}. */
    public void command(String request, String classes) {
        try {
            Path command = statusFile().resolveSibling(statusFile().getFileName() + ".command");
            Files.writeString(command.resolveSibling(command.getFileName() + ".new"), request + " " + classes + "\n");
            Files.move(command.resolveSibling(command.getFileName() + ".new"), command,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether it reports itself and its peer active. */
    public boolean seesBothActive() {
        String status = status();
        return status.contains("local=active") && status.contains("peer=active");
    }

    /** SIGKILL: nothing is handed over, addresses stay where they are. */
    public void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(10));
    }

    /** SIGTERM: hands its groups over, announces shutdone, exits. */
    public void stop() {
        process.destroy();
        awaitExit(Duration.ofSeconds(60));
    }

    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log());
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    public long pid() {
        return process.pid();
    }

    private void awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException(name + " did not exit within " + timeout + ": killed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Path statusFile() {
        return directory.resolve("status");
    }

    private Path log() {
        return directory.resolve("tandem.log");
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

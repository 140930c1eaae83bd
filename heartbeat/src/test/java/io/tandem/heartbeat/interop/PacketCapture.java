package io.tandem.heartbeat.interop;

import io.tandem.testkit.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code tcpdump} writing one host's {@code eth1} traffic to a pcap file, for reading a failed interoperability
 * test with {@code tcpdump -r FILE -A} or Wireshark, or for comparing with {@code fixtures/heartbeat/*.pcap}.
 *
 * <p>Packets are written as they arrive ({@code -U --immediate-mode}), so the file is complete up to the last
 * packet even if the test dies. {@link #close()} stops tcpdump with SIGTERM, which makes it flush and print its
 * counts to {@link #logFile()}.
 */
public final class PacketCapture implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PacketCapture.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final TwoHostNetwork.Host host;
    private final Path file;
    private final Path logFile;
    private final Process process;

    private PacketCapture(TwoHostNetwork.Host host, Path file, Path logFile, Process process) {
        this.host = host;
        this.file = file;
        this.logFile = logFile;
        this.process = process;
    }

    static PacketCapture start(TwoHostNetwork.Host host, Path file, String filter) {
        Path logFile = file.resolveSibling(file.getFileName() + ".tcpdump.log");
        // -Z root: Debian's tcpdump otherwise drops to user tcpdump, which cannot write into a private temp dir.
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", host.namespace(), "tcpdump", "-i",
                host.interfaceName(), "-n", "-U", "--immediate-mode", "-Z", "root", "-w", file.toString()));
        if (!filter.isBlank()) {
            argv.add(filter);
        }
        Process process;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            process = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", argv), e);
        }
        PacketCapture capture = new PacketCapture(host, file, logFile, process);
        try {
            Await.until("tcpdump listening on " + host, () -> !process.isAlive() || capture.log().contains(
                    "listening on"), START_TIMEOUT, capture::log);
        } catch (AssertionError e) {
            capture.close();
            throw e;
        }
        if (!process.isAlive()) {
            throw new IllegalStateException("tcpdump on " + host + " exited " + process.exitValue() + ": "
                    + capture.log());
        }
        log.info("capture[{}]: {} ({})", host.namespace(), file, filter.isBlank() ? "all traffic" : filter);
        return capture;
    }

    public Path file() {
        return file;
    }

    /** tcpdump's own messages: "listening on ...", and the packet counts after {@link #close()}. */
    public Path logFile() {
        return logFile;
    }

    /** Stops tcpdump and waits for it to flush the file. Idempotent. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                log.warn("capture[{}]: tcpdump ignored SIGTERM for {}; killed, {} may lack its last packets",
                        host.namespace(), STOP_TIMEOUT, file);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private String log() {
        try {
            return Files.exists(logFile) ? Files.readString(logFile, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e.getMessage() + ")";
        }
    }
}

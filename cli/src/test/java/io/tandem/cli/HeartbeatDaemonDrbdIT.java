package io.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tandem.drbd.agent.FencePeer;
import io.tandem.testkit.Await;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tandem heartbeat} as its own process with DRBD in its group: it watches DRBD (status says what it sees, here
 * that there is no module unless this host has one), serves the fence-peer handler on a control socket of mode 600,
 * answers 5 for a peer heartbeat declared dead, and removes the socket when it stops on SIGTERM.
 */
class HeartbeatDaemonDrbdIT {

    private static final Path TANDEM_JAR = Path.of("target", "tandem.jar").toAbsolutePath();
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path directory;

    @Test
    void theDaemonWatchesDrbdAndServesTheFencePeerHandler() throws Exception {
        assumeTrue(Files.isRegularFile(TANDEM_JAR), TANDEM_JAR + " is not built (mvn package)");
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path config = Files.createDirectories(directory.resolve("ha.d"));
        Files.writeString(config.resolve("ha.cf"), """
                udpport %d
                ucast lo 127.0.0.3
                keepalive 200ms
                warntime 500ms
                deadtime 1
                initdead 2
                auto_failback off
                node alpha
                node beta
                """.formatted(port));
        Path authkeys = Files.writeString(config.resolve("authkeys"), "auth 1\n1 sha1 s3cret\n");
        Files.setPosixFilePermissions(authkeys, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(config.resolve("haresources"), "beta drbddisk::img_server\n");
        Path state = directory.resolve("state");
        Process daemon = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dio.netty.noUnsafe=true", "-jar", TANDEM_JAR.toString(), "heartbeat", "--config-dir",
                config.toString(), "--state-dir", state.toString(), "--node", "alpha", "--listen", "127.0.0.2")
                .redirectErrorStream(true).redirectOutput(directory.resolve("daemon.log").toFile()).start();
        try {
            Path socket = state.resolve(ControlSocket.FILE_NAME);
            Await.until("the daemon wrote its status with a drbd section", () -> status(state).contains("DRBD"),
                    WAIT, () -> log());
            assertThat(Files.getPosixFilePermissions(socket)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            String drbd = status(state);
            if (!Files.exists(Path.of("/proc/drbd"))) {
                Await.until("the monitor said why it cannot see DRBD",
                        () -> status(state).contains("no DRBD kernel module"), WAIT, () -> status(state));
            }

            Await.until("beta, which never came, is dead to alpha", () -> status(state).contains("Node beta: dead"),
                    WAIT, () -> status(state));
            Tandem.Run fence = Tandem.run("drbd", "fence-peer", "img_server", "--state-dir", state.toString());
            assertThat(fence.exitCode()).as(fence.out() + "\n" + drbd).isEqualTo(FencePeer.PEER_DEAD);
            assertThat(fence.out()).contains("beta is dead to heartbeat");
        } finally {
            daemon.destroy(); // SIGTERM: the graceful stop
            assertThat(daemon.waitFor(60, TimeUnit.SECONDS)).as(log()).isTrue();
        }
        assertThat(state.resolve(ControlSocket.FILE_NAME)).doesNotExist();
    }

    private static String status(Path state) {
        Tandem.Run run = Tandem.run("heartbeat", "status", "--state-dir", state.toString());
        return run.out() + run.err();
    }

    private String log() {
        try {
            return Files.readString(directory.resolve("daemon.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}

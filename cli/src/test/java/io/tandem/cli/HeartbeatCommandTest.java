package io.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.heartbeat.HeartbeatDaemon;
import io.tandem.heartbeat.HeartbeatStatus;
import io.tandem.heartbeat.membership.Decision;
import io.tandem.heartbeat.membership.Membership;
import io.tandem.heartbeat.membership.NodeStatus;
import io.tandem.heartbeat.wire.RejectReason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tandem heartbeat}: refusal of bad files before anything starts, and the status command's outputs. */
class HeartbeatCommandTest {

    @TempDir
    Path directory;

    @Test
    void badFilesAreRefusedWithEveryProblemAndTheKeyMasked() throws Exception {
        Files.writeString(directory.resolve("ha.cf"), """
                keepalive 2
                deadtime 30s
                udpport 694
                ucast eth1 10.10.10.21
                node db1
                node db2
                """);
        Path authkeys = directory.resolve("authkeys");
        Files.writeString(authkeys, "auth 1\n1 sha1 topsecret\n");
        Files.setPosixFilePermissions(authkeys, PosixFilePermissions.fromString("rw-r--r--"));
        Files.writeString(directory.resolve("haresources"), "db1 IPaddr::192.168.8.100/24/eth0\n");

        Tandem.Run run = Tandem.run("heartbeat", "--config-dir", directory.toString(), "--node", "db1",
                "--state-dir", directory.resolve("state").toString());

        assertThat(run.exitCode()).isEqualTo(TandemCommand.EXIT_USAGE);
        assertThat(run.err()).contains("ha.cf:2").contains("deadtime").contains("30s")
                .contains("authkeys").contains("600").doesNotContain("topsecret");
        assertThat(directory.resolve("state")).doesNotExist();
    }

    @Test
    void statusPrintsTheDaemonsDocumentAndSaysWhenNoDaemonRuns() throws Exception {
        assertThat(Tandem.run("heartbeat", "status", "--state-dir", directory.toString()).exitCode())
                .isEqualTo(TandemCommand.EXIT_UNREACHABLE);

        HeartbeatStatus status = new HeartbeatStatus(
                new Membership.View("db1", NodeStatus.ACTIVE, 0x6b04f9caL, 42, true, List.of(new Membership.PeerView(
                        "db2", NodeStatus.ACTIVE, 0x6b04f9c0L, 40, Duration.ofMillis(300), Duration.ofSeconds(30), 0)),
                        new Membership.Retransmission(2, 2, 1)),
                List.of(new HeartbeatDaemon.LinkView("eth1", "10.10.10.21", true, Duration.ofMillis(300))),
                List.of("IPaddr::192.168.8.100/24/eth0"), "STABLE", "", Map.of(RejectReason.BAD_SIGNATURE, 3L),
                Map.of(Decision.DropKind.REPLAY, 1L));
        HeartbeatStatusFile.write(directory, status, Instant.now());

        Tandem.Run table = Tandem.run("heartbeat", "status", "--state-dir", directory.toString());
        assertThat(table.exitCode()).isEqualTo(TandemCommand.EXIT_OK);
        assertThat(table.out()).contains("Node db1: active").contains("Node db2: active")
                .contains("Link eth1 to 10.10.10.21: up").contains("IPaddr::192.168.8.100/24/eth0");

        Tandem.Run json = Tandem.run("heartbeat", "status", "--state-dir", directory.toString(), "--json");
        assertThat(json.out()).contains("\"format\" : \"tandem-heartbeat-status-v1\"").contains("\"bad_signature\" : 3")
                .contains("\"replay\" : 1").contains("\"recovered\" : 2").contains("\"generation\" : \"6b04f9ca\"");

        HeartbeatStatusFile.write(directory, status, Instant.now().minusSeconds(60));
        Tandem.Run stale = Tandem.run("heartbeat", "status", "--state-dir", directory.toString());
        assertThat(stale.exitCode()).isEqualTo(TandemCommand.EXIT_UNREACHABLE);
        assertThat(stale.out()).contains("not running");
    }
}

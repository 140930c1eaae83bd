package io.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.tandem.testkit.MariaDbOptions;
import io.tandem.testkit.MariaDbServer;

/** The tandem command as a user runs it, with real servers where it needs them. */
class CommandLineIT {

    private record Run(int exitCode, String out, String err) {}

    private static Run tandem(String... args) {
        Tandem.Run run = Tandem.run(args);
        return new Run(run.exitCode(), run.out(), run.err());
    }

    @Test
    void demoReplicatesBothWaysAndReportsConvergence() {
        Run run = tandem("demo", "--transactions", "60");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("CONVERGED: both servers hold the same data.")
                .contains("db1-to-db2").contains("db2-to-db1").contains("rows:     db1 120, db2 120");
    }

    @Test
    void badConfigurationExitsTwoListingEveryProblemWithPasswordsMasked(@TempDir Path directory) throws Exception {
        Path config = directory.resolve("tandem.cnf");
        Files.writeString(config, """
                [server db1]
                host = 127.0.0.1
                user = tandem
                password = sekrit-123
                replicate-ignore-db = mysql,information_schema

                [channel c]
                source = db1
                target = db9
                """);
        Run run = tandem("check", "--config", config.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("problems; replicator did not start").contains("db9")
                .doesNotContain("sekrit-123");
    }

    @Test
    void unreachableServerExitsThree(@TempDir Path directory) throws Exception {
        int closedPort;
        int otherClosedPort;
        try (ServerSocket socket = new ServerSocket(0); ServerSocket other = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
            otherClosedPort = other.getLocalPort();
        }
        Path config = directory.resolve("tandem.cnf");
        Files.writeString(config, """
                [server db1]
                host = 127.0.0.1
                port = %d
                user = tandem
                password = sekrit-123
                [server db2]
                host = 127.0.0.1
                port = %d
                user = tandem
                password = sekrit-123
                [channel db1-to-db2]
                source = db1
                target = db2
                """.formatted(closedPort, otherClosedPort));
        Run run = tandem("check", "--config", config.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
        assertThat(run.err()).contains("127.0.0.1:" + closedPort).doesNotContain("sekrit-123");
    }

    @Test
    void checkpointSetThenShowAndSkippedListAgainstRealServers(@TempDir Path directory) throws Exception {
        try (MariaDbServer db1 = MariaDbServer.start("cli-db1", MariaDbOptions.master(1, 2));
                MariaDbServer db2 = MariaDbServer.start("cli-db2", MariaDbOptions.master(2, 2))) {
            Path config = directory.resolve("tandem.cnf");
            Files.writeString(config, """
                    [server db1]
                    host = 127.0.0.1
                    port = %d
                    user = root
                    [server db2]
                    host = 127.0.0.1
                    port = %d
                    user = root
                    [channel db1-to-db2]
                    source = db1
                    target = db2
                    """.formatted(db1.port(), db2.port()));
            Run set = tandem("checkpoint", "--config", config.toString(), "--channel", "db1-to-db2", "set",
                    "--position", "mysql-bin.000001:4", "--gtid", "1-1-0");
            assertThat(set.exitCode()).as(set.err()).isZero();
            Run show = tandem("checkpoint", "--config", config.toString(), "--channel", "db1-to-db2", "show", "--json");
            assertThat(show.exitCode()).as(show.err()).isZero();
            assertThat(show.out()).contains("\"binlog_file\":\"mysql-bin.000001\"").contains("\"binlog_position\":4")
                    .contains("\"source_server_id\":1");
            Run skipped = tandem("skipped", "--config", config.toString(), "--channel", "db1-to-db2");
            assertThat(skipped.exitCode()).as(skipped.err()).isZero();
            assertThat(skipped.out()).contains("0 skipped event(s) shown for channel db1-to-db2");
            Run unknown = tandem("checkpoint", "--config", config.toString(), "--channel", "nope", "show");
            assertThat(unknown.exitCode()).isEqualTo(5);
            assertThat(unknown.err()).contains("unknown channel nope: no [channel nope]").contains("db1-to-db2");
        }
    }

    @Test
    void offlineStatusShowsEveryChannelAndExitsThreeWhenAServerCannotBeReached(@TempDir Path directory)
            throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (MariaDbServer db1 = MariaDbServer.start("cli-offline-db1", MariaDbOptions.master(1, 2));
                MariaDbServer db2 = MariaDbServer.start("cli-offline-db2", MariaDbOptions.master(2, 2))) {
            Path config = directory.resolve("tandem.cnf");
            Files.writeString(config, """
                    [replicator]
                    name = offline-cli
                    [server db1]
                    host = 127.0.0.1
                    port = %d
                    user = root
                    [server db2]
                    host = 127.0.0.1
                    port = %d
                    user = root
                    [server ghost]
                    host = 127.0.0.1
                    port = %d
                    user = root
                    [channel db1-to-db2]
                    source = db1
                    target = db2
                    [channel db1-to-ghost]
                    source = db1
                    target = ghost
                    """.formatted(db1.port(), db2.port(), closedPort));
            String end = db1.queryRows("SHOW MASTER STATUS").getFirst().get(0) + ":"
                    + db1.queryRows("SHOW MASTER STATUS").getFirst().get(1);
            Run set = tandem("checkpoint", "-c", config.toString(), "--channel", "db1-to-db2", "set", "--position", end);
            assertThat(set.exitCode()).as(set.err()).isZero();

            Run all = tandem("status", "--offline", "-c", config.toString());
            Run one = tandem("status", "--offline", "-c", config.toString(), "--channel", "db1-to-db2", "--json");
            Run unknown = tandem("status", "--offline", "-c", config.toString(), "--channel", "db9-to-db1");

            assertThat(all.exitCode()).as(all.err()).isEqualTo(3);
            assertThat(all.out()).startsWith("tandem status: offline").contains("replicator offline-cli");
            assertThat(all.out().lines().filter(line -> line.startsWith("db1-to-db2")).findFirst().orElseThrow()
                    .split("\\s{2,}")).containsExactly("db1-to-db2", "unknown", "0.000s", "0 B", end, end, "-", "0",
                    "0");
            assertThat(all.out()).contains("    error: cannot read the checkpoint on target ghost (127.0.0.1:"
                    + closedPort + ")");
            assertThat(all.err()).contains("could not reach server(s) ghost");
            assertThat(one.exitCode()).as(one.err()).isZero();
            io.tandem.replicator.admin.StatusReport report = io.tandem.replicator.admin.StatusJson.read(one.out());
            assertThat(report.mode()).isEqualTo("offline");
            assertThat(report.channels()).singleElement().satisfies(channel -> {
                assertThat(channel.caughtUp()).isTrue();
                assertThat(channel.executedPosition()).hasToString(end);
            });
            assertThat(unknown.exitCode()).isEqualTo(5);
            assertThat(unknown.err()).contains("unknown channel db9-to-db1").contains("db1-to-db2, db1-to-ghost");
        }
    }
}

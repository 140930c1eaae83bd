package io.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.tandem.cli.Tandem.Run;
import io.tandem.replicator.admin.StatusJson;
import io.tandem.replicator.admin.StatusReport;
import io.tandem.testkit.MariaDbOptions;
import io.tandem.testkit.Await;
import io.tandem.testkit.MariaDbServer;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tandem run} as a service, asked by {@code tandem status} and {@code tandem wait} over its admin endpoint:
 * the JSON conforms to its schema, offline mode gives the same positions, wait is exact, and every failure has its
 * own exit code and message.
 */
class StatusAndWaitIT {

    private static final String TOKEN = "it-token-0123456789abcdef";

    @Test
    void statusAndWaitAgainstARunningService(@TempDir Path directory) throws Exception {
        int adminPort = freePort();
        try (MariaDbServer db1 = MariaDbServer.start("sw-db1", MariaDbOptions.master(1, 2));
                MariaDbServer db2 = MariaDbServer.start("sw-db2", MariaDbOptions.master(2, 2))) {
            for (MariaDbServer server : List.of(db1, db2)) {
                server.execute("SET sql_log_bin=0", "CREATE DATABASE felix",
                        "CREATE TABLE felix.t (id INT AUTO_INCREMENT PRIMARY KEY, what VARCHAR(40)) ENGINE=InnoDB");
            }
            Path token = directory.resolve("admin.token");
            Files.writeString(token, TOKEN + "\n");
            Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
            Path config = directory.resolve("tandem.cnf");
            Files.writeString(config, """
                    [replicator]
                    name = sw
                    heartbeat-period = 500ms
                    admin-listen = 127.0.0.1:%d
                    admin-token-file = admin.token
                    [server db1]
                    host = 127.0.0.1
                    port = %d
                    user = root
                    server-id = 1
                    [server db2]
                    host = 127.0.0.1
                    port = %d
                    user = root
                    server-id = 2
                    [channel db1-to-db2]
                    source = db1
                    target = db2
                    reader-server-id = 101
                    [channel db2-to-db1]
                    source = db2
                    target = db1
                    reader-server-id = 102
                    """.formatted(adminPort, db1.port(), db2.port()));
            String url = "http://127.0.0.1:" + adminPort;
            Process service = startService(config, directory.resolve("service.log"));
            try {
                await("both channels running", () -> {
                    Run run = Tandem.run("status", "-c", config.toString(), "--check");
                    return run.exitCode() == 0;
                }, () -> Tandem.run("status", "-c", config.toString()).out() + readLog(directory));

                // The document conforms to the published schema.
                Run json = Tandem.run("status", "-c", config.toString(), "--json");
                assertThat(json.exitCode()).as(json.err()).isZero();
                assertThat(schemaViolations(json.out())).as(json.out()).isEmpty();
                Run table = Tandem.run("status", "-c", config.toString());
                assertThat(table.out()).contains("db1-to-db2").contains("running");

                // wait --caught-up: exit 0 means the target has everything written before the command started.
                for (int i = 0; i < 200; i++) {
                    db1.execute("INSERT INTO felix.t (what) VALUES ('row " + i + "')");
                }
                Run wait = Tandem.run("wait", "-c", config.toString(), "--channel", "db1-to-db2", "--caught-up",
                        "--timeout", "60s", "--progress", "none");
                assertThat(wait.exitCode()).as(wait.err()).isZero();
                assertThat(db2.queryLong("SELECT COUNT(*) FROM felix.t")).isEqualTo(200);

                // Offline gives the same positions as online, once the channel is idle and caught up.
                await("db1-to-db2 idle at lag 0", () -> {
                    StatusReport.Channel channel = online(config, "db1-to-db2");
                    return channel.caughtUp() && Double.valueOf(0).equals(channel.lagSeconds());
                }, () -> Tandem.run("status", "-c", config.toString()).out());
                StatusReport.Channel online = online(config, "db1-to-db2");
                Run offlineRun = Tandem.run("status", "--offline", "-c", config.toString(), "--channel", "db1-to-db2",
                        "--json");
                assertThat(offlineRun.exitCode()).as(offlineRun.err()).isZero();
                assertThat(schemaViolations(offlineRun.out())).isEmpty();
                StatusReport.Channel offline = StatusJson.read(offlineRun.out()).channels().getFirst();
                assertThat(offline.applied().position()).isEqualTo(online.applied().position());
                assertThat(offline.applied().gtid()).isEqualTo(online.applied().gtid());
                assertThat(offline.sourceEnd()).isEqualTo(online.sourceEnd());
                assertThat(offline.bytesBehind()).isEqualTo(online.bytesBehind()).isZero();
                assertThat(offline.lagSeconds()).isEqualTo(online.lagSeconds());

                // Every failure to ask has its own exit code and says what happened.
                Path wrongToken = directory.resolve("wrong.token");
                Files.writeString(wrongToken, "not-the-token-at-all\n");
                Run refused = Tandem.run("status", "--url", url, "--token-file", wrongToken.toString());
                assertThat(refused.exitCode()).isEqualTo(6);
                assertThat(refused.err()).contains("refused the token").doesNotContain(TOKEN);
                Run noToken = Tandem.run("status", "--url", url);
                assertThat(noToken.exitCode()).isEqualTo(6);
                Run unknown = Tandem.run("wait", "-c", config.toString(), "--channel", "db9-to-db1", "--caught-up",
                        "--timeout", "5s", "--progress", "none");
                assertThat(unknown.exitCode()).isEqualTo(5);
                assertThat(unknown.err()).contains("db9-to-db1").contains("db1-to-db2");
                Run unreachable = Tandem.run("status", "--url", "http://127.0.0.1:" + freePort(), "--token-file",
                        token.toString());
                assertThat(unreachable.exitCode()).isEqualTo(3);
                assertThat(unreachable.err()).contains("--offline");

                // A stopped source: the channel shows the reason, and wait times out saying why.
                db1.stop();
                await("db1-to-db2 reports its source down", () -> {
                    StatusReport.Channel channel = online(config, "db1-to-db2");
                    return !channel.state().equals("running") && channel.error() != null;
                }, () -> Tandem.run("status", "-c", config.toString()).out());
                StatusReport.Channel down = online(config, "db1-to-db2");
                assertThat(down.state()).isIn("retrying", "connecting");
                assertThat(down.error().message()).contains(":" + db1.port());
                Run timedOut = Tandem.run("wait", "-c", config.toString(), "--channel", "db1-to-db2", "--caught-up",
                        "--timeout", "2s", "--progress", "none");
                assertThat(timedOut.exitCode()).as(timedOut.err()).isEqualTo(4);
                assertThat(timedOut.err()).contains("did not catch up").contains(":" + db1.port());
            } finally {
                service.destroy();
                service.waitFor();
            }
        }
    }

    private static StatusReport.Channel online(Path config, String channel) {
        Run run = Tandem.run("status", "-c", config.toString(), "--channel", channel, "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        return StatusJson.read(run.out()).channels().getFirst();
    }

    /** {@code tandem run} in its own JVM, as an operator starts it. */
    private static Process startService(Path config, Path log) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), TandemCommand.class.getName(), "run", "-c",
                config.toString(), "--status-every", "0"));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static String readLog(Path directory) {
        try {
            return "\nservice log:\n" + Files.readString(directory.resolve("service.log"));
        } catch (Exception e) {
            return "\nno service log: " + e;
        }
    }

    private static List<String> schemaViolations(String json) throws Exception {
        Schema schema;
        try (InputStream text = StatusReport.class.getResourceAsStream("status-v1.schema.json")) {
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(text);
        }
        return schema.validate(json, InputFormat.JSON,
                        context -> context.executionConfig(config -> config.formatAssertionsEnabled(true)))
                .stream().map(Error::toString).toList();
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void await(String what, BooleanSupplier condition, Supplier<String> state) {
        Await.until(what, condition, Duration.ofSeconds(60), state);
    }
}

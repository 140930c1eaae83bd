package io.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.cli.CannedAdminServer.Response;
import io.tandem.replicator.admin.StatusJson;
import io.tandem.replicator.admin.StatusReport;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tandem status} online, against a real HTTP server on loopback with canned answers. */
class StatusCommandTest {

    private static final StatusReport TWO_CHANNELS = Reports.online(
            Reports.running("db1-to-db2", "mysql-bin.000003:912", "mysql-bin.000003:912", 0),
            Reports.channel("db2-to-db1", "retrying", 4.0, 100L, "mysql-bin.000007:4000", "mysql-bin.000007:4100",
                    new StatusReport.Error("Connection refused", Reports.AT, null, null, true)));

    @Test
    void printsTheTableAndExitsZeroWhateverTheStates() throws Exception {
        try (CannedAdminServer server = new CannedAdminServer()
                .on("/v1/status", Response.json(200, StatusJson.write(TWO_CHANNELS)))) {
            Tandem.Run run = Tandem.run("status", "--url", server.url());

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).isEqualTo(StatusTable.render(TWO_CHANNELS));
        }
    }

    @Test
    void jsonIsTheDocumentExactlyAsStatusJsonWritesIt() throws Exception {
        try (CannedAdminServer server = new CannedAdminServer()
                .on("/v1/status?channel=db1-to-db2", Response.json(200, StatusJson.write(Reports.online(
                        TWO_CHANNELS.channels().getFirst()))))) {
            Tandem.Run run = Tandem.run("status", "--url", server.url(), "--channel", "db1-to-db2", "--json");

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).isEqualTo(StatusJson.write(Reports.online(TWO_CHANNELS.channels().getFirst())));
        }
    }

    @Test
    void checkExitsOneUnlessEveryChannelShownIsRunning() throws Exception {
        try (CannedAdminServer server = new CannedAdminServer()
                .on("/v1/status", Response.json(200, StatusJson.write(TWO_CHANNELS)))
                .on("/v1/status?channel=db1-to-db2", Response.json(200, StatusJson.write(Reports.online(
                        TWO_CHANNELS.channels().getFirst()))))) {
            Tandem.Run all = Tandem.run("status", "--url", server.url(), "--check");
            Tandem.Run one = Tandem.run("status", "--url", server.url(), "--check", "--channel", "db1-to-db2");

            assertThat(all.exitCode()).isEqualTo(1);
            assertThat(all.err()).contains("not running: db2-to-db1 (retrying)");
            assertThat(one.exitCode()).as(one.err()).isZero();
        }
    }

    @Test
    void mapsEveryWayTheServiceCanFailToItsExitCode() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (CannedAdminServer server = new CannedAdminServer()
                .on("/v1/status", Response.json(401, "{\"error\":\"missing or wrong admin token\"}"))
                .on("/v1/status?channel=nope", Response.json(404,
                        "{\"error\":\"unknown channel nope\",\"channels\":[\"db1-to-db2\",\"db2-to-db1\"]}"))
                .on("/v1/status?channel=garbage", new Response(200, "text/html", "<html>hello</html>"))) {
            Tandem.Run refused = Tandem.run("status", "--url", server.url());
            Tandem.Run unknown = Tandem.run("status", "--url", server.url(), "--channel", "nope");
            Tandem.Run garbage = Tandem.run("status", "--url", server.url(), "--channel", "garbage");
            Tandem.Run unreachable = Tandem.run("status", "--url", "127.0.0.1:" + closedPort);

            assertThat(refused.exitCode()).isEqualTo(6);
            assertThat(refused.err()).contains("give --token-file or set TANDEM_ADMIN_TOKEN");
            assertThat(unknown.exitCode()).isEqualTo(5);
            assertThat(unknown.err()).contains("unknown channel nope").contains("db1-to-db2, db2-to-db1");
            assertThat(garbage.exitCode()).isEqualTo(1);
            assertThat(garbage.err()).contains("<html>hello</html>");
            assertThat(unreachable.exitCode()).isEqualTo(3);
            assertThat(unreachable.err()).contains("http://127.0.0.1:" + closedPort)
                    .contains("tandem status --offline -c FILE");
            assertThat(refused.out() + unknown.out() + garbage.out() + unreachable.out()).isEmpty();
        }
    }

    @Test
    void findsTheServiceAndTokenThroughTheConfiguration(@TempDir Path directory) throws Exception {
        try (CannedAdminServer server = new CannedAdminServer()
                .on("/v1/status", Response.json(200, StatusJson.write(TWO_CHANNELS)))) {
            Files.writeString(directory.resolve("admin.token"), "from-the-file-0123456789\n");
            Files.setPosixFilePermissions(directory.resolve("admin.token"),
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            Path config = directory.resolve("tandem.cnf");
            Files.writeString(config, """
                    [replicator]
                    name = seed
                    admin-listen = %s   # where tandem run listens
                    admin_token_file = admin.token
                    [server db1]
                    host = 127.0.0.1
                    user = tandem
                    [server db2]
                    host = 127.0.0.1
                    port = 3307
                    user = tandem
                    [channel db1-to-db2]
                    source = db1
                    target = db2
                    """.formatted(server.url().substring("http://".length())));

            Tandem.Run run = Tandem.run("status", "-c", config.toString());

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(server.requests()).extracting(CannedAdminServer.Request::authorization)
                    .containsExactly("Bearer from-the-file-0123456789");
        }
    }

    @Test
    void offlineNeedsAConfigurationAndRefusesCheck(@TempDir Path directory) throws Exception {
        Path config = directory.resolve("tandem.cnf");
        Files.writeString(config, "[replicator]\nname = x\n");

        assertThat(Tandem.run("status", "--offline").exitCode()).isEqualTo(2);
        assertThat(Tandem.run("status", "--offline", "-c", config.toString(), "--check").exitCode()).isEqualTo(2);
        assertThat(Tandem.run("status", "--offline", "-c", config.toString()).err()).contains("no [channel NAME]");
    }
}

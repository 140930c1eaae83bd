package io.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.cli.CannedAdminServer.Response;
import io.tandem.replicator.admin.StatusJson;
import io.tandem.replicator.admin.StatusReport;
import io.tandem.replicator.event.BinlogPosition;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The client against a real HTTP server on loopback answering what an admin endpoint can answer. */
class AdminClientTest {

    private static AdminClient client(String url, String token) {
        return new AdminClient(new AdminEndpoint(URI.create(url), token, "--token-file /run/t"), "Try --offline.");
    }

    @Test
    void readsTheStatusDocumentAndSendsTheToken() throws Exception {
        StatusReport sent = Reports.online(Reports.running("db1-to-db2", "mysql-bin.000003:912",
                "mysql-bin.000003:912", 0));
        try (CannedAdminServer server = new CannedAdminServer()
                .on("/v1/status", Response.json(200, StatusJson.write(sent)));
                AdminClient client = client(server.url(), "s3cret")) {

            StatusReport received = client.status(null);

            assertThat(received).isEqualTo(StatusJson.read(StatusJson.write(sent)));
            assertThat(server.requests()).containsExactly(new CannedAdminServer.Request("/v1/status", "Bearer s3cret"));
        }
    }

    @Test
    void asksForOneChannelByQueryAndSendsNoAuthorizationWithoutAToken() throws Exception {
        StatusReport sent = Reports.online(Reports.running("db 1", "mysql-bin.000003:912", "mysql-bin.000003:912", 0));
        try (CannedAdminServer server = new CannedAdminServer()
                .on("/v1/status?channel=db+1", Response.json(200, StatusJson.write(sent)));
                AdminClient client = client(server.url(), null)) {

            assertThat(client.status("db 1").channels()).extracting(StatusReport.Channel::name).containsExactly("db 1");
            assertThat(server.requests().getFirst().authorization()).isNull();
        }
    }

    @Test
    void refusedTokenExitsSixAndSaysHowToGiveOne() throws Exception {
        try (CannedAdminServer server = new CannedAdminServer()
                .on("/v1/status", Response.json(401, "{\"error\":\"missing or wrong admin token\"}"));
                AdminClient client = client(server.url(), "s3cret-token")) {

            assertThatThrownBy(() -> client.status(null)).isInstanceOfSatisfying(CommandFailure.class, failure -> {
                assertThat(failure.exitCode()).isEqualTo(6);
                assertThat(failure.getMessage()).contains("the admin endpoint refused the token")
                        .contains("token from --token-file /run/t").contains("missing or wrong admin token")
                        .contains("give --token-file or set TANDEM_ADMIN_TOKEN").doesNotContain("s3cret-token");
            });
        }
    }

    @Test
    void unknownChannelExitsFiveListingTheChannelsTheServiceHas() throws Exception {
        try (CannedAdminServer server = new CannedAdminServer()
                .on("/v1/status?channel=db3-to-db1", Response.json(404,
                        "{\"error\":\"unknown channel db3-to-db1\",\"channels\":[\"db1-to-db2\",\"db2-to-db1\"]}"))
                .on("/v1/channels/db3-to-db1/source-end", Response.json(404,
                        "{\"error\":\"unknown channel db3-to-db1\",\"channels\":[\"db1-to-db2\",\"db2-to-db1\"]}"));
                AdminClient client = client(server.url(), null)) {

            for (var call : new ThrowingCall[] {() -> client.status("db3-to-db1"), () -> client.sourceEnd("db3-to-db1")}) {
                assertThatThrownBy(call::run).isInstanceOfSatisfying(CommandFailure.class, failure -> {
                    assertThat(failure.exitCode()).isEqualTo(5);
                    assertThat(failure.getMessage()).contains("unknown channel db3-to-db1")
                            .contains("db1-to-db2, db2-to-db1");
                });
            }
        }
    }

    @Test
    void aNotFoundThatIsNotTandemsExitsOneNamingWhatCameBack() throws Exception {
        try (CannedAdminServer server = new CannedAdminServer()
                .on("/v1/status?channel=x", new Response(404, "text/html", "<html>Not Found</html>"));
                AdminClient client = client(server.url(), null)) {

            assertThatThrownBy(() -> client.status("x")).isInstanceOfSatisfying(CommandFailure.class, failure -> {
                assertThat(failure.exitCode()).isEqualTo(1);
                assertThat(failure.getMessage()).contains("HTTP 404").contains("text/html")
                        .contains("<html>Not Found</html>");
            });
        }
    }

    @Test
    void connectionRefusedExitsThreeNamingTheUrlAndWhatToDoInstead() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (AdminClient client = client("http://127.0.0.1:" + closedPort, null)) {
            assertThatThrownBy(() -> client.status(null)).isInstanceOfSatisfying(CommandFailure.class, failure -> {
                assertThat(failure.exitCode()).isEqualTo(3);
                assertThat(failure.getMessage()).contains("http://127.0.0.1:" + closedPort)
                        .contains("connection refused").endsWith("Try --offline.");
            });
        }
    }

    @Test
    void aBodyThatIsNotAStatusDocumentExitsOneNamingWhatWasReceived() throws Exception {
        try (CannedAdminServer server = new CannedAdminServer()
                .on("/v1/status", new Response(200, "text/plain", "hello from some other service"),
                        Response.json(200, "{\"format\":\"tandem-status/2\",\"channels\":[]}"));
                AdminClient client = client(server.url(), null)) {

            assertThatThrownBy(() -> client.status(null)).isInstanceOfSatisfying(CommandFailure.class, failure -> {
                assertThat(failure.exitCode()).isEqualTo(1);
                assertThat(failure.getMessage()).contains("not a JSON document").contains("text/plain")
                        .contains("hello from some other service");
            });
            assertThatThrownBy(() -> client.status(null)).isInstanceOfSatisfying(CommandFailure.class, failure -> {
                assertThat(failure.exitCode()).isEqualTo(1);
                assertThat(failure.getMessage()).contains("not a tandem-status/1 document (format is tandem-status/2)");
            });
        }
    }

    @Test
    void readsTheSourceEndAndMapsAnUnreachableSourceToThree() throws Exception {
        try (CannedAdminServer server = new CannedAdminServer()
                .on("/v1/channels/db1-to-db2/source-end", Response.json(200, "{\"channel\":\"db1-to-db2\","
                        + "\"sourceEnd\":{\"file\":\"mysql-bin.000003\",\"position\":912},"
                        + "\"observedAt\":\"2025-05-01T10:00:00.123Z\"}"))
                .on("/v1/channels/db2-to-db1/source-end", Response.json(503,
                        "{\"error\":\"cannot reach db2 (10.0.0.2:3306): Connection refused\"}"))
                .on("/v1/channels/db3/source-end", Response.json(200, "{\"channel\":\"db3\"}"));
                AdminClient client = client(server.url(), null)) {

            assertThat(client.sourceEnd("db1-to-db2")).isEqualTo(new AdminClient.SourceEnd("db1-to-db2",
                    new BinlogPosition("mysql-bin.000003", 912), Instant.parse("2025-05-01T10:00:00.123Z")));
            assertThatThrownBy(() -> client.sourceEnd("db2-to-db1")).isInstanceOfSatisfying(CommandFailure.class,
                    failure -> {
                        assertThat(failure.exitCode()).isEqualTo(3);
                        assertThat(failure.getMessage()).contains("the source of channel db2-to-db1 could not be"
                                + " reached: cannot reach db2 (10.0.0.2:3306): Connection refused");
                    });
            assertThatThrownBy(() -> client.sourceEnd("db3")).isInstanceOfSatisfying(CommandFailure.class,
                    failure -> assertThat(failure.exitCode()).isEqualTo(1));
        }
    }

    private interface ThrowingCall {
        void run() throws Exception;
    }
}

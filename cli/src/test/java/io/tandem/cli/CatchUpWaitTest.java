package io.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.cli.CannedAdminServer.Response;
import io.tandem.replicator.admin.StatusJson;
import io.tandem.replicator.admin.StatusReport;
import io.tandem.replicator.event.BinlogPosition;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The wait loop against canned answers, on a manual clock: each pause moves the clock instead of sleeping. */
class CatchUpWaitTest {

    private static final String SOURCE_END = "/v1/channels/db1-to-db2/source-end";
    private static final String STATUS = "/v1/status?channel=db1-to-db2";

    private final ManualClock clock = new ManualClock(Instant.parse("2025-05-01T10:00:00Z"));

    private static Response sourceEnd(String file, long position) {
        return Response.json(200, "{\"channel\":\"db1-to-db2\",\"sourceEnd\":{\"file\":\"" + file + "\",\"position\":"
                + position + "},\"observedAt\":\"2025-05-01T10:00:00Z\"}");
    }

    private static Response status(StatusReport.Channel channel) {
        return Response.json(200, StatusJson.write(Reports.online(channel)));
    }

    private CatchUpWait.Outcome await(CannedAdminServer server, Duration timeout, List<Long> progress)
            throws Exception {
        try (AdminClient client = new AdminClient(new AdminEndpoint(URI.create(server.url()), null, "none"), "")) {
            return new CatchUpWait(client, clock, clock::advance).await("db1-to-db2", timeout,
                    channel -> progress.add(channel.bytesBehind()));
        }
    }

    @Test
    void endsOnceTheExecutedPositionReachesTheSourceEndReadAtTheStart() throws Exception {
        try (CannedAdminServer server = new CannedAdminServer()
                .on(SOURCE_END, sourceEnd("mysql-bin.000003", 5000))
                .on(STATUS,
                        status(Reports.running("db1-to-db2", "mysql-bin.000002:900", "mysql-bin.000003:5000", 9000)),
                        status(Reports.running("db1-to-db2", "mysql-bin.000003:100", "mysql-bin.000003:5000", 4900)),
                        // Past the target in the next file: the source wrote more meanwhile, which is not waited for.
                        status(Reports.running("db1-to-db2", "mysql-bin.000004:120", "mysql-bin.000004:9000", 8880)))) {
            List<Long> progress = new ArrayList<>();

            CatchUpWait.Outcome outcome = await(server, Duration.ofSeconds(30), progress);

            assertThat(outcome.exitCode()).isZero();
            assertThat(outcome.target()).isEqualTo(new BinlogPosition("mysql-bin.000003", 5000));
            assertThat(outcome.executed()).isEqualTo(new BinlogPosition("mysql-bin.000004", 120));
            assertThat(outcome.waited()).isEqualTo(Duration.ofMillis(400));
            assertThat(outcome.reason()).isNull();
            assertThat(progress).containsExactly(9000L, 4900L);
            assertThat(server.requests()).extracting(CannedAdminServer.Request::pathAndQuery)
                    .containsExactly(SOURCE_END, STATUS, STATUS, STATUS);
        }
    }

    @Test
    void aChannelAtTheTargetButNotRunningIsNotCaughtUp() throws Exception {
        try (CannedAdminServer server = new CannedAdminServer()
                .on(SOURCE_END, sourceEnd("mysql-bin.000003", 5000))
                .on(STATUS, status(Reports.channel("db1-to-db2", "connecting", null, null, "mysql-bin.000003:5000",
                                null, null)),
                        status(Reports.running("db1-to-db2", "mysql-bin.000003:5000", "mysql-bin.000003:5000", 0)))) {

            CatchUpWait.Outcome outcome = await(server, Duration.ofSeconds(30), new ArrayList<>());

            assertThat(outcome.exitCode()).isZero();
            assertThat(outcome.waited()).isEqualTo(Duration.ofMillis(200));
        }
    }

    @Test
    void aChannelInErrorEndsTheWaitAtOnceWithExitOneAndTheError() throws Exception {
        try (CannedAdminServer server = new CannedAdminServer()
                .on(SOURCE_END, sourceEnd("mysql-bin.000003", 5000))
                .on(STATUS, status(Reports.channel("db1-to-db2", "error", 12.0, 400L, "mysql-bin.000003:912",
                        "mysql-bin.000003:5000", new StatusReport.Error("Duplicate entry '7' for key 'PRIMARY'",
                                Reports.AT, new BinlogPosition("mysql-bin.000003", 912), "1-1-58", false))))) {

            CatchUpWait.Outcome outcome = await(server, Duration.ofSeconds(30), new ArrayList<>());

            assertThat(outcome.exitCode()).isEqualTo(1);
            assertThat(outcome.waited()).isZero();
            assertThat(outcome.reason()).contains("channel db1-to-db2 is in error")
                    .contains("error, stopped: Duplicate entry '7' for key 'PRIMARY' (at mysql-bin.000003:912, GTID"
                            + " 1-1-58)");
        }
    }

    @Test
    void timesOutWithExitFourSayingHowFarItGotAndWhatTheChannelRetries() throws Exception {
        try (CannedAdminServer server = new CannedAdminServer()
                .on(SOURCE_END, sourceEnd("mysql-bin.000003", 5000))
                .on(STATUS, status(Reports.channel("db1-to-db2", "retrying", 42.5, 4088L, "mysql-bin.000003:912",
                        "mysql-bin.000003:5000", new StatusReport.Error("source unreachable: Connection refused",
                                Reports.AT, null, null, true))))) {
            List<Long> progress = new ArrayList<>();

            CatchUpWait.Outcome outcome = await(server, Duration.ofSeconds(3), progress);

            assertThat(outcome.exitCode()).isEqualTo(4);
            assertThat(outcome.waited()).isEqualTo(Duration.ofSeconds(3));
            assertThat(outcome.reason()).isEqualTo("channel db1-to-db2 did not catch up to mysql-bin.000003:5000"
                    + " within 3s: executed mysql-bin.000003:912, 4.0 KiB behind, lag 42.500s, state retrying,"
                    + " retrying after: source unreachable: Connection refused");
            // One poll every 200 ms from 0 to 3 s: 16 polls, the last one at the deadline.
            assertThat(server.requests()).hasSize(1 + 16);
            assertThat(progress).hasSize(15);
        }
    }

    @Test
    void waitCommandPrintsItsResultAsJson() throws Exception {
        try (CannedAdminServer server = new CannedAdminServer()
                .on(SOURCE_END, sourceEnd("mysql-bin.000003", 5000))
                .on(STATUS, status(Reports.running("db1-to-db2", "mysql-bin.000003:5000", "mysql-bin.000003:5000",
                        0)))) {
            Tandem.Run run = Tandem.run("wait", "--channel", "db1-to-db2", "--caught-up", "--url", server.url(),
                    "--json");

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).matches("\\{\"channel\":\"db1-to-db2\",\"caughtUp\":true,"
                    + "\"target\":\\{\"file\":\"mysql-bin.000003\",\"position\":5000},"
                    + "\"executedPosition\":\\{\"file\":\"mysql-bin.000003\",\"position\":5000},"
                    + "\"waitedSeconds\":\\d+\\.\\d{3},\"reason\":null}\\R");
            assertThat(run.err()).isEmpty();
        }
    }

    @Test
    void waitCommandMapsFailuresToExitCodesAndStillAnswersInJson() throws Exception {
        try (CannedAdminServer server = new CannedAdminServer()
                .on("/v1/channels/nope/source-end", Response.json(404,
                        "{\"error\":\"unknown channel nope\",\"channels\":[\"db1-to-db2\"]}"))
                .on(SOURCE_END, sourceEnd("mysql-bin.000003", 5000))
                .on(STATUS, status(Reports.running("db1-to-db2", "mysql-bin.000003:10", "mysql-bin.000003:5000",
                        4990)))) {
            Tandem.Run unknown = Tandem.run("wait", "--channel", "nope", "--caught-up", "--url", server.url(),
                    "--json");
            Tandem.Run timedOut = Tandem.run("wait", "--channel", "db1-to-db2", "--caught-up", "--url", server.url(),
                    "--timeout", "300ms", "--progress", "none");
            Tandem.Run usage = Tandem.run("wait", "--channel", "db1-to-db2", "--url", server.url());
            Tandem.Run badTimeout = Tandem.run("wait", "--channel", "db1-to-db2", "--caught-up", "--timeout", "soon");

            assertThat(unknown.exitCode()).isEqualTo(5);
            assertThat(unknown.out()).startsWith("{\"channel\":\"nope\",\"caughtUp\":false,\"target\":null,")
                    .contains("\"reason\":\"unknown channel nope; the service at");
            assertThat(timedOut.exitCode()).isEqualTo(4);
            assertThat(timedOut.err()).contains("did not catch up to mysql-bin.000003:5000 within 300ms: executed"
                    + " mysql-bin.000003:10, 4.9 KiB behind");
            assertThat(usage.exitCode()).isEqualTo(2);
            assertThat(usage.err()).contains("--caught-up");
            assertThat(badTimeout.exitCode()).isEqualTo(2);
        }
    }
}

package io.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.replicator.admin.StatusReport;
import io.tandem.replicator.event.BinlogPosition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusTableTest {

    private static final String NL = System.lineSeparator();

    @Test
    void rendersOneRowPerChannelUnderAHeaderNamingTheMode() {
        StatusReport report = Reports.online(
                Reports.channel("db1-to-db2", "running", 0.012, 0L, "mysql-bin.000003:912", "mysql-bin.000003:912",
                        null),
                Reports.channel("db2-to-db1", "retrying", 192.4, 1536L, "mysql-bin.000007:4000",
                        "mysql-bin.000007:5536", null));

        String[] lines = StatusTable.render(report).split(NL);

        assertThat(lines[0]).isEqualTo("tandem status: online, replicator seed, at 2025-05-01T10:00:00.123Z");
        assertThat(lines[1].split("\\s{2,}")).containsExactly("CHANNEL", "STATE", "LAG", "BEHIND", "SOURCE END",
                "EXECUTED", "LAST APPLIED GTID", "TRX", "SKIPPED");
        assertThat(lines[2].split("\\s{2,}")).containsExactly("db1-to-db2", "running", "0.012s", "0 B",
                "mysql-bin.000003:912", "mysql-bin.000003:912", "1-1-57", "57", "0");
        assertThat(lines[3].split("\\s{2,}")).containsExactly("db2-to-db1", "retrying", "3m12s", "1.5 KiB",
                "mysql-bin.000007:5536", "mysql-bin.000007:4000", "1-1-57", "57", "0");
        assertThat(lines).hasSize(4);
    }

    @Test
    void columnsLineUpWithNumbersRightAligned() {
        StatusReport report = Reports.online(
                Reports.channel("a", "running", 0.0, 0L, "mysql-bin.000003:912", "mysql-bin.000003:912", null),
                Reports.channel("a-much-longer-name", "running", 41.5, 123_456_789L, "mysql-bin.000003:4",
                        "mysql-bin.000004:100", null));

        String[] lines = StatusTable.render(report).split(NL);

        // Every row starts its STATE column where the header's does; BEHIND ends where the header's ends.
        int state = lines[1].indexOf("STATE");
        int behindEnd = lines[1].indexOf("BEHIND") + "BEHIND".length();
        assertThat(lines[2].indexOf("running")).isEqualTo(state);
        assertThat(lines[3].indexOf("running")).isEqualTo(state);
        assertThat(lines[2].substring(0, behindEnd)).endsWith(" 0 B");
        assertThat(lines[3].substring(0, behindEnd)).endsWith("117.7 MiB");
        assertThat(lines[3]).contains("41.500s");
    }

    @Test
    void unknownValuesShowAsDashes() {
        StatusReport.Channel unknown = new StatusReport.Channel("db1-to-db2", new StatusReport.Endpoint("db1", "h", 1),
                new StatusReport.Endpoint("db2", "h", 2), "connecting", false, null, null, null, null, null, null,
                null, new StatusReport.Counters(null, null, null, null, null), null);

        String row = StatusTable.render(Reports.online(unknown)).split(NL)[2];

        assertThat(row.split("\\s{2,}")).containsExactly("db1-to-db2", "connecting", "-", "-", "-", "-", "-", "-",
                "-");
    }

    @Test
    void errorGoesOnItsOwnLineUnderItsChannelWithPositionGtidAndWhetherItRetries() {
        StatusReport.Error stopped = new StatusReport.Error("Duplicate entry '7' for key 'PRIMARY'\nInspect with:"
                + " mariadb-binlog ...", Instant.EPOCH, new BinlogPosition("mysql-bin.000003", 1234), "1-1-58", false);
        StatusReport.Error retrying = new StatusReport.Error("Connection refused", Instant.EPOCH, null, null, true);
        StatusReport report = Reports.online(
                Reports.channel("db1-to-db2", "error", 12.0, 400L, "mysql-bin.000003:912", "mysql-bin.000003:1312",
                        stopped),
                Reports.channel("db2-to-db1", "retrying", 3.0, 10L, "mysql-bin.000007:4000", "mysql-bin.000007:4010",
                        retrying));

        List<String> lines = List.of(StatusTable.render(report).split(NL));

        assertThat(lines.get(2)).startsWith("db1-to-db2");
        assertThat(lines.get(3)).isEqualTo("    error, stopped: Duplicate entry '7' for key 'PRIMARY'");
        assertThat(lines.get(4)).isEqualTo("      Inspect with: mariadb-binlog ... (at mysql-bin.000003:1234, GTID 1-1-58)");
        assertThat(lines.get(5)).startsWith("db2-to-db1");
        assertThat(lines.get(6)).isEqualTo("    error, retrying: Connection refused");
    }

    @Test
    void headerTimeHasMillisecondsLikeTheJson() {
        StatusReport report = new StatusReport(StatusReport.FORMAT, Instant.parse("2025-05-01T10:00:00.123456789Z"),
                StatusReport.ONLINE, "seed", List.of());

        assertThat(StatusTable.render(report)).startsWith("tandem status: online, replicator seed, at"
                + " 2025-05-01T10:00:00.123Z" + NL).endsWith("(no channels)" + NL);
    }

    @Test
    void offlineErrorSaysWhatCouldNotBeReadNotWhetherAnythingRetries() {
        StatusReport offline = new StatusReport(StatusReport.FORMAT, Reports.AT, StatusReport.OFFLINE, "seed",
                List.of(Reports.channel("db1-to-db2", "unknown", null, null, "mysql-bin.000001:4", null,
                        new StatusReport.Error("cannot list the binlogs of source db1 (h:3306): refused", Reports.AT,
                                new BinlogPosition("mysql-bin.000001", 4), null, false))));

        assertThat(StatusTable.render(offline).split(NL)[3])
                .isEqualTo("    error: cannot list the binlogs of source db1 (h:3306): refused (checkpoint"
                        + " mysql-bin.000001:4)");
    }

    @Test
    void offlineHeaderSaysWhereTheNumbersComeFrom() {
        StatusReport offline = new StatusReport(StatusReport.FORMAT, Reports.AT, StatusReport.OFFLINE, "seed",
                List.of(Reports.channel("db1-to-db2", "unknown", 0.0, 0L, "mysql-bin.000001:4", "mysql-bin.000001:4",
                        null)));

        assertThat(StatusTable.render(offline).split(NL)[0]).startsWith("tandem status: offline (from each target's"
                + " checkpoint and each source's binlogs; no service asked, state unknown)");
    }
}

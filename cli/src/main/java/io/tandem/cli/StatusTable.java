package io.tandem.cli;

import io.tandem.replicator.admin.StatusReport;
import io.tandem.replicator.event.BinlogPosition;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a status document for people: a header line with the mode, then one row per channel with the
 * fields {@code SHOW SLAVE STATUS} users look for, and the channel's error under its row.
 *
 * <pre>
 * tandem status: online, replicator seed, at 2025-05-01T10:00:00.123Z
 * CHANNEL     STATE    LAG     BEHIND  SOURCE END            EXECUTED              LAST APPLIED GTID  TRX  SKIPPED
 * db1-to-db2  running  0.012s  0 B     mysql-bin.000003:912  mysql-bin.000003:912  1-1-57              57        0
 * </pre>
 */
final class StatusTable {

    private static final String[] HEADERS = {"CHANNEL", "STATE", "LAG", "BEHIND", "SOURCE END", "EXECUTED",
            "LAST APPLIED GTID", "TRX", "SKIPPED"};
    /** Numbers are right-aligned so that magnitudes line up. */
    private static final boolean[] RIGHT = {false, false, true, true, false, false, false, true, true};

    private StatusTable() {}

    static String render(StatusReport report) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADERS);
        for (StatusReport.Channel channel : report.channels()) {
            rows.add(new String[] {channel.name(), channel.state(), HumanUnits.lag(channel.lagSeconds()),
                    HumanUnits.bytes(channel.bytesBehind()), text(channel.sourceEnd()),
                    text(channel.executedPosition()),
                    channel.applied() == null || channel.applied().gtid() == null ? "-" : channel.applied().gtid(),
                    text(channel.counters().transactions()), text(channel.counters().skipped())});
        }
        int[] widths = new int[HEADERS.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder(header(report)).append(System.lineSeparator());
        for (int r = 0; r < rows.size(); r++) {
            out.append(line(rows.get(r), widths)).append(System.lineSeparator());
            if (r > 0) {
                StatusReport.Error error = report.channels().get(r - 1).error();
                if (error != null) {
                    out.append(StatusReport.OFFLINE.equals(report.mode()) ? offlineErrorLine(error) : errorLine(error))
                            .append(System.lineSeparator());
                }
            }
        }
        if (report.channels().isEmpty()) {
            out.append("(no channels)").append(System.lineSeparator());
        }
        return out.toString();
    }

    private static String header(StatusReport report) {
        String mode = StatusReport.OFFLINE.equals(report.mode())
                ? "offline (from each target's checkpoint and each source's binlogs; no service asked, state unknown)"
                : report.mode();
        return "tandem status: " + mode + ", replicator " + report.replicator() + ", at "
                + report.generatedAt().truncatedTo(ChronoUnit.MILLIS);
    }

    private static String line(String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                line.append("  ");
            }
            String padding = " ".repeat(widths[i] - cells[i].length());
            line.append(RIGHT[i] ? padding + cells[i] : cells[i] + padding);
        }
        return line.toString().stripTrailing();
    }

    /** {@code    error, stopped: MESSAGE (at FILE:POS, GTID D-S-N)}; continuation lines of the message indented. */
    static String errorLine(StatusReport.Error error) {
        StringBuilder where = new StringBuilder();
        if (error.position() != null) {
            where.append("at ").append(error.position());
        }
        if (error.gtid() != null) {
            where.append(where.isEmpty() ? "" : ", ").append("GTID ").append(error.gtid());
        }
        String message = error.message().strip().replace("\n", System.lineSeparator() + "      ");
        return "    error, " + (error.retrying() ? "retrying" : "stopped") + ": " + message
                + (where.isEmpty() ? "" : " (" + where + ")");
    }

    /**
     * Offline, an error says what could not be read: no service runs the channel as far as anyone here knows, so
     * neither "retrying" nor "stopped" would be true.
     */
    static String offlineErrorLine(StatusReport.Error error) {
        return "    error: " + error.message().strip().replace("\n", System.lineSeparator() + "      ")
                + (error.position() == null ? "" : " (checkpoint " + error.position() + ")");
    }

    private static String text(BinlogPosition position) {
        return position == null ? "-" : position.toString();
    }

    private static String text(Long value) {
        return value == null ? "-" : value.toString();
    }
}

package io.tandem.cli;

import io.tandem.replicator.pipeline.ChannelStatus;
import java.util.List;

/** Renders channel status as a table for people, with the fields SHOW SLAVE STATUS users look for. */
final class StatusTable {

    private StatusTable() {}

    static String render(List<ChannelStatus> channels) {
        String format = "%-12s %-9s %-24s %-24s %-18s %7s %8s %7s %10s%n";
        // EXECUTED is Exec_Master_Log_Pos: the end of the last source transaction finished here.
        StringBuilder out = new StringBuilder(String.format(format, "CHANNEL", "STATE", "SOURCE END",
                "EXECUTED", "LAST APPLIED GTID", "TRX", "ROWS", "SKIPPED", "RECONNECTS"));
        for (ChannelStatus status : channels) {
            out.append(String.format(format, status.channel(), status.state(), text(status.sourceEnd()),
                    text(status.passedPosition()), text(status.lastAppliedGtid()), status.transactionsApplied(),
                    status.rowsApplied(), status.eventsSkipped(), status.reconnects()));
            if (status.lastError() != null) {
                out.append(status.state() == io.tandem.replicator.pipeline.ChannelState.ERROR ? "    error: "
                        : "    last error (retried): ").append(status.lastError()).append(System.lineSeparator());
            }
        }
        return out.toString();
    }

    private static String text(Object value) {
        return value == null ? "-" : value.toString();
    }
}

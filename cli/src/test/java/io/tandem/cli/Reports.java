package io.tandem.cli;

import io.tandem.replicator.admin.StatusReport;
import io.tandem.replicator.event.BinlogPosition;
import java.time.Instant;
import java.util.List;

/** Status documents for tests, built field by field the way the service builds them. */
final class Reports {

    static final Instant AT = Instant.parse("2025-05-01T10:00:00.123Z");

    private Reports() {}

    static StatusReport online(StatusReport.Channel... channels) {
        return new StatusReport(StatusReport.FORMAT, AT, StatusReport.ONLINE, "seed", List.of(channels));
    }

    /** A channel with everything known: {@code executed} applied, {@code sourceEnd} written. */
    static StatusReport.Channel channel(String name, String state, Double lagSeconds, Long bytesBehind,
            String executed, String sourceEnd, StatusReport.Error error) {
        BinlogPosition executedPosition = executed == null ? null : BinlogPosition.parse(executed);
        return new StatusReport.Channel(name, new StatusReport.Endpoint("db1", "10.0.0.1", 3306),
                new StatusReport.Endpoint("db2", "10.0.0.2", 3306), state, bytesBehind != null && bytesBehind == 0,
                lagSeconds, bytesBehind, executedPosition, sourceEnd == null ? null : BinlogPosition.parse(sourceEnd),
                AT, executedPosition,
                executedPosition == null ? null : new StatusReport.Applied(executedPosition, "1-1-57", AT),
                new StatusReport.Counters(57L, 120L, 3L, 0L, 1L), error);
    }

    static StatusReport.Channel running(String name, String executed, String sourceEnd, long bytesBehind) {
        return channel(name, "running", bytesBehind == 0 ? 0.0 : 1.5, bytesBehind, executed, sourceEnd, null);
    }
}

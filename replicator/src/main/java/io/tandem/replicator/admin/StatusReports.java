package io.tandem.replicator.admin;

import io.tandem.replicator.config.ChannelConfig;
import io.tandem.replicator.config.ReplicatorConfig;
import io.tandem.replicator.config.ServerConfig;
import io.tandem.replicator.pipeline.ChannelError;
import io.tandem.replicator.pipeline.ChannelStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Turns a running replicator's channel snapshots into the status document. */
public final class StatusReports {

    private StatusReports() {}

    /** The online document: {@code statuses} are the channels of {@code config}, taken just now. */
    public static StatusReport online(ReplicatorConfig config, List<ChannelStatus> statuses, Instant generatedAt) {
        List<StatusReport.Channel> channels = new ArrayList<>();
        for (ChannelStatus status : statuses) {
            ChannelConfig channel = config.channel(status.channel()).orElseThrow(
                    () -> new IllegalArgumentException("channel " + status.channel() + " is not in the configuration"));
            channels.add(channel(endpoint(config.server(channel.source())), endpoint(config.server(channel.target())),
                    status));
        }
        return new StatusReport(StatusReport.FORMAT, generatedAt, StatusReport.ONLINE, config.name(), channels);
    }

    public static StatusReport.Endpoint endpoint(ServerConfig server) {
        return new StatusReport.Endpoint(server.name(), server.host(), server.port());
    }

    private static StatusReport.Channel channel(StatusReport.Endpoint source, StatusReport.Endpoint target,
            ChannelStatus status) {
        ChannelError error = status.error();
        return new StatusReport.Channel(status.channel(), source, target,
                status.state().name().toLowerCase(Locale.ROOT), status.isCaughtUp(),
                status.lag() == null ? null : status.lag().toNanos() / 1e9, status.bytesBehind(),
                status.readPosition(), status.sourceEnd(), status.sourceEndObservedAt(), status.passedPosition(),
                status.appliedPosition() == null ? null : new StatusReport.Applied(status.appliedPosition(),
                        status.lastAppliedGtid() == null ? null : status.lastAppliedGtid().toString(),
                        status.lastSourceCommit()),
                new StatusReport.Counters(status.transactionsApplied(), status.rowsApplied(),
                        status.statementsApplied(), status.eventsSkipped(), status.reconnects()),
                error == null ? null : new StatusReport.Error(error.message(), error.at(), error.position(),
                        error.gtid() == null ? null : error.gtid().toString(), error.retrying()));
    }
}

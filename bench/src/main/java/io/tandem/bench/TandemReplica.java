package io.tandem.bench;

import io.tandem.replicator.Replicator;
import io.tandem.replicator.config.ReplicatorConfig;
import io.tandem.replicator.event.BinlogPosition;
import io.tandem.replicator.pipeline.ChannelState;
import io.tandem.replicator.pipeline.ChannelStatus;
import io.tandem.replicator.pipeline.ReplicationChannel;
import io.tandem.testkit.MariaDbServer;
import java.time.Duration;

/**
 * A tandem channel from the source to the replica, running in this JVM with the configuration a user
 * would write: default loop prevention (server-id), no filters, the admin endpoint off (the harness
 * reads status directly, and a fixed port could clash with other processes on the machine).
 */
final class TandemReplica implements Replica {

    static final String CHANNEL = "source-to-replica";
    /** Thread names of the channel start with this ({@code replicator[NAME]-stage-N}, {@code -binlog-N}). */
    static final String THREAD_PREFIX = "replicator[" + CHANNEL + "]";
    private static final Duration PROGRESS_PERIOD = Duration.ofSeconds(2);

    private final MariaDbServer source;
    private final MariaDbServer replica;
    private Replicator replicator;
    private ReplicationChannel channel;

    private final java.util.Map<String, String> channelSettings;

    TandemReplica(MariaDbServer source, MariaDbServer replica, java.util.Map<String, String> channelSettings) {
        this.source = source;
        this.replica = replica;
        this.channelSettings = channelSettings;
    }

    @Override
    public void start(BinlogPosition from) throws Exception {
        ReplicatorConfig config = ReplicatorConfig.builder()
                .origin("the replication bench")
                .set("name", "bench")
                .set("admin-listen", "off")
                .server("source", s -> s.set("host", source.host()).set("port", source.port()).set("user", "root")
                        .set("server-id", source.options().serverId()))
                .server("replica", s -> s.set("host", replica.host()).set("port", replica.port()).set("user", "root")
                        .set("server-id", replica.options().serverId()))
                .channel(CHANNEL, c -> {
                    c.set("source", "source").set("target", "replica").set("start", from.toString())
                            .set("reader-server-id", 101);
                    channelSettings.forEach(c::set);
                })
                .build();
        replicator = Replicator.start(config);
        channel = replicator.channel(CHANNEL).orElseThrow();
    }

    @Override
    public boolean awaitApplied(BinlogPosition end, Duration timeout, Progress progress) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextReport = System.nanoTime() + PROGRESS_PERIOD.toNanos();
        while (System.nanoTime() < deadline) {
            ChannelStatus status = channel.status();
            if (status.hasFinished(end)) {
                return true;
            }
            if (status.state() == ChannelState.ERROR) {
                throw new IllegalStateException(replica.name() + ": tandem channel stopped: " + status.lastError());
            }
            if (System.nanoTime() >= nextReport) {
                progress.report(status.passedPosition());
                nextReport += PROGRESS_PERIOD.toNanos();
            }
            // Status is read from memory; 2 ms is far below the figures' resolution.
            Thread.sleep(2);
        }
        return false;
    }

    @Override
    public BinlogPosition appliedPosition() {
        return channel.status().passedPosition();
    }

    ChannelStatus status() {
        return channel.status();
    }

    @Override
    public void close() {
        if (replicator != null) {
            try {
                replicator.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

package io.tandem.bench;

import io.tandem.replicator.event.BinlogPosition;
import io.tandem.testkit.MariaDbServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fresh source (server id 1) and replica (server id 2) holding the prepared data, warmed, with empty
 * binlogs: what every measurement starts from.
 */
final class ServerPair implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger("bench");

    final MariaDbServer source;
    final MariaDbServer replica;
    private final ReplicaKind kind;

    private java.util.Map<String, String> tandemSettings = java.util.Map.of();

    private ServerPair(MariaDbServer source, MariaDbServer replica, ReplicaKind kind) {
        this.source = source;
        this.replica = replica;
        this.kind = kind;
    }

    static ServerPair start(PreparedData data, ServerSettings settings, ReplicaKind kind, Sysbench sysbench,
            Path logs) {
        MariaDbServer source = MariaDbServer.start("source", settings.options(1, List.of()), logs);
        MariaDbServer replica = null;
        try {
            replica = MariaDbServer.start("replica-" + kind.label, settings.options(2, kind.replicaArguments), logs);
            data.loadInto(source);
            data.loadInto(replica);
            sysbench.prewarm(source);
            sysbench.prewarm(replica);
            log.info("  source 127.0.0.1:{}, replica 127.0.0.1:{} ({}), data loaded and warm", source.port(),
                    replica.port(), kind);
            return new ServerPair(source, replica, kind);
        } catch (RuntimeException e) {
            source.close();
            if (replica != null) {
                replica.close();
            }
            throw e;
        }
    }

    Replica newReplica() {
        return kind == ReplicaKind.TANDEM ? new TandemReplica(source, replica, tandemSettings)
                : new NativeReplica(replica, source);
    }

    /** tandem's channel settings for the replicas this pair makes (its defaults for the others). */
    ServerPair withTandemSettings(java.util.Map<String, String> settings) {
        this.tandemSettings = settings;
        return this;
    }

    /** The source's binlog end (SHOW MASTER STATUS): between transactions when nothing writes, a group start. */
    BinlogPosition sourceEnd() {
        List<String> row = source.queryRows("SHOW MASTER STATUS").get(0);
        return new BinlogPosition(row.get(0), Long.parseLong(row.get(1)));
    }

    /** The last GTID sequence number the source used in its own domain (1): its committed transactions so far. */
    long sourceSequence() {
        String position = source.queryString("SELECT @@gtid_binlog_pos");
        if (position == null || position.isEmpty()) {
            return 0;
        }
        for (String gtid : position.split(",")) {
            String[] parts = gtid.trim().split("-");
            if (parts[0].equals(Integer.toString(source.options().gtidDomainId()))) {
                return Long.parseLong(parts[2]);
            }
        }
        return 0;
    }

    /** Compares CHECKSUM TABLE of every sbtest table on both servers; returns the tables that differ. */
    List<String> differingTables(int tables) {
        List<String> differing = new ArrayList<>();
        for (int i = 1; i <= tables; i++) {
            String table = "sbtest.sbtest" + i;
            String onSource = source.queryRows("CHECKSUM TABLE " + table).get(0).get(1);
            String onReplica = replica.queryRows("CHECKSUM TABLE " + table).get(0).get(1);
            if (onSource == null || !onSource.equals(onReplica)) {
                differing.add(table + " (source " + onSource + ", replica " + onReplica + ")");
            }
        }
        return differing;
    }

    @Override
    public void close() {
        replica.close();
        source.close();
    }
}

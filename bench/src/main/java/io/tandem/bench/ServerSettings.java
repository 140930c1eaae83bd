package io.tandem.bench;

import io.tandem.testkit.MariaDbOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * The mariadbd options every server of the bench runs with, beyond the testkit's (binlog in ROW format
 * with full metadata, GTID strict mode, log_slave_updates, utf8mb4): durability, and memory for the
 * data set. Source and replica get the same, so neither is favoured.
 *
 * @param durable innodb_flush_log_at_trx_commit=1 and sync_binlog=1; otherwise 2 and 0
 * @param bufferPool innodb_buffer_pool_size, large enough to hold the data set
 */
record ServerSettings(boolean durable, String bufferPool) {

    /** At least 1 GiB, and about twice the prepared data (sbtest rows take about 250 bytes with their index). */
    static ServerSettings forDataSet(boolean durable, int tables, int tableSize) {
        long bytes = Math.max(1L << 30, (long) tables * tableSize * 500);
        return new ServerSettings(durable, (bytes >> 20) + "M");
    }

    List<String> arguments() {
        return List.of(
                "--innodb-flush-log-at-trx-commit=" + (durable ? 1 : 2),
                "--sync-binlog=" + (durable ? 1 : 0),
                // The testkit's 48M redo log would make checkpoint flushing the limit of a write benchmark.
                "--innodb-log-file-size=512M",
                // Every server is warmed by sysbench prewarm instead, so all start equally warm.
                "--innodb-buffer-pool-load-at-startup=OFF",
                "--innodb-buffer-pool-dump-at-shutdown=OFF",
                "--skip-slave-start",
                "--relay-log=relay-bin");
    }

    /** Options of one server: {@code serverId} (also its GTID domain), these settings, then {@code extra}. */
    MariaDbOptions options(int serverId, List<String> extra) {
        List<String> arguments = new ArrayList<>(arguments());
        arguments.addAll(extra);
        // auto_increment_increment 2 with offsets by server id, as the seed's pair runs.
        return new MariaDbOptions(serverId, serverId, 2, serverId, "ROW", bufferPool, arguments);
    }
}

package io.tandem.replicator.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.replicator.config.StartPosition;
import io.tandem.replicator.event.BinlogPosition;
import io.tandem.testkit.MariaDbOptions;
import io.tandem.testkit.MariaDbServer;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A backlog is applied with several source transactions per target commit, each exactly once: the rows, the
 * checkpoint's transaction count and the GTID position match the source (each group is logged under its last
 * member's GTID), and the target's binlog shows fewer, larger transactions. A DDL in the middle ends a group. With transactions-per-commit = 1 every source
 * transaction is a target transaction of its own.
 */
class GroupedCommitIT {

    private static final int TRANSACTIONS = 600;

    @Test
    void aBacklogIsCommittedInGroupsExactlyOnce() throws Exception {
        assertThat(targetTransactionsFor(64, "grouped"))
                .as("target transactions for %d source transactions", TRANSACTIONS)
                .isLessThan(TRANSACTIONS / 2);
    }

    @Test
    void oneTransactionPerCommitWhenAskedTo() throws Exception {
        // The DDL and its checkpoint transaction come on top of the source's transactions.
        assertThat(targetTransactionsFor(1, "single")).isGreaterThanOrEqualTo(TRANSACTIONS);
    }

    @Test
    void aFailureInsideAGroupStopsExactlyAtTheFailingTransaction() throws Exception {
        try (MariaDbServer source = MariaDbServer.start("fail-src", MariaDbOptions.master(1, 2));
                MariaDbServer target = MariaDbServer.start("fail-dst", MariaDbOptions.master(2, 2));
                ChannelFixture fixture = new ChannelFixture()) {
            for (MariaDbServer server : List.of(source, target)) {
                server.execute("SET sql_log_bin=0", "CREATE DATABASE felix",
                        "CREATE TABLE felix.t (id INT PRIMARY KEY, n INT NOT NULL) ENGINE=InnoDB");
            }
            // The target already has row 150: the source's insert of it fails there (duplicate key, STRICT).
            target.execute("SET sql_log_bin=0", "INSERT INTO felix.t VALUES (150, -1)");
            BinlogPosition start = position(source);
            try (Connection connection = source.connect(); Statement statement = connection.createStatement()) {
                for (int i = 1; i <= 300; i++) {
                    statement.execute("INSERT INTO felix.t VALUES (" + i + ", " + i + ")");
                }
            }
            ChannelSettings base = fixture.settings("fail", source, target);
            ReplicationChannel channel = fixture.startWithoutWaiting(new ChannelSettings(base.name(), base.source(),
                    base.readerServerId(), base.heartbeatPeriod(), base.target(),
                    new StartPosition.AtBinlogPosition(start), base.filter(), base.ignoredServerIds(), base.policy(),
                    base.tagging(), base.metadataSchema(), base.clock(), base.observer(), 64, base.parallelWorkers()));
            String error = ChannelFixture.awaitError(channel, Duration.ofSeconds(60));

            assertThat(error).contains("1062");
            // Everything before the failing transaction is applied, nothing after it, as natively.
            assertThat(target.queryLong("SELECT COUNT(*) FROM felix.t WHERE n > 0")).isEqualTo(149);
            assertThat(target.queryLong("SELECT MAX(id) FROM felix.t WHERE n > 0")).isEqualTo(149);
            ChannelStatus stopped = channel.status();
            assertThat(stopped.error().gtid()).hasToString("1-1-150");
            assertThat(stopped.lastAppliedGtid()).hasToString("1-1-149");
            assertThat(stopped.appliedPosition()).isEqualTo(stopped.error().position());
        }
    }

    /** Replicates a backlog with the given limit; returns how many transactions the target's binlog gained. */
    private static long targetTransactionsFor(int perCommit, String name) throws Exception {
        try (MariaDbServer source = MariaDbServer.start(name + "-src", MariaDbOptions.master(1, 2));
                MariaDbServer target = MariaDbServer.start(name + "-dst", MariaDbOptions.master(2, 2));
                ChannelFixture fixture = new ChannelFixture()) {
            for (MariaDbServer server : List.of(source, target)) {
                server.execute("SET sql_log_bin=0", "CREATE DATABASE felix",
                        "CREATE TABLE felix.t (id INT PRIMARY KEY, n INT NOT NULL) ENGINE=InnoDB");
            }
            BinlogPosition start = position(source);
            try (Connection connection = source.connect(); Statement statement = connection.createStatement()) {
                for (int i = 1; i <= TRANSACTIONS; i++) {
                    statement.execute("INSERT INTO felix.t VALUES (" + i + ", " + i + ")");
                    if (i % 7 == 0) {
                        statement.execute("UPDATE felix.t SET n = n + 1 WHERE id = " + (i - 3));
                    }
                    if (i == TRANSACTIONS / 2) {
                        statement.execute("CREATE TABLE felix.mid (id INT PRIMARY KEY) ENGINE=InnoDB");
                    }
                }
            }
            long sourceTransactions = source.queryLong("SELECT COUNT(*) FROM felix.t") + TRANSACTIONS / 7 + 1;
            long targetGtidsBefore = gtidEvents(target);
            ChannelSettings base = fixture.settings(name, source, target).withTransactionsPerCommit(perCommit);
            ReplicationChannel channel = fixture.start(new ChannelSettings(base.name(), base.source(),
                    base.readerServerId(), base.heartbeatPeriod(), base.target(),
                    new StartPosition.AtBinlogPosition(start), base.filter(), base.ignoredServerIds(), base.policy(),
                    base.tagging(), base.metadataSchema(), base.clock(), base.observer(), perCommit,
                    base.parallelWorkers()));
            ChannelFixture.awaitCaughtUp(Duration.ofSeconds(120), channel);

            assertThat(target.queryRows("SELECT id, n FROM felix.t ORDER BY id"))
                    .isEqualTo(source.queryRows("SELECT id, n FROM felix.t ORDER BY id"));
            assertThat(target.queryLong("SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'mid'"))
                    .isEqualTo(1);
            ChannelStatus status = channel.status();
            assertThat(status.transactionsApplied()).isEqualTo(sourceTransactions);
            assertThat(target.queryLong("SELECT transactions FROM tandem.checkpoint WHERE channel = '" + name + "'"))
                    .isEqualTo(sourceTransactions);
            String sourceGtid = source.queryString("SELECT @@gtid_binlog_pos");
            assertThat(status.lastAppliedGtid()).hasToString(sourceGtid);
            // Each group is logged under its last member's GTID, so the target's position is the source's.
            assertThat(target.queryString("SELECT @@gtid_binlog_pos")).contains(sourceGtid);
            return gtidEvents(target) - targetGtidsBefore;
        }
    }

    private static long gtidEvents(MariaDbServer server) {
        long count = 0;
        for (List<String> log : server.queryRows("SHOW BINARY LOGS")) {
            count += server.queryRows("SHOW BINLOG EVENTS IN '" + log.get(0) + "'").stream()
                    .filter(event -> event.get(2).equals("Gtid")).count();
        }
        return count;
    }

    private static BinlogPosition position(MariaDbServer server) {
        List<String> status = server.queryRows("SHOW MASTER STATUS").get(0);
        return new BinlogPosition(status.get(0), Long.parseLong(status.get(1)));
    }
}

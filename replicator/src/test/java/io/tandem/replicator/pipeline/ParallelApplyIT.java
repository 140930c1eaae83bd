package io.tandem.replicator.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.replicator.config.ErrorPolicy;
import io.tandem.replicator.config.LoopPrevention;
import io.tandem.replicator.config.StartPosition;
import io.tandem.replicator.event.BinlogPosition;
import io.tandem.replicator.filter.Rules;
import io.tandem.testkit.MariaDbOptions;
import io.tandem.testkit.MariaDbServer;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Parallel apply: a backlog written by several clients, where many transactions change the same rows (the same
 * primary key, the same unique value, the same key in another letter case), is applied by several workers at
 * once and ends byte for byte as on the source, with every transaction exactly once and the target's GTID
 * position equal to the source's (commits in source order; gtid_strict_mode would refuse anything else).
 * A failing transaction stops the channel exactly there: everything before it is committed, nothing after it.
 */
class ParallelApplyIT {

    private static final int CLIENTS = 4;
    private static final int TRANSACTIONS_PER_CLIENT = 400;

    @Test
    void conflictingTransactionsAreAppliedInSourceOrderAndIndependentOnesConcurrently() throws Exception {
        try (MariaDbServer source = MariaDbServer.start("par-src", MariaDbOptions.master(1, 2));
                MariaDbServer target = MariaDbServer.start("par-dst", MariaDbOptions.master(2, 2));
                ChannelFixture fixture = new ChannelFixture()) {
            for (MariaDbServer server : List.of(source, target)) {
                server.execute("SET sql_log_bin=0", "CREATE DATABASE felix",
                        // Few rows: most transactions collide on a primary key.
                        "CREATE TABLE felix.hot (id INT PRIMARY KEY, v INT NOT NULL, tag VARCHAR(20) NOT NULL,"
                                + " UNIQUE KEY (tag)) ENGINE=InnoDB",
                        "CREATE TABLE felix.cold (id INT PRIMARY KEY, v INT NOT NULL) ENGINE=InnoDB",
                        // A case-insensitive key: 'Key-1' and 'KEY-1' are the same row.
                        "CREATE TABLE felix.names (name VARCHAR(20) COLLATE utf8mb4_general_ci PRIMARY KEY,"
                                + " v INT NOT NULL) ENGINE=InnoDB",
                        // No key: its transactions are applied serially.
                        "CREATE TABLE felix.nokey (a INT NOT NULL, b INT NOT NULL) ENGINE=InnoDB");
                for (int id = 0; id < 5; id++) {
                    server.execute("SET sql_log_bin=0", "INSERT INTO felix.hot VALUES (" + id + ", 0, 't" + id + "')");
                }
            }
            BinlogPosition start = position(source);
            long sequenceBefore = lastSequence(source);
            writeConcurrently(source);
            long sourceTransactions = lastSequence(source) - sequenceBefore;

            ChannelSettings base = fixture.settings("par", source, target).withParallelWorkers(4);
            ReplicationChannel channel = fixture.start(new ChannelSettings(base.name(), base.source(),
                    base.readerServerId(), base.heartbeatPeriod(), base.target(), new StartPosition.AtBinlogPosition(start),
                    base.filter(), base.ignoredServerIds(), base.policy(), base.tagging(), base.metadataSchema(),
                    base.clock(), base.observer(), 1, 4));
            ChannelFixture.awaitCaughtUp(Duration.ofSeconds(180), channel);

            for (String table : List.of("hot", "cold", "names", "nokey")) {
                String order = table.equals("nokey") ? "a, b" : table.equals("names") ? "name" : "id";
                assertThat(target.queryRows("SELECT * FROM felix." + table + " ORDER BY " + order))
                        .as("felix.%s", table)
                        .isEqualTo(source.queryRows("SELECT * FROM felix." + table + " ORDER BY " + order));
            }
            assertThat(ChannelFixture.checksums(target, "felix")).isEqualTo(ChannelFixture.checksums(source, "felix"));
            ChannelStatus status = channel.status();
            assertThat(status.transactionsApplied()).isEqualTo(sourceTransactions);
            assertThat(target.queryLong("SELECT transactions FROM tandem.checkpoint WHERE channel = 'par'"))
                    .isEqualTo(sourceTransactions);
            String sourceGtid = source.queryString("SELECT @@gtid_binlog_pos");
            assertThat(status.lastAppliedGtid()).hasToString(sourceGtid);
            assertThat(target.queryString("SELECT @@gtid_binlog_pos")).contains(sourceGtid);
            // The workers did the bulk of it, several at a time.
            assertThat(channel.parallelActivity().transactions().get()).isGreaterThan(sourceTransactions / 2);
            assertThat(channel.parallelActivity().mostBusyAtOnce().get()).isGreaterThan(1);
        }
    }

    @Test
    void aFailingTransactionStopsTheChannelExactlyThere() throws Exception {
        try (MariaDbServer source = MariaDbServer.start("parfail-src", MariaDbOptions.master(1, 2));
                MariaDbServer target = MariaDbServer.start("parfail-dst", MariaDbOptions.master(2, 2));
                ChannelFixture fixture = new ChannelFixture()) {
            for (MariaDbServer server : List.of(source, target)) {
                server.execute("SET sql_log_bin=0", "CREATE DATABASE felix",
                        "CREATE TABLE felix.t (id INT PRIMARY KEY, n INT NOT NULL) ENGINE=InnoDB");
            }
            // Row 250 already exists on the target: the source's insert of it fails there (duplicate key).
            target.execute("SET sql_log_bin=0", "INSERT INTO felix.t VALUES (250, -1)");
            source.execute("INSERT INTO felix.t VALUES (0, 0)");
            BinlogPosition start = position(source);
            try (Connection connection = source.connect(); Statement statement = connection.createStatement()) {
                for (int i = 1; i <= 500; i++) {
                    statement.execute("INSERT INTO felix.t VALUES (" + i + ", " + i + ")");
                }
            }
            ChannelSettings base = fixture.settings("parfail", source, target);
            ReplicationChannel channel = fixture.startWithoutWaiting(new ChannelSettings(base.name(), base.source(),
                    base.readerServerId(), base.heartbeatPeriod(), base.target(), new StartPosition.AtBinlogPosition(start),
                    base.filter(), base.ignoredServerIds(), base.policy(), base.tagging(), base.metadataSchema(),
                    base.clock(), base.observer(), 1, 4));
            // The first transaction goes serially (the table's layout is not cached yet), the rest to the workers.
            String error = ChannelFixture.awaitError(channel, Duration.ofSeconds(60));

            assertThat(error).contains("1062").contains("1-1-251");
            assertThat(target.queryLong("SELECT COUNT(*) FROM felix.t WHERE n > 0")).isEqualTo(249);
            assertThat(target.queryLong("SELECT MAX(id) FROM felix.t WHERE n > 0")).isEqualTo(249);
            ChannelStatus stopped = channel.status();
            assertThat(stopped.error().gtid()).hasToString("1-1-251");
            assertThat(stopped.lastAppliedGtid()).hasToString("1-1-250");
            assertThat(stopped.appliedPosition()).isEqualTo(stopped.error().position());
            assertThat(channel.parallelActivity().transactions().get()).isGreaterThan(0);
        }
    }

    /**
     * Two masters, both channels with workers, and a table neither channel replicates. Each side's filtered
     * changes leave a passed position that tandem stores as the target's own write; the other channel must
     * pass over that write without storing a position of its own in turn. It did store one once, from the
     * workers' path only: the two checkpoints then bounced between the servers for ever.
     */
    @Test
    void filteredChangesDoNotSetTheTwoCheckpointsBouncing() throws Exception {
        try (MariaDbServer db1 = MariaDbServer.start("parloop-db1", MariaDbOptions.master(1, 2));
                MariaDbServer db2 = MariaDbServer.start("parloop-db2", MariaDbOptions.master(2, 2));
                ChannelFixture fixture = new ChannelFixture()) {
            for (MariaDbServer server : List.of(db1, db2)) {
                server.execute("SET sql_log_bin=0", "CREATE DATABASE felix",
                        "CREATE TABLE felix.shared (id INT PRIMARY KEY, v INT NOT NULL) ENGINE=InnoDB",
                        "CREATE TABLE felix.local_only (id INT PRIMARY KEY, v INT NOT NULL) ENGINE=InnoDB");
            }
            ChangeFilter notLocal = ChangeFilter.of(Rules.rules().replicateIgnoreTable("felix.local_only").filter());
            ReplicationChannel oneToTwo = fixture.start(fixture.settings("parloop-1-2", db1, db2,
                    LoopPrevention.SERVER_ID, ErrorPolicy.STRICT, notLocal).withParallelWorkers(4));
            ReplicationChannel twoToOne = fixture.start(fixture.settings("parloop-2-1", db2, db1,
                    LoopPrevention.SERVER_ID, ErrorPolicy.STRICT, notLocal).withParallelWorkers(4));
            for (int i = 1; i <= 40; i++) {
                MariaDbServer writer = i % 2 == 0 ? db1 : db2;
                writer.execute("INSERT INTO felix.shared VALUES (" + i + ", " + i + ")",
                        "INSERT INTO felix.local_only VALUES (" + i + ", " + (writer == db1 ? 1 : 2) + ")");
            }
            ChannelFixture.awaitCaughtUp(Duration.ofSeconds(60), oneToTwo, twoToOne);
            ChannelFixture.awaitBinlogsSettled(Duration.ofSeconds(3), Duration.ofSeconds(30), db1, db2);

            assertThat(db2.queryRows("SELECT * FROM felix.shared ORDER BY id"))
                    .hasSize(40).isEqualTo(db1.queryRows("SELECT * FROM felix.shared ORDER BY id"));
            assertThat(db1.queryLong("SELECT COUNT(*) FROM felix.local_only WHERE v = 2")).isZero();
            assertThat(db2.queryLong("SELECT COUNT(*) FROM felix.local_only WHERE v = 1")).isZero();
            assertThat(oneToTwo.parallelActivity().transactions().get()
                    + twoToOne.parallelActivity().transactions().get()).isGreaterThan(0);
        }
    }

    /** CLIENTS connections write at once, each a stream of small transactions that collide with the others'. */
    private static void writeConcurrently(MariaDbServer source) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                done.add(clients.submit(() -> {
                    try (Connection connection = source.connect(); Statement statement = connection.createStatement()) {
                        for (int i = 1; i <= TRANSACTIONS_PER_CLIENT; i++) {
                            int n = client * TRANSACTIONS_PER_CLIENT + i;
                            retryDeadlocks(connection, statement, List.of(
                                    "BEGIN",
                                    "UPDATE felix.hot SET v = " + n + " WHERE id = " + (n % 5),
                                    "INSERT INTO felix.cold VALUES (" + n + ", " + n + ")",
                                    n % 3 == 0 ? "DELETE FROM felix.cold WHERE id = " + (n - 2) : "DO 0",
                                    // Swap two unique tags through a spare value: the unique key collides.
                                    n % 7 == 0 ? "UPDATE felix.hot SET tag = CONCAT('x', " + n + ") WHERE id = 1" : "DO 0",
                                    n % 7 == 0 ? "UPDATE felix.hot SET tag = 't1' WHERE id = 1" : "DO 0",
                                    n % 2 == 0 ? "INSERT INTO felix.names VALUES ('Key-" + (n % 4) + "', " + n
                                            + ") ON DUPLICATE KEY UPDATE v = " + n : "DO 0",
                                    n % 2 == 1 ? "UPDATE felix.names SET v = -" + n + " WHERE name = 'KEY-" + (n % 4)
                                            + "'" : "DO 0",
                                    n % 11 == 0 ? "INSERT INTO felix.nokey VALUES (" + n + ", " + client + ")" : "DO 0",
                                    "COMMIT"));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> each : done) {
                each.get();
            }
        } finally {
            clients.shutdownNow();
        }
    }

    private static void retryDeadlocks(Connection connection, Statement statement, List<String> transaction)
            throws java.sql.SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                for (String sql : transaction) {
                    statement.execute(sql);
                }
                return;
            } catch (java.sql.SQLException e) {
                statement.execute("ROLLBACK");
                if ((e.getErrorCode() != 1213 && e.getErrorCode() != 1205) || attempt == 20) {
                    throw e;
                }
            }
        }
    }

    /** The sequence number of the source's last GTID (one domain, one server), 0 before the first. */
    private static long lastSequence(MariaDbServer source) {
        String position = source.queryString("SELECT @@gtid_binlog_pos");
        return position == null || position.isEmpty() ? 0 : Long.parseLong(position.substring(position.lastIndexOf('-') + 1));
    }

    private static BinlogPosition position(MariaDbServer server) {
        List<String> status = server.queryRows("SHOW MASTER STATUS").get(0);
        return new BinlogPosition(status.get(0), Long.parseLong(status.get(1)));
    }
}

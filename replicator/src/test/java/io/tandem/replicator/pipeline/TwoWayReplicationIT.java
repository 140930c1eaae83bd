package io.tandem.replicator.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.testkit.MariaDbOptions;
import io.tandem.testkit.MariaDbServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The seed's master-master pair, with tandem in place of the native replica threads. */
class TwoWayReplicationIT {

    @Test
    void concurrentWritesOnBothMastersConvergeAndStopLooping() throws Exception {
        try (MariaDbServer db1 = MariaDbServer.start("db1", MariaDbOptions.master(1, 2));
                MariaDbServer db2 = MariaDbServer.start("db2", MariaDbOptions.master(2, 2));
                ChannelFixture fixture = new ChannelFixture()) {
            ReplicationChannel oneToTwo = fixture.start(fixture.settings("db1-to-db2", db1, db2));
            ReplicationChannel twoToOne = fixture.start(fixture.settings("db2-to-db1", db2, db1));

            db1.execute("CREATE DATABASE felix",
                    "CREATE TABLE felix.orders (id INT AUTO_INCREMENT PRIMARY KEY, customer VARCHAR(40),"
                            + " amount DECIMAL(12,2), note TEXT, KEY by_customer (customer)) ENGINE=InnoDB",
                    "CREATE TABLE felix.events (happened DATETIME(6), what VARCHAR(100)) ENGINE=InnoDB");
            ChannelFixture.awaitCaughtUp(Duration.ofSeconds(30), oneToTwo, twoToOne);
            assertThat(db2.queryLong("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA='felix'"))
                    .isEqualTo(2);

            List<Thread> writers = new ArrayList<>();
            AtomicInteger failures = new AtomicInteger();
            for (MariaDbServer server : List.of(db1, db2)) {
                for (int w = 0; w < 2; w++) {
                    writers.add(Thread.ofPlatform().start(() -> writeLoad(server, 150, failures)));
                }
            }
            // DDL while both sides write: a column added on db2, replicated to db1.
            db2.execute("ALTER TABLE felix.events ADD COLUMN source_server INT NULL");
            for (Thread writer : writers) {
                writer.join();
            }
            assertThat(failures.get()).as("writer failures").isZero();

            ChannelFixture.awaitCaughtUp(Duration.ofSeconds(60), oneToTwo, twoToOne);
            Map<String, String> sums1 = ChannelFixture.checksums(db1, "felix");
            Map<String, String> sums2 = ChannelFixture.checksums(db2, "felix");
            assertThat(sums1).hasSize(2).isEqualTo(sums2);
            assertThat(db1.queryLong("SELECT COUNT(*) FROM felix.orders")).isGreaterThan(0);
            assertThat(db1.queryString("SELECT @@gtid_binlog_pos")).isEqualTo(db2.queryString("SELECT @@gtid_binlog_pos"));

            // No loop: once writes stop, both binlogs stop growing (allowing the idle checkpoint flushes).
            ChannelFixture.awaitBinlogsSettled(Duration.ofSeconds(3), Duration.ofSeconds(30), db1, db2);
            ChannelFixture.awaitCaughtUp(Duration.ofSeconds(10), oneToTwo, twoToOne);
            assertThat(oneToTwo.status().eventsSkipped()).isZero();
            assertThat(twoToOne.status().eventsSkipped()).isZero();
        }
    }

    /** An application's transactions: retried on deadlock and lock wait timeout, as applications must. */
    private static void writeLoad(MariaDbServer server, int transactions, AtomicInteger failures) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            for (int i = 0; i < transactions; i++) {
                for (int attempt = 1; ; attempt++) {
                    try {
                        writeOneTransaction(server, statement, i, random);
                        connection.commit();
                        break;
                    } catch (SQLException e) {
                        connection.rollback();
                        boolean retriable = e.getErrorCode() == 1213 || e.getErrorCode() == 1205;
                        if (!retriable || attempt == 20) {
                            throw e;
                        }
                    }
                }
            }
        } catch (SQLException e) {
            failures.incrementAndGet();
            throw new IllegalStateException(server.name() + ": " + e.getMessage(), e);
        }
    }

    private static void writeOneTransaction(MariaDbServer server, Statement statement, int i, ThreadLocalRandom random)
            throws SQLException {
        statement.executeUpdate("INSERT INTO felix.orders (customer, amount, note) VALUES ('" + server.name() + "-"
                + i + "', " + random.nextInt(100_000) / 100.0 + ", 'n\u00e9 \uD83D\uDE00')");
        statement.executeUpdate("INSERT INTO felix.events (happened, what) VALUES (NOW(6), 'order " + server.name()
                + "')");
        if (i % 5 == 0) {
            // Only this server's own rows, as an application partitioned by master would touch them;
            // cross-master conflicts on one row are not replication's to solve.
            statement.executeUpdate("UPDATE felix.orders SET amount = amount + 1 WHERE customer = '" + server.name()
                    + "-" + (i / 2) + "'");
        }
        if (i % 7 == 0) {
            statement.executeUpdate("DELETE FROM felix.orders WHERE customer = '" + server.name() + "-" + (i / 3)
                    + "'");
        }
    }
}

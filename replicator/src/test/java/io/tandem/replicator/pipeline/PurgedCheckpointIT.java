package io.tandem.replicator.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.replicator.config.StartPosition;
import io.tandem.replicator.event.BinlogPosition;
import io.tandem.testkit.MariaDbOptions;
import io.tandem.testkit.MariaDbServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A channel whose checkpoint lies in a binlog file the master has purged cannot resume without losing
 * the transactions in between (binlog notes 3, "Purged logs"). It must refuse, say which file is gone
 * and which is the oldest left, tell the operator how to reseed, and apply nothing.
 */
class PurgedCheckpointIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void refusesToResumeFromAPurgedCheckpointAndAppliesNothing() throws Exception {
        try (MariaDbServer source = MariaDbServer.start("purge-src", MariaDbOptions.master(1, 2));
                MariaDbServer target = MariaDbServer.start("purge-dst", MariaDbOptions.master(2, 2));
                ChannelFixture fixture = new ChannelFixture()) {
            ChannelSettings settings = fixture.settings("purged", source, target);
            ReplicationChannel channel = fixture.start(settings);
            source.execute("CREATE DATABASE shop", "CREATE TABLE shop.items (id INT PRIMARY KEY) ENGINE=InnoDB",
                    "INSERT INTO shop.items VALUES (1), (2)");
            ChannelFixture.awaitCaughtUp(WAIT, channel);
            channel.close();
            String checkpoint = checkpointRow(target);
            assertThat(checkpoint).startsWith("mysql-bin.000001,");

            // Transactions the channel has not read yet, then the files that hold them are purged.
            source.execute("INSERT INTO shop.items VALUES (3)", "FLUSH BINARY LOGS", "INSERT INTO shop.items VALUES (4)",
                    "FLUSH BINARY LOGS", "INSERT INTO shop.items VALUES (5)");
            purgeTo(source, "mysql-bin.000003");
            String targetBinlogBefore = target.queryRows("SHOW MASTER STATUS").get(0).subList(0, 2).toString();

            ReplicationChannel restarted = fixture.startWithoutWaiting(settings);
            String message = ChannelFixture.awaitError(restarted, WAIT);
            assertThat(message)
                    .contains("channel purged must resume at mysql-bin.000001:")
                    .contains("(its checkpoint)")
                    .contains("no longer has mysql-bin.000001 (purged)")
                    .contains("its oldest binlog is mysql-bin.000003")
                    .contains("Reseed", "mariadb-dump", "tandem checkpoint set --channel purged");

            // Nothing applied, nothing stored, nothing written to the target's binlog.
            assertThat(target.queryRows("SELECT id FROM shop.items ORDER BY id")).containsExactly(List.of("1"), List.of("2"));
            assertThat(checkpointRow(target)).isEqualTo(checkpoint);
            assertThat(target.queryRows("SHOW MASTER STATUS").get(0).subList(0, 2).toString()).isEqualTo(targetBinlogBefore);
            assertThat(restarted.status().transactionsApplied()).isZero();
        }
    }

    @Test
    void refusesAConfiguredStartInAPurgedFile() throws Exception {
        try (MariaDbServer source = MariaDbServer.start("purge-start-src", MariaDbOptions.master(1, 2));
                MariaDbServer target = MariaDbServer.start("purge-start-dst", MariaDbOptions.master(2, 2));
                ChannelFixture fixture = new ChannelFixture()) {
            source.execute("CREATE DATABASE shop", "FLUSH BINARY LOGS");
            purgeTo(source, "mysql-bin.000002");
            ChannelSettings current = fixture.settings("configured", source, target);
            ChannelSettings atPurgedFile = new ChannelSettings(current.name(), current.source(), current.readerServerId(),
                    current.heartbeatPeriod(), current.target(),
                    new StartPosition.AtBinlogPosition(new BinlogPosition("mysql-bin.000001", 4)), current.filter(),
                    current.ignoredServerIds(), current.policy(), current.tagging(), current.metadataSchema(),
                    current.clock());
            String message = ChannelFixture.awaitError(fixture.startWithoutWaiting(atPurgedFile), WAIT);
            assertThat(message).contains("must resume at mysql-bin.000001:4 (configured start)")
                    .contains("its oldest binlog is mysql-bin.000002");
            assertThat(target.queryLong("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'shop'"))
                    .isZero();
            assertThat(target.queryString("SELECT binlog_file FROM tandem.checkpoint WHERE channel = 'configured'"))
                    .isNull();
        }
    }

    /**
     * A channel idle while its master rotates the binlog moves its checkpoint into the new file (at the
     * heartbeat's position, a group boundary), so purging the older files loses nothing and the channel
     * resumes; its status shows it caught up meanwhile, not lagging a file behind.
     */
    @Test
    void idleChannelFollowsARotationSoPurgingOlderFilesIsHarmless() throws Exception {
        try (MariaDbServer source = MariaDbServer.start("rotate-src", MariaDbOptions.master(1, 2));
                MariaDbServer target = MariaDbServer.start("rotate-dst", MariaDbOptions.master(2, 2));
                ChannelFixture fixture = new ChannelFixture()) {
            ChannelSettings settings = fixture.settings("rotated", source, target);
            ReplicationChannel channel = fixture.start(settings);
            source.execute("CREATE DATABASE shop", "CREATE TABLE shop.items (id INT PRIMARY KEY) ENGINE=InnoDB",
                    "INSERT INTO shop.items VALUES (1)");
            ChannelFixture.awaitCaughtUp(WAIT, channel);
            source.execute("FLUSH BINARY LOGS");
            ChannelFixture.awaitCaughtUp(WAIT, channel);
            ChannelFixture.await("the checkpoint follows the rotation", () -> target.queryString(
                    "SELECT binlog_file FROM tandem.checkpoint WHERE channel = 'rotated'").equals("mysql-bin.000002"),
                    WAIT, () -> channel.status().toString());
            channel.close();

            purgeTo(source, "mysql-bin.000002");
            source.execute("INSERT INTO shop.items VALUES (2)");
            ReplicationChannel resumed = fixture.start(settings);
            ChannelFixture.awaitCaughtUp(WAIT, resumed);
            assertThat(target.queryRows("SELECT id FROM shop.items ORDER BY id")).containsExactly(List.of("1"), List.of("2"));
        }
    }

    /** PURGE leaves a file the server still needs for crash recovery (its binlog checkpoint); retry until done. */
    private static void purgeTo(MariaDbServer server, String file) {
        ChannelFixture.await("binlogs before " + file + " purged", () -> {
            server.execute("PURGE BINARY LOGS TO '" + file + "'");
            return server.queryRows("SHOW BINARY LOGS").get(0).get(0).equals(file);
        }, WAIT, () -> server.queryRows("SHOW BINARY LOGS").toString());
    }

    private static String checkpointRow(MariaDbServer target) {
        return String.join(",", target.queryRows("SELECT binlog_file, binlog_position, gtid_position, transactions"
                + " FROM tandem.checkpoint WHERE channel = 'purged'").get(0));
    }
}

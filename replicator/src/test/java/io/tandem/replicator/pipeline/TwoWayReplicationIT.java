package io.tandem.replicator.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.testkit.MariaDbOptions;
import io.tandem.testkit.MariaDbServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The seed's master-master pair, with tandem in place of the native replica threads. */
class TwoWayReplicationIT {

    /**
     * With grouped commits too: the target then logs several source transactions as one, under the last one's
     * GTID. Once, a passed position was stored while a grouped transaction was held, and each server ended with
     * a GTID of its own domain that the other never saw.
     */
    @ParameterizedTest(name = "transactions-per-commit = {0}")
    @ValueSource(ints = {1, 16})
    void concurrentWritesOnBothMastersConvergeAndStopLooping(int transactionsPerCommit) throws Exception {
        try (MariaDbServer db1 = MariaDbServer.start("db1", MariaDbOptions.master(1, 2));
                MariaDbServer db2 = MariaDbServer.start("db2", MariaDbOptions.master(2, 2));
                ChannelFixture fixture = new ChannelFixture()) {
            ReplicationChannel oneToTwo = fixture.start(fixture.settings("db1-to-db2", db1, db2)
                    .withTransactionsPerCommit(transactionsPerCommit));
            ReplicationChannel twoToOne = fixture.start(fixture.settings("db2-to-db1", db2, db1)
                    .withTransactionsPerCommit(transactionsPerCommit));

            db1.execute("CREATE DATABASE felix");
            db1.execute(WriteLoad.TABLES);
            ChannelFixture.awaitCaughtUp(Duration.ofSeconds(30), oneToTwo, twoToOne);
            assertThat(db2.queryLong("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA='felix'"))
                    .isEqualTo(2);

            WriteLoad load = WriteLoad.start(List.of(db1, db2), 2, 150);
            // DDL while both sides write: a column added on db2, replicated to db1.
            db2.execute("ALTER TABLE felix.events ADD COLUMN source_server INT NULL");
            load.join();
            assertThat(load.committedOn(db1)).isEqualTo(300);
            assertThat(load.committedOn(db2)).isEqualTo(300);

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
}

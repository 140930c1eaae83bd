package io.tandem.replicator.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.replicator.config.StartPosition;
import io.tandem.replicator.event.BinlogPosition;
import io.tandem.replicator.event.GtidPosition;
import io.tandem.testkit.MariaDbOptions;
import io.tandem.testkit.MariaDbServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A new channel starts exactly where it is told: a binlog file and position, or a MariaDB GTID position. */
class StartPositionIT {

    @Test
    void startsAfterTheGivenFilePositionOrGtidPosition() throws Exception {
        try (MariaDbServer db1 = MariaDbServer.start("start-src", MariaDbOptions.master(1, 3));
                MariaDbServer byFile = MariaDbServer.start("start-file", MariaDbOptions.master(2, 3));
                MariaDbServer byGtid = MariaDbServer.start("start-gtid", MariaDbOptions.master(3, 3));
                ChannelFixture fixture = new ChannelFixture()) {
            for (MariaDbServer server : List.of(db1, byFile, byGtid)) {
                server.execute("SET sql_log_bin=0", "CREATE DATABASE felix",
                        "CREATE TABLE felix.t (id INT PRIMARY KEY, what VARCHAR(20)) ENGINE=InnoDB");
            }
            db1.execute("INSERT INTO felix.t VALUES (1, 'before')");
            List<String> master = db1.queryRows("SHOW MASTER STATUS").get(0);
            BinlogPosition afterFirst = new BinlogPosition(master.get(0), Long.parseLong(master.get(1)));
            GtidPosition gtidAfterFirst = GtidPosition.parse(db1.queryString("SELECT @@gtid_binlog_pos"));
            db1.execute("INSERT INTO felix.t VALUES (2, 'after')", "UPDATE felix.t SET what = 'after too' WHERE id = 2");

            ReplicationChannel fileChannel = fixture.start(startingAt("by-file", fixture.settings("by-file", db1, byFile),
                    new StartPosition.AtBinlogPosition(afterFirst)));
            ReplicationChannel gtidChannel = fixture.start(startingAt("by-gtid", fixture.settings("by-gtid", db1, byGtid),
                    new StartPosition.AtGtidPosition(gtidAfterFirst)));
            for (MariaDbServer target : List.of(byFile, byGtid)) {
                ChannelFixture.await(target.name() + " applies the later transactions",
                        () -> target.queryLong("SELECT COUNT(*) FROM felix.t WHERE what = 'after too'") == 1,
                        Duration.ofSeconds(30), () -> fileChannel.status() + " / " + gtidChannel.status());
                assertThat(target.queryRows("SELECT id, what FROM felix.t ORDER BY id"))
                        .as("only what came after the start position").containsExactly(List.of("2", "after too"));
            }
            assertThat(byGtid.queryString("SELECT @@gtid_binlog_pos")).contains(db1.queryString("SELECT @@gtid_binlog_pos"));
        }
    }

    private static ChannelSettings startingAt(String name, ChannelSettings base, StartPosition start) {
        return new ChannelSettings(name, base.source(), base.readerServerId(), base.heartbeatPeriod(), base.target(),
                start, base.filter(), base.ignoredServerIds(), base.policy(), base.tagging(), base.metadataSchema(),
                base.clock());
    }
}

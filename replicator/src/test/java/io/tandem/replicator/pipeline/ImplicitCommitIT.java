package io.tandem.replicator.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.replicator.config.ErrorPolicy;
import io.tandem.replicator.config.LoopPrevention;
import io.tandem.testkit.MariaDbOptions;
import io.tandem.testkit.MariaDbServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Statements that commit on their own cannot share a target transaction with their checkpoint.
 *
 * <p>CREATE TABLE ... SELECT under binlog_format=ROW is logged by MariaDB as one transaction: the CREATE
 * TABLE the server generates, then the selected rows. Applied by a client, the CREATE TABLE commits on
 * its own. Found while testing loop prevention: under server-id tagging the rows then took the next
 * GTID of the origin's domain, and the origin's real next transaction was refused (error 1950); under
 * marker tagging the CREATE TABLE carried no marker and came back (error 1050). The applier now splits
 * such a group into the statement and a second transaction for the rest.
 */
class ImplicitCommitIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @ParameterizedTest
    @EnumSource(LoopPrevention.class)
    void createTableSelectTravelsOnceBetweenTwoMasters(LoopPrevention loopPrevention) throws Exception {
        try (MariaDbServer db1 = MariaDbServer.start("ctas-db1", MariaDbOptions.master(1, 2));
                MariaDbServer db2 = MariaDbServer.start("ctas-db2", MariaDbOptions.master(2, 2));
                ChannelFixture fixture = new ChannelFixture()) {
            ReplicationChannel oneToTwo = fixture.start(fixture.settings("c-db1-to-db2", db1, db2, loopPrevention,
                    ErrorPolicy.STRICT, ChangeFilter.APPLY_ALL));
            ReplicationChannel twoToOne = fixture.start(fixture.settings("c-db2-to-db1", db2, db1, loopPrevention,
                    ErrorPolicy.STRICT, ChangeFilter.APPLY_ALL));
            db1.execute("CREATE DATABASE felix", "CREATE TABLE felix.src (id INT PRIMARY KEY, v INT)",
                    "INSERT INTO felix.src VALUES (1, 10), (2, 20)",
                    "CREATE TABLE felix.copy (PRIMARY KEY (id)) ENGINE=InnoDB SELECT id, v FROM felix.src",
                    "CREATE TABLE felix.empty_copy ENGINE=InnoDB SELECT id, v FROM felix.src WHERE id < 0",
                    "INSERT INTO felix.src VALUES (3, 30)");
            ChannelFixture.awaitCaughtUp(WAIT, oneToTwo, twoToOne);
            db2.execute("CREATE TABLE felix.copy2 ENGINE=InnoDB SELECT id, v * 2 AS v FROM felix.copy",
                    "INSERT INTO felix.copy VALUES (4, 40)");
            ChannelFixture.awaitCaughtUp(WAIT, oneToTwo, twoToOne);
            ChannelFixture.awaitBinlogsSettled(Duration.ofSeconds(3), Duration.ofSeconds(30), db1, db2);
            ChannelFixture.awaitCaughtUp(WAIT, oneToTwo, twoToOne);

            assertThat(ChannelFixture.checksums(db2, "felix")).hasSize(4).isEqualTo(ChannelFixture.checksums(db1, "felix"));
            assertThat(db1.queryRows("SELECT id, v FROM felix.copy2 ORDER BY id"))
                    .containsExactly(List.of("1", "20"), List.of("2", "40"));
            for (MariaDbServer server : List.of(db1, db2)) {
                assertThat(BinlogEvents.of(server).stream().filter(e -> e.type().equals("Query")
                        && e.info().contains("CREATE TABLE `felix`.`copy` (")).count()).as(server.name()).isEqualTo(1);
            }
            assertThat(oneToTwo.status().eventsSkipped()).isZero();
            assertThat(twoToOne.status().eventsSkipped()).isZero();
        }
    }

    /**
     * tandem dies after a DDL committed on the target and before its checkpoint: on restart the DDL's
     * GTID is refused as already binlogged (MariaDB refuses it at SET gtid_seq_no, before the statement
     * runs), and the applier records that and goes on. This path stopped the channel before: it only
     * expected the refusal from the statement itself.
     */
    @Test
    void resumesAfterDyingBetweenADdlAndItsCheckpoint() throws Exception {
        try (MariaDbServer db1 = MariaDbServer.start("ddl-crash-src", MariaDbOptions.master(1, 2));
                MariaDbServer db2 = MariaDbServer.start("ddl-crash-dst", MariaDbOptions.master(2, 2));
                ChannelFixture fixture = new ChannelFixture()) {
            ChannelSettings settings = fixture.settings("ddl-crash", db1, db2);
            ReplicationChannel channel = fixture.start(settings);
            db1.execute("CREATE DATABASE felix");
            ChannelFixture.awaitCaughtUp(WAIT, channel);
            String beforeDdl = db2.queryString("SELECT CONCAT(binlog_file, ':', binlog_position) FROM tandem.checkpoint");
            db1.execute("CREATE TABLE felix.t (id INT PRIMARY KEY)");
            ChannelFixture.awaitCaughtUp(WAIT, channel);
            channel.close();
            rewindCheckpoint(db2, "ddl-crash", beforeDdl);
            db1.execute("INSERT INTO felix.t VALUES (1)");

            channel = fixture.start(settings);
            ChannelFixture.awaitCaughtUp(WAIT, channel);
            assertThat(db2.queryRows("SELECT id FROM felix.t")).containsExactly(List.of("1"));
            assertThat(db2.queryRows("SELECT rule, error_code, statement FROM tandem.skipped"))
                    .containsExactly(List.of("gtid-already-applied", "1950", "CREATE TABLE felix.t (id INT PRIMARY KEY)"));
        }
    }

    private static void rewindCheckpoint(MariaDbServer target, String channel, String position) {
        String[] parts = position.split(":");
        target.execute("UPDATE tandem.checkpoint SET binlog_file = '" + parts[0] + "', binlog_position = " + parts[1]
                + " WHERE channel = '" + channel + "'");
    }

    /**
     * tandem dies after the target committed the CREATE TABLE and before the rows' transaction: the table
     * exists, empty, and the checkpoint is before the group. On restart the CREATE TABLE's GTID is refused
     * as already binlogged; the applier records that and applies the rows.
     */
    @Test
    void resumesAfterDyingBetweenTheCreateTableAndItsRows() throws Exception {
        try (MariaDbServer db1 = MariaDbServer.start("ctas-crash-src", MariaDbOptions.master(1, 2));
                MariaDbServer db2 = MariaDbServer.start("ctas-crash-dst", MariaDbOptions.master(2, 2));
                ChannelFixture fixture = new ChannelFixture()) {
            ChannelSettings settings = fixture.settings("ctas-crash", db1, db2);
            ReplicationChannel channel = fixture.start(settings);
            db1.execute("CREATE DATABASE felix", "CREATE TABLE felix.src (id INT PRIMARY KEY, v INT)",
                    "INSERT INTO felix.src VALUES (1, 10), (2, 20)");
            ChannelFixture.awaitCaughtUp(WAIT, channel);
            String beforeGroup = db2.queryString("SELECT CONCAT(binlog_file, ':', binlog_position) FROM tandem.checkpoint");
            db1.execute("CREATE TABLE felix.copy (PRIMARY KEY (id)) ENGINE=InnoDB SELECT id, v FROM felix.src");
            ChannelFixture.awaitCaughtUp(WAIT, channel);
            channel.close();

            // The state such a death leaves: the rows' transaction and its checkpoint never committed.
            db2.execute("SET sql_log_bin=0", "DELETE FROM felix.copy");
            rewindCheckpoint(db2, "ctas-crash", beforeGroup);
            db1.execute("INSERT INTO felix.src VALUES (3, 30)");

            channel = fixture.start(settings);
            ChannelFixture.awaitCaughtUp(WAIT, channel);
            assertThat(ChannelFixture.checksums(db2, "felix")).isEqualTo(ChannelFixture.checksums(db1, "felix"));
            assertThat(db2.queryRows("SELECT rule, error_code FROM tandem.skipped"))
                    .containsExactly(List.of("gtid-already-applied", "1950"));
        }
    }
}

package io.tandem.replicator.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.replicator.config.ErrorPolicy;
import io.tandem.replicator.config.LoopPrevention;
import io.tandem.testkit.MariaDbOptions;
import io.tandem.testkit.MariaDbServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Loop prevention by marker (binlog notes 4.2, option 2): every transaction tandem applies starts with
 * a write to its checkpoint row naming the origin, and the reverse channel drops transactions whose
 * marker names its own target. Applied writes are logged under the target's own server id, so nothing
 * else tells an echo from a local write: if a marker is missing or not recognised, the echo is applied
 * back (a duplicate key, or a statement run twice).
 */
class MarkerLoopPreventionIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    /**
     * Both masters write rows concurrently and change the schema, including DDL the server rewrites when
     * it logs it (DROP TABLE, CREATE VIEW). One master logs minimal row metadata, so the reverse channel
     * must read markers without signedness in the TABLE_MAP.
     */
    @Test
    void concurrentWritesAndSchemaChangesOnBothMastersConvergeWithoutLooping() throws Exception {
        try (MariaDbServer db1 = MariaDbServer.start("marker-db1", MariaDbOptions.master(1, 2));
                MariaDbServer db2 = MariaDbServer.start("marker-db2",
                        MariaDbOptions.master(2, 2).withArgument("--binlog-row-metadata=MINIMAL"));
                ChannelFixture fixture = new ChannelFixture()) {
            ReplicationChannel oneToTwo = fixture.start(marker(fixture, "m-db1-to-db2", db1, db2));
            ReplicationChannel twoToOne = fixture.start(marker(fixture, "m-db2-to-db1", db2, db1));

            db1.execute("CREATE DATABASE felix");
            db1.execute(WriteLoad.TABLES);
            ChannelFixture.awaitCaughtUp(WAIT, oneToTwo, twoToOne);
            assertThat(db2.queryLong("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA='felix'"))
                    .isEqualTo(2);

            WriteLoad load = WriteLoad.start(List.of(db1, db2), 2, 120);
            db2.execute("ALTER TABLE felix.events ADD COLUMN source_server INT NULL");
            db1.execute("CREATE TABLE felix.scratch (id INT PRIMARY KEY) ENGINE=InnoDB",
                    "INSERT INTO felix.scratch VALUES (1)", "DROP TABLE felix.scratch");
            db2.execute("CREATE DATABASE views",
                    "CREATE VIEW views.order_count AS SELECT COUNT(*) AS n FROM felix.orders");
            load.join();

            ChannelFixture.awaitCaughtUp(WAIT, oneToTwo, twoToOne);
            assertThat(ChannelFixture.checksums(db1, "felix")).hasSize(2).isEqualTo(ChannelFixture.checksums(db2, "felix"));
            assertThat(db1.queryLong("SELECT COUNT(*) FROM information_schema.VIEWS WHERE TABLE_SCHEMA = 'views'"))
                    .isEqualTo(1);
            ChannelFixture.awaitBinlogsSettled(Duration.ofSeconds(3), Duration.ofSeconds(30), db1, db2);
            ChannelFixture.awaitCaughtUp(Duration.ofSeconds(10), oneToTwo, twoToOne);
            assertThat(oneToTwo.status().eventsSkipped()).isZero();
            assertThat(twoToOne.status().eventsSkipped()).isZero();

            // Every transaction of felix rows in a binlog is either a local one, without any marker, or an
            // applied one with the marker as its first table: as many as the peer wrote, each exactly once.
            MarkedGroups onDb1 = MarkedGroups.of(db1);
            MarkedGroups onDb2 = MarkedGroups.of(db2);
            assertThat(onDb1.local()).isEqualTo(load.committedOn(db1) + 1);
            assertThat(onDb2.local()).isEqualTo(load.committedOn(db2));
            assertThat(onDb1.applied()).isEqualTo(onDb2.local());
            assertThat(onDb2.applied()).isEqualTo(onDb1.local());
            assertThat(onDb1.markerNotFirst()).isZero();
            assertThat(onDb2.markerNotFirst()).isZero();
            // Each schema change exists once per server: no echo came back.
            for (MariaDbServer server : List.of(db1, db2)) {
                assertThat(BinlogEvents.of(server).stream().filter(e -> e.type().equals("Query")
                        && e.info().contains("ADD COLUMN source_server")).count()).as(server.name()).isEqualTo(1);
                assertThat(BinlogEvents.of(server).stream().filter(e -> e.type().equals("Query")
                        && e.info().contains("DROP TABLE `felix`.`scratch`")).count()).as(server.name()).isEqualTo(1);
            }
        }
    }

    /**
     * Under binlog_format=MIXED the server logs a plain UPDATE as a statement; the marker must still
     * reach the reverse channel as a row it can read.
     */
    @Test
    void markerIsRecognisedWhenTheTargetLogsMixed() throws Exception {
        try (MariaDbServer db1 = MariaDbServer.start("marker-row", MariaDbOptions.master(1, 2));
                MariaDbServer db2 = MariaDbServer.start("marker-mixed", MariaDbOptions.master(2, 2).withBinlogFormat("MIXED"));
                ChannelFixture fixture = new ChannelFixture()) {
            ReplicationChannel oneToTwo = fixture.start(marker(fixture, "x-db1-to-db2", db1, db2));
            ReplicationChannel twoToOne = fixture.start(marker(fixture, "x-db2-to-db1", db2, db1));
            db1.execute("CREATE DATABASE felix");
            db1.execute(WriteLoad.TABLES);
            ChannelFixture.awaitCaughtUp(WAIT, oneToTwo, twoToOne);

            WriteLoad load = WriteLoad.start(List.of(db1, db2), 1, 60);
            load.join();
            ChannelFixture.awaitCaughtUp(WAIT, oneToTwo, twoToOne);
            assertThat(ChannelFixture.checksums(db1, "felix")).hasSize(2).isEqualTo(ChannelFixture.checksums(db2, "felix"));
            ChannelFixture.awaitBinlogsSettled(Duration.ofSeconds(3), Duration.ofSeconds(30), db1, db2);
            ChannelFixture.awaitCaughtUp(Duration.ofSeconds(10), oneToTwo, twoToOne);
            assertThat(MarkedGroups.of(db2).applied()).isEqualTo(load.committedOn(db1));
            // Exactly the peer's own transactions are applied: the schema and the rows, nothing of tandem's.
            assertThat(oneToTwo.status().transactionsApplied()).isEqualTo(load.committedOn(db1) + 3);
            assertThat(twoToOne.status().transactionsApplied()).isEqualTo(load.committedOn(db2));
        }
    }

    /**
     * The reverse reader stops after it has read an announcement but before the announced DDL: when it
     * resumes from its checkpoint it must still know the announcement, or it applies the DDL back.
     * The forward applier's part is played by hand on db2, with exactly the writes an applier makes,
     * so that the reader can be stopped at that point.
     */
    @Test
    void readerResumingBetweenAnAnnouncementAndItsStatementStillRecognisesTheStatement() throws Exception {
        try (MariaDbServer db1 = MariaDbServer.start("announce-db1", MariaDbOptions.master(1, 2));
                MariaDbServer db2 = MariaDbServer.start("announce-db2", MariaDbOptions.master(2, 2));
                ChannelFixture fixture = new ChannelFixture();
                Connection applier = db2.connect();
                Statement applierStatement = applier.createStatement()) {
            ReplicationChannel oneToTwo = fixture.start(marker(fixture, "a-db1-to-db2", db1, db2));
            ChannelSettings reverse = marker(fixture, "a-db2-to-db1", db2, db1);
            ReplicationChannel twoToOne = fixture.start(reverse);
            db1.execute("CREATE DATABASE felix", "CREATE TABLE felix.t (id INT PRIMARY KEY) ENGINE=InnoDB");
            // The DDL db2's "applier" will run came from db1, so db1 has it already.
            db1.execute("SET sql_log_bin=0", "CREATE TABLE felix.announced (id INT) ENGINE=InnoDB");
            ChannelFixture.awaitCaughtUp(WAIT, oneToTwo, twoToOne);

            long thread = Long.parseLong(db2Query(applierStatement, "SELECT CONNECTION_ID()"));
            applierStatement.executeUpdate("UPDATE tandem.checkpoint SET origin_server_id = 1,"
                    + " marker_sequence = marker_sequence + 1, statement_thread_id = CONNECTION_ID()"
                    + " WHERE channel = 'a-db1-to-db2' AND UUID() IS NOT NULL");
            db2.execute("INSERT INTO felix.t VALUES (2)");
            ChannelFixture.awaitCaughtUp(WAIT, twoToOne);
            assertThat(db1.queryString("SELECT announced_statements FROM tandem.checkpoint WHERE channel = 'a-db2-to-db1'"))
                    .isEqualTo(thread + " 1 a-db1-to-db2");
            twoToOne.close();

            applierStatement.execute("CREATE TABLE felix.announced (id INT) ENGINE=InnoDB");
            twoToOne = fixture.start(reverse);
            ChannelFixture.awaitCaughtUp(WAIT, twoToOne);
            assertThat(twoToOne.status().state()).isEqualTo(ChannelState.RUNNING);
            assertThat(twoToOne.status().transactionsApplied()).isZero();
            assertThat(BinlogEvents.of(db1).stream().filter(e -> e.info().contains("felix.announced")).toList())
                    .as("the echo of the announced DDL on db1").isEmpty();
            assertThat(db1.queryRows("SELECT id FROM felix.t")).containsExactly(List.of("2"));
        }
    }

    private static String db2Query(Statement statement, String sql) throws SQLException {
        try (ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getString(1);
        }
    }

    private static ChannelSettings marker(ChannelFixture fixture, String name, MariaDbServer source,
            MariaDbServer target) {
        return fixture.settings(name, source, target, LoopPrevention.MARKER, ErrorPolicy.STRICT, ChangeFilter.APPLY_ALL);
    }

    /** A binlog's transactions that wrote felix rows, by whether tandem's marker opens them. */
    record MarkedGroups(long local, long applied, long markerNotFirst) {
        static MarkedGroups of(MariaDbServer server) {
            long local = 0;
            long applied = 0;
            long markerNotFirst = 0;
            for (BinlogEvents.Group group : BinlogEvents.groups(server)) {
                List<String> tables = group.tableMaps();
                boolean writesFelix = tables.stream().anyMatch(table -> table.startsWith("felix."))
                        || group.ofType("Query").stream().anyMatch(query -> query.info().matches(
                                "(?is).*\\b(insert|update|delete)\\b.*felix.*"));
                if (!writesFelix) {
                    continue;
                }
                if (!tables.isEmpty() && tables.get(0).equals("tandem.checkpoint")) {
                    applied++;
                } else if (tables.contains("tandem.checkpoint")) {
                    markerNotFirst++;
                } else {
                    local++;
                }
            }
            return new MarkedGroups(local, applied, markerNotFirst);
        }
    }
}

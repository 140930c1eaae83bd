package io.tandem.replicator.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.testkit.MariaDbOptions;
import io.tandem.testkit.MariaDbServer;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What tandem cannot replay exactly, it refuses: the channel stops in ERROR with a message that names the
 * reason and the event's position, and nothing of the refused transaction reaches the target, while
 * everything before it does.
 */
class InexactReplayRefusedIT {

    /**
     * The master logs an UPDATE of a system-versioned table as the new current row plus a WRITE of the
     * history row, each with the master's row_start and row_end; an UPDATE through SQL on the target would
     * make history of its own, with the target's clock.
     */
    @Test
    void refusesRowEventsOfASystemVersionedTable() throws Exception {
        try (MariaDbServer db1 = MariaDbServer.start("db1", MariaDbOptions.master(1, 2));
                MariaDbServer db2 = MariaDbServer.start("db2", MariaDbOptions.master(2, 2));
                ChannelFixture fixture = new ChannelFixture()) {
            ReplicationChannel channel = fixture.start(fixture.settings("db1-to-db2", db1, db2));
            db1.execute("CREATE DATABASE refused",
                    "CREATE TABLE refused.plain (id INT PRIMARY KEY)",
                    "CREATE TABLE refused.versioned (id INT PRIMARY KEY, v INT) WITH SYSTEM VERSIONING",
                    "INSERT INTO refused.plain VALUES (1)",
                    "INSERT INTO refused.versioned VALUES (1, 1)",
                    "INSERT INTO refused.plain VALUES (2)");

            String error = awaitStopped(channel);
            assertThat(error).contains("refused.versioned is system-versioned", "INSERT_ROWS for refused.versioned at mysql-bin.000001:",
                    "Checkpoint left at");
            assertThat(db2.queryLong("SELECT COUNT(*) FROM refused.versioned FOR SYSTEM_TIME ALL")).isZero();
            assertThat(db2.queryRows("SELECT id FROM refused.plain")).containsExactly(List.of("1"));
        }
    }

    /**
     * The master logs what its triggers did as row events of their own. A row written through SQL on the
     * target fires the target's copy of the trigger (replicated with the DDL), which would do it again: here
     * a second audit row, numbered and timed by the target.
     */
    @Test
    void refusesRowEventsForATableWithTriggersOnTheTarget() throws Exception {
        try (MariaDbServer db1 = MariaDbServer.start("db1", MariaDbOptions.master(1, 2));
                MariaDbServer db2 = MariaDbServer.start("db2", MariaDbOptions.master(2, 2));
                ChannelFixture fixture = new ChannelFixture()) {
            ReplicationChannel channel = fixture.start(fixture.settings("db1-to-db2", db1, db2));
            db1.execute("CREATE DATABASE refused",
                    "CREATE TABLE refused.orders (id INT PRIMARY KEY, amount INT)",
                    "CREATE TABLE refused.audit (id INT AUTO_INCREMENT PRIMARY KEY, order_id INT, at DATETIME(6))",
                    "CREATE TRIGGER refused.orders_audit AFTER INSERT ON refused.orders FOR EACH ROW"
                            + " INSERT INTO refused.audit (order_id, at) VALUES (NEW.id, NOW(6))",
                    "INSERT INTO refused.audit (order_id) VALUES (0)",
                    "INSERT INTO refused.orders VALUES (1, 100)");
            assertThat(db1.queryLong("SELECT COUNT(*) FROM refused.audit")).isEqualTo(2);

            String error = awaitStopped(channel);
            assertThat(error).contains("refused.orders has INSERT triggers on the target", "mysql-bin.000001:");
            assertThat(db2.queryLong("SELECT COUNT(*) FROM refused.orders")).isZero();
            assertThat(db2.queryRows("SELECT order_id FROM refused.audit")).containsExactly(List.of("0"));
        }
    }

    /**
     * A statement without a default database replays in tandem's neutral schema, where DATABASE() names that
     * schema instead of returning NULL as it did on the master.
     */
    @Test
    void refusesAStatementThatAsksForTheDefaultDatabaseItRanWithout() throws Exception {
        try (MariaDbServer db1 = MariaDbServer.start("db1", MariaDbOptions.master(1, 2).withBinlogFormat("MIXED"));
                MariaDbServer db2 = MariaDbServer.start("db2", MariaDbOptions.master(2, 2));
                ChannelFixture fixture = new ChannelFixture()) {
            ReplicationChannel channel = fixture.start(fixture.settings("db1-to-db2", db1, db2));
            db1.execute("CREATE DATABASE refused",
                    "CREATE TABLE refused.t (id INT PRIMARY KEY, db VARCHAR(64))",
                    "INSERT INTO refused.t VALUES (1, 'fine')",
                    "INSERT INTO refused.t VALUES (2, DATABASE())",
                    "INSERT INTO refused.t VALUES (3, 'after')");
            assertThat(db1.queryRows("SELECT db FROM refused.t WHERE id = 2")).containsExactly(
                    Collections.singletonList(null));

            String error = awaitStopped(channel);
            assertThat(error).contains("without a default database", "DATABASE()", "INSERT INTO refused.t VALUES (2,",
                    "mysql-bin.000001:");
            assertThat(db2.queryRows("SELECT id, db FROM refused.t")).containsExactly(List.of("1", "fine"));
        }
    }

    private static String awaitStopped(ReplicationChannel channel) {
        ChannelFixture.await("the channel stops on the refused event",
                () -> channel.status().state() == ChannelState.ERROR, Duration.ofSeconds(60),
                () -> channel.status().toString());
        assertThat(channel.status().reconnects()).as("retries before stopping").isZero();
        return channel.status().lastError();
    }
}

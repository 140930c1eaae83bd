package io.tandem.replicator.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.replicator.config.ErrorPolicy;
import io.tandem.replicator.config.LoopPrevention;
import io.tandem.replicator.config.StartPosition;
import io.tandem.replicator.source.SourceEndpoint;
import io.tandem.testkit.MariaDbOptions;
import io.tandem.testkit.MariaDbServer;
import io.tandem.testkit.TcpProxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A channel resumes by itself, from its checkpoint, after the network path to the master is cut and
 * restored, after the master restarts, and after the master freezes: all under load, and without
 * losing or repeating a transaction.
 */
class ResumeAfterFailureIT {

    @Test
    void resumesAfterNetworkCutsAndAMasterRestartUnderLoad() throws Exception {
        try (MariaDbServer db1 = MariaDbServer.start("resume-src", MariaDbOptions.master(1, 2));
                MariaDbServer db2 = MariaDbServer.start("resume-dst", MariaDbOptions.master(2, 2));
                TcpProxy link = new TcpProxy(db1.host(), db1.port());
                ChannelFixture fixture = new ChannelFixture()) {
            ChannelSettings direct = fixture.settings("resume", db1, db2);
            ChannelSettings viaProxy = new ChannelSettings(direct.name(),
                    new SourceEndpoint(link.host(), link.port(), "root", ""), direct.readerServerId(),
                    direct.heartbeatPeriod(), direct.target(), direct.initialStart(), direct.filter(),
                    direct.ignoredServerIds(), ErrorPolicy.STRICT, LoopPrevention.SERVER_ID, direct.metadataSchema(),
                    direct.clock());
            ReplicationChannel channel = fixture.start(viaProxy);
            db1.execute("CREATE DATABASE felix", "CREATE TABLE felix.ledger (id BIGINT PRIMARY KEY, amount INT) ENGINE=InnoDB",
                    "CREATE TABLE felix.total (id INT PRIMARY KEY, n BIGINT) ENGINE=InnoDB",
                    "INSERT INTO felix.total VALUES (1, 0)");

            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicLong committed = new AtomicLong();
            Thread load = Thread.ofPlatform().start(() -> writeUntilStopped(db1, writing, committed));
            try {
                for (int cut = 0; cut < 5; cut++) {
                    long before = channel.status().reconnects();
                    awaitProgress(db2, committed);
                    link.cut();
                    ChannelFixture.await("the channel notices the cut", () -> channel.status().reconnects() > before,
                            Duration.ofSeconds(60), () -> channel.status() + "\ntarget processes: "
                                    + db2.queryRows("SHOW FULL PROCESSLIST"));
                    link.restore();
                }
                awaitProgress(db2, committed);
                long beforeRestart = channel.status().reconnects();
                db1.restart();
                ChannelFixture.await("the channel notices the restart",
                        () -> channel.status().reconnects() > beforeRestart, Duration.ofSeconds(30),
                        () -> channel.status().toString());
                awaitProgress(db2, committed);
                db1.freeze();
                long beforeFreeze = channel.status().reconnects();
                ChannelFixture.await("the watchdog notices the frozen master",
                        () -> channel.status().reconnects() > beforeFreeze, Duration.ofSeconds(30),
                        () -> channel.status().toString());
                db1.thaw();
                awaitProgress(db2, committed);
            } finally {
                writing.set(false);
                load.join();
            }
            ChannelFixture.awaitCaughtUp(Duration.ofSeconds(60), channel);
            assertThat(channel.status().state()).isEqualTo(ChannelState.RUNNING);
            // The source is the truth: a commit whose acknowledgement the restart cut off may still be durable.
            long sourceTotal = db1.queryLong("SELECT n FROM felix.total");
            assertThat(sourceTotal).isBetween(committed.get(), committed.get() + 1);
            assertThat(db2.queryLong("SELECT n FROM felix.total")).isEqualTo(sourceTotal);
            assertThat(db2.queryLong("SELECT COUNT(*) FROM felix.ledger")).isEqualTo(sourceTotal);
            assertThat(ChannelFixture.checksums(db2, "felix")).isEqualTo(ChannelFixture.checksums(db1, "felix"));
            assertThat(db2.queryString("SELECT @@gtid_binlog_pos")).contains(db1.queryString(
                    "SELECT @@gtid_binlog_pos"));
        }
    }

    /** Waits until the target has applied something committed after this call. */
    private static void awaitProgress(MariaDbServer target, AtomicLong committed) {
        long mark = committed.get() + 5;
        ChannelFixture.await("target applies new transactions", () -> committed.get() >= mark
                && appliedTotal(target) >= mark, Duration.ofSeconds(60),
                () -> "committed " + committed.get() + ", target " + target.queryString("SELECT n FROM felix.total"));
    }

    private static long appliedTotal(MariaDbServer target) {
        try {
            return target.queryLong("SELECT n FROM felix.total");
        } catch (IllegalStateException notYetCreated) {
            return -1;
        }
    }

    /** One ledger row and one total increment per transaction; survives the master restarting. */
    private static void writeUntilStopped(MariaDbServer server, AtomicBoolean writing, AtomicLong committed) {
        long id = 0;
        while (writing.get()) {
            try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
                connection.setAutoCommit(false);
                while (writing.get()) {
                    id++;
                    statement.executeUpdate("INSERT INTO felix.ledger VALUES (" + id + ", " + (id % 97) + ")");
                    statement.executeUpdate("UPDATE felix.total SET n = n + 1 WHERE id = 1");
                    connection.commit();
                    committed.incrementAndGet();
                    // A steady rate below the single-threaded applier's capacity on a loaded 2-core machine,
                    // so that the test measures resumption, not an ever-growing backlog.
                    Thread.sleep(4);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (SQLException e) {
                // The master restarted or froze: the transaction in flight did not commit; retry with a new id.
                ChannelFixture.await("master back", () -> canConnect(server), Duration.ofSeconds(60), () -> "down");
            }
        }
    }

    private static boolean canConnect(MariaDbServer server) {
        try (Connection ignored = server.connect()) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }
}

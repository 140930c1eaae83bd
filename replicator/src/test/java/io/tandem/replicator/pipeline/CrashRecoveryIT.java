package io.tandem.replicator.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.testkit.MariaDbOptions;
import io.tandem.testkit.MariaDbServer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Crash safety: the replicator is killed with SIGKILL at random moments while the source is under
 * load. Each source transaction appends one row to a table without a key (a duplicate apply would
 * show as an extra row) and adds one to a counter (a lost or doubled transaction would show in it).
 */
class CrashRecoveryIT {

    private static final int KILLS = 22;
    private static final int MIN_KILLS_WHILE_APPLYING = 10;
    private static final int MAX_KILLS = 60;

    @Test
    void killNineAtRandomMomentsLosesAndDuplicatesNothing() throws Exception {
        try (MariaDbServer db1 = MariaDbServer.start("crash-src", MariaDbOptions.master(1, 2));
                MariaDbServer db2 = MariaDbServer.start("crash-dst", MariaDbOptions.master(2, 2))) {
            for (MariaDbServer server : List.of(db1, db2)) {
                server.execute("CREATE DATABASE IF NOT EXISTS felix");
            }
            db2.execute("CREATE TABLE felix.journal (seq BIGINT NOT NULL, batch INT NOT NULL, note VARCHAR(64)) ENGINE=InnoDB",
                    "CREATE TABLE felix.counter (id INT PRIMARY KEY, n BIGINT NOT NULL) ENGINE=InnoDB",
                    "INSERT INTO felix.counter VALUES (1, 0)");
            // The same tables on the source, created without binlogging so the channel starts on an empty binlog.
            db1.execute("SET sql_log_bin=0",
                    "CREATE TABLE felix.journal (seq BIGINT NOT NULL, batch INT NOT NULL, note VARCHAR(64)) ENGINE=InnoDB",
                    "CREATE TABLE felix.counter (id INT PRIMARY KEY, n BIGINT NOT NULL) ENGINE=InnoDB",
                    "INSERT INTO felix.counter VALUES (1, 0)");
            db1.execute("RESET MASTER");

            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicLong written = new AtomicLong();
            Thread load = Thread.ofPlatform().start(() -> writeLoad(db1, writing, written));
            Random random = new Random(42);
            Path output = Files.createTempFile("channel-process", ".log");
            int killsWhileApplying = 0;
            int kills = 0;
            try {
                // A loaded machine starts a JVM slowly and some kills land before it applies anything: keep
                // killing (up to a bound) until enough of them hit it while applying.
                for (int kill = 0; kill < KILLS || (killsWhileApplying < MIN_KILLS_WHILE_APPLYING
                        && kill < MAX_KILLS); kill++) {
                    kills = kill + 1;
                    long appliedBefore = appliedCount(db2);
                    Process replicator = startReplicator(db1, db2, output);
                    long lifetime = 700 + random.nextInt(2300);
                    assertThat(replicator.waitFor(lifetime, TimeUnit.MILLISECONDS))
                            .as("replicator exited on its own before kill %d; its output:%n%s", kill,
                                    Files.readString(output))
                            .isFalse();
                    // Killed while it was applying: the target moved during this process's life.
                    if (appliedCount(db2) > appliedBefore) {
                        killsWhileApplying++;
                    }
                    replicator.destroyForcibly().waitFor();
                }
            } finally {
                writing.set(false);
                load.join();
            }
            assertThat(written.get()).isGreaterThan(50);
            assertThat(killsWhileApplying).as("kills that hit a replicator while it was applying, of %d", kills)
                    .isGreaterThanOrEqualTo(MIN_KILLS_WHILE_APPLYING);

            Process replicator = startReplicator(db1, db2, output);
            try {
                long expected = db1.queryLong("SELECT n FROM felix.counter WHERE id = 1");
                ChannelFixture.await("target caught up", () -> db2.queryLong("SELECT n FROM felix.counter WHERE id = 1")
                        >= expected, Duration.ofSeconds(120), () -> "target counter "
                        + db2.queryString("SELECT n FROM felix.counter") + " of " + expected);
                // Let anything duplicated after the catch-up show itself before comparing.
                ChannelFixture.awaitBinlogsSettled(Duration.ofSeconds(2), Duration.ofSeconds(30), db1, db2);
                assertThat(replicator.isAlive()).as("replicator still running").isTrue();
            } finally {
                replicator.destroyForcibly().waitFor();
            }
            assertThat(db2.queryLong("SELECT n FROM felix.counter WHERE id = 1"))
                    .isEqualTo(db1.queryLong("SELECT n FROM felix.counter WHERE id = 1")).isEqualTo(written.get());
            assertThat(db2.queryLong("SELECT COUNT(*) FROM felix.journal"))
                    .isEqualTo(db1.queryLong("SELECT COUNT(*) FROM felix.journal"));
            assertThat(db2.queryLong("SELECT COUNT(DISTINCT seq, batch) FROM felix.journal"))
                    .isEqualTo(db2.queryLong("SELECT COUNT(*) FROM felix.journal"));
            assertThat(ChannelFixture.checksums(db2, "felix")).isEqualTo(ChannelFixture.checksums(db1, "felix"));
        }
    }

    private static long appliedCount(MariaDbServer target) {
        return target.queryLong("SELECT n FROM felix.counter WHERE id = 1");
    }

    private static Process startReplicator(MariaDbServer source, MariaDbServer target, Path output) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                ChannelProcessMain.class.getName(), "crash-channel", source.host(), Integer.toString(source.port()),
                target.host(), "4242", "SERVER_ID", Integer.toString(target.port()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new File(output.toString())))
                .start();
    }

    /** Transactions of 1 to 5 journal rows plus a counter increment each, until told to stop. */
    private static void writeLoad(MariaDbServer server, AtomicBoolean writing, AtomicLong written) {
        Random random = new Random(7);
        try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            long seq = 0;
            while (writing.get()) {
                seq++;
                int rows = 1 + random.nextInt(5);
                for (int batch = 0; batch < rows; batch++) {
                    statement.executeUpdate("INSERT INTO felix.journal VALUES (" + seq + ", " + batch + ", 'trx " + seq + "')");
                }
                statement.executeUpdate("UPDATE felix.counter SET n = n + 1 WHERE id = 1");
                connection.commit();
                written.incrementAndGet();
                // Pacing, not synchronisation: a steady source rate, so kills land while the replicator applies.
                Thread.sleep(2);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

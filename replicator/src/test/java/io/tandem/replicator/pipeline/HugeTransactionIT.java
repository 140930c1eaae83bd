package io.tandem.replicator.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.testkit.MariaDbOptions;
import io.tandem.testkit.MariaDbServer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A transaction of 1,000,000 rows (about 130 MB of row events) replicates through a replicator whose
 * heap is capped at 512 MiB: the pipeline streams a transaction to the target event by event and
 * never holds it whole.
 */
class HugeTransactionIT {

    private static final long ROWS = 1_000_000;

    @Test
    void millionRowTransactionReplicatesWithin512MiBHeap() throws Exception {
        try (MariaDbServer db1 = MariaDbServer.start("huge-src", MariaDbOptions.master(1, 2));
                MariaDbServer db2 = MariaDbServer.start("huge-dst", MariaDbOptions.master(2, 2))) {
            for (MariaDbServer server : List.of(db1, db2)) {
                server.execute("SET sql_log_bin=0", "CREATE DATABASE felix",
                        "CREATE TABLE felix.bulk (id BIGINT PRIMARY KEY, payload VARCHAR(100) NOT NULL) ENGINE=InnoDB");
            }
            db1.execute("RESET MASTER");
            // One statement, one transaction: every row of it is in one event group.
            db1.execute("INSERT INTO felix.bulk SELECT seq, CONCAT('payload-', seq, '-', REPEAT('x', 80))"
                    + " FROM felix.seq_1_to_" + ROWS);
            assertThat(db1.queryLong("SELECT COUNT(*) FROM felix.bulk")).isEqualTo(ROWS);

            Path output = Files.createTempFile("huge-channel", ".log");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process replicator = new ProcessBuilder(java, "-Xmx512m", "-XX:+ExitOnOutOfMemoryError", "-cp",
                    System.getProperty("java.class.path"), ChannelProcessMain.class.getName(), "huge", db1.host(),
                    Integer.toString(db1.port()), db2.host(), "4343", "SERVER_ID", Integer.toString(db2.port()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(new File(output.toString())))
                    .start();
            try {
                ChannelFixture.await("the million-row transaction committed on the target",
                        () -> !replicator.isAlive() || lastRowVisible(db2), Duration.ofMinutes(6),
                        () -> "replicator alive " + replicator.isAlive());
                assertThat(replicator.isAlive()).as("replicator alive (no OutOfMemoryError); its output:%n%s",
                        Files.readString(output)).isTrue();
            } finally {
                replicator.destroyForcibly().waitFor();
            }
            assertThat(db2.queryLong("SELECT COUNT(*) FROM felix.bulk")).isEqualTo(ROWS);
            assertThat(ChannelFixture.checksums(db2, "felix")).isEqualTo(ChannelFixture.checksums(db1, "felix"));
        }
    }

    /** The last row is visible only once the whole transaction has committed on the target (a key lookup, cheap to poll). */
    private static boolean lastRowVisible(MariaDbServer target) {
        return target.queryLong("SELECT COUNT(*) FROM felix.bulk WHERE id = " + ROWS) == 1;
    }
}

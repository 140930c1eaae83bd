package io.tandem.replicator.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.replicator.Replicator;
import io.tandem.replicator.config.ReplicatorConfig;
import io.tandem.replicator.event.BinlogPosition;
import io.tandem.replicator.pipeline.ChannelState;
import io.tandem.replicator.pipeline.ReplicationChannel;
import io.tandem.testkit.MariaDbOptions;
import io.tandem.testkit.Await;
import io.tandem.testkit.MariaDbServer;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@code tandem status --offline} against two real servers: a channel runs, catches up and stops; the offline
 * report must then agree with the checkpoint row and the source's binlog. A binlog rotation alone leaves it caught
 * up (the peek finds no transaction after the checkpoint, only framing); writes on the stopped channel's source
 * show as bytes behind and as lag, the age of the first of them.
 */
class OfflineStatusIT {

    private static final String CHANNEL = "db1-to-db2";
    /** The first write after the stop claims to be this old (SET TIMESTAMP), so its age is known without sleeping. */
    private static final Duration BACKDATED = Duration.ofSeconds(120);

    @Test
    void reportsTheCheckpointAgainstTheSourcesBinlogAndTheAgeOfTheFirstUnfinishedTransaction() throws Exception {
        try (MariaDbServer db1 = MariaDbServer.start("offline-db1", MariaDbOptions.master(1, 2));
                MariaDbServer db2 = MariaDbServer.start("offline-db2", MariaDbOptions.master(2, 2))) {
            ReplicatorConfig config = config(db1, db2, null);

            Replicator replicator = Replicator.start(config);
            try {
                ReplicationChannel channel = replicator.channel(CHANNEL).orElseThrow();
                await("channel running", () -> channel.status().state() == ChannelState.RUNNING,
                        () -> channel.status().toString());
                db1.execute("CREATE DATABASE felix", "CREATE TABLE felix.accounts (id INT AUTO_INCREMENT PRIMARY KEY,"
                        + " owner VARCHAR(40) NOT NULL) ENGINE=InnoDB");
                for (int i = 0; i < 20; i++) {
                    db1.execute("INSERT INTO felix.accounts (owner) VALUES ('before-" + i + "')");
                }
                BinlogPosition written = masterStatus(db1);
                await("channel caught up to " + written, () -> {
                    assertThat(channel.status().state()).isNotEqualTo(ChannelState.ERROR);
                    return channel.status().hasFinished(written);
                }, () -> channel.status().toString());
            } finally {
                assertThat(replicator.stop(Duration.ofSeconds(30))).isTrue();
            }

            // ---- caught up: everything the source wrote is in the checkpoint
            OfflineStatus.Outcome caughtUp = new OfflineStatus(config, InstantSource.system()).report();

            assertThat(caughtUp.unreachable()).isEmpty();
            StatusReport.Channel idle = caughtUp.report().channels().getFirst();
            BinlogPosition checkpoint = checkpointRow(db2);
            assertThat(caughtUp.report().mode()).isEqualTo(StatusReport.OFFLINE);
            assertThat(idle.state()).isEqualTo("unknown");
            assertThat(idle.sourceEnd()).isEqualTo(masterStatus(db1));
            assertThat(idle.applied().position()).isEqualTo(checkpoint);
            assertThat(idle.executedPosition()).isEqualTo(checkpoint);
            assertThat(idle.applied().gtid()).isEqualTo(db1.queryString("SELECT @@gtid_binlog_pos"));
            assertThat(idle.bytesBehind()).isZero();
            assertThat(idle.lagSeconds()).isZero();
            assertThat(idle.caughtUp()).isTrue();
            assertThat(idle.counters().transactions()).isEqualTo(22L);
            assertThat(idle.counters().skipped()).isZero();
            assertThat(idle.counters().rows()).isNull();
            assertThat(idle.error()).isNull();
            assertValid(StatusJson.write(caughtUp.report()));

            // ---- rotated: bytes follow the checkpoint (the ROTATE, the new file's header events) but no transaction
            db1.execute("FLUSH BINARY LOGS");
            // MariaDB writes a Binlog_checkpoint naming the new file a moment later, once the old one is not needed.
            String newFile = masterStatus(db1).file();
            await("the new binlog's checkpoint event", () -> db1.queryRows("SHOW BINLOG EVENTS IN '" + newFile + "'")
                    .stream().anyMatch(event -> event.get(2).equals("Binlog_checkpoint") && event.get(5).contains(newFile)),
                    () -> db1.queryRows("SHOW BINLOG EVENTS IN '" + newFile + "'").toString());
            OfflineStatus.Outcome rotated = new OfflineStatus(config, InstantSource.system()).report();

            StatusReport.Channel framed = rotated.report().channels().getFirst();
            assertThat(framed.sourceEnd()).isEqualTo(masterStatus(db1));
            assertThat(framed.sourceEnd().file()).isNotEqualTo(checkpoint.file());
            assertThat(framed.bytesBehind()).isEqualTo(bytesAfter(db1, checkpoint)).isPositive();
            assertThat(framed.caughtUp()).isTrue();
            assertThat(framed.lagSeconds()).isZero();
            assertThat(framed.error()).isNull();

            // ---- behind: the source writes while the channel is stopped
            Instant writesStarted = Instant.now();
            try (Connection connection = db1.connect(); Statement statement = connection.createStatement()) {
                statement.execute("SET TIMESTAMP = " + writesStarted.minus(BACKDATED).getEpochSecond());
                statement.execute("INSERT INTO felix.accounts (owner) VALUES ('after-backdated')");
                statement.execute("SET TIMESTAMP = DEFAULT");
                for (int i = 0; i < 5; i++) {
                    statement.execute("INSERT INTO felix.accounts (owner) VALUES ('after-" + i + "')");
                }
            }
            Instant writesDone = Instant.now();

            OfflineStatus.Outcome behind = new OfflineStatus(config, InstantSource.system()).report();
            Instant reported = Instant.now();

            StatusReport.Channel lagging = behind.report().channels().getFirst();
            BinlogPosition end = masterStatus(db1);
            assertThat(behind.unreachable()).isEmpty();
            assertThat(lagging.sourceEnd()).isEqualTo(end);
            assertThat(lagging.executedPosition()).isEqualTo(checkpoint);
            assertThat(lagging.bytesBehind()).isEqualTo(bytesAfter(db1, checkpoint)).isGreaterThan(framed.bytesBehind());
            assertThat(lagging.caughtUp()).isFalse();
            // The first unfinished transaction is the backdated one: its header says BACKDATED before writesStarted,
            // in whole seconds, so its age lies between these bounds.
            double fewest = BACKDATED.plus(Duration.between(writesDone, behind.report().generatedAt())).toMillis()
                    / 1000.0 - 1;
            double most = BACKDATED.plus(Duration.between(writesStarted, reported)).toMillis() / 1000.0 + 1;
            assertThat(lagging.lagSeconds()).isBetween(fewest, most);
            assertThat(lagging.error()).isNull();
            assertValid(StatusJson.write(behind.report()));
        }
    }

    @Test
    void anUnreachableServerGivesItsChannelsAnErrorAndTheOthersAreStillReported() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (MariaDbServer db1 = MariaDbServer.start("offline-reach-db1", MariaDbOptions.master(1, 2));
                MariaDbServer db2 = MariaDbServer.start("offline-reach-db2", MariaDbOptions.master(2, 2))) {
            ReplicatorConfig config = config(db1, db2, closedPort);

            OfflineStatus.Outcome outcome = new OfflineStatus(config, InstantSource.system()).report();

            assertThat(outcome.unreachable()).containsExactly("ghost");
            List<StatusReport.Channel> channels = outcome.report().channels();
            assertThat(channels).extracting(StatusReport.Channel::name).containsExactly(CHANNEL, "db1-to-ghost");
            // Never ran: no checkpoint, nothing wrong.
            assertThat(channels.get(0).error()).isNull();
            assertThat(channels.get(0).applied()).isNull();
            assertThat(channels.get(0).sourceEnd()).isEqualTo(masterStatus(db1));
            StatusReport.Channel cut = channels.get(1);
            assertThat(cut.error().message()).contains("cannot read the checkpoint on target ghost (127.0.0.1:"
                    + closedPort + ")");
            assertThat(cut.error().retrying()).isFalse();
            assertThat(cut.sourceEnd()).isEqualTo(masterStatus(db1));
            assertThat(cut.lagSeconds()).isNull();
            assertValid(StatusJson.write(outcome.report()));
        }
    }

    /** One channel db1 → db2; with {@code ghostPort}, also db1 → a server that is not there. */
    private static ReplicatorConfig config(MariaDbServer db1, MariaDbServer db2, Integer ghostPort) throws Exception {
        var builder = ReplicatorConfig.builder().origin("OfflineStatusIT").set("name", "offline")
                .set("heartbeat-period", "500ms")
                .server("db1", s -> s.set("host", db1.host()).set("port", db1.port()).set("user", "root")
                        .set("server-id", 1))
                .server("db2", s -> s.set("host", db2.host()).set("port", db2.port()).set("user", "root")
                        .set("server-id", 2))
                .channel(CHANNEL, c -> c.set("source", "db1").set("target", "db2").set("reader-server-id", 101));
        if (ghostPort != null) {
            builder.server("ghost", s -> s.set("host", "127.0.0.1").set("port", ghostPort).set("user", "root"))
                    .channel("db1-to-ghost", c -> c.set("source", "db1").set("target", "ghost")
                            .set("reader-server-id", 102));
        }
        return builder.build();
    }

    private static BinlogPosition masterStatus(MariaDbServer server) {
        List<String> row = server.queryRows("SHOW MASTER STATUS").getFirst();
        return new BinlogPosition(row.get(0), Long.parseLong(row.get(1)));
    }

    /** Bytes of binlog after {@code position}, counted from SHOW BINARY LOGS by hand. */
    private static long bytesAfter(MariaDbServer server, BinlogPosition position) {
        long bytes = 0;
        for (List<String> file : server.queryRows("SHOW BINARY LOGS")) {
            int order = new BinlogPosition(file.get(0), 4).compareTo(position.withPosition(4));
            long size = Long.parseLong(file.get(1));
            bytes += order == 0 ? size - position.position() : order > 0 ? size : 0;
        }
        return bytes;
    }

    private static BinlogPosition checkpointRow(MariaDbServer target) {
        List<String> row = target.queryRows("SELECT binlog_file, binlog_position FROM tandem.checkpoint WHERE channel = '"
                + CHANNEL + "'").getFirst();
        return new BinlogPosition(row.get(0), Long.parseLong(row.get(1)));
    }

    /** Validates against status-v1.schema.json, and proves the validator bites with a document made invalid. */
    private static void assertValid(String json) throws Exception {
        assertThat(StatusSchema.violations(json)).as(json).isEmpty();
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode broken = (ObjectNode) mapper.readTree(json);
        ((ObjectNode) broken.withArray("channels").get(0)).put("state", "sleeping");
        broken.put("generatedAt", "yesterday");
        assertThat(StatusSchema.violations(mapper.writeValueAsString(broken))).hasSize(2);
    }

    private static void await(String what, BooleanSupplier condition, Supplier<String> state) {
        Await.until(what, condition, Duration.ofSeconds(60), state);
    }
}

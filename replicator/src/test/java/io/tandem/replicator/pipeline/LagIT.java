package io.tandem.replicator.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.replicator.event.BinlogPosition;
import io.tandem.replicator.source.SourceBinlogs;
import io.tandem.testkit.MariaDbOptions;
import io.tandem.testkit.MariaDbServer;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Lag as the issue defines it: the age of the oldest source transaction not yet finished, 0 exactly when
 * everything the source wrote is finished, no spike after an idle period, and bytes behind counted across
 * binlog files.
 */
class LagIT {

    private static final Duration HEARTBEAT = Duration.ofSeconds(1);

    @Test
    void lagRisesUnderLoadFallsToZeroWithinTwoHeartbeatsAndShowsNoSpikeAfterIdling() throws Exception {
        try (MariaDbServer source = MariaDbServer.start("lag-src", MariaDbOptions.master(1, 2));
                MariaDbServer target = MariaDbServer.start("lag-dst", MariaDbOptions.master(2, 2));
                ChannelFixture fixture = new ChannelFixture()) {
            createTable(source, target);
            ReplicationChannel channel = fixture.start(withHeartbeat(fixture.settings("lag", source, target), HEARTBEAT));
            awaitLagZero(channel, Duration.ofSeconds(15));

            // A steady load the channel keeps up with: lag is the age of what is in flight, above 0 at times.
            LagSamples underLoad = new LagSamples(channel);
            try (Connection connection = source.connect(); Statement statement = connection.createStatement()) {
                for (int i = 0; i < 120; i++) {
                    statement.execute("INSERT INTO felix.t (payload) VALUES (REPEAT('x', 200))");
                    Thread.sleep(20); // the load's rate, not a synchronisation
                }
            }
            Instant loadStopped = Instant.now();
            underLoad.stop();
            assertThat(underLoad.nullWhileRunning).as("lag is never null while running").isZero();
            assertThat(underLoad.max).as("lag under load").isGreaterThan(Duration.ZERO)
                    .isLessThan(Duration.ofSeconds(5));

            Duration toZero = awaitLagZero(channel, Duration.ofSeconds(30));
            Duration sinceStop = Duration.between(loadStopped, Instant.now());
            assertThat(sinceStop).as("lag is exactly 0 within two heartbeat periods of the load stopping (took %s)",
                    toZero).isLessThanOrEqualTo(HEARTBEAT.multipliedBy(2));
            ChannelStatus caughtUp = channel.status();
            assertThat(caughtUp.bytesBehind()).isZero();
            assertThat(caughtUp.isCaughtUp()).isTrue();

            // Idle for ten heartbeat periods: lag stays exactly 0 all along.
            LagSamples idle = new LagSamples(channel);
            ChannelFixture.await("ten idle heartbeat periods", () -> Duration.between(idle.started, Instant.now())
                    .compareTo(HEARTBEAT.multipliedBy(10)) >= 0, Duration.ofSeconds(30), () -> "");
            idle.stop();
            assertThat(idle.max).as("lag while idle").isZero();
            assertThat(idle.count).isGreaterThan(100);

            // The first write after the idle period is young, so the lag stays small: no spike of the idle time.
            LagSamples firstWrite = new LagSamples(channel);
            source.execute("INSERT INTO felix.t (payload) VALUES ('after idling')");
            ChannelFixture.await("the write applied", () -> target.queryLong(
                    "SELECT COUNT(*) FROM felix.t WHERE payload = 'after idling'") == 1, Duration.ofSeconds(15),
                    () -> channel.status().toString());
            awaitLagZero(channel, Duration.ofSeconds(15));
            firstWrite.stop();
            assertThat(firstWrite.max).as("lag around the first write after idling").isLessThan(Duration.ofSeconds(1));
        }
    }

    @Test
    void bytesBehindCountsAcrossBinlogFilesAndLagGrowsWhileTheTargetIsBlocked() throws Exception {
        try (MariaDbServer source = MariaDbServer.start("behind-src", MariaDbOptions.master(1, 2));
                MariaDbServer target = MariaDbServer.start("behind-dst", MariaDbOptions.master(2, 2));
                ChannelFixture fixture = new ChannelFixture()) {
            createTable(source, target);
            ReplicationChannel channel = fixture.start(fixture.settings("behind", source, target));
            awaitLagZero(channel, Duration.ofSeconds(15));
            try (Connection blocker = target.connect(); Statement block = blocker.createStatement()) {
                // Every write on the target now waits: the channel can read but not apply.
                block.execute("FLUSH TABLES WITH READ LOCK");
                Instant firstWrite = Instant.now();
                source.execute("INSERT INTO felix.t (payload) VALUES ('in file one')");
                source.execute("FLUSH BINARY LOGS");
                source.execute("INSERT INTO felix.t (payload) VALUES (REPEAT('y', 5000))");
                source.execute("FLUSH BINARY LOGS");
                source.execute("INSERT INTO felix.t (payload) VALUES ('in file three')");
                // MariaDB writes a Binlog_checkpoint naming the newest file once the older ones are not needed.
                String newest = source.queryRows("SHOW MASTER STATUS").get(0).get(0);
                ChannelFixture.await("the newest binlog's checkpoint event", () -> source.queryRows(
                        "SHOW BINLOG EVENTS IN '" + newest + "'").stream().anyMatch(event -> event.get(2)
                                .equals("Binlog_checkpoint") && event.get(5).contains(newest)),
                        Duration.ofSeconds(15), () -> source.queryRows("SHOW BINLOG EVENTS IN '" + newest + "'")
                                .toString());
                BinlogPosition end = position(source.queryRows("SHOW MASTER STATUS").get(0));
                ChannelFixture.await("the channel sees the source's end", () -> end.equals(channel.status().sourceEnd()),
                        Duration.ofSeconds(15), () -> channel.status().toString());

                ChannelStatus blocked = channel.status();
                long expected;
                try (Connection connection = source.connect()) {
                    expected = SourceBinlogs.read(connection, Instant.now()).bytesAfter(blocked.passedPosition());
                }
                assertThat(blocked.bytesBehind()).as("bytes behind across three files").isEqualTo(expected)
                        .isGreaterThan(5000L);
                assertThat(blocked.passedPosition().file()).isNotEqualTo(end.file());
                ChannelFixture.await("lag counts from the first unapplied write", () -> channel.status().lag()
                        .compareTo(Duration.ofSeconds(2)) > 0, Duration.ofSeconds(15), () -> channel.status().toString());
                Duration lag = channel.status().lag();
                assertThat(lag).isLessThanOrEqualTo(Duration.between(firstWrite, Instant.now()).plusSeconds(1));
                assertThat(channel.status().isCaughtUp()).isFalse();
                block.execute("UNLOCK TABLES");
            }
            awaitLagZero(channel, Duration.ofSeconds(30));
            assertThat(channel.status().bytesBehind()).isZero();
            assertThat(target.queryLong("SELECT COUNT(*) FROM felix.t")).isEqualTo(3);
        }
    }

    @Test
    void aStoppedSourceShowsTheChannelRetryingWithTheReason() throws Exception {
        try (MariaDbServer source = MariaDbServer.start("down-src", MariaDbOptions.master(1, 2));
                MariaDbServer target = MariaDbServer.start("down-dst", MariaDbOptions.master(2, 2));
                ChannelFixture fixture = new ChannelFixture()) {
            createTable(source, target);
            ReplicationChannel channel = fixture.start(fixture.settings("down", source, target));
            awaitLagZero(channel, Duration.ofSeconds(15));
            source.stop();
            ChannelFixture.await("the channel reports the source down", () -> {
                ChannelStatus status = channel.status();
                return status.state() == ChannelState.RETRYING && status.error() != null;
            }, Duration.ofSeconds(30), () -> channel.status().toString());
            ChannelStatus down = channel.status();
            assertThat(down.error().retrying()).isTrue();
            assertThat(down.error().message()).as("names the source").contains(":" + source.port());
            assertThat(down.isCaughtUp()).isFalse();
            // Nothing vouches for the source's end any more: the lag is a growing upper bound, not 0.
            ChannelFixture.await("lag no longer claims 0", () -> {
                Duration lag = channel.status().lag();
                return lag != null && lag.compareTo(Duration.ZERO) > 0;
            }, Duration.ofSeconds(15), () -> channel.status().toString());
        }
    }

    /** Samples a channel's lag on its own thread until stopped. */
    private static final class LagSamples {
        final Instant started = Instant.now();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread sampler;
        volatile Duration max = Duration.ZERO;
        volatile int nullWhileRunning;
        volatile int count;

        LagSamples(ReplicationChannel channel) {
            sampler = Thread.ofPlatform().daemon().start(() -> {
                while (running.get()) {
                    ChannelStatus status = channel.status();
                    count++;
                    if (status.lag() == null) {
                        if (status.state() == ChannelState.RUNNING) {
                            nullWhileRunning++;
                        }
                    } else if (status.lag().compareTo(max) > 0) {
                        max = status.lag();
                    }
                    Thread.onSpinWait();
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        void stop() throws InterruptedException {
            running.set(false);
            sampler.join();
        }
    }

    private static Duration awaitLagZero(ReplicationChannel channel, Duration timeout) {
        Instant start = Instant.now();
        ChannelFixture.await("lag exactly 0", () -> Duration.ZERO.equals(channel.status().lag()), timeout,
                () -> channel.status().toString());
        return Duration.between(start, Instant.now());
    }

    private static void createTable(MariaDbServer... servers) {
        for (MariaDbServer server : servers) {
            server.execute("SET sql_log_bin=0", "CREATE DATABASE felix",
                    "CREATE TABLE felix.t (id INT AUTO_INCREMENT PRIMARY KEY, payload TEXT) ENGINE=InnoDB");
        }
    }

    private static BinlogPosition position(List<String> masterStatus) {
        return new BinlogPosition(masterStatus.get(0), Long.parseLong(masterStatus.get(1)));
    }

    private static ChannelSettings withHeartbeat(ChannelSettings base, Duration heartbeat) {
        return new ChannelSettings(base.name(), base.source(), base.readerServerId(), heartbeat, base.target(),
                base.initialStart(), base.filter(), base.ignoredServerIds(), base.policy(), base.tagging(),
                base.metadataSchema(), base.clock());
    }
}

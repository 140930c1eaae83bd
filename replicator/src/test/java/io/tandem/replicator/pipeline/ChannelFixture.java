package io.tandem.replicator.pipeline;

import com.zaxxer.hikari.HikariDataSource;
import io.tandem.replicator.config.ErrorPolicy;
import io.tandem.replicator.event.BinlogPosition;
import io.tandem.replicator.config.LoopPrevention;
import io.tandem.replicator.config.StartPosition;
import io.tandem.replicator.apply.TargetDataSources;
import io.tandem.replicator.event.BinlogPosition;
import io.tandem.replicator.source.SourceEndpoint;
import io.tandem.testkit.Await;
import io.tandem.testkit.MariaDbServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Builds channels between test servers and checks the invariants every replication test ends with.
 * Composed into tests, not inherited.
 */
final class ChannelFixture implements AutoCloseable {

    private final List<ReplicationChannel> channels = new ArrayList<>();
    private final List<HikariDataSource> pools = new ArrayList<>();

    /** Settings for a channel from {@code source} to {@code target}, starting at the source's current end. */
    ChannelSettings settings(String name, MariaDbServer source, MariaDbServer target, LoopPrevention tagging,
            ErrorPolicy policy, ChangeFilter filter) {
        return new ChannelSettings(name, new SourceEndpoint(source.host(), source.port(), "root", ""),
                1000 + channels.size() + 100L * target.options().serverId(), Duration.ofMillis(500), pool(target),
                new StartPosition.Current(), filter, Set.of(), policy, tagging, "tandem",
                InstantSource.system());
    }

    ChannelSettings settings(String name, MariaDbServer source, MariaDbServer target) {
        return settings(name, source, target, LoopPrevention.SERVER_ID, ErrorPolicy.STRICT,
                ChangeFilter.APPLY_ALL);
    }

    /** Starts a channel without waiting for it to run: for channels expected to refuse. */
    ReplicationChannel startWithoutWaiting(ChannelSettings settings) {
        ReplicationChannel channel = new ReplicationChannel(settings);
        channels.add(channel);
        channel.start();
        return channel;
    }

    /** Waits until {@code channel} is in ERROR; returns its message. */
    static String awaitError(ReplicationChannel channel, Duration timeout) {
        await("channel " + channel.name() + " stops with an error", () -> channel.status().state() == ChannelState.ERROR,
                timeout, () -> channel.status().toString());
        return channel.status().lastError();
    }

    ReplicationChannel start(ChannelSettings settings) {
        ReplicationChannel channel = startWithoutWaiting(settings);
        await("channel " + settings.name() + " running",
                () -> channel.status().state() == ChannelState.RUNNING, Duration.ofSeconds(30),
                () -> channel.status().toString());
        return channel;
    }

    HikariDataSource pool(MariaDbServer server) {
        HikariDataSource pool = TargetDataSources.create("target-" + server.name(), server.host(), server.port(),
                "root", "", 16);
        pools.add(pool);
        return pool;
    }

    /**
     * Waits until every channel has finished everything its source had written when this was called
     * (SHOW MASTER STATUS), and is running; fails at once if a channel stops on an error.
     */
    static void awaitCaughtUp(Duration timeout, ReplicationChannel... channels) {
        for (ReplicationChannel channel : channels) {
            BinlogPosition sourceEnd;
            try {
                sourceEnd = channel.currentSourceEnd();
            } catch (java.sql.SQLException e) {
                throw new AssertionError("cannot read the source end of " + channel.name() + ": " + e.getMessage(), e);
            }
            await("channel " + channel.name() + " caught up to " + sourceEnd, () -> {
                ChannelStatus status = channel.status();
                if (status.state() == ChannelState.ERROR) {
                    throw new AssertionError("channel " + channel.name() + " failed: " + status.lastError());
                }
                return status.hasFinished(sourceEnd);
            }, timeout, () -> channel.status().toString());
        }
    }


    static void await(String what, BooleanSupplier condition, Duration timeout, Supplier<String> state) {
        Await.until(what, condition, timeout, () -> state.get() + "\n" + replicatorThreads());
    }

    /**
     * Waits until no server's binlog end moves for {@code quiet}: a replication loop would keep writing.
     * Fails after {@code timeout}.
     */
    static void awaitBinlogsSettled(Duration quiet, Duration timeout, MariaDbServer... servers) {
        Instant deadline = Instant.now().plus(timeout);
        String last = binlogEnds(servers);
        Instant stableSince = Instant.now();
        while (Duration.between(stableSince, Instant.now()).compareTo(quiet) < 0) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("binlogs still growing after " + timeout + ": " + binlogEnds(servers));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            String now = binlogEnds(servers);
            if (!now.equals(last)) {
                last = now;
                stableSince = Instant.now();
            }
        }
    }

    private static String binlogEnds(MariaDbServer... servers) {
        StringBuilder ends = new StringBuilder();
        for (MariaDbServer server : servers) {
            ends.append(server.name()).append('=').append(server.queryRows("SHOW MASTER STATUS").get(0).subList(0, 2))
                    .append(' ');
        }
        return ends.toString();
    }

    /** Stack traces of tandem's threads, for the reader of a timed-out test. */
    static String replicatorThreads() {
        StringBuilder dump = new StringBuilder("threads:\n");
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            if (thread.getName().startsWith("replicator")) {
                dump.append("  ").append(thread.getName()).append(' ').append(thread.getState()).append('\n');
                for (int i = 0; i < Math.min(stack.length, 40); i++) {
                    dump.append("      at ").append(stack[i]).append('\n');
                }
            }
        });
        return dump.toString();
    }

    /** CHECKSUM TABLE of every table in {@code database}, by table name. */
    static java.util.Map<String, String> checksums(MariaDbServer server, String database) {
        java.util.Map<String, String> sums = new java.util.TreeMap<>();
        for (List<String> row : server.queryRows("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = '"
                + database + "' ORDER BY TABLE_NAME")) {
            String table = row.get(0);
            sums.put(table, server.queryRows("CHECKSUM TABLE `" + database + "`.`" + table + "` EXTENDED").get(0).get(1));
        }
        return sums;
    }

    @Override
    public void close() throws InterruptedException {
        for (ReplicationChannel channel : channels) {
            channel.close();
        }
        for (HikariDataSource pool : pools) {
            pool.close();
        }
    }
}

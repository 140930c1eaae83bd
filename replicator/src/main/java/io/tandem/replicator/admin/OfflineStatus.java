package io.tandem.replicator.admin;

import io.tandem.replicator.checkpoint.Checkpoint;
import io.tandem.replicator.checkpoint.CheckpointStore;
import io.tandem.replicator.config.ChannelConfig;
import io.tandem.replicator.config.ReplicatorConfig;
import io.tandem.replicator.config.ServerConfig;
import io.tandem.replicator.event.BinlogPosition;
import io.tandem.replicator.source.BinlogPeek;
import io.tandem.replicator.source.SourceBinlogs;
import io.tandem.replicator.source.SourceEndpoint;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.SequencedSet;
import java.util.Set;
import java.util.function.LongUnaryOperator;

/**
 * The status document without the service ({@code tandem status --offline}): what each channel has finished,
 * from the checkpoint row on its target, against what its source has written, from the source's binlog list.
 * For use when the service is down, or to check what it says from outside.
 *
 * <p>Per channel:
 * <ul>
 *   <li>state is {@code unknown}: nothing here knows whether a service runs the channel;
 *   <li>{@code executedPosition} and {@code applied} are the checkpoint; {@code bytesBehind} is the source's binlog
 *       after it, across files; {@code sourceEnd} is the end of the source's newest binlog;
 *   <li>caught up when no byte follows the checkpoint, or when a {@link BinlogPeek} from the checkpoint finds no
 *       transaction (only stream framing, such as the rotation to a new file, follows it; {@code bytesBehind}
 *       then still counts those bytes, as a restarted channel reads them);
 *   <li>lag is 0 when caught up, else the age, now, of the first transaction after the checkpoint, from its
 *       binlog header (whole seconds): the age of the oldest source transaction the channel has not finished;
 *   <li>counters: transactions and skipped are the channel's lifetime counts stored on the target; rows,
 *       statements and reconnects are only known to a running service, so null.
 * </ul>
 *
 * <p>Failure: a target or source that cannot be reached gives the channel an error (retrying false) and its
 * name in {@link Outcome#unreachable()}; the other channels are still reported. Nothing is written anywhere.
 *
 * <p>Peek server id: the peek connects as a replica with the id {@link #defaultPeekServerId} derives from the
 * channel's reader-server-id, or one given with {@link #withPeekServerId}; never the channel's own.
 */
public final class OfflineStatus {

    /** For the whole peek at one source, connect included. */
    public static final Duration PEEK_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(10);
    /** 1146 ER_NO_SUCH_TABLE: the channel never ran against this target, so it has no checkpoint yet. */
    private static final int ER_NO_SUCH_TABLE = 1146;
    /** 1049 ER_BAD_DB_ERROR: no metadata schema on the target yet. */
    private static final int ER_BAD_DB_ERROR = 1049;

    /**
     * @param report the document, mode {@value StatusReport#OFFLINE}
     * @param unreachable the servers that could not be reached, by configuration name, in the order met
     */
    public record Outcome(StatusReport report, SequencedSet<String> unreachable) {

        public boolean isAnyUnreachable() {
            return !unreachable.isEmpty();
        }
    }

    private final ReplicatorConfig config;
    private final InstantSource clock;
    private final LongUnaryOperator peekServerIds;

    public OfflineStatus(ReplicatorConfig config, InstantSource clock) {
        this(config, clock, readerId -> defaultPeekServerId(readerId, idsInUse(config)));
    }

    private OfflineStatus(ReplicatorConfig config, InstantSource clock, LongUnaryOperator peekServerIds) {
        this.config = config;
        this.clock = clock;
        this.peekServerIds = peekServerIds;
    }

    /**
     * The replica server id a peek uses for a channel whose reader-server-id is {@code readerServerId}:
     * 3 000 000 000 plus the reader id modulo 10^9, moved up past any id the configuration itself uses. Derived reader ids lie from 1 000 000 000 to 1 999 999 999 and
     * people give servers small ids, so this lands apart from both, below the maximum 4 294 967 295, and differs per
     * channel as the reader ids do.
     */
    public static long defaultPeekServerId(long readerServerId) {
        return 3_000_000_000L + readerServerId % 1_000_000_000L;
    }

    /** As {@link #defaultPeekServerId(long)}, moved up past any id in {@code inUse}. */
    static long defaultPeekServerId(long readerServerId, Set<Long> inUse) {
        long id = defaultPeekServerId(readerServerId);
        while (inUse.contains(id)) {
            id++;
        }
        return id;
    }

    /** Every reader-server-id and server-id the configuration names: a peek must not present any of them. */
    private static Set<Long> idsInUse(ReplicatorConfig config) {
        Set<Long> ids = new HashSet<>();
        config.channels().forEach(channel -> ids.add(channel.readerServerId()));
        config.servers().values().forEach(server -> server.expected().serverId().ifPresent(ids::add));
        return ids;
    }

    /** The same report, with every peek using {@code serverId} (peeks run one after another). */
    public OfflineStatus withPeekServerId(long serverId) {
        return new OfflineStatus(config, clock, readerId -> serverId);
    }

    /** Every channel of the configuration. */
    public Outcome report() throws InterruptedException {
        return report(config.channels());
    }

    /**
     * One channel.
     *
     * @throws IllegalArgumentException when the configuration has no such channel
     */
    public Outcome report(String channelName) throws InterruptedException {
        ChannelConfig channel = config.channel(channelName).orElseThrow(
                () -> new IllegalArgumentException("no [channel " + channelName + "] in " + config.origin()));
        return report(List.of(channel));
    }

    private Outcome report(List<ChannelConfig> channels) throws InterruptedException {
        Instant generatedAt = clock.instant();
        SequencedSet<String> unreachable = new LinkedHashSet<>();
        List<StatusReport.Channel> entries = new ArrayList<>();
        for (ChannelConfig channel : channels) {
            entries.add(channel(channel, unreachable));
        }
        return new Outcome(new StatusReport(StatusReport.FORMAT, generatedAt, StatusReport.OFFLINE, config.name(),
                entries), unreachable);
    }

    private StatusReport.Channel channel(ChannelConfig channel, SequencedSet<String> unreachable)
            throws InterruptedException {
        ServerConfig source = config.server(channel.source());
        ServerConfig target = config.server(channel.target());
        CheckpointStore store = new CheckpointStore(config.metadataSchema());
        List<String> problems = new ArrayList<>();

        Checkpoint checkpoint = null;
        Long skipped = null;
        try (Connection connection = connect(target)) {
            Optional<Checkpoint> stored = store.load(connection, channel.name());
            checkpoint = stored.orElse(null);
            skipped = store.skippedCount(connection, channel.name());
        } catch (SQLException e) {
            if (e.getErrorCode() != ER_NO_SUCH_TABLE && e.getErrorCode() != ER_BAD_DB_ERROR) {
                problems.add("cannot read the checkpoint on target " + target.name() + " (" + target.address() + "): "
                        + e.getMessage());
                unreachable.add(target.name());
            }
        }

        SourceBinlogs binlogs = null;
        try (Connection connection = connect(source)) {
            binlogs = SourceBinlogs.read(connection, clock.instant());
        } catch (SQLException e) {
            problems.add("cannot list the binlogs of source " + source.name() + " (" + source.address() + "): "
                    + e.getMessage());
            unreachable.add(source.name());
        }

        BinlogPosition executed = checkpoint == null ? null : checkpoint.position();
        Long bytesBehind = executed == null || binlogs == null ? null : binlogs.bytesAfter(executed);
        boolean caughtUp = false;
        Double lagSeconds = null;
        if (bytesBehind != null && bytesBehind == 0) {
            caughtUp = true;
            lagSeconds = 0.0;
        } else if (bytesBehind != null) {
            SourceEndpoint endpoint = new SourceEndpoint(source.host(), source.port(), source.user(),
                    source.password().reveal());
            try {
                switch (BinlogPeek.peek(endpoint, peekServerIds.applyAsLong(channel.readerServerId()), executed,
                        PEEK_TIMEOUT)) {
                    case BinlogPeek.NothingAfter nothing -> {
                        caughtUp = true;
                        lagSeconds = 0.0;
                    }
                    case BinlogPeek.FirstTransaction first -> lagSeconds =
                            Math.max(0, Duration.between(first.writtenAt(), clock.instant()).toMillis()) / 1000.0;
                }
            } catch (BinlogPeek.PeekFailedException e) {
                problems.add("cannot read the source's binlog after the checkpoint, so the lag is unknown: "
                        + e.getMessage());
                if (e.isSourceUnreachable()) {
                    unreachable.add(source.name());
                }
            }
        } else if (executed != null && binlogs != null) {
            problems.add("the checkpoint " + executed + " is in a binlog file source " + source.name()
                    + " does not have (it has " + binlogs.files().getFirst().name() + " to " + binlogs.end().file()
                    + "): purged, or written by another master; the channel cannot resume there");
        }

        StatusReport.Error error = problems.isEmpty() ? null : new StatusReport.Error(String.join("; ", problems),
                clock.instant(), executed, null, false);
        return new StatusReport.Channel(channel.name(), StatusReports.endpoint(source), StatusReports.endpoint(target),
                "unknown", caughtUp, lagSeconds, bytesBehind, null, binlogs == null ? null : binlogs.end(),
                binlogs == null ? null : binlogs.observedAt(), executed,
                checkpoint == null ? null : new StatusReport.Applied(checkpoint.position(),
                        checkpoint.lastGtid() == null ? null : checkpoint.lastGtid().toString(),
                        checkpoint.sourceCommitTime()),
                new StatusReport.Counters(checkpoint == null ? null : checkpoint.transactions(), null, null, skipped,
                        null),
                error);
    }

    private static Connection connect(ServerConfig server) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", server.user());
        properties.setProperty("password", server.password().reveal());
        properties.setProperty("connectTimeout", Long.toString(CONNECT_TIMEOUT.toMillis()));
        properties.setProperty("socketTimeout", Long.toString(QUERY_TIMEOUT.toMillis()));
        return DriverManager.getConnection("jdbc:mariadb://" + server.host() + ":" + server.port() + "/", properties);
    }
}

package io.tandem.replicator;

import com.zaxxer.hikari.HikariDataSource;
import io.tandem.replicator.apply.ApplyObserver;
import io.tandem.replicator.apply.TargetDataSources;
import io.tandem.replicator.check.CheckReport;
import io.tandem.replicator.check.StartupChecks;
import io.tandem.replicator.config.ChannelConfig;
import io.tandem.replicator.config.ReplicatorConfig;
import io.tandem.replicator.config.ServerConfig;
import io.tandem.replicator.filter.ReplicationFilter;
import io.tandem.replicator.pipeline.ChangeFilter;
import io.tandem.replicator.pipeline.ChannelSettings;
import io.tandem.replicator.pipeline.ChannelStatus;
import io.tandem.replicator.pipeline.ReplicationChannel;
import io.tandem.replicator.source.SourceEndpoint;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replicator service: every channel of a configuration, started after the startup checks pass,
 * stopped through one path. This is the interface the standalone service, the CLI and the failover
 * daemon embed.
 */
public final class Replicator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Replicator.class);

    private final ReplicatorConfig config;
    private final Map<String, HikariDataSource> targetPools;
    private final Map<String, ReplicationChannel> channels;
    private final CheckReport checks;

    private Replicator(ReplicatorConfig config, Map<String, HikariDataSource> targetPools,
            Map<String, ReplicationChannel> channels, CheckReport checks) {
        this.config = config;
        this.targetPools = targetPools;
        this.channels = channels;
        this.checks = checks;
    }

    /**
     * Runs the startup checks against every server and, if they pass, starts every channel.
     *
     * @throws StartupRefusedException listing every problem, when a check fails
     */
    public static Replicator start(ReplicatorConfig config) throws StartupRefusedException {
        return start(config, channelName -> ApplyObserver.NONE);
    }

    /**
     * As {@link #start(ReplicatorConfig)}, with each channel's applied transactions reported to the
     * observer {@code observers} gives for its name (metrics).
     */
    public static Replicator start(ReplicatorConfig config, Function<String, ApplyObserver> observers)
            throws StartupRefusedException {
        CheckReport report = new StartupChecks(config).run();
        report.warnings().forEach(warning -> log.warn("replicator[{}]: {}", config.name(), warning));
        config.warnings().forEach(warning -> log.warn("replicator[{}]: {}", config.name(), warning));
        if (!report.isClean()) {
            throw new StartupRefusedException(report.format(config.origin()), report);
        }
        Map<String, HikariDataSource> pools = new LinkedHashMap<>();
        Map<String, ReplicationChannel> channels = new LinkedHashMap<>();
        for (ChannelConfig channel : config.channels()) {
            ServerConfig source = config.server(channel.source());
            ServerConfig target = config.server(channel.target());
            HikariDataSource pool = pools.computeIfAbsent(target.name(), name -> TargetDataSources.create(
                    "tandem-" + name, target.host(), target.port(), target.user(), target.password().reveal(),
                    connectionsFor(config, target.name())));
            ChannelSettings settings = new ChannelSettings(channel.name(),
                    new SourceEndpoint(source.host(), source.port(), source.user(), source.password().reveal()),
                    channel.readerServerId(), channel.heartbeatPeriod(), pool, channel.start(),
                    ChangeFilter.of(ReplicationFilter.of(channel.filters(), config.metadataSchema())),
                    channel.ignoreServerIds(), channel.errors(), config.loopPrevention(), config.metadataSchema(),
                    InstantSource.system(), observers.apply(channel.name()), channel.transactionsPerCommit(),
                    channel.parallelWorkers());
            channels.put(channel.name(), new ReplicationChannel(settings));
        }
        Replicator replicator = new Replicator(config, pools, channels, report);
        channels.values().forEach(ReplicationChannel::start);
        log.info("replicator[{}]: started {} channel(s): {}", config.name(), channels.size(), channels.keySet());
        return replicator;
    }

    /** Per channel writing to the target: its own connection, its workers', and one spare for a retry's overlap. */
    private static int connectionsFor(ReplicatorConfig config, String target) {
        return config.channels().stream().filter(channel -> channel.target().equals(target))
                .mapToInt(channel -> channel.parallelWorkers() + 2).sum();
    }

    public ReplicatorConfig config() {
        return config;
    }

    /** The startup check report the service started with (its warnings). */
    public CheckReport checks() {
        return checks;
    }

    public Optional<ReplicationChannel> channel(String name) {
        return Optional.ofNullable(channels.get(name));
    }

    public List<ChannelStatus> status() {
        List<ChannelStatus> statuses = new ArrayList<>();
        channels.values().forEach(channel -> statuses.add(channel.status()));
        return statuses;
    }

    /** Asks every channel to stop, then waits for each within what is left of {@code timeout}. */
    public boolean stop(Duration timeout) throws InterruptedException {
        channels.values().forEach(ReplicationChannel::requestStop);
        Instant deadline = Instant.now().plus(timeout);
        boolean allStopped = true;
        for (ReplicationChannel channel : channels.values()) {
            Duration left = Duration.between(Instant.now(), deadline);
            allStopped &= channel.awaitStop(left.isNegative() ? Duration.ZERO : left);
        }
        targetPools.values().forEach(HikariDataSource::close);
        return allStopped;
    }

    @Override
    public void close() throws InterruptedException {
        if (!stop(Duration.ofSeconds(30))) {
            log.warn("replicator[{}]: some channels did not stop within 30 s", config.name());
        }
    }

    /** The startup checks found problems; the message lists every one, with passwords masked. */
    public static final class StartupRefusedException extends Exception {
        private final transient CheckReport report;

        StartupRefusedException(String message, CheckReport report) {
            super(message);
            this.report = report;
        }

        public CheckReport report() {
            return report;
        }
    }
}

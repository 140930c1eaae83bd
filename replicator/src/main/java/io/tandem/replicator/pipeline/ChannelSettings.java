package io.tandem.replicator.pipeline;

import io.tandem.replicator.apply.ApplyObserver;
import io.tandem.replicator.config.ErrorPolicy;
import io.tandem.replicator.config.LoopPrevention;
import io.tandem.replicator.config.StartPosition;
import io.tandem.replicator.source.SourceEndpoint;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Everything one channel needs, fixed before it starts.
 *
 * @param name channel name, unique in the replicator (it keys the checkpoint row)
 * @param source the master to read
 * @param readerServerId the replica server id the channel presents to the master
 * @param heartbeatPeriod how often an idle master sends a heartbeat; three missed ones mean a dead link
 * @param target connections to the server the channel writes to
 * @param initialStart where to start when the target holds no checkpoint for the channel
 * @param filter replication filters
 * @param ignoredServerIds further origins whose transactions are skipped (IGNORE_SERVER_IDS)
 * @param policy what to do when the target refuses an event
 * @param tagging how applied transactions carry their origin
 * @param metadataSchema schema of tandem's tables on the target
 * @param clock time source
 * @param observer told about every applied transaction (metrics)
 * @param transactionsPerCommit how many source transactions one target commit may carry in a catch-up
 * @param parallelWorkers how many target connections apply independent transactions concurrently; 1 applies
 *     serially on the channel's own connection
 */
public record ChannelSettings(
        String name,
        SourceEndpoint source,
        long readerServerId,
        Duration heartbeatPeriod,
        DataSource target,
        StartPosition initialStart,
        ChangeFilter filter,
        Set<Long> ignoredServerIds,
        ErrorPolicy policy,
        LoopPrevention tagging,
        String metadataSchema,
        InstantSource clock,
        ApplyObserver observer,
        int transactionsPerCommit,
        int parallelWorkers) {

    /** What a channel uses when not told: the configuration's default. */
    public static final int DEFAULT_TRANSACTIONS_PER_COMMIT = 1;
    /** What a channel uses when not told: the configuration's default. */
    public static final int DEFAULT_PARALLEL_WORKERS = 4;

    public ChannelSettings {
        ignoredServerIds = Set.copyOf(ignoredServerIds);
        if (transactionsPerCommit < 1) {
            throw new IllegalArgumentException("transactions per commit must be at least 1: " + transactionsPerCommit);
        }
        if (parallelWorkers < 1) {
            throw new IllegalArgumentException("parallel workers must be at least 1: " + parallelWorkers);
        }
        if (heartbeatPeriod.isNegative() || heartbeatPeriod.isZero()) {
            throw new IllegalArgumentException("heartbeat period must be positive: " + heartbeatPeriod);
        }
    }

    /** Settings without an apply observer. */
    public ChannelSettings(String name, SourceEndpoint source, long readerServerId, Duration heartbeatPeriod,
            DataSource target, StartPosition initialStart, ChangeFilter filter, Set<Long> ignoredServerIds,
            ErrorPolicy policy, LoopPrevention tagging, String metadataSchema, InstantSource clock) {
        this(name, source, readerServerId, heartbeatPeriod, target, initialStart, filter, ignoredServerIds, policy,
                tagging, metadataSchema, clock, ApplyObserver.NONE, DEFAULT_TRANSACTIONS_PER_COMMIT,
                DEFAULT_PARALLEL_WORKERS);
    }

    /** The same settings, with {@code newObserver} told about every applied transaction. */
    public ChannelSettings observedBy(ApplyObserver newObserver) {
        return new ChannelSettings(name, source, readerServerId, heartbeatPeriod, target, initialStart, filter,
                ignoredServerIds, policy, tagging, metadataSchema, clock, newObserver, transactionsPerCommit,
                parallelWorkers);
    }

    /** The same settings, committing at most {@code limit} source transactions per target commit. */
    public ChannelSettings withTransactionsPerCommit(int limit) {
        return new ChannelSettings(name, source, readerServerId, heartbeatPeriod, target, initialStart, filter,
                ignoredServerIds, policy, tagging, metadataSchema, clock, observer, limit, parallelWorkers);
    }

    /** The same settings, applying on {@code workers} connections concurrently (1: serially). */
    public ChannelSettings withParallelWorkers(int workers) {
        return new ChannelSettings(name, source, readerServerId, heartbeatPeriod, target, initialStart, filter,
                ignoredServerIds, policy, tagging, metadataSchema, clock, observer, transactionsPerCommit, workers);
    }
}

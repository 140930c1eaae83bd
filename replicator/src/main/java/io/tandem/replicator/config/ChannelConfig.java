package io.tandem.replicator.config;

import io.tandem.replicator.filter.FilterRules;
import java.time.Duration;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One direction of replication ({@code [channel NAME]}): tail {@code source}'s binlog, apply to
 * {@code target}. Values not set in the channel's section come from {@code [replicator]}, then from
 * the setting's default.
 *
 * @param name the channel's name, as in {@code replicator[db1-to-db2]} log lines
 * @param source the server whose binlog is read
 * @param target the server changes are applied to
 * @param start where to begin when no checkpoint exists yet
 * @param readerServerId the replica server id the channel presents to the source
 * @param heartbeatPeriod how often an idle source sends a heartbeat event
 * @param transactionsPerCommit how many source transactions one target commit may carry during a catch-up
 * @param parallelWorkers how many target connections apply independent transactions concurrently (1: serially)
 * @param filters the replication filter rules
 * @param errors what to do when the target refuses an event
 * @param ignoreServerIds origin server ids whose transactions are dropped ({@code IGNORE_SERVER_IDS})
 * @param allowedCheckOverrides startup checks this channel explicitly overrides ({@code allow})
 */
public record ChannelConfig(
        String name,
        String source,
        String target,
        StartPosition start,
        long readerServerId,
        Duration heartbeatPeriod,
        int transactionsPerCommit,
        int parallelWorkers,
        FilterRules filters,
        ErrorPolicy errors,
        Set<Long> ignoreServerIds,
        Set<String> allowedCheckOverrides) {

    public ChannelConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(heartbeatPeriod, "heartbeatPeriod");
        Objects.requireNonNull(filters, "filters");
        Objects.requireNonNull(errors, "errors");
        ignoreServerIds = Collections.unmodifiableSet(new TreeSet<>(ignoreServerIds));
        allowedCheckOverrides = Collections.unmodifiableSet(new TreeSet<>(allowedCheckOverrides));
    }

    public boolean allows(StartupCheck check) {
        return allowedCheckOverrides.contains(check.id());
    }

    /** {@code db1→db2}, as log lines name the channel's direction. */
    public String direction() {
        return source + "→" + target;
    }
}

package io.tandem.replicator.admin;

import io.tandem.replicator.event.BinlogPosition;
import java.time.Instant;
import java.util.List;

/**
 * The status document, format {@value #FORMAT}: what {@code tandem status --json} prints and what the admin
 * endpoint serves at {@code GET /v1/status}. Its JSON schema is {@code status-v1.schema.json} next to this
 * class. Built online from a running {@code Replicator}, or offline from the checkpoints stored on the targets.
 *
 * @param format always {@value #FORMAT}
 * @param generatedAt when the document was made
 * @param mode {@code online} or {@code offline}
 * @param replicator the configuration's {@code [replicator] name}
 * @param channels one entry per channel, in configuration order
 */
public record StatusReport(String format, Instant generatedAt, String mode, String replicator,
        List<Channel> channels) {

    public static final String FORMAT = "tandem-status/1";
    public static final String ONLINE = "online";
    public static final String OFFLINE = "offline";

    public StatusReport {
        channels = List.copyOf(channels);
    }

    /**
     * One channel.
     *
     * @param state {@code connecting}, {@code running}, {@code retrying}, {@code error}, {@code stopped}, or
     *     {@code unknown} (offline)
     * @param lagSeconds see {@code ChannelStatus.lag}; null when it cannot be known
     * @param bytesBehind see {@code ChannelStatus.bytesBehind}; null when unknown
     */
    public record Channel(
            String name,
            Endpoint source,
            Endpoint target,
            String state,
            boolean caughtUp,
            Double lagSeconds,
            Long bytesBehind,
            BinlogPosition readPosition,
            BinlogPosition sourceEnd,
            Instant sourceEndObservedAt,
            BinlogPosition executedPosition,
            Applied applied,
            Counters counters,
            Error error) {}

    /** A server of the configuration. */
    public record Endpoint(String server, String host, int port) {}

    /** The checkpoint committed on the target with the last applied transaction. */
    public record Applied(BinlogPosition position, String gtid, Instant sourceCommitTime) {}

    /** Counts since the service started; null where offline mode cannot know. */
    public record Counters(Long transactions, Long rows, Long statements, Long skipped, Long reconnects) {}

    /** The channel's last error. */
    public record Error(String message, Instant at, BinlogPosition position, String gtid, boolean retrying) {}
}

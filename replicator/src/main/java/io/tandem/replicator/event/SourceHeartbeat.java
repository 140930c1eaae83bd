package io.tandem.replicator.event;

import java.time.Instant;

/**
 * The master had nothing to send for a heartbeat period. {@code at} is the master's binlog end at that
 * moment, which tells the lag logic that everything before it has been read.
 */
public record SourceHeartbeat(BinlogPosition at, Instant receivedAt) implements ChangeEvent {}

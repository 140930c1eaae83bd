package io.tandem.replicator.pipeline;

import io.tandem.replicator.event.BinlogPosition;
import io.tandem.replicator.event.Gtid;
import java.time.Instant;

/**
 * The last error of a channel, with where in the source's binlog it happened.
 *
 * @param message what happened, worded for the operator (it names the position too)
 * @param at when it happened
 * @param position the source binlog position of the event or group that failed, or null when the failure
 *     was not at an event (a connection refused)
 * @param gtid the GTID of the group that failed, or null
 * @param retrying true when the channel retries from its checkpoint; false when it stopped for good
 */
public record ChannelError(String message, Instant at, BinlogPosition position, Gtid gtid, boolean retrying) {}

package io.tandem.replicator.event;

import java.time.Instant;

/**
 * A point between groups where nothing is left to apply: everything before {@code at} is finished once the
 * groups before it are.
 *
 * <p>An idle heartbeat is the master's own: it had nothing to send for a heartbeat period, so {@code at} is
 * its binlog end at that moment. Otherwise it stands for a framing event outside any group (a binlog's
 * format description, GTID list or checkpoint event), which carries nothing to apply but moves the
 * position, so a channel that has applied everything is seen to have reached the binlog's end.
 *
 * @param at where the binlog stood: the end of the event
 * @param receivedAt when tandem received it
 * @param idle true for the master's heartbeat
 */
public record SourceHeartbeat(BinlogPosition at, Instant receivedAt, boolean idle) implements ChangeEvent {}

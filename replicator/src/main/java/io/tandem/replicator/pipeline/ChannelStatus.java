package io.tandem.replicator.pipeline;

import io.tandem.replicator.event.BinlogPosition;
import io.tandem.replicator.event.Gtid;
import java.time.Duration;
import java.time.Instant;

/**
 * A snapshot of one channel, for status output, metrics and tests. Everything is read at {@code takenAt}.
 *
 * @param channel channel name
 * @param state current state
 * @param takenAt when this snapshot was taken
 * @param readPosition where the last event received from the source starts, or null
 * @param sourceEnd the source's binlog end, as last observed (a heartbeat, or the channel's poll of the source), or null
 * @param sourceEndObservedAt when {@code sourceEnd} was observed, or null
 * @param appliedPosition the committed checkpoint on the target, or null
 * @param passedPosition how far the channel has finished (Exec_Master_Log_Pos): the end of the last group
 *     applied or skipped, or a later heartbeat position when nothing was left to do, or null
 * @param lastAppliedGtid GTID of the last applied transaction, or null
 * @param lastSourceCommit source commit time of the last finished group, or null
 * @param lag the age of the oldest source transaction not yet finished here; zero when everything the
 *     source has written is finished; null only when it cannot be known (never while RUNNING)
 * @param bytesBehind the source's binlog end minus {@code passedPosition}, across binlog files, or null when
 *     the source's binlogs could not be listed
 * @param transactionsApplied transactions committed on the target since the channel started
 * @param rowsApplied rows written since the channel started
 * @param statementsApplied statements run since the channel started
 * @param eventsSkipped events skipped by a rule (recorded in the skip table) since the channel started
 * @param reconnects source sessions restarted after a retriable failure
 * @param error the last error, or null when there was none
 */
public record ChannelStatus(
        String channel,
        ChannelState state,
        Instant takenAt,
        BinlogPosition readPosition,
        BinlogPosition sourceEnd,
        Instant sourceEndObservedAt,
        BinlogPosition appliedPosition,
        BinlogPosition passedPosition,
        Gtid lastAppliedGtid,
        Instant lastSourceCommit,
        Duration lag,
        Long bytesBehind,
        long transactionsApplied,
        long rowsApplied,
        long statementsApplied,
        long eventsSkipped,
        long reconnects,
        ChannelError error) {

    /** Whether everything up to {@code sourcePosition} is finished here. */
    public boolean hasFinished(BinlogPosition sourcePosition) {
        return state == ChannelState.RUNNING && passedPosition != null && passedPosition.compareTo(sourcePosition) >= 0;
    }

    /** Whether everything the source was last seen to have written is finished here. */
    public boolean isCaughtUp() {
        return state == ChannelState.RUNNING && passedPosition != null && sourceEnd != null
                && passedPosition.compareTo(sourceEnd) >= 0;
    }

    /** The last error's message, or null. */
    public String lastError() {
        return error == null ? null : error.message();
    }
}

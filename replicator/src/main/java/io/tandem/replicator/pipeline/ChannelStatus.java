package io.tandem.replicator.pipeline;

import io.tandem.replicator.event.BinlogPosition;
import io.tandem.replicator.event.Gtid;
import java.time.Instant;

/**
 * A snapshot of one channel, for status output and tests.
 *
 * @param channel channel name
 * @param state current state
 * @param readPosition where the last event received from the source starts, or null
 * @param sourceEnd the source's binlog end as the last heartbeat reported it, or null
 * @param appliedPosition the committed checkpoint on the target, or null
 * @param passedPosition how far the channel has finished (Exec_Master_Log_Pos): the end of the last group
 *     applied or skipped, or a later heartbeat position when nothing was left to do, or null
 * @param lastAppliedGtid GTID of the last applied transaction, or null
 * @param lastSourceCommit source commit time of the last finished group, or null
 * @param transactionsApplied transactions committed on the target since the channel started
 * @param rowsApplied rows written since the channel started
 * @param statementsApplied statements run since the channel started
 * @param eventsSkipped events skipped by a rule (recorded in the skip table) since the channel started
 * @param reconnects source sessions restarted after a retriable failure
 * @param lastError the last error, with position and GTID, or null
 * @param lastErrorAt when it happened, or null
 */
public record ChannelStatus(
        String channel,
        ChannelState state,
        BinlogPosition readPosition,
        BinlogPosition sourceEnd,
        BinlogPosition appliedPosition,
        BinlogPosition passedPosition,
        Gtid lastAppliedGtid,
        Instant lastSourceCommit,
        long transactionsApplied,
        long rowsApplied,
        long statementsApplied,
        long eventsSkipped,
        long reconnects,
        String lastError,
        Instant lastErrorAt) {

    /** Whether everything up to {@code sourcePosition} is finished here. */
    public boolean hasFinished(BinlogPosition sourcePosition) {
        return state == ChannelState.RUNNING && passedPosition != null && passedPosition.compareTo(sourcePosition) >= 0;
    }

    /** Whether every group the source has reported so far is finished here (not necessarily all it has written). */
    public boolean isCaughtUp() {
        return state == ChannelState.RUNNING && passedPosition != null && sourceEnd != null
                && passedPosition.compareTo(sourceEnd) >= 0;
    }
}

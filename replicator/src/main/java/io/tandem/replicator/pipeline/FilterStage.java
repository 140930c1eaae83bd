package io.tandem.replicator.pipeline;

import com.lmax.disruptor.EventHandler;
import io.tandem.replicator.checkpoint.CheckpointStore;
import io.tandem.replicator.event.RowImages;
import io.tandem.replicator.event.RowsChanged;
import io.tandem.replicator.event.StatementExecuted;
import io.tandem.replicator.event.TransactionCommitted;
import io.tandem.replicator.event.TransactionRolledBack;
import io.tandem.replicator.event.TransactionStarted;
import io.tandem.replicator.config.LoopPrevention;
import io.tandem.replicator.source.RowDecoding;
import java.util.Set;

/**
 * Decides, per event, whether it is applied. Whole groups are skipped when their origin is the target
 * itself (loop prevention, native replicate_same_server_id=0) or a server in ignore-server-ids; single
 * events by the channel's filters. Under marker tagging, a group whose first row change is tandem's
 * checkpoint row carries its origin in that row; the group is skipped when that origin is the target.
 */
final class FilterStage implements EventHandler<EventSlot> {

    private final ChangeFilter filter;
    private final long targetServerId;
    private final Set<Long> ignoredServerIds;
    private final LoopPrevention tagging;
    private final CheckpointStore store;
    private boolean groupSkipped;
    private boolean sawFirstRowChange;

    FilterStage(ChangeFilter filter, long targetServerId, Set<Long> ignoredServerIds, LoopPrevention tagging,
            CheckpointStore store) {
        this.filter = filter;
        this.targetServerId = targetServerId;
        this.ignoredServerIds = Set.copyOf(ignoredServerIds);
        this.tagging = tagging;
        this.store = store;
    }

    @Override
    public void onEvent(EventSlot slot, long sequence, boolean endOfBatch) {
        try {
            decide(slot);
        } catch (RuntimeException e) {
            // Never let an undecided event through to the applier.
            slot.stopReason = "the filter failed on this event: " + e;
        }
    }

    private void decide(EventSlot slot) {
        if (slot.endOfSession) {
            groupSkipped = false;
            return;
        }
        switch (slot.event) {
            case TransactionStarted started -> {
                long origin = started.originServerId();
                groupSkipped = origin == targetServerId || ignoredServerIds.contains(origin);
                sawFirstRowChange = false;
                slot.groupSkipped = groupSkipped;
            }
            case RowsChanged rows -> {
                if (!groupSkipped && !sawFirstRowChange && tagging == LoopPrevention.MARKER
                        && rows.table().table().equals(store.checkpointTableId())) {
                    long markerOrigin = markerOrigin(rows);
                    slot.markerOriginServerId = markerOrigin;
                    groupSkipped = markerOrigin == targetServerId || ignoredServerIds.contains(markerOrigin);
                }
                sawFirstRowChange = true;
                slot.groupSkipped = groupSkipped;
                if (!groupSkipped) {
                    ChangeFilter.Decision decision = filter.forRows(rows.table().table());
                    slot.skipReason = decision.apply() ? null : decision.rule();
                    slot.stopReason = decision.stopReason();
                }
            }
            case StatementExecuted statement -> {
                slot.groupSkipped = groupSkipped;
                if (!groupSkipped) {
                    ChangeFilter.Decision decision = filter.forStatement(statement);
                    slot.skipReason = decision.apply() ? null : decision.rule();
                    slot.stopReason = decision.stopReason();
                }
            }
            case TransactionCommitted committed -> {
                slot.groupSkipped = groupSkipped;
                groupSkipped = false;
            }
            case TransactionRolledBack rolledBack -> {
                slot.groupSkipped = groupSkipped;
                groupSkipped = false;
            }
            default -> {
                // Heartbeats pass through.
            }
        }
    }

    private static long markerOrigin(RowsChanged rows) {
        RowImages images = RowDecoding.decode(rows, RowDecoding.unsignedFromTableMap(rows.table()));
        Object[] row = images.after().isEmpty() ? images.before().get(0) : images.after().get(0);
        Object value = row[CheckpointStore.ORIGIN_SERVER_ID_COLUMN];
        return value instanceof Number number ? number.longValue() : -1;
    }
}

package io.tandem.replicator.pipeline;

import com.lmax.disruptor.EventHandler;
import io.tandem.replicator.checkpoint.AnnouncedStatements;
import io.tandem.replicator.checkpoint.CheckpointStore;
import io.tandem.replicator.config.LoopPrevention;
import io.tandem.replicator.event.RowImages;
import io.tandem.replicator.event.RowsChanged;
import io.tandem.replicator.event.StatementExecuted;
import io.tandem.replicator.event.TransactionCommitted;
import io.tandem.replicator.event.TransactionRolledBack;
import io.tandem.replicator.event.TransactionStarted;
import io.tandem.replicator.schema.TableMap;
import io.tandem.replicator.source.RowDecoding;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Decides, per event, whether it is applied. Whole groups are skipped when their origin is the target
 * itself (loop prevention, native replicate_same_server_id=0) or a server in ignore-server-ids; single
 * events by the channel's filters.
 *
 * <p>Under marker tagging, applied writes carry the applying server's id, so the origin travels in
 * tandem's checkpoint row instead: a group whose first change is such a row (a marker) takes the origin
 * the row names, and is skipped when that is the target. A standalone statement (DDL) cannot contain a
 * marker; its applier announces it in a marker of its own just before, and the statement is recognised
 * by the announcing connection's thread id ({@link AnnouncedStatements}). The announcements not yet
 * matched are part of the reader's position: they leave with each group's commit slot, are stored with
 * the checkpoint, and come back through {@link #attach} when a session resumes.
 */
final class FilterStage implements EventHandler<EventSlot> {

    private final ChangeFilter filter;
    private final long targetServerId;
    private final Set<Long> ignoredServerIds;
    private final LoopPrevention tagging;
    private final CheckpointStore store;
    private volatile AnnouncedStatements announcedAtSessionStart = AnnouncedStatements.NONE;
    private int epoch = -1;
    private AnnouncedStatements announced = AnnouncedStatements.NONE;
    private boolean groupSkipped;
    private boolean sawFirstChange;

    FilterStage(ChangeFilter filter, long targetServerId, Set<Long> ignoredServerIds, LoopPrevention tagging,
            CheckpointStore store) {
        this.filter = filter;
        this.targetServerId = targetServerId;
        this.ignoredServerIds = Set.copyOf(ignoredServerIds);
        this.tagging = tagging;
        this.store = store;
    }

    /** Called by the channel before the next session publishes anything: the announcements at its start. */
    void attach(AnnouncedStatements fromCheckpoint) {
        announcedAtSessionStart = fromCheckpoint;
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
        if (slot.epoch != epoch) {
            epoch = slot.epoch;
            announced = announcedAtSessionStart;
            groupSkipped = false;
        }
        switch (slot.event) {
            case TransactionStarted started -> {
                groupSkipped = isSkippedOrigin(started.originServerId());
                sawFirstChange = false;
                slot.groupSkipped = groupSkipped;
            }
            case RowsChanged rows -> {
                if (tagging == LoopPrevention.MARKER && !sawFirstChange
                        && rows.table().table().equals(store.checkpointTableId())) {
                    readMarker(slot, rows);
                }
                sawFirstChange = true;
                slot.groupSkipped = groupSkipped;
                if (!groupSkipped) {
                    ChangeFilter.Decision decision = filter.forRows(rows.table().table());
                    slot.skipReason = decision.apply() ? null : decision.rule();
                    slot.stopReason = decision.stopReason();
                }
            }
            case StatementExecuted statement -> {
                if (tagging == LoopPrevention.MARKER && !sawFirstChange) {
                    long thread = statement.context().threadId();
                    OptionalLong origin = announced.originOf(thread);
                    if (origin.isPresent()) {
                        announced = announced.without(thread);
                        takeMarkerOrigin(slot, origin.getAsLong());
                    }
                }
                sawFirstChange = true;
                slot.groupSkipped = groupSkipped;
                if (!groupSkipped) {
                    ChangeFilter.Decision decision = filter.forStatement(statement);
                    slot.skipReason = decision.apply() ? null : decision.rule();
                    slot.stopReason = decision.stopReason();
                }
            }
            case TransactionCommitted committed -> endGroup(slot);
            case TransactionRolledBack rolledBack -> endGroup(slot);
            default -> {
                // Heartbeats pass through.
            }
        }
    }

    private void endGroup(EventSlot slot) {
        slot.groupSkipped = groupSkipped;
        slot.announced = announced;
        groupSkipped = false;
    }

    private boolean isSkippedOrigin(long origin) {
        return origin == targetServerId || ignoredServerIds.contains(origin);
    }

    private void takeMarkerOrigin(EventSlot slot, long origin) {
        if (!groupSkipped) {
            slot.markerOriginServerId = origin;
            groupSkipped = isSkippedOrigin(origin);
        }
    }

    /**
     * A checkpoint row opening a group: the origin of the group, and what it says about the writing
     * channel's announced statement. Every integer column of tandem's checkpoint table is UNSIGNED, which
     * is how the row is decoded when the TABLE_MAP carries no signedness (binlog_row_metadata=MINIMAL).
     * Rows written by a tandem release without announcements lack that column and announce nothing.
     */
    private void readMarker(EventSlot slot, RowsChanged rows) {
        TableMap table = rows.table();
        boolean[] unsigned = new boolean[table.columnCount()];
        for (int i = 0; i < unsigned.length; i++) {
            unsigned[i] = table.types()[i].isInteger();
        }
        RowImages images = RowDecoding.decode(rows, unsigned);
        Object[] row = images.after().isEmpty() ? images.before().get(0) : images.after().get(0);
        long origin = number(row[CheckpointStore.ORIGIN_SERVER_ID_COLUMN]);
        long thread = row.length > CheckpointStore.STATEMENT_THREAD_ID_COLUMN
                ? number(row[CheckpointStore.STATEMENT_THREAD_ID_COLUMN])
                : 0;
        Object channel = row[CheckpointStore.CHANNEL_COLUMN];
        announced = announced.afterMarker(channel instanceof byte[] bytes
                ? new String(bytes, StandardCharsets.UTF_8)
                : String.valueOf(channel), thread, origin);
        takeMarkerOrigin(slot, origin);
    }

    private static long number(Object value) {
        return value instanceof Number number ? number.longValue() : -1;
    }
}

package io.tandem.replicator.pipeline;

import com.lmax.disruptor.EventHandler;
import io.tandem.replicator.event.RowsChanged;
import io.tandem.replicator.source.RowDecoding;

/**
 * Decodes row events that will be applied, on its own thread, ahead of the applier. Only events whose
 * TABLE_MAP carries signedness (binlog_row_metadata=FULL) can be decoded here; the others need the
 * target's information_schema, which is only right at apply time (after earlier DDL has run), so
 * the applier decodes them itself.
 */
final class DecodeStage implements EventHandler<EventSlot> {

    @Override
    public void onEvent(EventSlot slot, long sequence, boolean endOfBatch) {
        if (slot.event instanceof RowsChanged rows && slot.skipReason == null && !slot.groupSkipped
                && slot.stopReason == null) {
            boolean[] unsigned = RowDecoding.unsignedFromTableMap(rows.table());
            if (unsigned != null) {
                try {
                    slot.rows = RowDecoding.decode(rows, unsigned);
                } catch (RuntimeException e) {
                    // Left undecoded: the applier decodes again and reports the failure in order, with its position.
                    slot.rows = null;
                }
            }
        }
    }
}

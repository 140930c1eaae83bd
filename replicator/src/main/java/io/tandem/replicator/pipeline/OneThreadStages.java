package io.tandem.replicator.pipeline;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;

/**
 * The filter, decode and apply stages on one consumer thread.
 *
 * <p>Each stage on its own thread looked like parallelism, but a Disruptor stage that waits for another stage
 * (not for the producer) spins: two spinning threads took both cores of a two-core server from the database
 * they were writing to, and applying ran six times slower than native replication (see bench/README.md). One
 * thread blocks properly on the ring. Each batch of waiting events is filtered and decoded in order before the
 * first of them is applied, so the apply stage can still look ahead at decided events (grouped commits).
 */
final class OneThreadStages implements EventHandler<EventSlot> {

    private final FilterStage filter;
    private final DecodeStage decode;
    private final ApplyStage apply;
    private final RingBuffer<EventSlot> ring;
    private long pendingBatchSize;

    OneThreadStages(FilterStage filter, DecodeStage decode, ApplyStage apply, RingBuffer<EventSlot> ring) {
        this.filter = filter;
        this.decode = decode;
        this.apply = apply;
        this.ring = ring;
    }

    @Override
    public void onBatchStart(long batchSize, long queueDepth) {
        pendingBatchSize = batchSize;
    }

    @Override
    public void onEvent(EventSlot slot, long sequence, boolean endOfBatch) {
        if (pendingBatchSize > 0) {
            long last = sequence + pendingBatchSize - 1;
            for (long next = sequence; next <= last; next++) {
                EventSlot waiting = ring.get(next);
                filter.onEvent(waiting, next, next == last);
                decode.onEvent(waiting, next, next == last);
            }
            apply.onBatchStart(pendingBatchSize, 0);
            pendingBatchSize = 0;
        }
        apply.onEvent(slot, sequence, endOfBatch);
    }
}

/**
 * A replication channel: one master's binlog applied to one target, exactly once, in order.
 *
 * <pre>
 *  SourceSession ──publish──▶ [ring of EventSlots] ──▶ FilterStage ──▶ DecodeStage ──▶ ApplyStage ──▶ target
 *  (connector thread)                                   skip rules,     row images      TransactionApplier:
 *                                                       loop origin     (when the       data + checkpoint row
 *                                                                       TABLE_MAP       in one transaction
 *                                                                       suffices)
 *  full ring = the publisher waits (the only backpressure); nothing flows right to left
 * </pre>
 *
 * <p>{@link io.tandem.replicator.pipeline.ReplicationChannel} runs one source session at a time, each
 * from the checkpoint stored on the target; an end-of-session marker in the ring separates sessions,
 * and the next one starts only after the apply stage has passed it.
 */
package io.tandem.replicator.pipeline;

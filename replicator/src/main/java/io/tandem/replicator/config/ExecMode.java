package io.tandem.replicator.config;

/** {@code slave-exec-mode}: how the applier treats row events that do not fit the target's data. */
public enum ExecMode {
    /** Any error stops the channel (the native default). */
    STRICT,
    /**
     * Duplicate-key and key-not-found errors of row events are absorbed: an insert becomes an upsert, an
     * update of a missing row inserts its after-image, a delete of a missing row is dropped. Each
     * correction is counted and logged (binlog notes section 7.3).
     */
    IDEMPOTENT
}

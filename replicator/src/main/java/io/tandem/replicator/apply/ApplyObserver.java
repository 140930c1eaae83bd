package io.tandem.replicator.apply;

import java.time.Duration;

/**
 * Told about every source transaction a channel commits on its target, for metrics. Called on the
 * apply thread right after the commit: implementations must be quick and must not throw.
 */
@FunctionalInterface
public interface ApplyObserver {

    ApplyObserver NONE = (applyTime, replicationDelay, rows) -> {};

    /**
     * @param applyTime from the moment the apply stage began the transaction to its commit on the target
     * @param replicationDelay from the source's commit (as estimated for lag) to the commit on the target,
     *     or null when the source commit time is not known
     * @param rows rows the transaction wrote
     */
    void transactionApplied(Duration applyTime, Duration replicationDelay, long rows);
}

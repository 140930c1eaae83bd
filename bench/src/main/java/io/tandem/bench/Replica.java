package io.tandem.bench;

import io.tandem.replicator.event.BinlogPosition;
import java.time.Duration;

/**
 * A replica under measurement: native MariaDB replica threads or a tandem channel, started from a
 * given source position and asked how far it has applied, in the source's coordinates.
 */
sealed interface Replica extends AutoCloseable permits NativeReplica, TandemReplica {

    /** Starts replicating from {@code from}, which is the start of an event group on the source. */
    void start(BinlogPosition from) throws Exception;

    /**
     * Waits until everything up to {@code end} is applied and committed on the replica, or
     * {@code timeout} passed; calls {@code progress} about every two seconds meanwhile.
     *
     * @return whether {@code end} was reached
     * @throws IllegalStateException when the replica stopped on an error (its message included)
     */
    boolean awaitApplied(BinlogPosition end, Duration timeout, Progress progress) throws Exception;

    /** How far the replica has applied, in source coordinates, or null when it cannot tell yet. */
    BinlogPosition appliedPosition() throws Exception;

    /** Stops replicating; the servers keep running. */
    @Override
    void close();

    /** Receives the applied position while a wait goes on. */
    interface Progress {
        void report(BinlogPosition applied);
    }
}

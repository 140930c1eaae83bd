package io.tandem.replicator.source;

import io.tandem.replicator.event.BinlogPosition;
import io.tandem.replicator.event.GtidPosition;

/**
 * Where a source session starts. A resumed channel always starts at a transaction boundary taken from
 * its checkpoint, never from the binlog library's own position (it moves mid-transaction).
 */
public sealed interface StartPosition {

    /** A binlog file and offset: the end of the last applied transaction. */
    record AtFile(BinlogPosition position) implements StartPosition {}

    /** A MariaDB GTID position: resume after the last GTID of each domain. */
    record AtGtid(GtidPosition position) implements StartPosition {}
}

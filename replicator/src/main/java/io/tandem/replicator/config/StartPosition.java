package io.tandem.replicator.config;

import io.tandem.replicator.event.BinlogPosition;
import io.tandem.replicator.event.GtidPosition;
import java.util.Objects;

/**
 * Where a channel starts reading when it has no checkpoint yet ({@code start = ...}). Once a
 * checkpoint exists it always wins: this setting never moves a running channel.
 */
public sealed interface StartPosition {

    /** The source's current binlog end: only changes made from now on are replicated. The default. */
    record Current() implements StartPosition {
        @Override
        public String toString() {
            return "current";
        }
    }

    /** The oldest binlog the source still has. */
    record Earliest() implements StartPosition {
        @Override
        public String toString() {
            return "earliest";
        }
    }

    /** A file and position; it must be the start of an event group, or the first transaction is lost. */
    record AtBinlogPosition(BinlogPosition position) implements StartPosition {
        public AtBinlogPosition {
            Objects.requireNonNull(position, "position");
        }

        @Override
        public String toString() {
            return position.toString();
        }
    }

    /** A MariaDB GTID position: replication resumes after these GTIDs. */
    record AtGtidPosition(GtidPosition position) implements StartPosition {
        public AtGtidPosition {
            Objects.requireNonNull(position, "position");
            if (position.isEmpty()) {
                throw new IllegalArgumentException("a GTID start position needs at least one GTID");
            }
        }

        @Override
        public String toString() {
            return "gtid:" + position;
        }
    }

    StartPosition CURRENT = new Current();
    StartPosition EARLIEST = new Earliest();
}

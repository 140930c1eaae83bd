package io.tandem.replicator.checkpoint;

import io.tandem.replicator.event.BinlogPosition;
import io.tandem.replicator.event.Gtid;
import io.tandem.replicator.event.GtidPosition;
import java.time.Instant;

/**
 * Where a channel resumes: the end of the last source transaction whose effects are committed on the
 * target (or that was deliberately skipped), stored on the target in the same transaction as them.
 *
 * @param channel the channel name
 * @param sourceServerId the master the position belongs to; a different master invalidates it
 * @param position binlog file and the offset right after the transaction
 * @param gtidPosition the channel's GTID position after it (last GTID per domain it has passed)
 * @param lastGtid the GTID of that transaction, or null
 * @param originServerId the server that first executed it (the marker loop prevention reads this)
 * @param sourceCommitTime the master's commit time of it, or null before the first transaction
 * @param transactions transactions applied by this channel since it was created
 * @param announcedStatements under marker loop prevention, the standalone statements announced in the source's
 *     binlog before this position and not yet seen: part of where the reader resumes
 */
public record Checkpoint(
        String channel,
        long sourceServerId,
        BinlogPosition position,
        GtidPosition gtidPosition,
        Gtid lastGtid,
        long originServerId,
        Instant sourceCommitTime,
        long transactions,
        AnnouncedStatements announcedStatements) {

    public Checkpoint {
        java.util.Objects.requireNonNull(announcedStatements, "announcedStatements");
    }
}

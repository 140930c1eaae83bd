package io.tandem.drbd.status;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One volume as replicated to one peer (DRBD 9's "peer device").
 *
 * @param volume the volume number; 0 when the format omits it
 * @param replication the replication state
 * @param peerDisk the peer's disk state as this node sees it
 * @param resync progress while a resync or verify runs, when the format reports it
 * @param outOfSyncKib KiB still to be synchronised, when the format reports it
 */
public record PeerVolumeStatus(
        int volume,
        Reported<ReplicationState> replication,
        Reported<DiskState> peerDisk,
        Optional<ResyncProgress> resync,
        OptionalLong outOfSyncKib) {

    public PeerVolumeStatus {
        Objects.requireNonNull(replication, "replication");
        Objects.requireNonNull(peerDisk, "peerDisk");
        Objects.requireNonNull(resync, "resync");
        Objects.requireNonNull(outOfSyncKib, "outOfSyncKib");
    }
}

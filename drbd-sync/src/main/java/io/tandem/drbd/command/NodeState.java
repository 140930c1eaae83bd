package io.tandem.drbd.command;

/**
 * What the pre-checks need to know about one node, as read from {@code drbdsetup status} or events2 and from the
 * mount table. The nested enums are deliberately small; the {@code status} package maps DRBD's full state names
 * onto them at its boundary.
 *
 * @param localRole this node's role for the resource
 * @param localDisk this node's disk state
 * @param peerDisk the peer's disk state as this node sees it ({@code DUNKNOWN} when disconnected)
 * @param connection the connection to the peer
 * @param mounted whether the DRBD device is mounted (or otherwise held open) on this node
 * @param localDataVersusPeer what the evidence (GI tuples, binlog positions) says about this side's data; only the
 *     split-brain check reads it
 */
public record NodeState(Role localRole, DiskState localDisk, DiskState peerDisk, Connection connection,
        boolean mounted, DataComparison localDataVersusPeer) {

    public NodeState {
        if (localRole == null || localDisk == null || peerDisk == null || connection == null
                || localDataVersusPeer == null) {
            throw new IllegalArgumentException("every field of a node state is known or explicitly UNKNOWN");
        }
    }

    public enum Role { PRIMARY, SECONDARY, UNKNOWN }

    public enum DiskState {
        DISKLESS, ATTACHING, DETACHING, FAILED, NEGOTIATING, INCONSISTENT, OUTDATED, DUNKNOWN, CONSISTENT, UPTODATE
    }

    /** 8.x {@code WFConnection}/{@code WFReportParams} and 9 {@code Connecting} are all {@code CONNECTING}. */
    public enum Connection { STANDALONE, CONNECTING, CONNECTED, SYNCING }

    /** Which side has the data clients saw last; {@code UNKNOWN} until someone compared the evidence. */
    public enum DataComparison { NEWER, SAME_OR_OLDER, UNKNOWN }
}

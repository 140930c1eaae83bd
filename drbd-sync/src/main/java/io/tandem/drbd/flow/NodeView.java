package io.tandem.drbd.flow;

import io.tandem.drbd.command.NodeState;
import io.tandem.drbd.status.NodeStates;
import io.tandem.drbd.status.ConnectionState;
import io.tandem.drbd.status.DiskState;
import io.tandem.drbd.status.ReplicationState;
import io.tandem.drbd.status.Role;

/**
 * One node of a {@link DrbdPairModel} as {@code drbdsetup status} would show it, at one moment.
 *
 * @param node the host name
 * @param up whether the resource is configured (after {@code up}, before {@code down} or a crash)
 * @param role this node's role; Secondary when not up
 * @param disk this node's disk state; for a node that is not up, what its metadata says
 * @param connection the connection to the peer
 * @param replication the volume's replication towards the peer
 * @param peerRole the peer's role as seen from here; Unknown while not connected
 * @param peerDisk the peer's disk as seen from here; DUnknown while not connected
 * @param generations the GI tuple of this node's metadata
 * @param mounted whether the device is mounted here
 * @param outOfSyncBlocks blocks this node knows differ from the peer (its bitmap, or what is left to resync)
 */
public record NodeView(String node, boolean up, Role role, DiskState disk, ConnectionState connection,
        ReplicationState replication, Role peerRole, DiskState peerDisk, GenerationIds generations, boolean mounted,
        int outOfSyncBlocks) {

    public boolean isConnected() {
        return connection == ConnectionState.CONNECTED;
    }

    /** What {@link io.tandem.drbd.command.PreChecks} read, with no evidence about whose data is newer. */
    public NodeState toNodeState() {
        return toNodeState(NodeState.DataComparison.UNKNOWN);
    }

    /** What {@link io.tandem.drbd.command.PreChecks} read, with the operator's comparison of the data. */
    public NodeState toNodeState(NodeState.DataComparison comparison) {
        return NodeStates.of(role, disk, peerDisk, connection, replication, mounted, comparison);
    }

    /** The 8.4 {@code /proc/drbd}-style summary, for assertion messages and logs. */
    @Override
    public String toString() {
        return node + "[" + (up ? "" : "down ") + "cs:" + connection + "/" + replication + " ro:" + role + "/"
                + peerRole + " ds:" + disk + "/" + peerDisk + " gi:" + generations + (mounted ? " mounted" : "")
                + " oos:" + outOfSyncBlocks + "]";
    }
}

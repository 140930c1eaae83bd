package io.tandem.drbd.status;

import io.tandem.drbd.command.NodeState;

/**
 * The boundary between DRBD's full state vocabulary and the small {@link NodeState} the pre-checks read: one
 * mapping, used for the model's views and for what a host's drbdadm reports. A word this code does not know maps to
 * the pre-checks' "unknown", which they never treat as safe.
 */
public final class NodeStates {

    private NodeStates() {}

    public static NodeState of(Role role, DiskState disk, DiskState peerDisk, ConnectionState connection,
            ReplicationState replication, boolean mounted, NodeState.DataComparison comparison) {
        return new NodeState(role(role), disk(disk), disk(peerDisk), connection(connection, replication), mounted,
                comparison);
    }

    public static NodeState.Connection connection(ConnectionState connection, ReplicationState replication) {
        return switch (connection) {
            case CONNECTED -> replication.isResyncing() ? NodeState.Connection.SYNCING : NodeState.Connection.CONNECTED;
            case CONNECTING -> NodeState.Connection.CONNECTING;
            case STANDALONE, DISCONNECTING, UNCONNECTED, TIMEOUT, BROKEN_PIPE, NETWORK_FAILURE, PROTOCOL_ERROR,
                    TEAR_DOWN, UNRECOGNIZED -> NodeState.Connection.STANDALONE;
        };
    }

    public static NodeState.Role role(Role role) {
        return switch (role) {
            case PRIMARY -> NodeState.Role.PRIMARY;
            case SECONDARY -> NodeState.Role.SECONDARY;
            case UNKNOWN, UNRECOGNIZED -> NodeState.Role.UNKNOWN;
        };
    }

    public static NodeState.DiskState disk(DiskState disk) {
        return switch (disk) {
            case DISKLESS -> NodeState.DiskState.DISKLESS;
            case ATTACHING -> NodeState.DiskState.ATTACHING;
            case DETACHING -> NodeState.DiskState.DETACHING;
            case FAILED -> NodeState.DiskState.FAILED;
            case NEGOTIATING -> NodeState.DiskState.NEGOTIATING;
            case INCONSISTENT -> NodeState.DiskState.INCONSISTENT;
            case OUTDATED -> NodeState.DiskState.OUTDATED;
            case DUNKNOWN, UNRECOGNIZED -> NodeState.DiskState.DUNKNOWN;
            case CONSISTENT -> NodeState.DiskState.CONSISTENT;
            case UP_TO_DATE -> NodeState.DiskState.UPTODATE;
        };
    }
}

package io.tandem.drbd.status;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One peer of a resource: the connection to it, its role, and each volume's replication towards it.
 *
 * @param name the peer's host (connection) name; empty in /proc/drbd, which names no peers
 * @param nodeId the DRBD 9 node id, when reported
 * @param connection the connection state
 * @param role the peer's role; {@code Unknown} while not connected
 * @param volumes per-volume replication towards this peer
 */
public record PeerStatus(
        Optional<String> name,
        OptionalInt nodeId,
        Reported<ConnectionState> connection,
        Reported<Role> role,
        List<PeerVolumeStatus> volumes) {

    public PeerStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(role, "role");
        volumes = List.copyOf(volumes);
    }

    public boolean isConnected() {
        return connection.is(ConnectionState.CONNECTED);
    }

    public Optional<PeerVolumeStatus> volume(int volume) {
        return volumes.stream().filter(v -> v.volume() == volume).findFirst();
    }
}

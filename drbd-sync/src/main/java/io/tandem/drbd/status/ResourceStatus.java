package io.tandem.drbd.status;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The state of one DRBD resource on this node, the same whichever format it was read from.
 *
 * @param name the resource name; /proc/drbd has none, so its callers name it (see {@link ProcDrbdMinor})
 * @param role the local role
 * @param suspended whether I/O is suspended, when the format reports it
 * @param volumes the local volumes
 * @param peers the peers, in the order reported
 */
public record ResourceStatus(
        String name, Reported<Role> role, Optional<Boolean> suspended, List<VolumeStatus> volumes,
        List<PeerStatus> peers) {

    public ResourceStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(suspended, "suspended");
        volumes = List.copyOf(volumes);
        peers = List.copyOf(peers);
    }

    public Optional<VolumeStatus> volume(int volume) {
        return volumes.stream().filter(v -> v.volume() == volume).findFirst();
    }

    public Optional<PeerStatus> peer(String peerName) {
        return peers.stream().filter(p -> p.name().filter(peerName::equals).isPresent()).findFirst();
    }
}

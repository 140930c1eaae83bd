package io.tandem.drbd.status;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.SequencedMap;
import java.util.Collections;
import java.util.LinkedHashMap;

/** One minor in /proc/drbd: either {@code N: cs:Unconfigured} or a configured device with its states. */
public sealed interface ProcDrbdMinor permits ProcDrbdMinor.Unconfigured, ProcDrbdMinor.Configured {

    int minor();

    /** A minor that exists but has no resource attached ({@code N: cs:Unconfigured}). */
    record Unconfigured(int minor) implements ProcDrbdMinor {}

    /**
     * A configured minor.
     *
     * @param connection the connection half of the {@code cs:} word
     * @param replication the replication half of the {@code cs:} word
     * @param role local role, from {@code ro:} (or {@code st:} before 8.3)
     * @param peerRole the peer's role
     * @param disk local disk state, from {@code ds:}
     * @param peerDisk the peer's disk state
     * @param protocol the replication protocol letter, A, B or C
     * @param flags the I/O flags; first character {@code s} means I/O suspended
     * @param counters the {@code ns:… nr:… oos:…} line, key to value as printed, unknown keys kept
     * @param resync the progress lines, present while syncing or verifying
     */
    record Configured(
            int minor,
            Reported<ConnectionState> connection,
            Reported<ReplicationState> replication,
            Reported<Role> role,
            Reported<Role> peerRole,
            Reported<DiskState> disk,
            Reported<DiskState> peerDisk,
            String protocol,
            String flags,
            SequencedMap<String, String> counters,
            Optional<ResyncProgress> resync)
            implements ProcDrbdMinor {

        public Configured {
            Objects.requireNonNull(connection, "connection");
            Objects.requireNonNull(replication, "replication");
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(peerRole, "peerRole");
            Objects.requireNonNull(disk, "disk");
            Objects.requireNonNull(peerDisk, "peerDisk");
            Objects.requireNonNull(protocol, "protocol");
            Objects.requireNonNull(flags, "flags");
            Objects.requireNonNull(resync, "resync");
            counters = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(counters));
        }

        public boolean isIoSuspended() {
            return flags.startsWith("s");
        }

        /** A numeric counter such as {@code oos} (KiB out of sync), if printed and numeric. */
        public OptionalLong counter(String key) {
            String value = counters.get(key);
            if (value == null || value.isEmpty() || !value.chars().allMatch(Character::isDigit) || value.length() > 18) {
                return OptionalLong.empty();
            }
            return OptionalLong.of(Long.parseLong(value));
        }

        /**
         * This minor in the common model. /proc/drbd names neither the resource nor the volume nor the peer, so the
         * caller supplies the first two from the configuration, and the peer is left unnamed.
         */
        public ResourceStatus toResourceStatus(String resourceName, int volume) {
            PeerVolumeStatus peerVolume =
                    new PeerVolumeStatus(volume, replication, peerDisk, resync, counter("oos"));
            PeerStatus peer = new PeerStatus(
                    Optional.empty(), OptionalInt.empty(), connection, peerRole, List.of(peerVolume));
            return new ResourceStatus(
                    resourceName,
                    role,
                    Optional.of(isIoSuspended()),
                    List.of(new VolumeStatus(volume, OptionalInt.of(minor), disk)),
                    List.of(peer));
        }
    }
}

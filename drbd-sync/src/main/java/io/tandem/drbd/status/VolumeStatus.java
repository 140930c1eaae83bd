package io.tandem.drbd.status;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * One local volume (device) of a resource.
 *
 * @param volume the volume number within the resource; 0 when the format omits it (single-volume resources)
 * @param minor the device minor (/dev/drbdN), when the format reports it
 * @param disk the local disk state
 */
public record VolumeStatus(int volume, OptionalInt minor, Reported<DiskState> disk) {

    public VolumeStatus {
        Objects.requireNonNull(minor, "minor");
        Objects.requireNonNull(disk, "disk");
    }
}

package io.tandem.drbd.config;

import java.util.Objects;
import java.util.Optional;

/**
 * One replicated disk of a resource. 8.3 files have a single implicit volume 0, written as {@code device}/{@code disk}
 * /{@code meta-disk} lines in the resource or in each {@code on} section; 8.4 and 9 may write {@code volume N { … }}.
 * Each part is optional here because it may be given at resource level and completed per host.
 */
public record Volume(int number, Optional<Device> device, Optional<String> disk, Optional<MetaDisk> metaDisk) {

    public Volume {
        if (number < 0) {
            throw new IllegalArgumentException("volume numbers start at 0, got " + number);
        }
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(disk, "disk");
        Objects.requireNonNull(metaDisk, "metaDisk");
    }

    public static Volume of(int number, Device device, String disk, MetaDisk metaDisk) {
        return new Volume(number, Optional.of(device), Optional.of(disk), Optional.of(metaDisk));
    }

    /** This volume with every part it lacks taken from {@code defaults} (the resource-level volume). */
    public Volume completedFrom(Volume defaults) {
        return new Volume(
                number,
                device.or(defaults::device),
                disk.or(defaults::disk),
                metaDisk.or(defaults::metaDisk));
    }
}

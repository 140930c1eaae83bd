package io.tandem.drbd.config;

import java.util.Objects;

/**
 * The DRBD block device and its minor number. {@code device /dev/drbd0;}, {@code device /dev/drbd0 minor 0;} and
 * DRBD 9's {@code device minor 0;} all describe the same device; the minor is what must be unique on a host.
 */
public record Device(String path, int minor) {

    public Device {
        Objects.requireNonNull(path, "path");
        if (minor < 0) {
            throw new IllegalArgumentException("a device minor is never negative, got " + minor + " for " + path);
        }
    }

    public static Device minor(int minor) {
        return new Device("/dev/drbd" + minor, minor);
    }

    /** Whether the path is the one drbdadm derives from the minor, so {@code device minor N;} says it all. */
    public boolean hasDefaultPath() {
        return path.equals("/dev/drbd" + minor);
    }
}

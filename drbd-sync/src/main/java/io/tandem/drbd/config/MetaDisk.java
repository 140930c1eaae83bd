package io.tandem.drbd.config;

import java.util.Objects;
import java.util.OptionalInt;

/** Where DRBD keeps its metadata: at the end of the backing disk, or on a separate device. */
public sealed interface MetaDisk permits MetaDisk.Internal, MetaDisk.External {

    MetaDisk INTERNAL = new Internal();

    /** {@code meta-disk internal;}: the last part of the backing disk; the seed's choice. */
    record Internal() implements MetaDisk {}

    /**
     * {@code meta-disk /dev/x [index];}. Without an index the metadata is sized to the data ("flexible"), which 8.3
     * spells {@code flexible-meta-disk /dev/x;}.
     */
    record External(String device, OptionalInt index) implements MetaDisk {
        public External {
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(index, "index");
        }
    }
}

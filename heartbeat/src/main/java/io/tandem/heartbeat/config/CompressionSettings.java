package io.tandem.heartbeat.config;

import java.util.Objects;
import java.util.Optional;

/**
 * ha.cf's compression directives.
 *
 * @param module {@code compression}: {@code zlib} or {@code bz2}, empty for none
 * @param thresholdKilobytes {@code compression_threshold}: messages above this many KiB are compressed
 * @param traditional {@code traditional_compression}: compress whole messages, headers included
 */
public record CompressionSettings(Optional<String> module, int thresholdKilobytes, boolean traditional) {

    public CompressionSettings {
        Objects.requireNonNull(module, "module");
        if (thresholdKilobytes < 1) {
            throw new IllegalArgumentException("compression threshold must be positive: " + thresholdKilobytes);
        }
    }
}

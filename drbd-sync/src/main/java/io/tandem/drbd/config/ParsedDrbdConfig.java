package io.tandem.drbd.config;

import java.util.List;
import java.util.Objects;

/**
 * A configuration that parsed, with what deserves an operator's attention but does not stop tandem (typographic
 * quotes read as ASCII ones, an include that matches no file).
 */
public record ParsedDrbdConfig(DrbdConfig config, List<ConfigProblem> warnings) {

    public ParsedDrbdConfig {
        Objects.requireNonNull(config, "config");
        warnings = List.copyOf(warnings);
    }
}

package io.tandem.drbd.config;

import java.util.List;
import java.util.Objects;

/**
 * One {@code name value…;} line of a section, values unquoted. Each value is one word or quoted string as written,
 * so {@code split-brain "/usr/lib/drbd/notify-split-brain.sh root";} has one value and is written back quoted. A
 * bare flag such as 8.3's {@code no-disk-flushes;} or {@code disable-ip-verification;} has none.
 */
public record Option(String name, List<String> values) {

    public Option {
        Objects.requireNonNull(name, "name");
        values = List.copyOf(values);
        if (name.isBlank()) {
            throw new IllegalArgumentException("an option needs a name");
        }
    }

    public Option(String name, String value) {
        this(name, List.of(value));
    }

    public static Option flag(String name) {
        return new Option(name, List.of());
    }

    public boolean isFlag() {
        return values.isEmpty();
    }

    /** The values joined by one space; empty for a flag. */
    public String value() {
        return String.join(" ", values);
    }
}

package io.tandem.drbd.config;

import java.util.Objects;

/**
 * One {@code name value;} line of a section, value unquoted. A bare flag such as 8.3's {@code no-disk-flushes;} or
 * {@code disable-ip-verification;} has an empty value. Several words ({@code become-primary-on both}) are joined by
 * one space.
 */
public record Option(String name, String value) {

    public Option {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (name.isBlank()) {
            throw new IllegalArgumentException("an option needs a name");
        }
    }

    public static Option flag(String name) {
        return new Option(name, "");
    }

    public boolean isFlag() {
        return value.isEmpty();
    }
}

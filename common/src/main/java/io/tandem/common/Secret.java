package io.tandem.common;

import java.util.Objects;

/**
 * A password or key (a database password, a heartbeat authkeys key, a fence command with a BMC password). It
 * prints as {@code ********} everywhere (toString, records that hold it, problem messages), so it cannot leak into
 * a log by accident; {@link #reveal()} is the one way to read it, and only the code that uses it should call it.
 */
public final class Secret {

    public static final String MASK = "********";
    public static final Secret EMPTY = new Secret("");

    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public static Secret of(String value) {
        return value.isEmpty() ? EMPTY : new Secret(value);
    }

    /** The clear text, for the one place that needs it (a JDBC driver, a signature, a command) and nothing else. */
    public String reveal() {
        return value;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret secret && secret.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return MASK;
    }
}

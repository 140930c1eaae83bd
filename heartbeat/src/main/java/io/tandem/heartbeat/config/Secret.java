package io.tandem.heartbeat.config;

import java.util.Objects;

/**
 * A key, a password or anything that may hold one (stonith parameters, a fence command's options). It prints as
 * {@code ********} everywhere, including inside the records that hold it, so it cannot reach a log by accident;
 * {@link #reveal()} is the one way to read it, for the code that signs messages or runs the command.
 */
// The replicator has the same small class; both are candidates for a shared module once one exists.
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

    /** The clear text, for signing or running and nothing else. */
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

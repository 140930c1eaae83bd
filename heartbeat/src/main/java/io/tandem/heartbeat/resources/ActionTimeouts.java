package io.tandem.heartbeat.resources;

import java.time.Duration;
import java.util.Objects;

/**
 * How long each action may run before it is killed. heartbeat 3.0.6 has no limit at all: one hung {@code stop}
 * blocked a takeover forever.
 *
 * @param start at least 100 ms
 * @param stop at least 100 ms
 * @param status at least 100 ms
 */
public record ActionTimeouts(Duration start, Duration stop, Duration status) {

    // Declared before DEFAULTS, which the constructor checks against it.
    private static final Duration FLOOR = Duration.ofMillis(100);

    /** 60 s to start or stop, 20 s to answer status. */
    public static final ActionTimeouts DEFAULTS =
            new ActionTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(20));

    public ActionTimeouts {
        check("start", start);
        check("stop", stop);
        check("status", status);
    }

    /** The limit for {@code action}. */
    public Duration of(ResourceAction action) {
        return switch (action) {
            case START -> start;
            case STOP -> stop;
            case STATUS -> status;
        };
    }

    private static void check(String action, Duration timeout) {
        Objects.requireNonNull(timeout, action);
        if (timeout.compareTo(FLOOR) < 0) {
            throw new IllegalArgumentException(action + " timeout must be at least " + FLOOR.toMillis() + " ms, not "
                    + timeout.toMillis() + " ms");
        }
    }
}

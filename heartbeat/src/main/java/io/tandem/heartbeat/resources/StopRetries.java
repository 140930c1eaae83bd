package io.tandem.heartbeat.resources;

import java.time.Duration;
import java.util.Objects;

/**
 * How often a failed {@code stop} is tried again before the group is reported {@link GroupOutcome#STOP_FAILED}.
 * A stop that ran past its timeout is not tried again: one more hung minute only delays the fencing that follows.
 *
 * @param retries further attempts after the first, 0 to 100
 * @param delay the pause before each, at most a minute
 */
public record StopRetries(int retries, Duration delay) {

    /** heartbeat's ResourceManager: {@code HA_STOPRETRYMAX=10}, one second apart. */
    public static final StopRetries DEFAULTS = new StopRetries(10, Duration.ofSeconds(1));

    public StopRetries {
        Objects.requireNonNull(delay, "delay");
        if (retries < 0 || retries > 100) {
            throw new IllegalArgumentException("stop retries 0-100, not " + retries);
        }
        if (delay.isNegative() || delay.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("stop retry delay 0-60 s, not " + delay);
        }
    }
}

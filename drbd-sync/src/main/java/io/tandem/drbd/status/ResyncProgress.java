package io.tandem.drbd.status;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How far a resync (or online verify) has come, as far as the format reports it. {@code drbdadm status} reports only
 * the percentage; /proc/drbd, JSON and events2 with {@code --statistics} add the estimate and the speed.
 *
 * @param percentDone 0 to 100
 * @param timeToFinish DRBD's estimate of the time left
 * @param kibPerSecond the current resync speed in KiB/s
 * @param stalled /proc/drbd's "(stalled)": no progress for 180 s
 */
public record ResyncProgress(
        double percentDone, Optional<Duration> timeToFinish, OptionalLong kibPerSecond, boolean stalled) {

    public ResyncProgress {
        if (!(percentDone >= 0 && percentDone <= 100)) {
            throw new IllegalArgumentException("percentDone must be within 0..100: " + percentDone);
        }
        Objects.requireNonNull(timeToFinish, "timeToFinish");
        Objects.requireNonNull(kibPerSecond, "kibPerSecond");
    }

    public static ResyncProgress percentOnly(double percentDone) {
        return new ResyncProgress(percentDone, Optional.empty(), OptionalLong.empty(), false);
    }

    static boolean isValidPercent(double percent) {
        return percent >= 0 && percent <= 100;
    }
}

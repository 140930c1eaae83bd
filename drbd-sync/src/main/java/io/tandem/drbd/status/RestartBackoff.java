package io.tandem.drbd.status;

import java.time.Duration;

/**
 * How long the monitor waits before it restarts an events2 process that ended: {@code first}, doubling after each
 * run that ended quickly, never more than {@code max}. A run that lasted at least {@code max} was healthy, so the
 * next wait starts again from {@code first}: a single hiccup is recovered from at once, a process that cannot run
 * (no kernel module) is retried without spinning.
 *
 * <p>Not thread-safe; owned by the monitor's thread.
 */
final class RestartBackoff {

    private final Duration first;
    private final Duration max;
    private Duration next;

    RestartBackoff(Duration first, Duration max) {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("restart delays must satisfy 0 < first <= max, got first " + first
                    + " and max " + max);
        }
        this.first = first;
        this.max = max;
        this.next = first;
    }

    /** The wait before the next start, given how long the run that just ended lasted. */
    Duration afterRun(Duration ranFor) {
        if (ranFor.compareTo(max) >= 0) {
            next = first;
        }
        Duration wait = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(max) > 0 ? max : doubled;
        return wait;
    }
}

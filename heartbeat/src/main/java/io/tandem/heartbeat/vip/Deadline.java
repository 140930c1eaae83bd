package io.tandem.heartbeat.vip;

import java.time.Duration;

/** The end of an operation's time budget, shared by the commands it runs one after the other. */
record Deadline(long nanoTime, Duration budget) {

    static Deadline after(Duration budget) {
        return new Deadline(System.nanoTime() + budget.toNanos(), budget);
    }

    /** What is left, never negative: a command given zero is killed at once and reported as timed out. */
    Duration remaining() {
        return Duration.ofNanos(Math.max(0, nanoTime - System.nanoTime()));
    }
}

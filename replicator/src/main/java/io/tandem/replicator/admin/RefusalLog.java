package io.tandem.replicator.admin;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.function.Consumer;

/**
 * Logs refused admin requests, at most one line per interval, so that a client retrying with a wrong token
 * (or someone guessing) cannot flood the log. Refusals in between are counted and the count is told with the
 * next line that is written; the metric {@code tandem_admin_requests_refused_total} counts every one.
 *
 * <p>Thread-safe. The line is written outside the lock, so a slow log appender never holds up a request.
 */
final class RefusalLog {

    private final Consumer<String> sink;
    private final Duration interval;
    private final InstantSource clock;
    private final Object lock = new Object();
    private Instant lastWritten;
    private long notWritten;

    RefusalLog(Consumer<String> sink, Duration interval, InstantSource clock) {
        this.sink = sink;
        this.interval = interval;
        this.clock = clock;
    }

    /** @param what the request and why it was refused, without any credential in it */
    void refused(String what) {
        long skipped;
        synchronized (lock) {
            Instant now = clock.instant();
            if (lastWritten != null && now.isBefore(lastWritten.plus(interval))) {
                notWritten++;
                return;
            }
            lastWritten = now;
            skipped = notWritten;
            notWritten = 0;
        }
        sink.accept(skipped == 0 ? what
                : what + " (" + skipped + " more refused since the last such message, not logged one by one)");
    }
}

package io.tandem.heartbeat.wire;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts dropped datagrams by reason and logs them at most once per interval per reason, so that another
 * cluster sharing the LAN and port 694 (heartbeat's "Failed authentication" floods) cannot flood the log.
 * Each line names the sender's address and the {@code src} the datagram claims, and says how many of the
 * same reason went unlogged since the previous line. Counts are exact whatever the logging.
 *
 * <p>Also counts accepted netstring messages whose inner classic {@code auth} field does not check out: a
 * warning only, logged the same way.
 *
 * <p>Thread-safe. Lines are written outside the lock.
 */
public final class RejectionCounter {

    private static final Logger LOG = LoggerFactory.getLogger(RejectionCounter.class);

    private final String instance;
    private final Duration logInterval;
    private final InstantSource clock;
    private final Consumer<String> sink;
    private final Map<RejectReason, LongAdder> counts = new EnumMap<>(RejectReason.class);
    private final LongAdder innerAuthWarnings = new LongAdder();
    private final Object lock = new Object();
    private final Map<RejectReason, Instant> lastLogged = new EnumMap<>(RejectReason.class);
    private final Map<RejectReason, Long> notLogged = new EnumMap<>(RejectReason.class);
    private Instant innerAuthLastLogged;
    private long innerAuthNotLogged;

    /**
     * @param instance how log lines name this node, as {@code heartbeat[instance]}
     * @param logInterval the least time between two lines for the same reason
     * @param clock the time source for rate limiting
     */
    public RejectionCounter(String instance, Duration logInterval, InstantSource clock) {
        this(instance, logInterval, clock, LOG::warn);
    }

    RejectionCounter(String instance, Duration logInterval, InstantSource clock, Consumer<String> sink) {
        this.instance = instance;
        this.logInterval = logInterval;
        this.clock = clock;
        this.sink = sink;
        for (RejectReason reason : RejectReason.values()) {
            counts.put(reason, new LongAdder());
        }
    }

    /** Counts a dropped datagram and logs it unless this reason was logged within the interval. */
    public void count(InetSocketAddress sender, DecodeResult.Rejected rejected) {
        RejectReason reason = rejected.reason();
        counts.get(reason).increment();
        long skipped;
        synchronized (lock) {
            Instant now = clock.instant();
            Instant last = lastLogged.get(reason);
            if (last != null && now.isBefore(last.plus(logInterval))) {
                notLogged.merge(reason, 1L, Long::sum);
                return;
            }
            lastLogged.put(reason, now);
            Long pending = notLogged.remove(reason);
            skipped = pending == null ? 0 : pending;
        }
        sink.accept("heartbeat[" + instance + "]: dropped datagram from " + describe(sender)
                + rejected.claimedSrc().map(src -> " claiming src " + src).orElse("")
                + ": " + reason.description() + " (" + reason + ", " + rejected.detail() + ")"
                + (skipped == 0 ? "" : "; " + skipped + " more " + reason + " since the last such line, not logged one by one"));
    }

    /** Counts an accepted message whose inner {@code auth} field is present but wrong; logs it rate-limited. */
    public void countInnerAuthWarning(InetSocketAddress sender, DecodeResult.Accepted accepted) {
        innerAuthWarnings.increment();
        long skipped;
        synchronized (lock) {
            Instant now = clock.instant();
            if (innerAuthLastLogged != null && now.isBefore(innerAuthLastLogged.plus(logInterval))) {
                innerAuthNotLogged++;
                return;
            }
            innerAuthLastLogged = now;
            skipped = innerAuthNotLogged;
            innerAuthNotLogged = 0;
        }
        sink.accept("heartbeat[" + instance + "]: message from " + describe(sender) + " claiming src "
                + accepted.message().src().orElse("?") + " has a valid signature but its inner auth field is "
                + accepted.innerAuth() + "; accepted, as 3.0.6 would"
                + (skipped == 0 ? "" : "; " + skipped + " more since the last such line"));
    }

    public long count(RejectReason reason) {
        return counts.get(reason).sum();
    }

    public long total() {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public long innerAuthWarnings() {
        return innerAuthWarnings.sum();
    }

    /** Every reason with its count so far, zeros included, for metrics. */
    public Map<RejectReason, Long> snapshot() {
        Map<RejectReason, Long> snapshot = new EnumMap<>(RejectReason.class);
        counts.forEach((reason, count) -> snapshot.put(reason, count.sum()));
        return Collections.unmodifiableMap(snapshot);
    }

    /** The address without a reverse DNS lookup; a log line must not wait for DNS. */
    private static String describe(InetSocketAddress sender) {
        if (sender == null) {
            return "an unknown sender";
        }
        String host = sender.getAddress() != null ? sender.getAddress().getHostAddress() : sender.getHostString();
        return host + ":" + sender.getPort();
    }
}

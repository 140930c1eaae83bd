package io.tandem.replicator.pipeline;

import io.tandem.replicator.event.BinlogPosition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * Honest lag: the age, at the time of asking, of the oldest source transaction the channel has not
 * finished.
 *
 * <p>Transactions the channel has received are known one by one, with an estimate of their source
 * commit time ({@link #commitEstimate}). Transactions it has not received yet are bounded by the
 * binlog's order: each was committed after every transaction received, and after the last moment the
 * source was seen with nothing more to send (a heartbeat). That moment is the frontier.
 *
 * <pre>
 *   something received is not finished                  → now − its commit estimate
 *   else the source's end, seen recently and after the
 *        last receipt, is finished                       → 0
 *   else                                                 → now − frontier  (an upper bound, until the next sighting)
 * </pre>
 *
 * A sighting of the source's end (a heartbeat, or the channel's poll of SHOW BINARY LOGS) vouches for
 * "nothing more" only if it was taken after the last transaction arrived: an older one may predate
 * transactions still on their way, and reading a backlog must never show 0 between two transactions.
 *
 * Written by the reader thread ({@link #received}, {@link #idle}); read by any thread. The queue never
 * holds more entries than the ring holds events, because it is trimmed against the finished position.
 */
final class LagClock {

    /** The binlog's timestamps count whole seconds. */
    private static final Duration TIMESTAMP_RESOLUTION = Duration.ofSeconds(1);

    private record Received(BinlogPosition start, Instant commitEstimate) {}

    private final ArrayDeque<Received> unfinished = new ArrayDeque<>();
    private Instant frontier;
    private Instant lastReceivedAt;

    /**
     * When the source committed a transaction, as well as tandem can tell. The binlog header gives the
     * second (source clock, corrected by {@code sourceClockOffset} = source clock − local clock). A
     * transaction received within that second was received live, and its receipt time is the tighter bound
     * (off by the network delay only); one received later was read from a backlog, and the start of its
     * second is used, so its age is over-stated by less than a second rather than under-stated.
     */
    static Instant commitEstimate(Instant sourceTimestamp, Duration sourceClockOffset, Instant receivedAt) {
        Instant localTimestamp = sourceTimestamp.minus(sourceClockOffset);
        return receivedAt.isBefore(localTimestamp.plus(TIMESTAMP_RESOLUTION)) ? receivedAt : localTimestamp;
    }

    /** A new session re-reads everything after the checkpoint: what was received before counts again. */
    synchronized void sessionStarted(Instant lastFinishedCommit) {
        unfinished.clear();
        if (lastFinishedCommit != null && (frontier == null || lastFinishedCommit.isAfter(frontier))) {
            frontier = lastFinishedCommit;
        }
    }

    /** The reader received a transaction starting at {@code start}; {@code finished} is where the channel has finished up to. */
    synchronized void received(BinlogPosition start, Instant commitEstimate, Instant receivedAt,
            BinlogPosition finished) {
        trim(finished);
        unfinished.addLast(new Received(start, commitEstimate));
        advanceFrontier(commitEstimate);
        lastReceivedAt = receivedAt;
    }

    /** The source said it had nothing more to send (a heartbeat received at {@code at}). */
    synchronized void idle(Instant at, BinlogPosition finished) {
        trim(finished);
        advanceFrontier(at);
    }

    /** The commit estimate of the transaction starting at {@code start}, or null when it is not pending. */
    synchronized Instant commitEstimateOf(BinlogPosition start) {
        for (Received received : unfinished) {
            if (received.start().equals(start)) {
                return received.commitEstimate();
            }
        }
        return null;
    }

    /**
     * The lag at {@code now}.
     *
     * @param finished where the channel has finished up to (applied, skipped, or passed on a heartbeat), or null
     * @param sourceEnd the source's binlog end at the latest sighting, or null
     * @param sightedAt when that sighting was taken, or null
     * @param recent how old a sighting may be and still vouch for the source's end now
     * @return the lag, or null when nothing at all is known
     */
    synchronized Duration lag(Instant now, BinlogPosition finished, BinlogPosition sourceEnd, Instant sightedAt,
            Duration recent) {
        Received oldest = oldestUnfinished(finished);
        if (oldest != null) {
            return ageAt(now, oldest.commitEstimate());
        }
        boolean allFinishedWhenSighted = sourceEnd != null && sightedAt != null && finished != null
                && (lastReceivedAt == null || !sightedAt.isBefore(lastReceivedAt))
                && finished.compareTo(sourceEnd) >= 0;
        if (allFinishedWhenSighted) {
            // Whatever is still unseen was committed after that sighting.
            advanceFrontier(sightedAt);
            if (Duration.between(sightedAt, now).compareTo(recent) <= 0) {
                return Duration.ZERO;
            }
        }
        return frontier == null ? null : ageAt(now, frontier);
    }

    private Received oldestUnfinished(BinlogPosition finished) {
        Iterator<Received> entries = unfinished.iterator();
        while (entries.hasNext()) {
            Received entry = entries.next();
            if (finished == null || entry.start().compareTo(finished) >= 0) {
                return entry;
            }
        }
        return null;
    }

    private void trim(BinlogPosition finished) {
        while (finished != null && !unfinished.isEmpty() && unfinished.peekFirst().start().compareTo(finished) < 0) {
            unfinished.removeFirst();
        }
    }

    private void advanceFrontier(Instant at) {
        if (frontier == null || at.isAfter(frontier)) {
            frontier = at;
        }
    }

    private static Duration ageAt(Instant now, Instant then) {
        Duration age = Duration.between(then, now);
        return age.isNegative() ? Duration.ZERO : age;
    }
}

package io.tandem.cli;

import io.tandem.replicator.admin.StatusReport;
import io.tandem.replicator.event.BinlogPosition;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.function.Consumer;

/**
 * Waits until a channel has finished everything its source had written when the wait began: the building block
 * of a switchover without loss (stop writes on the old master, wait, then move the VIP).
 *
 * <p>The target is read once, at the start, from the service ({@code SHOW MASTER STATUS} on the source, run
 * then); the channel's {@code executedPosition} is then polled every {@link #POLL_EVERY} until it reaches the
 * target while the channel runs. Positions compare by binlog file number, then offset.
 *
 * <p>A channel in state {@code error} ends the wait at once (exit 1): it will not get there without someone.
 * {@code retrying} and {@code connecting} keep waiting, since a retry may succeed, and the timeout message says
 * what the channel was retrying after.
 */
final class CatchUpWait {

    static final Duration POLL_EVERY = Duration.ofMillis(200);

    /** How the wait pauses between polls; tests advance a manual clock instead. */
    interface Pause {
        void pause(Duration duration) throws InterruptedException;
    }

    /**
     * How the wait ended.
     *
     * @param exitCode 0 caught up, 1 the channel is in error, 4 timed out
     * @param target the source's end when the wait began
     * @param executed the channel's executed position when the wait ended, or null
     * @param reason why it did not catch up, or null when it did
     */
    record Outcome(int exitCode, String channel, BinlogPosition target, BinlogPosition executed, Duration waited,
            String reason) {

        boolean isCaughtUp() {
            return exitCode == TandemCommand.EXIT_OK;
        }
    }

    private final AdminClient client;
    private final InstantSource clock;
    private final Pause pause;

    CatchUpWait(AdminClient client, InstantSource clock, Pause pause) {
        this.client = client;
        this.clock = clock;
        this.pause = pause;
    }

    /**
     * @param progress receives each poll's channel while it is not there yet
     * @throws CommandFailure 3, 5 or 6 when the service cannot be asked (see {@link AdminClient}); 1 when its answer
     *     lacks the channel
     */
    Outcome await(String channel, Duration timeout, Consumer<StatusReport.Channel> progress)
            throws CommandFailure, InterruptedException {
        Instant start = clock.instant();
        Instant deadline = start.plus(timeout);
        BinlogPosition target;
        String sourceProblem = null;
        try {
            target = client.sourceEnd(channel).position();
        } catch (AdminClient.SourceUnreachable e) {
            // The source is down: what it wrote before is what there is to wait for, as far as anyone knows.
            // The channel cannot be running without its source, so this only ends in a timeout that says why.
            sourceProblem = e.getMessage();
            StatusReport.Channel last = client.status(channel).channels().stream()
                    .filter(c -> c.name().equals(channel)).findFirst().orElse(null);
            if (last == null || last.sourceEnd() == null) {
                throw e;
            }
            target = last.sourceEnd();
        }
        while (true) {
            StatusReport.Channel status = client.status(channel).channels().stream()
                    .filter(c -> c.name().equals(channel)).findFirst()
                    .orElseThrow(() -> new CommandFailure(TandemCommand.EXIT_FAILED, "the service at "
                            + client.base() + " answered without channel " + channel));
            Instant now = clock.instant();
            Duration waited = Duration.between(start, now);
            BinlogPosition executed = status.executedPosition();
            if ("error".equals(status.state())) {
                return new Outcome(TandemCommand.EXIT_FAILED, channel, target, executed, waited,
                        "channel " + channel + " is in error" + (status.error() == null ? ""
                                : ":" + System.lineSeparator() + StatusTable.errorLine(status.error())));
            }
            if ("running".equals(status.state()) && executed != null && executed.compareTo(target) >= 0) {
                return new Outcome(TandemCommand.EXIT_OK, channel, target, executed, waited, null);
            }
            if (!now.isBefore(deadline)) {
                return new Outcome(TandemCommand.EXIT_TIMED_OUT, channel, target, executed, waited,
                        timedOut(channel, target, timeout, status)
                                + (sourceProblem == null ? "" : "; when the wait began, " + sourceProblem));
            }
            progress.accept(status);
            Duration left = Duration.between(now, deadline);
            pause.pause(left.compareTo(POLL_EVERY) < 0 ? left : POLL_EVERY);
        }
    }

    /** How far the channel got, and why it is not further when it says so. */
    private static String timedOut(String channel, BinlogPosition target, Duration timeout,
            StatusReport.Channel status) {
        StringBuilder text = new StringBuilder("channel ").append(channel).append(" did not catch up to ")
                .append(target).append(" within ").append(HumanUnits.duration(timeout))
                .append(": executed ").append(status.executedPosition() == null ? "nothing yet"
                        : status.executedPosition().toString())
                .append(", ").append(HumanUnits.bytes(status.bytesBehind())).append(" behind, lag ")
                .append(HumanUnits.lag(status.lagSeconds())).append(", state ").append(status.state());
        if (status.error() != null) {
            text.append(status.error().retrying() ? ", retrying after: " : ", last error: ")
                    .append(status.error().message().strip());
        }
        return text.toString();
    }
}

package io.tandem.heartbeat.resources;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One action on one resource, as it ended.
 *
 * @param resource the resource as heartbeat names it, {@code IPaddr::10.0.0.1/24/eth0}
 * @param action start, stop or status
 * @param outcome how it ended
 * @param exitCode the script's exit status; empty for built-in resources, timeouts and scripts that could not run
 * @param detail why, in a few words: {@code exit 1}, {@code added 10.0.0.1/24 on eth0}, the error
 * @param output what the script printed (the end of it), stdout then stderr; empty for built-in resources
 * @param duration how long it took
 */
public record ActionResult(String resource, ResourceAction action, ActionOutcome outcome, OptionalInt exitCode,
        String detail, String output, Duration duration) {

    public ActionResult {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(exitCode, "exitCode");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(duration, "duration");
        boolean statusAnswer = outcome == ActionOutcome.RUNNING || outcome == ActionOutcome.STOPPED;
        if (statusAnswer != (action == ResourceAction.STATUS) && outcome != ActionOutcome.FAILED
                && outcome != ActionOutcome.TIMED_OUT) {
            throw new IllegalArgumentException(action + " cannot end " + outcome);
        }
    }

    /** Whether the action did its job: a start or stop that succeeded, or a status that gave an answer. */
    public boolean isSuccess() {
        return outcome == ActionOutcome.SUCCEEDED || outcome == ActionOutcome.RUNNING
                || outcome == ActionOutcome.STOPPED;
    }

    /** {@code stop IPaddr::10.0.0.1/24/eth0: FAILED (exit 1) after 20 ms}, for logs and reports. */
    public String summary() {
        return action.word() + " " + resource + ": " + outcome + " (" + detail + ") after " + duration.toMillis()
                + " ms";
    }
}

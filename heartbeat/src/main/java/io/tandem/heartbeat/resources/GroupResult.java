package io.tandem.heartbeat.resources;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How starting or stopping one resource group ended.
 *
 * @param groupKey the group's key, its first resource as written in haresources
 * @param action {@link ResourceAction#START} or {@link ResourceAction#STOP}
 * @param outcome how it ended
 * @param steps every action run, in order: status checks, starts, stops and their retries, a rollback's stops
 * @param duration from the first action to the last
 */
public record GroupResult(String groupKey, ResourceAction action, GroupOutcome outcome, List<ActionResult> steps,
        Duration duration) {

    public GroupResult {
        Objects.requireNonNull(groupKey, "groupKey");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
        steps = List.copyOf(steps);
        Objects.requireNonNull(duration, "duration");
        if (action == ResourceAction.STATUS) {
            throw new IllegalArgumentException("a group is started or stopped, not " + action);
        }
    }

    /** Whether the group ended as asked: {@link GroupOutcome#STARTED} or {@link GroupOutcome#STOPPED}. */
    public boolean isSuccess() {
        return outcome == GroupOutcome.STARTED || outcome == GroupOutcome.STOPPED;
    }

    /** The start or stop that failed the group (for STOP_FAILED the last stop attempt); empty on success. */
    public Optional<ActionResult> failure() {
        if (isSuccess()) {
            return Optional.empty();
        }
        ResourceAction failing = outcome == GroupOutcome.START_FAILED ? ResourceAction.START : ResourceAction.STOP;
        return steps.reversed().stream().filter(step -> step.action() == failing && !step.isSuccess()).findFirst();
    }
}

package io.tandem.drbd.agent;

import io.tandem.drbd.command.CommandPlanner;
import io.tandem.drbd.command.Intent;
import io.tandem.drbd.command.PlannedCommand;
import io.tandem.drbd.command.PreCheckResult;
import io.tandem.drbd.command.PreChecks;
import io.tandem.drbd.config.Dialect;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out one intent on this node: reads the resource's state, runs the pre-check that guards the intent, then
 * the planned drbdadm steps in order, stopping at the first that fails. A dry run stops after the check and says what
 * would run. A switchover spans two nodes and is refused here: it is a demote on one and a promote on the other, or
 * the failover daemon's graceful handover.
 */
public final class PlanExecutor {

    private static final Logger log = LoggerFactory.getLogger(PlanExecutor.class);

    /** How an execution ended. */
    public sealed interface Outcome {

        /** The pre-check refused; nothing ran. */
        record Refused(PreCheckResult.Refused refusal) implements Outcome {}

        /** The state a check needs could not be read; nothing ran. */
        record Unavailable(String reason) implements Outcome {}

        /** Dry run: the check passed (or the intent has none) and these steps would run. */
        record WouldRun(List<PlannedCommand> steps) implements Outcome {}

        /** Every step exited 0. */
        record Done(List<PlannedCommand> ran) implements Outcome {}

        /** {@code failed} exited non-zero after {@code ran}; {@code notRun} were not attempted. */
        record StepFailed(List<PlannedCommand> ran, PlannedCommand failed, LocalDrbd.CommandOutcome outcome,
                List<PlannedCommand> notRun) implements Outcome {}
    }

    private final LocalDrbd drbd;

    public PlanExecutor(LocalDrbd drbd) {
        this.drbd = Objects.requireNonNull(drbd, "drbd");
    }

    /**
     * @param operatorConfirmed the operator named this node as the split-brain victim; only {@code
     *     ReconnectAfterSplitBrainDiscarding} reads it
     * @throws IllegalArgumentException for a switchover, which is not a one-node intent
     */
    public Outcome execute(Intent intent, String resource, boolean operatorConfirmed, boolean dryRun) {
        if (intent instanceof Intent.PlannedSwitchover) {
            throw new IllegalArgumentException("a switchover runs on two nodes: demote on the Primary, then promote "
                    + "on the other, or stop the failover daemon on the Primary so that it hands the group over");
        }
        CommandPlanner.requireResourceName(resource);
        Dialect dialect;
        PreCheckResult check;
        try {
            dialect = drbd.dialect();
            check = check(intent, resource, operatorConfirmed, new PreChecks(dialect));
        } catch (DrbdUnavailableException e) {
            return new Outcome.Unavailable(e.getMessage());
        }
        if (check instanceof PreCheckResult.Refused refused) {
            log.warn("drbd {}: {}", resource, refused.message());
            return new Outcome.Refused(refused);
        }
        List<PlannedCommand> steps = new CommandPlanner(dialect).plan(intent, resource).local().steps();
        if (dryRun) {
            return new Outcome.WouldRun(steps);
        }
        List<PlannedCommand> ran = new ArrayList<>();
        for (int index = 0; index < steps.size(); index++) {
            PlannedCommand step = steps.get(index);
            LocalDrbd.CommandOutcome outcome = drbd.run(step.argv());
            log.info("drbd {}: {} exited {}", resource, step.commandLine(), outcome.exitCode());
            if (!outcome.succeeded()) {
                return new Outcome.StepFailed(ran, step, outcome, steps.subList(index + 1, steps.size()));
            }
            ran.add(step);
        }
        return new Outcome.Done(ran);
    }

    private PreCheckResult check(Intent intent, String resource, boolean operatorConfirmed, PreChecks checks)
            throws DrbdUnavailableException {
        return switch (intent) {
            case Intent.Promote promote -> checks.checkPromote(resource, promote, drbd.state(resource));
            case Intent.Demote demote -> checks.checkDemote(resource, drbd.state(resource));
            case Intent.ReconnectAfterSplitBrainDiscarding discard ->
                    checks.checkDiscardAfterSplitBrain(resource, drbd.state(resource), operatorConfirmed);
            case Intent.FirstSyncOverwritingPeer firstSync -> checks.checkFirstSync(resource, drbd.state(resource));
            // create-md: drbdmeta itself refuses to overwrite metadata without a terminal, and drbdadm runs without.
            case Intent.CreateMetadata createMetadata -> new PreCheckResult.Proceed();
            case Intent.BringUp up -> new PreCheckResult.Proceed();
            case Intent.ReconnectSurvivor reconnect -> new PreCheckResult.Proceed();
            case Intent.Down down -> new PreCheckResult.Proceed();
            case Intent.Adjust adjust -> new PreCheckResult.Proceed();
            case Intent.PlannedSwitchover switchover -> throw new IllegalStateException("refused above");
        };
    }
}

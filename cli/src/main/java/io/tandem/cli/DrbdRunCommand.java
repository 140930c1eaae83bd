package io.tandem.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.drbd.agent.DrbdadmHost;
import io.tandem.drbd.agent.PlanExecutor;
import io.tandem.drbd.command.Intent;
import io.tandem.drbd.command.PlannedCommand;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tandem drbd run}: one intent carried out on this node, behind its safety check. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Carry out an intent on this node: read the resource's state, refuse",
                "what is unsafe (promoting data that is not UpToDate, demoting a mounted",
                "device, a first sync over a disk with data, discarding the data of the",
                "side that is Primary), then run the drbdadm steps in order, stopping at",
                "the first that fails. --dry-run stops after the check and prints the",
                "steps. Intents: create-md, up, first-sync, promote, demote,",
                "discard-my-data, reconnect, down, adjust. For a switchover use",
                "'tandem heartbeat standby' on the node holding the group."},
        footerHeading = "%nExamples:%n",
        footer = {"  tandem drbd run promote img_server --dry-run",
                "  tandem drbd run discard-my-data img_server --victim-confirmed   # split-brain victim"})
final class DrbdRunCommand implements Callable<Integer> {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Parameters(index = "0", paramLabel = "INTENT", description = "What to do (see above).")
    String intent;

    @Parameters(index = "1", paramLabel = "RESOURCE", description = "The DRBD resource, as in its .res file.")
    String resource;

    @Option(names = "--dry-run", description = "Check and print the steps; run nothing.")
    boolean dryRun;

    @Option(names = "--force", description = "promote: even without UpToDate data (serves older data: a time warp).")
    boolean force;

    @Option(names = "--victim-confirmed",
            description = "discard-my-data: this node is the split-brain victim; its writes since the split are lost.")
    boolean victimConfirmed;

    @Option(names = {"-c", "--drbd-config"}, paramLabel = "FILE",
            description = "The DRBD configuration drbdadm reads. Default: drbdadm's (/etc/drbd.conf).")
    Path drbdConfig;

    @Option(names = "--json", description = "Print the outcome as one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (intent.equals("switchover")) {
            throw new CommandFailure(TandemCommand.EXIT_USAGE, "a switchover runs on two nodes: 'tandem heartbeat "
                    + "standby' on the node holding the group moves it with its filesystem; by hand, 'tandem drbd run "
                    + "demote " + resource + "' on the Primary (after unmounting), then 'tandem drbd run promote "
                    + resource + "' on the other node");
        }
        Intent wanted = DrbdIntents.parse(intent, force, null, null);
        PlanExecutor.Outcome outcome;
        try {
            outcome = new PlanExecutor(new DrbdadmHost(DrbddiskCommand.setup(drbdConfig)))
                    .execute(wanted, resource, victimConfirmed, dryRun);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(TandemCommand.EXIT_USAGE, e.getMessage());
        }
        ObjectNode record = MAPPER.createObjectNode().put("intent", intent).put("resource", resource)
                .put("dry_run", dryRun);
        int exit = switch (outcome) {
            case PlanExecutor.Outcome.Done done -> {
                record.put("outcome", "done").set("ran", lines(done.ran()));
                yield TandemCommand.EXIT_OK;
            }
            case PlanExecutor.Outcome.WouldRun would -> {
                record.put("outcome", "would-run").set("steps", lines(would.steps()));
                yield TandemCommand.EXIT_OK;
            }
            case PlanExecutor.Outcome.Refused refused -> {
                record.put("outcome", "refused").put("reason", refused.refusal().reason())
                        .put("retriable", refused.refusal().retriable())
                        .set("recovery", MAPPER.valueToTree(refused.refusal().recoveryCommands()));
                yield TandemCommand.EXIT_REFUSED;
            }
            case PlanExecutor.Outcome.Unavailable unavailable -> {
                record.put("outcome", "unavailable").put("reason", unavailable.reason());
                yield TandemCommand.EXIT_UNREACHABLE;
            }
            case PlanExecutor.Outcome.StepFailed failed -> {
                record.put("outcome", "step-failed").put("failed", failed.failed().commandLine())
                        .put("exit_code", failed.outcome().exitCode()).put("output", failed.outcome().output());
                record.set("ran", lines(failed.ran()));
                record.set("not_run", lines(failed.notRun()));
                yield TandemCommand.EXIT_FAILED;
            }
        };
        if (json) {
            System.out.println(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(record));
        } else {
            System.out.print(describe(outcome));
        }
        return exit;
    }

    private static com.fasterxml.jackson.databind.JsonNode lines(List<PlannedCommand> steps) {
        return MAPPER.valueToTree(steps.stream().map(PlannedCommand::commandLine).toList());
    }

    private String describe(PlanExecutor.Outcome outcome) {
        StringBuilder text = new StringBuilder();
        switch (outcome) {
            case PlanExecutor.Outcome.Done done -> {
                done.ran().forEach(step -> text.append("ran: ").append(step.commandLine()).append('\n'));
                text.append(intent).append(' ').append(resource).append(": done\n");
            }
            case PlanExecutor.Outcome.WouldRun would -> {
                would.steps().forEach(step -> text.append("would run: ").append(step.commandLine()).append("   # ")
                        .append(step.why()).append('\n'));
                text.append("dry run: the safety check passed; nothing was executed\n");
            }
            case PlanExecutor.Outcome.Refused refused -> text.append(refused.refusal().message()).append('\n');
            case PlanExecutor.Outcome.Unavailable unavailable -> text.append("cannot read the state of ")
                    .append(resource).append(": ").append(unavailable.reason()).append('\n');
            case PlanExecutor.Outcome.StepFailed failed -> {
                failed.ran().forEach(step -> text.append("ran: ").append(step.commandLine()).append('\n'));
                text.append("FAILED: ").append(failed.failed().commandLine()).append(" exited ")
                        .append(failed.outcome().exitCode()).append(": ").append(failed.outcome().output())
                        .append('\n');
                failed.notRun().forEach(step -> text.append("not run: ").append(step.commandLine()).append('\n'));
            }
        }
        return text.toString();
    }
}

package io.tandem.drbd.flow;

import io.tandem.drbd.command.CommandPlan;
import io.tandem.drbd.command.CommandPlanner;
import io.tandem.drbd.command.Intent;
import io.tandem.drbd.command.NodePlan;
import io.tandem.drbd.command.PlannedCommand;
import io.tandem.drbd.command.PreCheckResult;
import io.tandem.drbd.command.PreChecks;
import io.tandem.drbd.status.ConnectionState;
import io.tandem.drbd.status.DiskState;
import io.tandem.drbd.status.ReplicationState;
import io.tandem.drbd.status.Role;
import java.util.ArrayList;
import java.util.List;

/**
 * The flows of the DRBD notes (section 6.3) against a {@link DrbdPairModel}: each step is gated by {@link PreChecks},
 * spelled by {@link CommandPlanner} and run as argv, so the plans the daemon would execute are the ones tested.
 *
 * <p>A flow never guesses past a refusal: it returns {@link FlowOutcome.Stopped} with the reason and the recovery
 * commands. Deciding that a peer is dead (heartbeat deadtime, fencing) happens before a takeover and is not part of
 * it; choosing a split-brain victim is the operator's.
 *
 * <p>Not thread-safe; one flow at a time, as the failover daemon runs them.
 */
public final class Flows {

    /** drbddisk's stop: up to 3 attempts of {@code drbdadm secondary} (DRBD notes, section 7.1). */
    public static final int DRBDDISK_DEMOTE_ATTEMPTS = 3;

    /** What happens between two demote attempts; drbddisk sleeps 1 s, tests release a holder instead. */
    @FunctionalInterface
    public interface BetweenAttempts {
        void pause(String node, int failedAttempt);
    }

    private final DrbdPairModel model;
    private final String resource;
    private final CommandPlanner planner;
    private final PreChecks preChecks;
    private final int demoteAttempts;
    private final BetweenAttempts betweenAttempts;

    public Flows(DrbdPairModel model, int demoteAttempts, BetweenAttempts betweenAttempts) {
        if (demoteAttempts < 1) {
            throw new IllegalArgumentException("a demotion is attempted at least once, got " + demoteAttempts);
        }
        this.model = model;
        this.resource = model.resource();
        this.planner = new CommandPlanner(model.policy().dialect());
        this.preChecks = new PreChecks(model.policy().dialect());
        this.demoteAttempts = demoteAttempts;
        this.betweenAttempts = betweenAttempts;
    }

    public Flows(DrbdPairModel model) {
        this(model, DRBDDISK_DEMOTE_ATTEMPTS, (node, attempt) -> {});
    }

    /**
     * Flow A: fresh metadata and {@code up} on both nodes, then the first full sync from {@code source}, which is
     * Primary and usable at once. Returns while the sync runs ({@link DrbdPairModel#resyncStep}).
     */
    public FlowOutcome initialSync(String source, String target) {
        Transcript log = new Transcript();
        for (String node : List.of(source, target)) {
            GenerationIds gi = model.view(node).generations();
            if (gi.current() != 0 && !gi.isJustCreated()) {
                return log.stop(node + " already holds DRBD data (generation identifiers " + gi + "); the first sync "
                        + "would overwrite it and re-creating metadata forces a full resync",
                        List.of("drbdadm get-gi " + resource, "# on a node without data to keep, by hand: drbdadm "
                                + "create-md " + resource));
            }
        }
        for (String node : List.of(source, target)) {
            FlowOutcome failed = runPlan(log, node, new Intent.CreateMetadata());
            if (failed != null) {
                return failed;
            }
        }
        for (String node : List.of(source, target)) {
            FlowOutcome failed = runPlan(log, node, new Intent.BringUp());
            if (failed != null) {
                return failed;
            }
        }
        NodeView view = model.view(source);
        if (!view.isConnected() || view.disk() != DiskState.INCONSISTENT || view.peerDisk() != DiskState.INCONSISTENT) {
            return log.stop("expected Connected Inconsistent/Inconsistent before the first sync, found " + view
                    + "; WFConnection means the peer is down, a firewall blocks the port or the secret differs",
                    List.of("drbdadm status " + resource, "drbdadm dump " + resource + " | sha256sum  # on both nodes"));
        }
        FlowOutcome failed = runPlan(log, source, new Intent.FirstSyncOverwritingPeer());
        return failed != null ? failed : log.completed();
    }

    /**
     * Flow B: umount and demote on {@code from} (retried while the device is held, as drbddisk does), then promote
     * and mount on {@code to}. Only at Connected UpToDate/UpToDate with no resync running.
     */
    public FlowOutcome switchover(String from, String to) {
        Transcript log = new Transcript();
        NodeView old = model.view(from);
        if (!old.isConnected() || old.replication() != ReplicationState.ESTABLISHED
                || old.disk() != DiskState.UP_TO_DATE || old.peerDisk() != DiskState.UP_TO_DATE) {
            return log.stop("Refusing to switch " + resource + " from " + from + " to " + to
                    + ": a switchover needs Connected UpToDate/UpToDate with no resync running, found " + old,
                    List.of("drbdadm status " + resource));
        }
        FlowOutcome notDemoted = demoteWithRetries(log, from);
        if (notDemoted != null) {
            return notDemoted;
        }
        CommandPlan plan = planner.plan(new Intent.PlannedSwitchover(from, to), resource);
        NodePlan promote = plan.nodes().get(1);
        PreCheckResult check = preChecks.checkPromote(resource, new Intent.Promote(false),
                model.view(to).toNodeState());
        if (check instanceof PreCheckResult.Refused refused) {
            return log.stop(refused.reason(), onNode(to, refused.recoveryCommands()));
        }
        FlowOutcome failed = runSteps(log, promote.node(), promote.steps());
        if (failed != null) {
            return failed;
        }
        return mount(log, to);
    }

    /**
     * Flow C: the survivor becomes Primary and mounts, after the caller decided the peer is dead. Promotes only an
     * UpToDate disk; with {@code fencing resource-only} DRBD first has the peer outdated or confirmed dead.
     */
    public FlowOutcome takeover(String survivor) {
        Transcript log = new Transcript();
        PreCheckResult check = preChecks.checkPromote(resource, new Intent.Promote(false),
                model.view(survivor).toNodeState());
        if (check instanceof PreCheckResult.Refused refused) {
            return log.stop(refused.reason(), onNode(survivor, refused.recoveryCommands()));
        }
        FlowOutcome failed = runPlan(log, survivor, new Intent.Promote(false));
        return failed != null ? failed : mount(log, survivor);
    }

    /**
     * Flow D: the old primary comes back with {@code adjust} as Secondary and must become SyncTarget of the
     * survivor. A split brain found by the handshake stops the flow (see {@link #checkSplitBrain()}).
     */
    public FlowOutcome returnOfOldPrimary(String node) {
        Transcript log = new Transcript();
        FlowOutcome failed = runPlan(log, node, new Intent.Adjust());
        if (failed != null) {
            return failed;
        }
        FlowOutcome splitBrain = checkSplitBrain();
        if (splitBrain instanceof FlowOutcome.Stopped stopped) {
            return log.stop(stopped.reason(), stopped.recoveryCommands());
        }
        NodeView back = model.view(node);
        if (back.role() != Role.SECONDARY) {
            return log.stop(node + " came back " + back.role() + "; a returning node must be Secondary",
                    List.of("on " + node + ": drbdadm secondary " + resource));
        }
        if (!back.isConnected()) {
            return log.stop(node + " did not connect: " + back, List.of("drbdadm status " + resource));
        }
        return log.completed();
    }

    /**
     * Flow E, detection: after DRBD dropped the connection for an unresolved split brain, stops with the evidence
     * and the recovery commands for either choice of victim. Completed when there is nothing unresolved.
     */
    public FlowOutcome checkSplitBrain() {
        Transcript log = new Transcript();
        List<String> nodes = List.of(firstNode(), model.peerOf(firstNode()));
        boolean bothStandAlone = nodes.stream()
                .allMatch(node -> model.view(node).connection() == ConnectionState.STANDALONE);
        if (model.splitBrainHandlerCalls().isEmpty() || !bothStandAlone) {
            return log.completed();
        }
        StringBuilder reason = new StringBuilder("Split-Brain detected but unresolved on ").append(resource)
                .append(": both nodes wrote while apart and DRBD dropped the connection (after-sb policy ")
                .append(model.policy().afterSb0Pri()).append("). Choose the victim, whose writes since the split are "
                        + "discarded, from the evidence; tandem never picks one for a database.");
        for (String node : nodes) {
            NodeView view = model.view(node);
            reason.append("\n  ").append(node).append(": ").append(view.role()).append(", ")
                    .append(view.outOfSyncBlocks()).append(" blocks changed since the split, generation identifiers ")
                    .append(view.generations());
        }
        List<String> recovery = new ArrayList<>();
        for (String survivor : nodes) {
            String victim = model.peerOf(survivor);
            recovery.add("# to keep the data of " + survivor + " (" + victim + " is the victim):");
            recovery.add("on " + victim + ": umount $(drbdadm sh-dev " + resource + ")");
            for (PlannedCommand step : planner.plan(new Intent.ReconnectAfterSplitBrainDiscarding(), resource)
                    .local().steps()) {
                recovery.add("on " + victim + ": " + step.commandLine());
            }
            recovery.add("on " + survivor + ": "
                    + planner.plan(new Intent.ReconnectSurvivor(), resource).local().steps().getFirst().commandLine());
        }
        return log.stop(reason.toString(), recovery);
    }

    /**
     * Flow E, recovery: on {@code victim} unmount, disconnect, demote and reconnect discarding its data; on the
     * survivor reconnect if StandAlone. {@code operatorConfirmed} records the explicit choice; without it the
     * pre-checks refuse a victim that is Primary.
     */
    public FlowOutcome recoverSplitBrain(String victim, boolean operatorConfirmed) {
        Transcript log = new Transcript();
        String survivor = model.peerOf(victim);
        try {
            model.umount(victim);
            log.add(victim, "umount $(drbdadm sh-dev " + resource + ")");
        } catch (DrbdRefusedException busy) {
            return log.stop(busy.getMessage(), List.of("on " + victim + ": fuser -vm $(drbdadm sh-dev " + resource
                    + ")"));
        }
        PreCheckResult check = preChecks.checkDiscardAfterSplitBrain(resource, model.view(victim).toNodeState(),
                operatorConfirmed);
        if (check instanceof PreCheckResult.Refused refused) {
            return log.stop(refused.reason(), onNode(victim, refused.recoveryCommands()));
        }
        FlowOutcome failed = runPlan(log, victim, new Intent.ReconnectAfterSplitBrainDiscarding());
        if (failed != null) {
            return failed;
        }
        if (model.view(survivor).connection() == ConnectionState.STANDALONE) {
            failed = runPlan(log, survivor, new Intent.ReconnectSurvivor());
            if (failed != null) {
                return failed;
            }
        }
        if (model.view(victim).replication() != ReplicationState.SYNC_TARGET && !model.view(victim).isConnected()) {
            return log.stop(victim + " did not reconnect as SyncTarget: " + model.view(victim),
                    List.of("drbdadm status " + resource));
        }
        return log.completed();
    }

    private FlowOutcome demoteWithRetries(Transcript log, String node) {
        PreCheckResult.Refused last = null;
        for (int attempt = 1; attempt <= demoteAttempts; attempt++) {
            try {
                model.umount(node);
                log.add(node, "umount $(drbdadm sh-dev " + resource + ")");
            } catch (DrbdRefusedException busy) {
                log.add(node, "umount failed: " + busy.getMessage());
            }
            PreCheckResult check = preChecks.checkDemote(resource, model.view(node).toNodeState());
            if (check instanceof PreCheckResult.Refused refused) {
                last = refused;
                if (attempt < demoteAttempts) {
                    betweenAttempts.pause(node, attempt);
                }
                continue;
            }
            return runPlan(log, node, new Intent.Demote());
        }
        return log.stop(last.reason() + " (" + demoteAttempts + " attempts)", onNode(node, last.recoveryCommands()));
    }

    private FlowOutcome mount(Transcript log, String node) {
        try {
            model.mount(node);
            log.add(node, "mount $(drbdadm sh-dev " + resource + ")");
            return log.completed();
        } catch (DrbdRefusedException refused) {
            return log.stop(refused.getMessage(), List.of("drbdadm status " + resource));
        }
    }

    /** Runs a node-local plan on {@code node}; returns null when every step exited 0. */
    private FlowOutcome runPlan(Transcript log, String node, Intent intent) {
        return runSteps(log, node, planner.plan(intent, resource).local().steps());
    }

    private FlowOutcome runSteps(Transcript log, String node, List<PlannedCommand> steps) {
        for (PlannedCommand step : steps) {
            try {
                model.run(node, step.argv());
                log.add(node, step.commandLine());
            } catch (DrbdRefusedException refused) {
                return log.stop(refused.getMessage(), List.of("drbdadm status " + resource,
                        "# the step was: " + step.why()));
            }
        }
        return null;
    }

    private List<String> onNode(String node, List<String> commands) {
        String peer = model.peerOf(node);
        return commands.stream().map(command -> {
            if (command.startsWith("#")) {
                return command;
            }
            if (command.startsWith("on the peer: ")) {
                return "on " + peer + ": " + command.substring("on the peer: ".length());
            }
            return "on " + node + ": " + command;
        }).toList();
    }

    private String firstNode() {
        return model.firstNode();
    }

    /** What a flow ran, for its outcome. */
    private static final class Transcript {
        private final List<String> lines = new ArrayList<>();

        void add(String node, String commandLine) {
            lines.add(node + ": " + commandLine);
        }

        FlowOutcome completed() {
            return new FlowOutcome.Completed(lines);
        }

        FlowOutcome stop(String reason, List<String> recovery) {
            return new FlowOutcome.Stopped(reason, recovery, lines);
        }
    }
}

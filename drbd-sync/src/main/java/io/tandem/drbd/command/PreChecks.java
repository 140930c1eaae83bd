package io.tandem.drbd.command;

import io.tandem.drbd.config.Dialect;
import io.tandem.drbd.command.NodeState.Connection;
import io.tandem.drbd.command.NodeState.DataComparison;
import io.tandem.drbd.command.NodeState.DiskState;
import io.tandem.drbd.command.NodeState.Role;
import java.util.ArrayList;
import java.util.List;

/**
 * Refuses a plan that the node's state makes unsafe, before any drbdadm runs. Pure functions of a {@link NodeState};
 * the refusal names the recovery commands spelled for this dialect.
 *
 * <p>Recovery lines that must run on the other node start with {@code "on the peer: "}; the others run here.
 */
public final class PreChecks {

    static final String ON_THE_PEER = "on the peer: ";

    private final CommandPlanner planner;

    public PreChecks(Dialect dialect) {
        this.planner = new CommandPlanner(dialect);
    }

    /**
     * Allows a promotion only onto UpToDate data: DRBD itself refuses a Consistent, Outdated or Inconsistent disk
     * with exit 17, and forcing it serves older data than the peer may have (a time warp). {@code force} skips that
     * rule, but not the need for a local disk.
     */
    public PreCheckResult checkPromote(String resource, Intent.Promote promote, NodeState state) {
        CommandPlanner.requireResourceName(resource);
        DiskState disk = state.localDisk();
        if (state.localRole() == Role.PRIMARY) {
            return new PreCheckResult.Proceed();
        }
        boolean hasLocalData = disk == DiskState.CONSISTENT || disk == DiskState.OUTDATED
                || disk == DiskState.INCONSISTENT;
        if (promote.force() && hasLocalData) {
            return new PreCheckResult.Proceed();
        }
        String forced = commandLine(planner.forcedPrimary(resource));
        return switch (disk) {
            case UPTODATE -> new PreCheckResult.Proceed();
            case DISKLESS, FAILED, DETACHING, ATTACHING, NEGOTIATING, DUNKNOWN -> new PreCheckResult.Refused(
                    "Refusing to promote " + resource + ": the local disk is " + disk + "; there is no local data "
                            + "to serve, forced or not",
                    List.of(line("adjust", resource), line("primary", resource)),
                    disk == DiskState.ATTACHING || disk == DiskState.NEGOTIATING);
            case CONSISTENT -> new PreCheckResult.Refused(
                    "Refusing to promote " + resource + ": the local disk is Consistent, not UpToDate; whether it is "
                            + "current is only decided when the peer connects (peer disk " + state.peerDisk() + ")",
                    List.of(line("connect", resource), line("wait-connect", resource), line("primary", resource),
                            "# only if the peer is gone for good and its data was compared: " + forced),
                    false);
            case OUTDATED -> new PreCheckResult.Refused(
                    "Refusing to promote " + resource + ": the local disk is Outdated, the peer has newer data "
                            + "(peer disk " + state.peerDisk() + "); promote the peer, or resync from it first",
                    List.of(ON_THE_PEER + line("primary", resource), line("connect", resource),
                            "# only to knowingly serve stale data (time warp): " + forced),
                    false);
            case INCONSISTENT -> new PreCheckResult.Refused(
                    "Refusing to promote " + resource + ": the local disk is Inconsistent (a resync target mid-way, "
                            + "or never synced); wait for the resync to finish"
                            + (state.peerDisk() == DiskState.UPTODATE ? ", or promote the peer, which is UpToDate" : ""),
                    List.of("drbdadm status " + resource,
                            "# first setup only, on the chosen source, both sides just created: " + forced),
                    state.connection() == Connection.SYNCING);
        };
    }

    /**
     * Allows a demotion only when nothing holds the device: {@code drbdadm secondary} fails with exit 11 ("Device is
     * held open by someone") otherwise. The refusal is retriable: as drbddisk does (3 attempts, 1 s apart), the
     * caller retries while the filesystem is being unmounted.
     */
    public PreCheckResult checkDemote(String resource, NodeState state) {
        CommandPlanner.requireResourceName(resource);
        if (state.localRole() != Role.PRIMARY || !state.mounted()) {
            return new PreCheckResult.Proceed();
        }
        return new PreCheckResult.Refused(
                "Refusing to demote " + resource + ": its device is mounted; stop the database, then unmount",
                unmountThenDemote(resource), true);
    }

    /**
     * Allows discarding this side's data after a split brain only on a side that looks like the victim: not Primary
     * (its writes are what clients saw last), not known to hold the newer data, and really cut off from the peer.
     * {@code force} records the operator's explicit decision and skips those rules. A mounted device is refused
     * even when forced: the plan disconnects first, and a failing {@code secondary} would leave the node
     * StandAlone half-way.
     */
    public PreCheckResult checkDiscardAfterSplitBrain(String resource, NodeState state, boolean force) {
        CommandPlanner.requireResourceName(resource);
        if (state.mounted()) {
            return new PreCheckResult.Refused(
                    "Refusing to discard the data of " + resource + " here: its device is mounted; stop the "
                            + "services and unmount before the discarding reconnect",
                    List.of("umount $(" + line("sh-dev", resource) + ")"), true);
        }
        if (force) {
            return new PreCheckResult.Proceed();
        }
        List<String> problems = new ArrayList<>();
        if (state.localRole() == Role.PRIMARY) {
            problems.add("this side is Primary, so its writes are probably what clients saw last");
        }
        if (state.localDataVersusPeer() == DataComparison.NEWER) {
            problems.add("the evidence says this side holds the newer data");
        }
        if (state.connection() == Connection.CONNECTED || state.connection() == Connection.SYNCING) {
            problems.add("the peer is connected (" + state.connection() + "), so there is no split brain to recover");
        }
        if (problems.isEmpty()) {
            return new PreCheckResult.Proceed();
        }
        List<String> recovery = new ArrayList<>();
        recovery.add("# if the peer is the victim, discard there and reconnect here:");
        planner.discardSteps(resource).forEach(step -> recovery.add(ON_THE_PEER + step.commandLine()));
        recovery.add(line("connect", resource));
        recovery.add("# if this side really is the victim, confirm it explicitly (force) and discard here");
        return new PreCheckResult.Refused(
                "Refusing to discard the data of " + resource + " here: " + String.join("; ", problems), recovery,
                false);
    }

    /**
     * Allows the first full sync only between two disks that never held data: Connected, Inconsistent on both sides.
     * Anywhere else it overwrites the peer's data with this node's, which is how the wrong node's disk wins.
     */
    public PreCheckResult checkFirstSync(String resource, NodeState state) {
        CommandPlanner.requireResourceName(resource);
        if (state.localDisk() == DiskState.INCONSISTENT && state.peerDisk() == DiskState.INCONSISTENT
                && state.connection() == Connection.CONNECTED) {
            return new PreCheckResult.Proceed();
        }
        boolean waiting = state.connection() == Connection.CONNECTING && state.localDisk() == DiskState.INCONSISTENT;
        return new PreCheckResult.Refused(
                "Refusing the first sync of " + resource + ": it overwrites the peer's disk with this one, and is only"
                        + " for two disks that never held data (Connected, Inconsistent/Inconsistent); found "
                        + state.connection() + ", " + state.localDisk() + "/" + state.peerDisk()
                        + (waiting ? "; the peer is not connected yet" : ""),
                List.of("drbdadm status " + resource,
                        "# if the other node holds the data to keep, run the first sync there"),
                waiting);
    }

    private List<String> unmountThenDemote(String resource) {
        return List.of("fuser -vm $(" + line("sh-dev", resource) + ")", "umount $(" + line("sh-dev", resource) + ")",
                line("secondary", resource));
    }

    private static String line(String subcommand, String resource) {
        return commandLine(CommandPlanner.drbdadm(subcommand, resource));
    }

    private static String commandLine(List<String> argv) {
        return new PlannedCommand(argv, "recovery").commandLine();
    }
}

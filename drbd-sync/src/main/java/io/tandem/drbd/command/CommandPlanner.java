package io.tandem.drbd.command;

import io.tandem.drbd.config.Dialect;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Spells an {@link Intent} as drbdadm invocations for one dialect and one resource.
 *
 * <p>Where the dialects differ (DRBD notes, sections 2.1 and 4, checked with the real {@code drbdadm -d}):
 *
 * <ul>
 *   <li>Forcing Primary: 8.3 takes {@code -- --overwrite-data-of-peer primary r}; its {@code primary --force r} is
 *       accepted but <em>silently drops</em> {@code --force}. 8.4 and 9 take {@code primary --force r}.
 *   <li>Discarding on connect: 8.3 takes {@code -- --discard-my-data connect r}; its
 *       {@code connect --discard-my-data r} fails with "unrecognized option" (exit 20). 8.4 and 9 take
 *       {@code connect --discard-my-data r}.
 * </ul>
 *
 * <p>Stateless and thread-safe. It plans; it never runs anything and never looks at the node's state (the
 * {@link PreChecks} do that).
 */
public final class CommandPlanner {

    // drbdadm itself accepts more, but a name starting with '-' would be read as an option and '/' names a volume.
    private static final Pattern RESOURCE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.+-]*");

    private final Dialect dialect;

    public CommandPlanner(Dialect dialect) {
        if (dialect == null) {
            throw new IllegalArgumentException("a planner needs a dialect");
        }
        this.dialect = dialect;
    }

    public Dialect dialect() {
        return dialect;
    }

    /**
     * Plans {@code intent} for {@code resource}.
     *
     * @throws IllegalArgumentException if {@code resource} is not a plain DRBD resource name (no volume suffix, no
     *     leading dash, no whitespace)
     */
    public CommandPlan plan(Intent intent, String resource) {
        requireResourceName(resource);
        List<NodePlan> nodes = switch (intent) {
            case Intent.CreateMetadata ignored -> local(new PlannedCommand(drbdadm("create-md", resource),
                    "write fresh metadata on the backing disk; only on a disk without DRBD history, re-creating it "
                            + "loses the generation identifiers and forces a full resync"));
            case Intent.BringUp ignored -> local(new PlannedCommand(drbdadm("up", resource),
                    "attach the backing disk and start connecting; expect Connected Secondary/Secondary, "
                            + "WFConnection means the peer is down, firewalled or refuses the secret"));
            case Intent.FirstSyncOverwritingPeer ignored -> local(new PlannedCommand(forcedPrimary(resource),
                    "become Primary over Inconsistent data and start the first full sync to the peer; "
                            + "run on the chosen source only, the wrong node loses its data"));
            case Intent.Promote promote when promote.force() -> local(new PlannedCommand(forcedPrimary(resource),
                    "become Primary without UpToDate data, as the operator confirmed; the peer's newer writes, "
                            + "if any, are lost (time warp)"));
            case Intent.Promote ignored -> local(promote(resource));
            case Intent.Demote ignored -> local(demote(resource));
            case Intent.PlannedSwitchover(String from, String to) -> List.of(
                    new NodePlan(from, List.of(demote(resource))),
                    new NodePlan(to, List.of(new PlannedCommand(drbdadm("primary", resource),
                            "become Primary once " + from + " is Secondary; exit 11 means it still is Primary, "
                                    + "exit 17 that this disk is not UpToDate"))));
            case Intent.ReconnectAfterSplitBrainDiscarding ignored -> local(discardSteps(resource));
            case Intent.ReconnectSurvivor ignored -> local(new PlannedCommand(drbdadm("connect", resource),
                    "reconnect from StandAlone so that the victim syncs from this side; "
                            + "a survivor still in WFConnection reconnects by itself and needs no connect"));
            case Intent.Down ignored -> local(new PlannedCommand(drbdadm("down", resource),
                    "demote, disconnect and detach; the device disappears and must not be open"));
            case Intent.Adjust ignored -> local(new PlannedCommand(drbdadm("adjust", resource),
                    "bring the running resource in line with the configuration file, as the init script does at boot"));
        };
        return new CommandPlan(intent, dialect, resource, nodes);
    }

    /** Flow E on the victim (UG 8.4 "Manual split brain recovery"): the same three steps in every dialect. */
    List<PlannedCommand> discardSteps(String resource) {
        return List.of(
                new PlannedCommand(drbdadm("disconnect", resource),
                        "go StandAlone first, so that the connect below starts a fresh handshake"),
                new PlannedCommand(drbdadm("secondary", resource),
                        "a Primary cannot become SyncTarget; the services must be stopped and the device unmounted"),
                new PlannedCommand(discardingConnect(resource),
                        "reconnect throwing away this side's writes since the split brain; "
                                + "only the divergent blocks resync from the survivor"));
    }

    List<String> forcedPrimary(String resource) {
        return switch (dialect) {
            // drbdadm-83 accepts "primary --force r" but plans a plain "drbdsetup-83 0 primary".
            case V83 -> List.of("drbdadm", "--", "--overwrite-data-of-peer", "primary", resource);
            case V84, V9 -> List.of("drbdadm", "primary", "--force", resource);
        };
    }

    List<String> discardingConnect(String resource) {
        return switch (dialect) {
            // drbdadm-83 rejects "connect --discard-my-data r": unrecognized option, exit 20.
            case V83 -> List.of("drbdadm", "--", "--discard-my-data", "connect", resource);
            case V84, V9 -> List.of("drbdadm", "connect", "--discard-my-data", resource);
        };
    }

    public static List<String> drbdadm(String subcommand, String resource) {
        return List.of("drbdadm", subcommand, resource);
    }

    private static PlannedCommand promote(String resource) {
        return new PlannedCommand(drbdadm("primary", resource),
                "become Primary; DRBD refuses (exit 17) without UpToDate data, and with fencing it first "
                        + "has the peer outdated");
    }

    private static PlannedCommand demote(String resource) {
        return new PlannedCommand(drbdadm("secondary", resource),
                "become Secondary; exit 11 \"Device is held open by someone\" means a mount or process still holds it");
    }

    private static List<NodePlan> local(PlannedCommand... steps) {
        return List.of(new NodePlan(NodePlan.THIS_NODE, List.of(steps)));
    }

    private static List<NodePlan> local(List<PlannedCommand> steps) {
        return List.of(new NodePlan(NodePlan.THIS_NODE, steps));
    }

    public static void requireResourceName(String resource) {
        if (resource == null || !RESOURCE_NAME.matcher(resource).matches()) {
            throw new IllegalArgumentException("not a DRBD resource name: " + resource
                    + " (letters, digits, '_', '.', '+', '-', not starting with '-'; no volume suffix)");
        }
    }
}

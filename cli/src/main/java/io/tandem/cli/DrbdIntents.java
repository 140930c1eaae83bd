package io.tandem.cli;

import io.tandem.drbd.command.Intent;

/** The intent names of {@code tandem drbd plan} and {@code tandem drbd run}. */
final class DrbdIntents {

    static final String NAMES = "create-md, up, first-sync, promote, demote, switchover, discard-my-data, reconnect,"
            + " down, adjust";

    private DrbdIntents() {}

    /**
     * @param force promote only: without UpToDate data
     * @param from switchover only
     * @param to switchover only
     */
    static Intent parse(String name, boolean force, String from, String to) throws CommandFailure {
        return switch (name) {
            case "create-md" -> new Intent.CreateMetadata();
            case "up" -> new Intent.BringUp();
            case "first-sync" -> new Intent.FirstSyncOverwritingPeer();
            case "promote" -> new Intent.Promote(force);
            case "demote" -> new Intent.Demote();
            case "switchover" -> {
                if (from == null || to == null) {
                    throw new CommandFailure(TandemCommand.EXIT_USAGE, "switchover needs --from and --to");
                }
                yield new Intent.PlannedSwitchover(from, to);
            }
            case "discard-my-data" -> new Intent.ReconnectAfterSplitBrainDiscarding();
            case "reconnect" -> new Intent.ReconnectSurvivor();
            case "down" -> new Intent.Down();
            case "adjust" -> new Intent.Adjust();
            default -> throw new CommandFailure(TandemCommand.EXIT_USAGE, "unknown intent " + name + "; one of "
                    + NAMES);
        };
    }
}

package io.tandem.drbd.command;

/**
 * What tandem wants DRBD to do with one resource, before it is spelled for a dialect. Each intent maps onto one of
 * the flows of the DRBD notes (section 6.3): A (first setup), B (planned switchover), C (failover), D (return of the
 * old primary) and E (split-brain recovery).
 */
public sealed interface Intent {

    /** Flow A.1: write fresh DRBD metadata on the backing disk. Never on a disk that has history. */
    record CreateMetadata() implements Intent {}

    /** Flow A.2: attach the disk and start connecting to the peer. */
    record BringUp() implements Intent {}

    /**
     * Flow A.3: on the operator-chosen source only, become Primary over an Inconsistent disk and start the first
     * full sync towards the peer. Run on the wrong node, it overwrites the data that was meant to be kept.
     */
    record FirstSyncOverwritingPeer() implements Intent {}

    /**
     * Flows B and C: become Primary. {@code force} promotes without UpToDate data and risks a time warp (serving
     * older data); only an operator who has compared both sides should ask for it.
     */
    record Promote(boolean force) implements Intent {}

    /** Flow B, and every stop: become Secondary. The device must no longer be open (mounted or held). */
    record Demote() implements Intent {}

    /**
     * Flow B: move the Primary role from {@code fromNode} to {@code toNode} while connected and UpToDate/UpToDate.
     * It yields two node-local plans, run in order: demote on {@code fromNode}, then promote on {@code toNode}.
     */
    record PlannedSwitchover(String fromNode, String toNode) implements Intent {
        public PlannedSwitchover {
            if (fromNode == null || fromNode.isBlank() || toNode == null || toNode.isBlank()) {
                throw new IllegalArgumentException("a switchover names both nodes, got from=" + fromNode + " to=" + toNode);
            }
            if (fromNode.equals(toNode)) {
                throw new IllegalArgumentException("a switchover moves the role to another node, got " + fromNode + " twice");
            }
        }
    }

    /**
     * Flow E, on the victim: this side's writes since the split brain are thrown away and it resyncs from the peer.
     * Choosing the victim is a business decision (which side's writes did clients see?), never made by tandem.
     */
    record ReconnectAfterSplitBrainDiscarding() implements Intent {}

    /** Flow E, on the survivor: reconnect so that the victim can sync from this side. */
    record ReconnectSurvivor() implements Intent {}

    /** Stop: demote if needed, disconnect and detach; the resource is unconfigured afterwards. */
    record Down() implements Intent {}

    /** Flow D.1: make the running resource match the configuration file, bringing up what is missing. */
    record Adjust() implements Intent {}
}

package io.tandem.drbd.command;

import java.util.List;

/**
 * The commands one node runs, in order; a later command runs only after the earlier one exited 0.
 *
 * @param node the host that runs them, or {@link #THIS_NODE} for a node-local intent
 */
public record NodePlan(String node, List<PlannedCommand> steps) {

    /** The node the plan is made on; every intent except a switchover is node-local. */
    public static final String THIS_NODE = "this node";

    public NodePlan {
        steps = List.copyOf(steps);
        if (node == null || node.isBlank()) {
            throw new IllegalArgumentException("a node plan names its node");
        }
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a node plan for " + node + " has no steps");
        }
    }
}

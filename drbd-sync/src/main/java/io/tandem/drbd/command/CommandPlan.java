package io.tandem.drbd.command;

import io.tandem.drbd.config.Dialect;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link CommandPlanner} decided for one intent: node plans in the order they run. Nothing here executes
 * anything; {@link #toDryRunText()} is what an operator sees for {@code --dry-run}, and {@link #toRecords()} the same
 * content as flat records for JSON.
 */
public record CommandPlan(Intent intent, Dialect dialect, String resource, List<NodePlan> nodes) {

    public CommandPlan {
        nodes = List.copyOf(nodes);
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("a plan for " + intent + " on " + resource + " has no node plans");
        }
    }

    /** The only node plan of a node-local intent. */
    public NodePlan local() {
        if (nodes.size() != 1) {
            throw new IllegalStateException(intent + " plans for " + nodes.size() + " nodes; pick one of " + nodes());
        }
        return nodes.getFirst();
    }

    /** Every command of every node plan, in execution order. */
    public List<PlannedCommand> allSteps() {
        return nodes.stream().flatMap(node -> node.steps().stream()).toList();
    }

    /**
     * The plan for people, for example:
     *
     * <pre>
     * dry run: Promote[force=true] for resource img_server (DRBD 8.4); nothing was executed
     * on this node:
     *   1. drbdadm primary --force img_server
     *      # become Primary without UpToDate data; ...
     * </pre>
     */
    public String toDryRunText() {
        StringBuilder text = new StringBuilder()
                .append("dry run: ").append(intent).append(" for resource ").append(resource)
                .append(" (DRBD ").append(dialect.version()).append("); nothing was executed\n");
        int order = 1;
        for (NodePlan node : nodes) {
            text.append("on ").append(node.node()).append(":\n");
            for (PlannedCommand step : node.steps()) {
                text.append("  ").append(order++).append(". ").append(step.commandLine()).append('\n');
                text.append("     # ").append(step.why()).append('\n');
            }
        }
        return text.toString();
    }

    /** The plan as flat records, numbered across nodes in execution order; Jackson writes them as they are. */
    public List<PlanStep> toRecords() {
        List<PlanStep> records = new ArrayList<>();
        for (NodePlan node : nodes) {
            for (PlannedCommand step : node.steps()) {
                records.add(new PlanStep(records.size() + 1, node.node(), dialect.version(), resource, step.argv(),
                        step.commandLine(), step.why()));
            }
        }
        return List.copyOf(records);
    }

    /** One step of a plan in JSON-friendly form. */
    public record PlanStep(int order, String node, String dialect, String resource, List<String> argv,
            String commandLine, String why) {

        public PlanStep {
            argv = List.copyOf(argv);
        }
    }
}

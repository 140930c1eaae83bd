package io.tandem.drbd.flow;

import io.tandem.drbd.agent.DrbdUnavailableException;
import io.tandem.drbd.agent.LocalDrbd;
import io.tandem.drbd.command.NodeState;
import io.tandem.drbd.config.Dialect;
import java.util.List;
import java.util.Objects;

/**
 * One node of a {@link DrbdPairModel} seen as the host's DRBD, so that the failover resource ({@link
 * io.tandem.drbd.agent.DrbdDisk}) runs against the model exactly as it runs against drbdadm.
 */
public final class ModelLocalDrbd implements LocalDrbd {

    private final DrbdPairModel model;
    private final String node;

    public ModelLocalDrbd(DrbdPairModel model, String node) {
        this.model = Objects.requireNonNull(model, "model");
        this.node = Objects.requireNonNull(node, "node");
        model.peerOf(node); // refuses a node the model does not have
    }

    @Override
    public NodeState state(String resource) throws DrbdUnavailableException {
        if (!resource.equals(model.resource())) {
            throw new DrbdUnavailableException("'" + resource + "' not defined in your config (for this host)", true);
        }
        NodeView view = model.view(node);
        if (!view.up()) {
            throw new DrbdUnavailableException(resource + " is Unconfigured on " + node, true);
        }
        return view.toNodeState();
    }

    @Override
    public Dialect dialect() {
        return model.policy().dialect();
    }

    @Override
    public CommandOutcome run(List<String> argv) {
        try {
            model.run(node, argv);
            return new CommandOutcome(0, "");
        } catch (DrbdRefusedException refused) {
            return new CommandOutcome(refused.exitCode(), refused.getMessage());
        }
    }
}

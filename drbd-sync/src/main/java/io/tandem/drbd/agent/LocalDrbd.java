package io.tandem.drbd.agent;

import io.tandem.drbd.command.NodeState;
import io.tandem.drbd.config.Dialect;
import java.util.List;

/** One DRBD resource on this node, as drbddisk sees it: its state, and drbdadm to change it. */
public interface LocalDrbd {

    /**
     * The resource's state here, mount included.
     *
     * @throws DrbdUnavailableException when DRBD cannot answer: no kernel module, the resource is not up, drbdadm
     *     failed
     */
    NodeState state(String resource) throws DrbdUnavailableException;

    /** The dialect of the running DRBD, which spells forced and discarding commands. */
    Dialect dialect() throws DrbdUnavailableException;

    /** Runs one planned drbdadm argv and reports how it ended; never throws for a non-zero exit. */
    CommandOutcome run(List<String> argv);

    /**
     * How one command ended.
     *
     * @param exitCode drbdadm's exit code (DRBD's: 10 not configured, 11 state change failed, 17 no UpToDate disk,
     *     20 module or usage)
     * @param output what it printed, stdout then stderr
     */
    record CommandOutcome(int exitCode, String output) {

        public boolean succeeded() {
            return exitCode == 0;
        }
    }
}

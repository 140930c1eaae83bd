package io.tandem.replicator.apply;

import io.tandem.replicator.checkpoint.Checkpoint;

/**
 * When an applier may commit. A serial applier commits at once; the workers of a parallel channel commit in
 * source order, each waiting for every earlier transaction of the channel ({@link ParallelApplier}).
 */
public interface CommitTurn {

    /** Commits at once: the applier is the channel's only one. */
    CommitTurn ALONE = new CommitTurn() {
        @Override
        public Checkpoint awaitTurn(Checkpoint ownLast) {
            return ownLast;
        }

        @Override
        public void committed(Checkpoint checkpoint, int transactions) {}

        @Override
        public Checkpoint awaitEarlier(Checkpoint ownLast) {
            return ownLast;
        }
    };

    /**
     * Returns when the applier may write its checkpoint and commit: every earlier transaction of the channel is
     * committed. Returns the channel's last committed checkpoint ({@code ownLast} when the applier is alone).
     */
    Checkpoint awaitTurn(Checkpoint ownLast);

    /** The commit happened; {@code checkpoint} is the channel's now. */
    void committed(Checkpoint checkpoint, int transactions);

    /**
     * After a failure (nothing of the applier's is open any more): returns once every earlier transaction of the
     * channel has finished, with the channel's checkpoint then, where the channel stops.
     */
    Checkpoint awaitEarlier(Checkpoint ownLast);
}

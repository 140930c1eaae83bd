package io.tandem.replicator.source;

/** Told once, from the session's own thread, that a source session has ended and why. */
@FunctionalInterface
public interface SourceSessionListener {

    /**
     * @param epoch the session's epoch
     * @param failure why it ended; a {@link SourceFailure} says whether retrying from the checkpoint can help
     */
    void onSessionEnded(int epoch, SourceFailure failure);
}

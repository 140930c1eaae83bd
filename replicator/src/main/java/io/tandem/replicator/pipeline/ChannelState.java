package io.tandem.replicator.pipeline;

/** Where a channel is in its life, as {@code SHOW SLAVE STATUS} would put it in two Yes/No fields. */
public enum ChannelState {
    /** Opening connections and reading the checkpoint. */
    CONNECTING,
    /** Reading and applying. */
    RUNNING,
    /** A retriable failure happened; waiting before resuming from the checkpoint. */
    RETRYING,
    /** Stopped on an error that a retry cannot cure; see the last error. */
    ERROR,
    /** Stopped on request. */
    STOPPED
}

package io.tandem.heartbeat.resources;

/** How one action on one resource ended. */
public enum ActionOutcome {
    /** {@code start} or {@code stop} did its job (exit 0). */
    SUCCEEDED,
    /** {@code status}: the resource is held here. */
    RUNNING,
    /** {@code status}: the resource is not held here. */
    STOPPED,
    /**
     * {@code start} or {@code stop} failed (non-zero exit, or the script could not be run), or {@code status} could
     * not tell: neither the exit code nor the text says running or stopped.
     */
    FAILED,
    /** The action ran past its timeout and was killed, together with what it had started. */
    TIMED_OUT
}

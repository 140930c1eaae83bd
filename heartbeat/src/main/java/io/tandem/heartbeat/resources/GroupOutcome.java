package io.tandem.heartbeat.resources;

/** How starting or stopping a whole resource group ended. */
public enum GroupOutcome {
    /** Every resource is running: started now, or found running. */
    STARTED,
    /** A start failed; the group was stopped again and nothing of it is held here. */
    START_FAILED,
    /** Every resource was stopped. */
    STOPPED,
    /**
     * A stop failed even after its retries, while stopping the group or while rolling back a failed start, and
     * status does not say stopped. That resource and the ones to its left may still be held here; the caller
     * decides on fencing. heartbeat would reboot at this point.
     */
    STOP_FAILED
}

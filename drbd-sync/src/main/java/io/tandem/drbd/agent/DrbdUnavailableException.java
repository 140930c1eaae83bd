package io.tandem.drbd.agent;

/** DRBD could not tell the state of a resource here; the message says why (no module, resource down, drbdadm). */
public final class DrbdUnavailableException extends Exception {

    private final boolean notConfigured;

    /**
     * @param notConfigured the resource is certainly not up here (no kernel module, or {@code Unconfigured}), so it
     *     is certainly not Primary; false when the state is merely unknown
     */
    public DrbdUnavailableException(String message, boolean notConfigured) {
        super(message);
        this.notConfigured = notConfigured;
    }

    /** Whether the resource is certainly down here, as opposed to unknown. */
    public boolean isNotConfigured() {
        return notConfigured;
    }
}

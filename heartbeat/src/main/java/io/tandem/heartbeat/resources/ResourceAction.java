package io.tandem.heartbeat.resources;

/** What a resource is asked to do; {@link #word()} is the last argument its script gets. */
public enum ResourceAction {
    START("start"),
    STOP("stop"),
    STATUS("status");

    private final String word;

    ResourceAction(String word) {
        this.word = word;
    }

    /** {@code start}, {@code stop} or {@code status}, as heartbeat passes it to scripts. */
    public String word() {
        return word;
    }
}

package io.tandem.heartbeat.membership;

import java.util.Locale;
import java.util.Optional;

/** A node's status as heartbeat 3.0.6 reports it in {@code st}. Only ACTIVE peers count for resource decisions. */
public enum NodeStatus {
    /** Configured, never heard from. */
    INIT,
    /** Sending heartbeats; its own communication is not up yet. */
    UP,
    /** Fully participating. */
    ACTIVE,
    /** Silent for longer than its deadtime, or gone after a graceful shutdown. */
    DEAD;

    /** The word on the wire. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code st} case-insensitively, as heartbeat compares it. */
    public static Optional<NodeStatus> parse(String text) {
        for (NodeStatus status : values()) {
            if (status.wire().equalsIgnoreCase(text)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}

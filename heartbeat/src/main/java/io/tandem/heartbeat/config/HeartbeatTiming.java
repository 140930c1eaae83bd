package io.tandem.heartbeat.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The timers of ha.cf, with heartbeat 3.0.6's defaults already applied (see {@link HaConfig}).
 *
 * @param keepalive the interval between two status messages
 * @param deadtime silence after which a peer is declared dead; sent to peers as {@code dt}
 * @param warntime silence after which a "late heartbeat" is logged
 * @param initdead the death timeout while this node's own links are not up yet, counted from start
 * @param deadping silence after which a ping node is declared dead
 */
public record HeartbeatTiming(Duration keepalive, Duration deadtime, Duration warntime, Duration initdead,
        Duration deadping) {

    public HeartbeatTiming {
        Objects.requireNonNull(keepalive, "keepalive");
        Objects.requireNonNull(deadtime, "deadtime");
        Objects.requireNonNull(warntime, "warntime");
        Objects.requireNonNull(initdead, "initdead");
        Objects.requireNonNull(deadping, "deadping");
        if (!keepalive.isPositive() || deadtime.isNegative() || !warntime.isPositive() || initdead.isNegative()
                || deadping.isNegative()) {
            throw new IllegalArgumentException("keepalive and warntime must be positive, the others not negative: " + keepalive
                    + ", " + deadtime + ", " + warntime + ", " + initdead + ", " + deadping);
        }
    }
}

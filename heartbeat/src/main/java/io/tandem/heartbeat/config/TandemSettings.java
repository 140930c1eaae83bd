package io.tandem.heartbeat.config;

import io.tandem.common.Secret;
import java.util.Objects;
import java.util.Optional;

/**
 * tandem's own settings, from the optional {@code tandem.cf} next to ha.cf. They cannot live in ha.cf: heartbeat
 * refuses directives it does not know, and the same ha.cf may serve a heartbeat peer. The syntax is ha.cf's.
 *
 * @param fenceCommand {@code fence <command> [args...]}: how to fence a peer before taking its resources, so that
 *     a node that only looks dead cannot keep writing. A {@link Secret}: fence commands often carry a BMC password
 * @param pingQuorum {@code ping_quorum on|off}: use ha.cf's ping nodes as a tie-breaker, so that a node that can
 *     reach none of them does not take resources; off by default
 */
public record TandemSettings(Optional<Secret> fenceCommand, boolean pingQuorum) {

    /** No tandem.cf: no fence command, no ping quorum. */
    public static final TandemSettings DEFAULTS = new TandemSettings(Optional.empty(), false);

    public TandemSettings {
        Objects.requireNonNull(fenceCommand, "fenceCommand");
    }
}

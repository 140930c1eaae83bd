package io.tandem.drbd.flow;

import io.tandem.drbd.config.Dialect;

/**
 * The parts of a resource's configuration that the {@link DrbdPairModel} obeys. Single-primary only: tandem never
 * configures {@code allow-two-primaries} for a database resource.
 *
 * @param dialect which drbdadm spelling the model accepts in {@link DrbdPairModel#run}
 * @param fencing the {@code fencing} policy (DRBD notes, section 6.5)
 * @param afterSb0Pri the {@code after-sb-0pri} policy; {@code after-sb-1pri} and {@code after-sb-2pri} are always
 *     {@code disconnect}, the only values tandem generates for a database (section 6.4)
 */
public record ResourcePolicy(Dialect dialect, Fencing fencing, AfterSb0Pri afterSb0Pri) {

    public ResourcePolicy {
        if (dialect == null || fencing == null || afterSb0Pri == null) {
            throw new IllegalArgumentException("a resource policy names its dialect, fencing and after-sb-0pri");
        }
    }

    /** DRBD's defaults: no fencing, every split brain left to the operator. */
    public static ResourcePolicy defaults(Dialect dialect) {
        return new ResourcePolicy(dialect, Fencing.DONT_CARE, AfterSb0Pri.DISCONNECT);
    }

    public ResourcePolicy withFencing(Fencing fencing) {
        return new ResourcePolicy(dialect, fencing, afterSb0Pri);
    }

    public ResourcePolicy withAfterSb0Pri(AfterSb0Pri policy) {
        return new ResourcePolicy(dialect, fencing, policy);
    }

    public enum Fencing {
        /** DRBD's default: a disconnected node may be promoted whatever the peer holds. */
        DONT_CARE,
        /** A node promoting without its peer, or a Primary losing it, first has the peer outdated by fence-peer. */
        RESOURCE_ONLY
    }

    public enum AfterSb0Pri {
        /** DRBD's default: drop the connection and call the split-brain handler. */
        DISCONNECT,
        /** If exactly one side wrote since the split, sync from it; if both wrote, disconnect. */
        DISCARD_ZERO_CHANGES
    }
}

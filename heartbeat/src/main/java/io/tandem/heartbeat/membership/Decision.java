package io.tandem.heartbeat.membership;

import io.tandem.heartbeat.wire.Message;
import java.time.Duration;

/** What membership decided after a message or a tick, for the daemon to carry out in order. */
public sealed interface Decision {

    /** Send this message to every peer (it is complete but for the trailer, which the codec adds). */
    record Send(Message message) implements Decision {}

    /** A node's status changed; {@code node} may be the local node. */
    record StatusChanged(String node, NodeStatus from, NodeStatus to) implements Decision {}

    /** A peer restarted: a status with a higher generation. Its sequence tracking starts over. */
    record PeerRestarted(String node, long generation) implements Decision {}

    /** A peer's status came later than warntime after its previous one. */
    record LateHeartbeat(String node, Duration interval) implements Decision {}

    /** A peer that sent nothing past its dead time is dead; {@code gracefully} after it announced shutdone. */
    record PeerDead(String node, boolean gracefully) implements Decision {}

    /** A message for the layers above membership (resources): authenticated, in sequence, addressed to us. */
    record Deliver(Message message) implements Decision {}

    /** Why an authenticated message was dropped. */
    enum DropKind {
        /** {@code src} is not a node of ha.cf. */
        UNKNOWN_NODE,
        /** An older generation than the sender's current one: a replay, or a very late packet. */
        REPLAY,
        /** A sequence number already seen: normal after retransmissions, or a replay within a generation. */
        DUPLICATE,
        /** Fields missing or unreadable. */
        MALFORMED
    }

    /** An authenticated message was dropped by the protocol rules. */
    record Dropped(String node, DropKind kind, String reason) implements Decision {}
}

package io.tandem.cli;

import io.tandem.drbd.agent.FencePeer;
import io.tandem.drbd.agent.LocalDrbd;
import io.tandem.heartbeat.HeartbeatNode;
import io.tandem.heartbeat.PeerRequests;
import io.tandem.heartbeat.membership.Membership;
import io.tandem.heartbeat.membership.NodeStatus;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/*
 * tandem's answer to DRBD's fence-peer, where the failover daemon and DRBD meet (DRBD notes, section 6.5):
 *   - the peer is dead to heartbeat: 7 when a fence command is configured (the takeover ran it before any promote),
 *     else 5, which DRBD accepts only for an UpToDate local disk;
 *   - the peer is alive: its daemon is asked over the heartbeat channel to outdate its disk, and its answer is the
 *     answer (4 outdated, 3 already, 6 it is Primary);
 *   - no answer and still alive (cut off from DRBD's link only, or a real heartbeat node): 1, which DRBD reads as
 *     "helper broken" and so does not promote. Never 0.
 */
/** The asking and the answering side of tandem's fence-peer handler: see the notes at the top of the source. */
final class DrbdPeerFencing {

    static final String OUTDATE = "drbd-outdate";
    /** drbd-peer-outdater's default wait (-t 5); DRBD waits for the handler before promoting. */
    static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);

    private DrbdPeerFencing() {}

    /** The asking side, run by the daemon for the {@code tandem drbd fence-peer} handler. */
    static FencePeer.Answer outdatePeer(HeartbeatNode node, boolean fenceConfigured, String resource,
            Duration timeout) {
        Supplier<Optional<Membership.PeerView>> peer = () -> {
            Membership.View view = node.status().membership();
            return view == null || view.peers().size() != 1 ? Optional.empty()
                    : Optional.of(view.peers().getFirst());
        };
        Optional<Membership.PeerView> before = peer.get();
        if (before.isEmpty()) {
            return new FencePeer.Answer(FencePeer.CANNOT_TELL, "the failover daemon knows no single peer yet");
        }
        if (before.get().status() == NodeStatus.DEAD) {
            return dead(before.get().name(), fenceConfigured);
        }
        try {
            Map<String, String> reply = node.askPeer(before.get().name(), OUTDATE, Map.of("resource", resource),
                    timeout).get();
            if (reply.containsKey("error") || !reply.containsKey("exit")) {
                return new FencePeer.Answer(FencePeer.CANNOT_TELL, before.get().name() + ": "
                        + reply.getOrDefault("error", "an answer without an exit code"));
            }
            return new FencePeer.Answer(Integer.parseInt(reply.get("exit")), before.get().name() + ": "
                    + reply.getOrDefault("message", ""));
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TimeoutException)) {
                return new FencePeer.Answer(FencePeer.CANNOT_TELL, "asking " + before.get().name() + " failed: "
                        + e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new FencePeer.Answer(FencePeer.CANNOT_TELL, "interrupted");
        } catch (NumberFormatException e) {
            return new FencePeer.Answer(FencePeer.CANNOT_TELL, before.get().name() + " answered a bad exit code");
        }
        Optional<Membership.PeerView> after = peer.get();
        if (after.isPresent() && after.get().status() == NodeStatus.DEAD) {
            return dead(after.get().name(), fenceConfigured);
        }
        return new FencePeer.Answer(FencePeer.CANNOT_TELL, before.get().name() + " is alive to heartbeat but did not"
                + " answer within " + timeout.toMillis() + " ms (a node without tandem, or cut off): not fencing");
    }

    private static FencePeer.Answer dead(String peer, boolean fenceConfigured) {
        return fenceConfigured
                ? new FencePeer.Answer(FencePeer.PEER_FENCED, peer + " is dead to heartbeat and was fenced")
                : new FencePeer.Answer(FencePeer.PEER_DEAD, peer + " is dead to heartbeat");
    }

    /** The answering side: outdates the named resource here through {@code drbd}. */
    static PeerRequests.Handler handler(LocalDrbd drbd) {
        return (kind, fields) -> {
            if (!kind.equals(OUTDATE)) {
                return Map.of("error", "unknown request " + kind);
            }
            String resource = fields.getOrDefault("resource", "");
            FencePeer.Answer answer;
            try {
                answer = FencePeer.outdateHere(drbd, resource);
            } catch (IllegalArgumentException e) {
                return Map.of("error", e.getMessage());
            }
            return Map.of("exit", Integer.toString(answer.exitCode()), "message", answer.message());
        };
    }
}

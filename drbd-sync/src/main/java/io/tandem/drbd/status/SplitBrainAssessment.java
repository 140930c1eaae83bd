package io.tandem.drbd.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Says whether the signals DRBD gives add up to a suspected split brain, and which ones.
 *
 * <p>Signals that suffice: DRBD called its {@code split-brain} handler (events2 {@code call helper … helper:split-brain});
 * the kernel logged {@code Split-Brain detected but unresolved, dropping connection!}; or both nodes are Primary while
 * not connected to each other (each may be writing data the other lacks). A StandAlone connection alone does not
 * suffice, since {@code drbdadm disconnect} produces it too; it is listed as supporting evidence when another signal
 * is present.
 */
public final class SplitBrainAssessment {

    private static final String UNRESOLVED_LOG = "Split-Brain detected but unresolved";

    /** The result: suspected with its evidence, or not. */
    public sealed interface Verdict permits NotSuspected, Suspected {}

    public record NotSuspected() implements Verdict {}

    /** @param evidence one line per signal, in words an operator can check */
    public record Suspected(List<String> evidence) implements Verdict {
        public Suspected {
            evidence = List.copyOf(evidence);
            if (evidence.isEmpty()) {
                throw new IllegalArgumentException("a suspected split brain needs evidence");
            }
        }
    }

    private SplitBrainAssessment() {}

    /**
     * @param local this node's view of the resource
     * @param peerNode the other node's view of the same resource, when it could be read
     * @param handlerCalls split-brain handler calls seen in this node's events2 stream (any resource)
     * @param kernelLogLines recent kernel log lines (any resource; only those naming this resource count)
     */
    public static Verdict assess(
            ResourceStatus local,
            Optional<ResourceStatus> peerNode,
            List<Events2State.SplitBrainHandlerCall> handlerCalls,
            List<String> kernelLogLines) {
        Objects.requireNonNull(local, "local");
        List<String> strong = new ArrayList<>();
        for (Events2State.SplitBrainHandlerCall call : handlerCalls) {
            if (call.resource().equals(local.name())) {
                strong.add("DRBD called the split-brain handler for " + local.name() + " with peer " + call.peer()
                        + call.timestamp().map(at -> " at " + at).orElse(""));
            }
        }
        for (String line : kernelLogLines) {
            // drbd 8.4 prefixes "block drbdN:", 9 prefixes "drbd RES/VOL drbdN PEER:" or "drbd RES PEER:".
            if (line.contains(UNRESOLVED_LOG) && line.contains(local.name())) {
                strong.add("kernel log: " + line.strip());
            }
        }
        boolean localDisconnected = local.peers().stream().noneMatch(PeerStatus::isConnected);
        if (peerNode.isPresent()) {
            ResourceStatus remote = peerNode.get();
            boolean remoteDisconnected = remote.peers().stream().noneMatch(PeerStatus::isConnected);
            if (local.role().is(Role.PRIMARY) && remote.role().is(Role.PRIMARY) && localDisconnected
                    && remoteDisconnected) {
                strong.add("both nodes are Primary for " + local.name() + " and not connected to each other");
            }
        }
        if (strong.isEmpty()) {
            return new NotSuspected();
        }
        List<String> evidence = new ArrayList<>(strong);
        for (PeerStatus peer : local.peers()) {
            if (peer.connection().is(ConnectionState.STANDALONE)) {
                evidence.add("connection to " + peer.name().orElse("the peer")
                        + " is StandAlone: DRBD will not reconnect by itself");
            }
        }
        return new Suspected(evidence);
    }
}

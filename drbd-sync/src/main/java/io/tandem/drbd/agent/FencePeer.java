package io.tandem.drbd.agent;

import io.tandem.drbd.command.CommandPlanner;
import io.tandem.drbd.command.NodeState;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DRBD's {@code fence-peer} handler protocol (DRBD notes, section 6.5). DRBD runs the handler before a disconnected
 * Secondary may become Primary, and when a Primary loses its peer; the handler must make sure the peer cannot serve
 * writes. tandem's handler asks the peer's daemon over the heartbeat channel to outdate its disk ({@link
 * #outdateHere} runs there), and answers 5 or 7 only when heartbeat has declared the peer dead.
 */
public final class FencePeer {

    /** The peer's disk was already Outdated or worse. */
    public static final int PEER_ALREADY_OUTDATED = 3;
    /** The peer outdated its disk. */
    public static final int PEER_OUTDATED = 4;
    /** The peer is unreachable and declared dead; DRBD accepts it only for an UpToDate local disk. */
    public static final int PEER_DEAD = 5;
    /** The peer is Primary: DRBD outdates the local disk instead. */
    public static final int PEER_IS_PRIMARY = 6;
    /** The peer was fenced (powered off or cut off by the fence command). */
    public static final int PEER_FENCED = 7;
    /** Anything else is "helper broken" to DRBD, which then refuses to promote: the answer for "cannot tell". */
    public static final int CANNOT_TELL = 1;

    private static final Logger log = LoggerFactory.getLogger(FencePeer.class);

    /**
     * An answer of the handler protocol.
     *
     * @param exitCode what the handler exits with
     * @param message one line for DRBD's log and the operator
     */
    public record Answer(int exitCode, String message) {}

    private FencePeer() {}

    /** What the peer does when asked: outdate its disk here, unless it is Primary or already outdated. */
    public static Answer outdateHere(LocalDrbd drbd, String resource) {
        CommandPlanner.requireResourceName(resource);
        try {
            NodeState state = drbd.state(resource);
            if (state.localRole() == NodeState.Role.PRIMARY) {
                return answer(PEER_IS_PRIMARY, resource + " is Primary here; the asking node must outdate itself");
            }
            switch (state.localDisk()) {
                case OUTDATED, INCONSISTENT, DISKLESS, FAILED -> {
                    return answer(PEER_ALREADY_OUTDATED, resource + " is already " + state.localDisk() + " here");
                }
                default -> { }
            }
        } catch (DrbdUnavailableException e) {
            if (!e.isNotConfigured()) {
                return answer(CANNOT_TELL, "cannot read the state of " + resource + " here: " + e.getMessage());
            }
            // Not up here: drbdadm outdate marks the metadata on disk, so it comes back Outdated.
        }
        List<String> outdate = CommandPlanner.drbdadm("outdate", resource);
        LocalDrbd.CommandOutcome outcome = drbd.run(outdate);
        if (!outcome.succeeded()) {
            return answer(CANNOT_TELL, String.join(" ", outdate) + " exited " + outcome.exitCode() + ": "
                    + outcome.output().strip());
        }
        return answer(PEER_OUTDATED, resource + " outdated here");
    }

    private static Answer answer(int exitCode, String message) {
        log.info("fence-peer: {} (exit {})", message, exitCode);
        return new Answer(exitCode, message);
    }
}

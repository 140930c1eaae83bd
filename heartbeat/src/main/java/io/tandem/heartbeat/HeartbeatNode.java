package io.tandem.heartbeat;

import io.tandem.heartbeat.config.ResourceGroup;
import io.tandem.heartbeat.membership.Decision;
import io.tandem.heartbeat.membership.Membership;
import io.tandem.heartbeat.membership.NodeStatus;
import io.tandem.heartbeat.takeover.Takeover;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole heartbeat node: the daemon (socket and membership) with the takeover protocol on top, carrying out its
 * actions: messages go out through membership, group starts and stops and the fence step run off the event
 * loop, and their results come back onto it. Everything the protocol decides happens on the loop thread.
 */
public final class HeartbeatNode implements HeartbeatDaemon.Listener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HeartbeatNode.class);
    /** After shutdone, heartbeat keeps sending status for a while so the peer hears it; then it exits. */
    static final Duration LINGER_AFTER_SHUTDONE = Duration.ofMillis(1500);

    /** Starts and stops groups; completes with whether every resource did as asked. Must not block the caller. */
    public interface GroupActions {
        CompletableFuture<Boolean> start(ResourceGroup group);

        CompletableFuture<Boolean> stop(ResourceGroup group);
    }

    private final HeartbeatDaemon daemon;
    private final Takeover takeover;
    private final GroupActions groups;
    private final Function<String, CompletableFuture<Boolean>> fenceStep;
    private final PeerRequests requests;
    private final CompletableFuture<Void> shutDown = new CompletableFuture<>();
    private volatile List<String> heldGroups = List.of();
    private volatile String takeoverNote = "";

    /**
     * @param daemonFactory builds the daemon with this node as its listener
     * @param fenceStep for a peer that died holding groups: the quorum check and fence command; completes with
     *     whether the takeover may go on
     */
    public HeartbeatNode(Function<HeartbeatDaemon.Listener, HeartbeatDaemon> daemonFactory, Takeover takeover,
            GroupActions groups, Function<String, CompletableFuture<Boolean>> fenceStep) {
        this(daemonFactory, takeover, groups, fenceStep, new PeerRequests(PeerRequests.NONE, Runnable::run));
    }

    /** @param requests answers the peer's requests and carries this node's (see {@link #askPeer}) */
    public HeartbeatNode(Function<HeartbeatDaemon.Listener, HeartbeatDaemon> daemonFactory, Takeover takeover,
            GroupActions groups, Function<String, CompletableFuture<Boolean>> fenceStep, PeerRequests requests) {
        this.requests = requests;
        this.takeover = takeover;
        this.groups = groups;
        this.fenceStep = fenceStep;
        this.daemon = daemonFactory.apply(this);
    }

    public void start() throws InterruptedException {
        daemon.start();
    }

    /** Hands every group over, announces shutdone, keeps heartbeating briefly, and stops; bounded by {@code limit}. */
    public void shutdown(Duration limit) {
        daemon.onLoop(membership -> carryOut(takeover.localShutdown()));
        try {
            shutDown.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            Thread.sleep(LINGER_AFTER_SHUTDONE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            log.warn("graceful shutdown did not finish within {}: stopping anyway ({})", limit, e.toString());
        }
        daemon.close();
    }

    /** Membership, links and holdings as the status command shows them. */
    public HeartbeatStatus status() {
        return new HeartbeatStatus(daemon.view(), daemon.links(), heldGroups, takeover.state().name(), takeoverNote,
                daemon.rejections().snapshot(), daemon.droppedMessages());
    }

    @Override
    public void decided(Decision decision, long nowNanos) {
        switch (decision) {
            case Decision.StatusChanged changed -> {
                if (changed.to() == NodeStatus.ACTIVE) {
                    Membership.View view = daemon.view();
                    boolean local = view == null || changed.node().equals(view.localNode());
                    if (local) {
                        boolean peerActive = view != null && view.peers().stream()
                                .anyMatch(peer -> peer.status() == NodeStatus.ACTIVE || peer.status() == NodeStatus.UP);
                        carryOut(takeover.localActive(peerActive, nowNanos));
                    } else {
                        carryOut(takeover.peerActive(nowNanos));
                    }
                }
            }
            case Decision.PeerDead dead -> carryOut(takeover.peerDead(dead.node(), nowNanos));
            case Decision.Deliver deliver -> {
                if (!requests.onMessage(deliver.message(), this::sendOnLoop)) {
                    carryOut(takeover.onMessage(deliver.message(), nowNanos));
                }
            }
            case Decision.Send send -> { }
            case Decision.PeerRestarted restarted -> { }
            case Decision.LateHeartbeat late -> { }
            case Decision.Dropped dropped -> { }
        }
    }

    /**
     * Asks {@code peer}'s daemon to act ({@code kind} names what, for its {@link PeerRequests.Handler}); completes
     * with the answer's fields, or exceptionally with a TimeoutException after {@code timeout}: a peer that is dead,
     * cut off, or a real heartbeat node, which never answers.
     */
    public CompletableFuture<Map<String, String>> askPeer(String peer, String kind, Map<String, String> fields,
            Duration timeout) {
        PeerRequests.Pending pending = requests.request(peer, kind, fields);
        sendOnLoop(pending.message());
        return pending.answer().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * What an administrative request did.
     *
     * @param started whether the protocol sent the peer the request; the groups move when the peer accepts
     * @param note what was done, or why nothing was
     */
    public record AdminOutcome(boolean started, String note) {}

    /**
     * hb_standby: offers the peer this node's groups of {@code classes} ({@code all}, {@code local}, {@code
     * foreign} or {@code failback}); {@link #status()} shows them move.
     */
    public CompletableFuture<AdminOutcome> standby(String classes) {
        int bits = Takeover.holdingClasses(classes);
        return onLoop(() -> takeover.requestStandby(bits, System.nanoTime()));
    }

    /** hb_takeover: asks the peer to offer this node the groups of {@code classes}; see {@link #standby}. */
    public CompletableFuture<AdminOutcome> takeover(String classes) {
        int bits = Takeover.holdingClasses(classes);
        return onLoop(() -> takeover.requestTakeover(bits));
    }

    private CompletableFuture<AdminOutcome> onLoop(java.util.function.Supplier<List<Takeover.Action>> protocolStep) {
        CompletableFuture<AdminOutcome> outcome = new CompletableFuture<>();
        daemon.onLoop(membership -> {
            List<Takeover.Action> actions = protocolStep.get();
            carryOut(actions);
            outcome.complete(new AdminOutcome(!actions.isEmpty(), takeover.lastNote()));
        });
        return outcome;
    }

    private void sendOnLoop(io.tandem.heartbeat.wire.Message message) {
        daemon.onLoop(membership -> daemon.send(message));
    }

    @Override
    public void ticked(long nowNanos) {
        carryOut(takeover.onTick(nowNanos));
    }

    private void carryOut(List<Takeover.Action> actions) {
        for (Takeover.Action action : actions) {
            switch (action) {
                case Takeover.Action.Send send -> daemon.send(send.message());
                case Takeover.Action.StartGroups start -> runGroups(start.groups(), groups::start,
                        (done, ok) -> takeover.groupsStarted(start.step(), done, ok), "start");
                case Takeover.Action.StopGroups stop -> runGroups(stop.groups(), groups::stop,
                        (done, ok) -> takeover.groupsStopped(stop.step(), done, ok), "stop");
                case Takeover.Action.Fence fence -> fenceStep.apply(fence.node()).whenComplete((ok, failure) ->
                        daemon.onLoop(membership -> carryOut(takeover.fenced(fence.node(),
                                failure == null && Boolean.TRUE.equals(ok)))));
                case Takeover.Action.ShutdownComplete complete -> shutDown.complete(null);
            }
        }
        heldGroups = List.copyOf(takeover.heldGroups());
        takeoverNote = takeover.lastNote();
    }

    /** Runs the groups one after another off the loop, then hands the outcome back to the protocol on the loop. */
    private void runGroups(List<ResourceGroup> todo, Function<ResourceGroup, CompletableFuture<Boolean>> action,
            java.util.function.BiFunction<List<ResourceGroup>, Boolean, List<Takeover.Action>> then, String verb) {
        CompletableFuture<List<ResourceGroup>> chain = CompletableFuture.completedFuture(new ArrayList<>());
        boolean[] allOk = {true};
        for (ResourceGroup group : todo) {
            chain = chain.thenCompose(done -> action.apply(group).handle((ok, failure) -> {
                if (failure == null && Boolean.TRUE.equals(ok)) {
                    done.add(group);
                } else {
                    allOk[0] = false;
                    log.error("could not {} group {}: {}", verb, group.key(), failure == null ? "a resource failed" : failure);
                }
                return done;
            }));
        }
        chain.whenComplete((done, failure) -> daemon.onLoop(membership ->
                carryOut(then.apply(done == null ? List.of() : done, failure == null && allOk[0]))));
    }

    @Override
    public void close() {
        daemon.close();
    }

    /** A fence step that always allows the takeover: heartbeat's behaviour without STONITH. */
    public static Function<String, CompletableFuture<Boolean>> noFence() {
        return node -> CompletableFuture.completedFuture(true);
    }
}

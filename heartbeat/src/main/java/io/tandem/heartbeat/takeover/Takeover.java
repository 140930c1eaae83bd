package io.tandem.heartbeat.takeover;

import io.tandem.heartbeat.config.ResourceGroup;
import io.tandem.heartbeat.wire.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Who holds which haresources groups: heartbeat 3.0.6's R1 resource protocol for {@code auto_failback on} and
 * {@code off} (its "nice failback"), for a pair of nodes. It starts, reports and hands over groups with the
 * messages a 3.0.6 peer sends and expects ({@code starting}, {@code resource}, {@code ask_resources},
 * {@code shutdone}, {@code stonith}), and takes a dead peer's groups only once the fence step allowed it. No
 * I/O: it returns actions, and the daemon tells it when a group action or the fence step has finished. Not
 * thread-safe: the daemon's event-loop thread owns it.
 */
public final class Takeover {

    /** Heartbeat waits this long when both nodes start together before each takes its own groups. */
    static final Duration BOTH_STARTING_DELAY = Duration.ofSeconds(10);
    /** A standby request without an answer is given up after this, as heartbeat does. */
    static final Duration STANDBY_REPLY_TIMEOUT = Duration.ofSeconds(10);
    /** A taker that never says done (its start hung, it died unnoticed) does not block later exchanges for ever. */
    static final Duration STANDBY_DONE_TIMEOUT = Duration.ofMinutes(2);
    static final Duration FAILBACK_RETRY = Duration.ofSeconds(1);
    /** A failed fence is tried again after this, as heartbeat retries STONITH, until it succeeds. */
    static final Duration FENCE_RETRY = Duration.ofSeconds(5);

    /** What to do; carried out by the daemon in order. */
    public sealed interface Action {
        /** Send this message (caller fields only; membership stamps it). */
        record Send(Message message) implements Action {}

        /** Start these groups, each left to right, then call {@link #groupsStarted}. */
        record StartGroups(List<ResourceGroup> groups, Step step) implements Action {}

        /** Stop these groups, each right to left, in reverse order, then call {@link #groupsStopped}. */
        record StopGroups(List<ResourceGroup> groups, Step step) implements Action {}

        /** Fence the dead peer (tandem's fence command), then call {@link #fenced}. */
        record Fence(String node) implements Action {}

        /** The local node has released everything and announced it: the daemon may exit. */
        record ShutdownComplete() implements Action {}
    }

    /** Why a group action runs; the answer continues the protocol from there. */
    public enum Step { OWN_AT_START, PEER_GONE, STANDBY_GIVE, STANDBY_TAKE, SHUTDOWN }

    /** The resource manager's state, as heartbeat names it. */
    public enum State { INIT, STARTING, BOTH_STARTING, STABLE, SHUTDOWN }

    /** The standby exchange from this node's side; GIVEN waits for the taker's done, as 3.0.6's DONE does. */
    private enum Standby { NONE, ASKED, ACCEPTED, GIVING, GIVEN }

    /** Holdings bits, as rsc_hold encodes them. */
    static final int NONE = 0;
    static final int LOCAL = 1;
    static final int FOREIGN = 2;
    static final int ALL = 3;

    private final String localNode;
    private final List<ResourceGroup> groups;
    private final boolean autoFailback;
    private final boolean guarded;
    private final Set<String> heldKeys = new LinkedHashSet<>();

    private State state = State.INIT;
    private int ourHolds = NONE;
    private int otherHolds = NONE;
    private boolean otherStable;
    private boolean peerActive;
    private boolean peerShutdone;
    private boolean failbackPending;
    private boolean peerStartingUnanswered;
    /** The fence step for the dead peer has passed since it was last seen alive. */
    private boolean fencePassed;
    private Standby standby = Standby.NONE;
    /** While giving (ASKED, GIVING): the holding classes offered, from this node's point of view. */
    private int givingBits = FOREIGN;
    /** While taking (ACCEPTED): the classes the peer offered, as its rsc_hold named them (its point of view). */
    private int offeredBits = FOREIGN;
    private long bothStartingDeadline;
    private long standbyDeadline;
    private long nextFailbackTry;
    private boolean busy;
    private String lastStatus = "";
    private String fenceAgain;
    private long fenceAgainAt;
    private long lastNanos;

    /**
     * @param guarded whether a fence step (tandem's fence command, the ping quorum) must pass before a peer that
     *     died without shutdone loses its groups; without one, heartbeat's behaviour: take over with a warning
     */
    public Takeover(String localNode, List<ResourceGroup> groups, boolean autoFailback, boolean guarded) {
        this.localNode = localNode.toLowerCase(Locale.ROOT);
        this.groups = List.copyOf(groups);
        this.autoFailback = autoFailback;
        this.guarded = guarded;
    }

    /** The local node became active: announce it, or take everything when no peer is there to ask. */
    public List<Action> localActive(boolean peerIsActive, long nowNanos) {
        List<Action> actions = new ArrayList<>();
        peerActive = peerIsActive;
        state = State.STARTING;
        actions.add(send(Message.builder().text("t", "starting").build()));
        if (peerStartingUnanswered) {
            peerStartingUnanswered = false;
            state = State.BOTH_STARTING;
            bothStartingDeadline = nowNanos + BOTH_STARTING_DELAY.toNanos();
            actions.add(report(false, null));
        } else if (!peerIsActive) {
            if (guarded && !fencePassed && !peerShutdone) {
                // The peer never showed up: it may be cut off and holding the groups. Its fence step (started when
                // it was declared dead) must pass first; fenced() takes the groups then.
                note("alone at start: waiting for the fence step before taking every group");
            } else if (!busy) {
                // Alone: nobody holds anything we could step on.
                takeEverything(actions);
                note("alone at start: taking every group");
            }
        }
        return actions;
    }

    /** The peer's status changed to active (or back from dead). */
    public List<Action> peerActive(long nowNanos) {
        peerActive = true;
        // A peer that is back needs no fencing any more; if it dies again, it is fenced again.
        fenceAgain = null;
        fencePassed = false;
        peerShutdone = false;
        return List.of();
    }

    /** A message from the peer for the resource layer. */
    public List<Action> onMessage(Message message, long nowNanos) {
        List<Action> actions = new ArrayList<>();
        lastNanos = nowNanos;
        switch (message.type().orElse("")) {
            case "starting" -> {
                otherStable = false;
                if ((ourHolds & FOREIGN) != 0) {
                    // The peer is back: its groups may go home once both sides are stable.
                    failbackPending = autoFailback;
                }
                if (state == State.INIT) {
                    // The peer went active first: answer once we are active too, as a 3.0.6 peer waits for it.
                    peerStartingUnanswered = true;
                } else if (state == State.STARTING) {
                    state = State.BOTH_STARTING;
                    bothStartingDeadline = nowNanos + BOTH_STARTING_DELAY.toNanos();
                    actions.add(report(false, null));
                } else if (state == State.STABLE || state == State.SHUTDOWN) {
                    actions.add(report(state == State.STABLE, null));
                }
            }
            case "resource" -> resource(message, nowNanos, actions);
            case "ask_resources" -> askResources(message, actions);
            case "shutdone" -> {
                // The peer released everything and is leaving: take over now, not a dead time later.
                peerShutdone = true;
                otherHolds = NONE;
                otherStable = false;
                failbackPending = false;
                if (state == State.STABLE && !busy) {
                    takeEverything(actions);
                }
            }
            case "hb_takeover" -> {
                // The peer's admin wants the named groups (its point of view): offer them, as 3.0.6 runs hb_standby.
                int wanted = holding(message.resourceHolding().orElse("all"));
                if (wanted != NONE && !heldIn(inverse(wanted)).isEmpty()) {
                    startStandby(inverse(wanted), nowNanos, actions, "takeover request of the peer");
                } else {
                    note("takeover request of the peer: this node holds none of those groups");
                }
            }
            default -> {
                // ip-request-resp, stonith...: informational in this protocol.
            }
        }
        return actions;
    }

    /** Timers: the both-starting delay, standby replies, failback retries. */
    public List<Action> onTick(long nowNanos) {
        List<Action> actions = new ArrayList<>();
        lastNanos = nowNanos;
        if (fenceAgain != null && !busy && nowNanos - fenceAgainAt >= 0) {
            String peer = fenceAgain;
            fenceAgain = null;
            busy = true;
            actions.add(new Action.Fence(peer));
        }
        if (state == State.BOTH_STARTING && !busy && nowNanos - bothStartingDeadline >= 0) {
            takeOwnGroups(actions);
        }
        if (standby == Standby.ASKED && nowNanos - standbyDeadline >= 0) {
            standby = Standby.NONE;
            note("no reply to standby request: standby request cancelled");
        }
        if (standby == Standby.ACCEPTED && !busy && nowNanos - standbyDeadline >= 0) {
            standby = Standby.NONE;
            note("the peer never released the groups it offered in standby");
        }
        if (standby == Standby.GIVEN && nowNanos - standbyDeadline >= 0) {
            standby = Standby.NONE;
            note("the peer never said it took the groups offered in standby");
            if (state == State.STABLE) {
                actions.add(report(true, null));
            }
        }
        if (failbackPending && standby == Standby.NONE && nowNanos - nextFailbackTry >= 0) {
            performAutoFailback(nowNanos, actions);
        }
        return actions;
    }

    /** The peer is dead (or, after shutdone, gone): take its groups once fencing allows. */
    public List<Action> peerDead(String peer, long nowNanos) {
        List<Action> actions = new ArrayList<>();
        lastNanos = nowNanos;
        peerActive = false;
        otherStable = false;
        standby = Standby.NONE;
        failbackPending = false;
        boolean heldSomething = otherHolds != NONE && !peerShutdone;
        otherHolds = NONE;
        if (state == State.SHUTDOWN) {
            return actions;
        }
        if (guarded && !peerShutdone) {
            fencePassed = false;
            busy = true;
            actions.add(new Action.Fence(peer));
            note("fencing " + peer + " before taking its groups");
            return actions;
        }
        actions.add(send(Message.builder().text("t", "stonith").text("node", peer)
                .text("result", heldSomething ? "n_stnth" : "unneeded").build()));
        if (heldSomething) {
            note("No STONITH device configured. Shared disks are not protected. (" + peer + " held resources)");
        }
        if (state != State.INIT) {
            // Before the local node is active, localActive takes the groups.
            takeEverything(actions);
        }
        return actions;
    }

    /** The fence step for {@code peer} finished; only a success lets the takeover go on. */
    public List<Action> fenced(String peer, boolean succeeded) {
        List<Action> actions = new ArrayList<>();
        busy = false;
        if (!succeeded) {
            note("fencing " + peer + " failed: its groups are NOT taken; trying again in " + FENCE_RETRY.toSeconds()
                    + " s");
            fenceAgain = peer;
            fenceAgainAt = lastNanos + FENCE_RETRY.toNanos();
            return actions;
        }
        fencePassed = true;
        actions.add(send(Message.builder().text("t", "stonith").text("node", peer).text("result", "OK").build()));
        if (state != State.INIT) {
            takeEverything(actions);
        }
        return actions;
    }

    /**
     * hb_standby: offers the peer the held groups of {@code classes} ({@link #LOCAL}, {@link #FOREIGN} or {@link
     * #ALL}, from this node's point of view). Nothing is sent unless both nodes are stable, nothing is in flux and
     * this node holds some of them; {@link #lastNote()} says what happened either way.
     */
    public List<Action> requestStandby(int classes, long nowNanos) {
        List<Action> actions = new ArrayList<>();
        lastNanos = nowNanos;
        if (heldIn(classes).isEmpty()) {
            note("standby of " + holdingName(classes) + " groups not started: this node holds none");
            return actions;
        }
        startStandby(classes, nowNanos, actions, "standby");
        return actions;
    }

    /** hb_takeover: asks the peer to offer this node the groups of {@code classes} (this node's point of view). */
    public List<Action> requestTakeover(int classes) {
        if (state != State.STABLE || !peerActive) {
            note("takeover not requested: " + (peerActive ? "this node is " + state : "no active peer"));
            return List.of();
        }
        note("takeover of " + holdingName(classes) + " groups requested from the peer");
        return List.of(send(Message.builder().text("t", "hb_takeover").text("rsc_hold", holdingName(classes)).build()));
    }

    /** Parses hb_standby's and hb_takeover's argument: all, local, foreign, or failback (= foreign). */
    public static int holdingClasses(String argument) {
        return switch (argument) {
            case "all" -> ALL;
            case "local" -> LOCAL;
            case "foreign", "failback" -> FOREIGN;
            default -> throw new IllegalArgumentException("not one of all, local, foreign, failback: " + argument);
        };
    }

    private void startStandby(int classes, long nowNanos, List<Action> actions, String what) {
        String refusal = state != State.STABLE ? "this node is " + state
                : !peerActive ? "no active peer"
                : !otherStable ? "the peer is not stable"
                : busy || standby != Standby.NONE ? "resources are in flux"
                : null;
        if (refusal != null) {
            note(what + " of " + holdingName(classes) + " groups not started: " + refusal);
            return;
        }
        standby = Standby.ASKED;
        givingBits = classes;
        standbyDeadline = nowNanos + STANDBY_REPLY_TIMEOUT.toNanos();
        actions.add(send(Message.builder().text("t", "ask_resources").text("rsc_hold", holdingName(classes))
                .text("info", "me").build()));
        note(what + ": offering the peer the " + holdingName(classes) + " groups");
    }

    private static int inverse(int classes) {
        return classes == ALL ? ALL : classes == LOCAL ? FOREIGN : classes == FOREIGN ? LOCAL : NONE;
    }

    /** The local node is asked to stop: hand everything over, announce it, and let the daemon exit. */
    public List<Action> localShutdown() {
        List<Action> actions = new ArrayList<>();
        state = State.SHUTDOWN;
        actions.add(send(Message.builder().text("t", "resource").text("rsc_hold", "none").text("rtype", "full")
                .text("isstable", "0").text("info", "shutdown").build()));
        busy = true;
        actions.add(new Action.StopGroups(held(), Step.SHUTDOWN));
        return actions;
    }

    /** A start action finished; {@code started} lists the groups that are up. */
    public List<Action> groupsStarted(Step step, List<ResourceGroup> started, boolean allSucceeded) {
        List<Action> actions = new ArrayList<>();
        busy = false;
        started.forEach(group -> heldKeys.add(group.key()));
        if (!allSucceeded) {
            note("some groups failed to start at step " + step);
        }
        switch (step) {
            case OWN_AT_START -> {
                ourHolds |= LOCAL;
                state = State.STABLE;
                actions.add(report(true, "req_our_resources()"));
            }
            case PEER_GONE -> {
                ourHolds = ALL;
                state = State.STABLE;
                actions.add(report(true, "req_our_resources()"));
                actions.add(send(Message.builder().text("t", "resource").text("rsc_hold", "foreign")
                        .text("info", "mach_down").build()));
            }
            case STANDBY_TAKE -> {
                ourHolds |= inverse(offeredBits);
                standby = Standby.NONE;
                actions.add(report(true, null));
                actions.add(send(Message.builder().text("t", "ask_resources").text("rsc_hold", holdingName(offeredBits))
                        .text("info", "done").build()));
            }
            case STANDBY_GIVE, SHUTDOWN -> throw new IllegalStateException(step + " stops groups, it starts none");
        }
        return actions;
    }

    /** A stop action finished. */
    public List<Action> groupsStopped(Step step, List<ResourceGroup> stopped, boolean allSucceeded) {
        List<Action> actions = new ArrayList<>();
        busy = false;
        stopped.forEach(group -> heldKeys.remove(group.key()));
        switch (step) {
            case STANDBY_GIVE -> {
                ourHolds &= ~givingBits;
                // Stable again only once the taker says done: 3.0.6 ignores offers from a node not yet stable.
                standby = Standby.GIVEN;
                standbyDeadline = lastNanos + STANDBY_DONE_TIMEOUT.toNanos();
                failbackPending = false;
                actions.add(send(Message.builder().text("t", "ask_resources").text("rsc_hold", holdingName(givingBits))
                        .text("info", "done").build()));
            }
            case SHUTDOWN -> {
                ourHolds = NONE;
                actions.add(send(Message.builder().text("t", "shutdone").text("st", "dead").build()));
                actions.add(new Action.ShutdownComplete());
            }
            case OWN_AT_START, PEER_GONE, STANDBY_TAKE ->
                    throw new IllegalStateException(step + " starts groups, it stops none");
        }
        if (!allSucceeded) {
            note("some groups failed to stop at step " + step + ": they may still hold their resources");
        }
        return actions;
    }

    public State state() {
        return state;
    }

    /** The keys of the groups this node holds now. */
    public Set<String> heldGroups() {
        return Set.copyOf(heldKeys);
    }

    /** The last noteworthy thing the protocol did, for logs and the status command. */
    public String lastNote() {
        return lastStatus;
    }

    private void resource(Message message, long nowNanos, List<Action> actions) {
        int reported = holding(message.resourceHolding().orElse("none"));
        boolean full = message.resourceReportType().map("full"::equals).orElse(false);
        otherHolds = full ? reported : reported == NONE ? NONE : reported | otherHolds;
        Optional<Boolean> stable = message.isStable();
        if (stable.isPresent()) {
            if (stable.get() && !otherStable) {
                otherStable = true;
                if (state == State.STABLE) {
                    actions.add(report(true, null));
                }
                if (failbackPending) {
                    performAutoFailback(nowNanos, actions);
                }
            } else if (!stable.get()) {
                otherStable = false;
            }
        }
        if ((state == State.STARTING || state == State.BOTH_STARTING) && otherStable && !busy) {
            takeOwnGroups(actions);
        }
    }

    private void askResources(Message message, List<Action> actions) {
        String info = message.info().orElse("");
        switch (info) {
            case "me" -> {
                // The peer offers what it holds of ours; accept only when both sides are settled.
                // An offer while accepting means the peer cancelled the last one unanswered: this one replaces it.
                boolean giving = standby == Standby.ASKED || standby == Standby.GIVING || standby == Standby.GIVEN;
                if (state == State.STABLE && otherStable && !busy && !giving) {
                    standby = Standby.ACCEPTED;
                    standbyDeadline = lastNanos + STANDBY_DONE_TIMEOUT.toNanos();
                    offeredBits = holding(message.resourceHolding().orElse("foreign"));
                    actions.add(send(Message.builder().text("t", "ask_resources")
                            .text("rsc_hold", message.resourceHolding().orElse("foreign")).text("info", "other").build()));
                } else {
                    note("standby request of the peer ignored: local resources in flux");
                }
            }
            case "other" -> {
                if (standby == Standby.ASKED) {
                    standby = Standby.GIVING;
                    actions.add(send(Message.builder().text("t", "resource")
                            .text("rsc_hold", holdingName(ourHolds & ~givingBits)).text("rtype", "full")
                            .text("isstable", "0").text("info", "standby").build()));
                    busy = true;
                    actions.add(new Action.StopGroups(heldIn(givingBits), Step.STANDBY_GIVE));
                }
            }
            case "done" -> {
                if (standby == Standby.ACCEPTED) {
                    busy = true;
                    actions.add(new Action.StartGroups(notHeld(groupsIn(inverse(offeredBits))), Step.STANDBY_TAKE));
                } else if (standby == Standby.GIVEN || (standby == Standby.NONE && state == State.STABLE)) {
                    standby = Standby.NONE;
                    actions.add(report(true, null));
                }
            }
            default -> note("ask_resources with info " + info + " ignored");
        }
    }

    private void performAutoFailback(long nowNanos, List<Action> actions) {
        nextFailbackTry = nowNanos + FAILBACK_RETRY.toNanos();
        if (!autoFailback || (ourHolds & FOREIGN) == 0 || state != State.STABLE || !otherStable || !peerActive
                || busy || standby != Standby.NONE) {
            return;
        }
        startStandby(FOREIGN, nowNanos, actions, "auto failback");
    }

    private void takeOwnGroups(List<Action> actions) {
        busy = true;
        // What the peer holds of ours (its foreign bit) stays with it until it hands it back.
        List<ResourceGroup> wanted = (otherHolds & FOREIGN) != 0 ? List.of() : notHeld(localGroups());
        if (wanted.isEmpty() && (otherHolds & FOREIGN) != 0) {
            busy = false;
            state = State.STABLE;
            actions.add(report(false, null));
            actions.add(report(true, null));
            return;
        }
        actions.add(new Action.StartGroups(wanted, Step.OWN_AT_START));
    }

    private void takeEverything(List<Action> actions) {
        if (notHeld(groups).isEmpty() && ourHolds == ALL) {
            return;
        }
        busy = true;
        actions.add(new Action.StartGroups(notHeld(groups), Step.PEER_GONE));
    }

    private Action report(boolean stable, String info) {
        Message.Builder builder = Message.builder().text("t", "resource").text("rsc_hold", holdingName(ourHolds))
                .text("rtype", "full").text("isstable", stable ? "1" : "0");
        if (info != null) {
            builder.text("info", info);
        }
        return send(builder.build());
    }

    private List<ResourceGroup> localGroups() {
        return groups.stream().filter(group -> group.preferredNode().equalsIgnoreCase(localNode)).toList();
    }

    private List<ResourceGroup> notHeld(List<ResourceGroup> candidates) {
        return candidates.stream().filter(group -> !heldKeys.contains(group.key())).toList();
    }

    private List<ResourceGroup> held() {
        return groups.stream().filter(group -> heldKeys.contains(group.key())).toList().reversed();
    }

    /** The groups of the holding {@code classes}: homed here (LOCAL), on the peer (FOREIGN), or both. */
    private List<ResourceGroup> groupsIn(int classes) {
        return groups.stream().filter(group -> (classOf(group) & classes) != 0).toList();
    }

    /** The held groups of {@code classes}, in the order they stop. */
    private List<ResourceGroup> heldIn(int classes) {
        return held().stream().filter(group -> (classOf(group) & classes) != 0).toList();
    }

    private int classOf(ResourceGroup group) {
        return group.preferredNode().equalsIgnoreCase(localNode) ? LOCAL : FOREIGN;
    }


    private static Action send(Message message) {
        return new Action.Send(message);
    }

    private void note(String text) {
        lastStatus = text;
    }

    static int holding(String text) {
        return switch (text) {
            case "local" -> LOCAL;
            case "foreign" -> FOREIGN;
            case "all" -> ALL;
            default -> NONE;
        };
    }

    static String holdingName(int bits) {
        return switch (bits & ALL) {
            case LOCAL -> "local";
            case FOREIGN -> "foreign";
            case ALL -> "all";
            default -> "none";
        };
    }
}

package io.tandem.heartbeat.membership;

import io.tandem.heartbeat.wire.Authenticator;
import io.tandem.heartbeat.wire.Field;
import io.tandem.heartbeat.wire.FieldNames;
import io.tandem.heartbeat.wire.Message;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The membership state machine of one node, as heartbeat 3.0.6 runs it: status messages every keepalive,
 * sequence numbers and generations per peer, ACKs, retransmission, the node-list exchange at comm-up, and death
 * after the peer's advertised dead time. It does no I/O and reads no clock of its own: the daemon feeds it
 * authenticated messages and ticks with a monotonic time, and carries out the decisions it returns, in order.
 * Not thread-safe: one event-loop thread owns it.
 */
public final class Membership {

    /** Sent messages kept for retransmission, as heartbeat keeps its last 500. */
    static final int HISTORY = 500;
    /** More missing messages than this and tracking starts over instead of asking for each. */
    static final int MAX_GAP = 250;
    /** At most this many messages resent for one request. */
    static final int MAX_RESENT_PER_REQUEST = 50;
    /** Heartbeat advertises a longer dead time while it starts, then its own after this. */
    static final Duration START_GRACE = Duration.ofSeconds(5);
    static final Duration START_GRACE_EXTRA_DEADTIME = Duration.ofMillis(2000);
    static final Duration REQNODES_INTERVAL = Duration.ofSeconds(1);
    static final Duration MAX_REXMIT_DELAY = Duration.ofMillis(250);
    static final Duration MIN_REXMIT_DELAY = Duration.ofMillis(50);

    /** The timers heartbeat applies, from ha.cf. */
    public record Timing(Duration keepalive, Duration deadtime, Duration warntime, Duration initdead) {}

    /** One peer as the status command shows it. */
    public record PeerView(String name, NodeStatus status, long generation, long lastSeq, Duration sinceLastStatus,
            Duration deadtime, int missing) {}

    /** The whole membership as the status command shows it. */
    public record View(String localNode, NodeStatus localStatus, long generation, long lastSentSeq,
            boolean communicationUp, List<PeerView> peers, Retransmission retransmission) {}

    /**
     * Retransmission so far: requests this node sent for missing messages, gaps those filled, and messages it
     * sent again for a peer's request.
     */
    public record Retransmission(long requested, long recovered, long resent) {}

    private final String localNode;
    private final List<String> nodes;
    private final Timing timing;
    private final NodeIdentity identity;
    private final Authenticator authenticator;
    private final InstantSource wallClock;
    private final Supplier<String> loadAverage;
    private final Random random;
    private final Map<String, Peer> peers = new LinkedHashMap<>();
    private final ArrayList<Message> history = new ArrayList<>();

    private NodeStatus localStatus = NodeStatus.INIT;
    private long lastSentSeq;
    private long startNanos;
    private long nextStatusNanos;
    private boolean graceOver;
    private Duration advertisedDeadtime;
    private boolean communicationUp;
    private boolean nodeListReceived;
    private long nextReqnodesNanos;
    private long retransmissionsRequested;
    private long gapsRecovered;
    private long messagesResent;

    /**
     * @param localNode this node's name (lower-cased, as heartbeat lower-cases {@code uname -n})
     * @param nodes every node of ha.cf, this one included
     * @param loadAverage the first line of /proc/loadavg, sent as {@code ld}
     * @param random draws the ACK trigger per peer and the retransmission delays
     */
    public Membership(String localNode, List<String> nodes, Timing timing, NodeIdentity identity,
            Authenticator authenticator, InstantSource wallClock, Supplier<String> loadAverage, Random random) {
        this.localNode = localNode.toLowerCase(Locale.ROOT);
        this.nodes = nodes.stream().map(node -> node.toLowerCase(Locale.ROOT)).distinct().toList();
        if (!this.nodes.contains(this.localNode)) {
            throw new IllegalArgumentException("the local node " + localNode + " is not among the nodes " + nodes);
        }
        this.timing = timing;
        this.identity = identity;
        this.authenticator = authenticator;
        this.wallClock = wallClock;
        this.loadAverage = loadAverage;
        this.random = random;
        for (String node : this.nodes) {
            if (!node.equals(this.localNode)) {
                peers.put(node, new Peer(node, random.nextInt(10), timing.deadtime()));
            }
        }
    }

    /** Starts the run: the burst heartbeat sends (init with a longer dead time, then up twice). */
    public List<Decision> start(long nowNanos) {
        List<Decision> decisions = new ArrayList<>();
        startNanos = nowNanos;
        for (Peer peer : peers.values()) {
            peer.lastStatusNanos = nowNanos;
        }
        advertisedDeadtime = timing.deadtime().plus(START_GRACE_EXTRA_DEADTIME);
        decisions.add(sendStatus());
        changeLocalStatus(NodeStatus.UP, decisions);
        decisions.add(sendStatus());
        nextStatusNanos = nowNanos + timing.keepalive().toNanos();
        return decisions;
    }

    /** Handles one authenticated message (its signature already verified). */
    public List<Decision> onMessage(Message message, long nowNanos) {
        List<Decision> decisions = new ArrayList<>();
        Optional<String> type = message.type();
        Optional<String> claimedSource = message.src().map(src -> src.toLowerCase(Locale.ROOT));
        if (type.isEmpty() || claimedSource.isEmpty()) {
            decisions.add(new Decision.Dropped(claimedSource.orElse("?"), Decision.DropKind.MALFORMED, "no t or src field"));
            return decisions;
        }
        String source = claimedSource.get();
        if (source.equals(localNode)) {
            // Our own message come back (broadcast media loop it): nothing to learn from it.
            return decisions;
        }
        Peer peer = peers.get(source);
        if (peer == null) {
            decisions.add(new Decision.Dropped(source, Decision.DropKind.UNKNOWN_NODE, "bad node [" + source + "] in message: not a node of ha.cf"));
            return decisions;
        }
        peer.lastHeardNanos = nowNanos;
        message.srcUuid().ifPresent(uuid -> peer.uuid = uuid);
        boolean forUs = message.dest().map(dest -> dest.equalsIgnoreCase(localNode)).orElse(true);
        if (type.get().startsWith("NS_")) {
            if (forUs) {
                controlMessage(type.get(), message, peer, nowNanos, decisions);
            }
            return decisions;
        }
        OptionalLong seq = message.seq();
        if (seq.isEmpty() || seq.getAsLong() <= 0) {
            decisions.add(new Decision.Dropped(source, Decision.DropKind.MALFORMED, "no valid seq in a " + type.get() + " message"));
            return decisions;
        }
        long generation = message.generation().orElse(0);
        if (peer.generation != 0 && generation < peer.generation) {
            decisions.add(new Decision.Dropped(source, Decision.DropKind.REPLAY, "generation " + Long.toHexString(generation)
                    + " is older than " + Long.toHexString(peer.generation) + ": attempted replay"));
            return decisions;
        }
        if (generation > peer.generation) {
            if (peer.generation != 0) {
                decisions.add(new Decision.PeerRestarted(source, generation));
            }
            peer.generation = generation;
            peer.shutdone = false;
            peer.resetSequence();
        }
        if (!trackSequence(peer, seq.getAsLong(), nowNanos, decisions)) {
            return decisions;
        }
        if (!forUs) {
            return decisions;
        }
        switch (type.get()) {
            case "status" -> status(message, peer, nowNanos, decisions);
            case "reqnodes" -> decisions.add(send(Message.builder()
                    .text(FieldNames.DEST, source)
                    .text(FieldNames.TYPE, "repnodes")
                    .text("nodelist", String.join(" ", nodes) + " ")
                    .text("delnodelist", " ")
                    .build()));
            case "repnodes" -> {
                nodeListReceived = true;
                if (localStatus == NodeStatus.UP && communicationUp) {
                    changeLocalStatus(NodeStatus.ACTIVE, decisions);
                    decisions.add(sendStatus());
                }
            }
            case "shutdone" -> {
                peer.shutdone = true;
                decisions.add(new Decision.Deliver(message));
            }
            default -> decisions.add(new Decision.Deliver(message));
        }
        return decisions;
    }

    /** Timers: status every keepalive, the end of the start grace, deaths, comm-up, retransmission requests. */
    public List<Decision> onTick(long nowNanos) {
        List<Decision> decisions = new ArrayList<>();
        if (!graceOver && nowNanos - startNanos >= START_GRACE.toNanos()) {
            graceOver = true;
            advertisedDeadtime = timing.deadtime();
            decisions.add(sendStatus());
            nextStatusNanos = nowNanos + timing.keepalive().toNanos();
        }
        if (nowNanos - nextStatusNanos >= 0) {
            decisions.add(sendStatus());
            nextStatusNanos += timing.keepalive().toNanos();
            if (nowNanos - nextStatusNanos >= 0) {
                // The loop stalled for more than a keepalive: send on from now rather than in a burst.
                nextStatusNanos = nowNanos + timing.keepalive().toNanos();
            }
        }
        for (Peer peer : peers.values()) {
            if (peer.status == NodeStatus.DEAD) {
                continue;
            }
            Duration threshold = communicationUp ? peer.deadtime : timing.initdead();
            if (nowNanos - peer.lastStatusNanos > threshold.toNanos()) {
                NodeStatus before = peer.status;
                peer.status = NodeStatus.DEAD;
                peer.resetSequence();
                decisions.add(new Decision.StatusChanged(peer.name, before, NodeStatus.DEAD));
                decisions.add(new Decision.PeerDead(peer.name, peer.shutdone));
            }
        }
        if (!communicationUp && peers.values().stream().allMatch(peer -> peer.status != NodeStatus.INIT)) {
            communicationUp = true;
            nextReqnodesNanos = nowNanos;
        }
        if (communicationUp && localStatus == NodeStatus.UP) {
            Optional<Peer> live = peers.values().stream()
                    .filter(peer -> peer.status == NodeStatus.UP || peer.status == NodeStatus.ACTIVE).findFirst();
            if (live.isEmpty() || nodeListReceived) {
                changeLocalStatus(NodeStatus.ACTIVE, decisions);
                decisions.add(sendStatus());
            } else if (nowNanos - nextReqnodesNanos >= 0) {
                // A 3.0.6 peer answers with repnodes; until one does, heartbeat stays up and so do we.
                decisions.add(send(Message.builder().text(FieldNames.TYPE, "reqnodes")
                        .text(FieldNames.DEST, live.get().name).build()));
                nextReqnodesNanos = nowNanos + REQNODES_INTERVAL.toNanos();
            }
        }
        for (Peer peer : peers.values()) {
            if (peer.status != NodeStatus.UP && peer.status != NodeStatus.ACTIVE) {
                continue;
            }
            for (Map.Entry<Long, Long> missing : peer.missing.entrySet()) {
                if (nowNanos - missing.getValue() >= 0) {
                    long seq = missing.getKey();
                    decisions.add(send(Message.builder().text(FieldNames.TYPE, "NS_rexmit")
                            .text(FieldNames.DEST, peer.name)
                            .text("firstseq", Long.toString(seq)).text("lastseq", Long.toString(seq)).build()));
                    missing.setValue(nowNanos + MAX_REXMIT_DELAY.toNanos());
                    retransmissionsRequested++;
                }
            }
        }
        return decisions;
    }

    /**
     * Stamps a message of the layers above (resource reports, shutdone) with the control fields, numbers it and
     * keeps it for retransmission.
     */
    public Decision.Send send(Message callerFields) {
        String type = callerFields.type().orElseThrow(() -> new IllegalArgumentException("a message needs t"));
        boolean sequenced = !type.startsWith("NS_");
        Message.Builder builder = Message.builder();
        for (Field field : callerFields.fields()) {
            builder.add(field.name(), field.value());
        }
        Optional<String> dest = callerFields.dest();
        if (dest.isPresent()) {
            Peer addressed = peers.get(dest.get());
            if (addressed != null && addressed.uuid != null) {
                builder.uuid(FieldNames.DEST_UUID, addressed.uuid);
            } else if (dest.get().equals(localNode)) {
                builder.uuid(FieldNames.DEST_UUID, identity.uuid());
            }
        }
        builder.text(FieldNames.SRC, localNode).uuid(FieldNames.SRC_UUID, identity.uuid());
        if (sequenced) {
            builder.hex(FieldNames.SEQ, ++lastSentSeq);
        }
        builder.hex(FieldNames.GENERATION, identity.generation())
                .hex(FieldNames.TIMESTAMP, wallClock.instant().getEpochSecond());
        if (sequenced) {
            builder.text(FieldNames.LOAD, loadAverage.get());
        }
        builder.text(FieldNames.TTL, Integer.toString(1 + nodes.size()));
        Message stamped = authenticator.withClassicAuth(builder.build());
        if (sequenced) {
            history.add(stamped);
            if (history.size() > HISTORY) {
                history.remove(0);
            }
        }
        return new Decision.Send(stamped);
    }

    /** The local node's status now. */
    public NodeStatus localStatus() {
        return localStatus;
    }

    /** Whether {@code node} (a peer) is active: only active peers count for resource decisions. */
    public boolean isActive(String node) {
        Peer peer = peers.get(node.toLowerCase(Locale.ROOT));
        return peer != null && peer.status == NodeStatus.ACTIVE;
    }

    public String localNode() {
        return localNode;
    }

    /** The peers' names, in ha.cf order. */
    public List<String> peerNames() {
        return List.copyOf(peers.keySet());
    }

    public View view(long nowNanos) {
        List<PeerView> peerViews = new ArrayList<>();
        for (Peer peer : peers.values()) {
            peerViews.add(new PeerView(peer.name, peer.status, peer.generation, peer.lastSeq,
                    Duration.ofNanos(nowNanos - peer.lastStatusNanos), peer.deadtime, peer.missing.size()));
        }
        return new View(localNode, localStatus, identity.generation(), lastSentSeq, communicationUp,
                List.copyOf(peerViews), new Retransmission(retransmissionsRequested, gapsRecovered, messagesResent));
    }

    private void controlMessage(String type, Message message, Peer peer, long nowNanos, List<Decision> decisions) {
        switch (type) {
            case "NS_rexmit" -> {
                OptionalLong first = decimal(message, "firstseq");
                OptionalLong last = decimal(message, "lastseq");
                if (first.isEmpty() || last.isEmpty() || last.getAsLong() < first.getAsLong()) {
                    decisions.add(new Decision.Dropped(peer.name, Decision.DropKind.MALFORMED, "NS_rexmit without a valid firstseq..lastseq"));
                    return;
                }
                long to = Math.min(last.getAsLong(), first.getAsLong() + MAX_RESENT_PER_REQUEST - 1);
                for (long seq = first.getAsLong(); seq <= to; seq++) {
                    resend(seq, peer, nowNanos, decisions);
                }
            }
            case "NS_ackmsg", "NS_nak_rexmit" -> {
                // ACKs free the sender's history; ours is a fixed ring. A NAK means a message is lost for good:
                // heartbeat forgets it, and so do we.
                if (type.equals("NS_nak_rexmit")) {
                    message.text("firstseq").ifPresent(hex -> {
                        try {
                            peer.missing.remove(Long.parseLong(hex, 16));
                        } catch (NumberFormatException e) {
                            decisions.add(new Decision.Dropped(peer.name, Decision.DropKind.MALFORMED, "NS_nak_rexmit with firstseq " + hex));
                        }
                    });
                }
            }
            default -> decisions.add(new Decision.Dropped(peer.name, Decision.DropKind.MALFORMED, "control message " + type + " not handled"));
        }
    }

    private void resend(long seq, Peer requester, long nowNanos, List<Decision> decisions) {
        if (seq > lastSentSeq) {
            return;
        }
        long oldestKept = lastSentSeq - history.size() + 1;
        if (seq < oldestKept) {
            decisions.add(nak(seq, requester, "seqno too low"));
            return;
        }
        Long lastResent = requester.resentNanos.get(seq);
        if (lastResent != null && nowNanos - lastResent < MAX_REXMIT_DELAY.minusMillis(10).toNanos()) {
            return;
        }
        requester.resentNanos.put(seq, nowNanos);
        if (requester.resentNanos.size() > HISTORY) {
            requester.resentNanos.remove(requester.resentNanos.keySet().iterator().next());
        }
        messagesResent++;
        decisions.add(new Decision.Send(history.get((int) (seq - oldestKept))));
    }

    private Decision nak(long seq, Peer requester, String reason) {
        return send(Message.builder().text(FieldNames.TYPE, "NS_nak_rexmit").hex("firstseq", seq)
                .text(FieldNames.DEST, requester.name).text(FieldNames.INFO, reason).build());
    }

    /** Returns whether the message is new (not a duplicate); records gaps and sends ACKs as heartbeat does. */
    private boolean trackSequence(Peer peer, long seq, long nowNanos, List<Decision> decisions) {
        if (peer.lastSeq == 0 || seq == peer.lastSeq + 1) {
            peer.lastSeq = seq;
            if (peer.missing.isEmpty() && seq % 10 == peer.ackTrigger) {
                decisions.add(ack(peer, seq));
            }
            return true;
        }
        if (seq == peer.lastSeq) {
            decisions.add(new Decision.Dropped(peer.name, Decision.DropKind.DUPLICATE, "duplicate seq " + Long.toHexString(seq)));
            return false;
        }
        if (seq > peer.lastSeq) {
            if (seq - peer.lastSeq - 1 > MAX_GAP) {
                peer.missing.clear();
            } else {
                for (long missing = peer.lastSeq + 1; missing < seq; missing++) {
                    long delay = MIN_REXMIT_DELAY.toNanos()
                            + (long) (random.nextDouble() * (MAX_REXMIT_DELAY.toNanos() - MIN_REXMIT_DELAY.toNanos()));
                    peer.missing.put(missing, nowNanos + delay);
                }
            }
            peer.lastSeq = seq;
            return true;
        }
        if (peer.missing.remove(seq) != null) {
            gapsRecovered++;
            if (peer.missing.isEmpty()) {
                decisions.add(ack(peer, peer.lastSeq));
            }
            return true;
        }
        decisions.add(new Decision.Dropped(peer.name, Decision.DropKind.DUPLICATE, "old seq " + Long.toHexString(seq) + " (last "
                + Long.toHexString(peer.lastSeq) + ")"));
        return false;
    }

    private Decision ack(Peer peer, long seq) {
        return send(Message.builder().text(FieldNames.TYPE, "NS_ackmsg").text(FieldNames.DEST, peer.name)
                .hex("ackseq", seq).build());
    }

    private void status(Message message, Peer peer, long nowNanos, List<Decision> decisions) {
        Optional<NodeStatus> reported = message.status().flatMap(NodeStatus::parse);
        if (reported.isEmpty()) {
            decisions.add(new Decision.Dropped(peer.name, Decision.DropKind.MALFORMED, "status without a known st"));
            return;
        }
        long interval = nowNanos - peer.lastStatusNanos;
        if (peer.heardStatus && peer.status != NodeStatus.DEAD && interval > timing.warntime().toNanos()) {
            decisions.add(new Decision.LateHeartbeat(peer.name, Duration.ofNanos(interval)));
        }
        message.deadtime().ifPresent(deadtime -> peer.deadtime = deadtime);
        peer.lastStatusNanos = nowNanos;
        peer.heardStatus = true;
        NodeStatus now = reported.get();
        if (now != peer.status) {
            NodeStatus before = peer.status;
            peer.status = now;
            decisions.add(new Decision.StatusChanged(peer.name, before, now));
        }
    }

    private void changeLocalStatus(NodeStatus next, List<Decision> decisions) {
        if (next != localStatus) {
            NodeStatus before = localStatus;
            localStatus = next;
            decisions.add(new Decision.StatusChanged(localNode, before, next));
        }
    }

    private Decision sendStatus() {
        return send(Message.builder()
                .text(FieldNames.TYPE, "status")
                .text(FieldNames.STATUS, localStatus.wire())
                .hex(FieldNames.DEADTIME, advertisedDeadtime.toMillis())
                .text(FieldNames.PROTOCOL, "1")
                .build());
    }

    private static OptionalLong decimal(Message message, String name) {
        Optional<String> text = message.text(name);
        if (text.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(text.get()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** What this node tracks of one peer. */
    private static final class Peer {
        final String name;
        /** In-order packets whose seq ends in this digit are ACKed, spreading ACKs as heartbeat does. */
        final int ackTrigger;
        NodeStatus status = NodeStatus.INIT;
        java.util.UUID uuid;
        long generation;
        long lastSeq;
        /** Missing seq → when to ask for it next. */
        final java.util.TreeMap<Long, Long> missing = new java.util.TreeMap<>();
        final LinkedHashMap<Long, Long> resentNanos = new LinkedHashMap<>();
        long lastStatusNanos;
        long lastHeardNanos;
        boolean heardStatus;
        boolean shutdone;
        Duration deadtime;

        Peer(String name, int ackTrigger, Duration deadtime) {
            this.name = name;
            this.ackTrigger = ackTrigger;
            this.deadtime = deadtime;
        }

        void resetSequence() {
            lastSeq = 0;
            missing.clear();
            resentNanos.clear();
        }
    }
}

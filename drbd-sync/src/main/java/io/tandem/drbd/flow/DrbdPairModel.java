package io.tandem.drbd.flow;

import io.tandem.drbd.config.Dialect;
import io.tandem.drbd.status.ConnectionState;
import io.tandem.drbd.status.DiskState;
import io.tandem.drbd.status.ReplicationState;
import io.tandem.drbd.status.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An in-process model of one DRBD resource with one volume on two nodes, following the state machine of the DRBD
 * notes (section 6), so that flows can be tested without a kernel module. It accepts drbdadm argument lists as
 * {@link io.tandem.drbd.command.CommandPlanner} spells them, and refuses what DRBD refuses with DRBD's exit code and
 * message.
 *
 * <p>Deterministic: no threads, no clock. Time moves only when a test calls {@link #resyncStep(int)}; new generation
 * identifiers are drawn from a counter.
 *
 * <p>Not thread-safe.
 */
/*
 * Data: each node's backing disk is a map from block number to content. A write on the Primary reaches the peer at
 * once while replication is Established or the peer is SyncTarget (protocol C); otherwise the block is set in the
 * writer's bitmap (its out-of-sync set).
 *
 * Generations: a new current UUID is made when a disconnected node becomes Primary, when a Primary loses its peer,
 * and when the first sync is forced; the old current becomes the bitmap UUID (section 6.2). The handshake compares
 * the tuples in the order of drbd_uuid_compare, simplified to the rows of the notes' table.
 *
 * Resync: the blocks to copy are the union of both bitmaps (DRBD merges them, which is how a crashed primary's or a
 * split-brain victim's own writes are rolled back), or every block for a full sync.
 */
public final class DrbdPairModel {

    // drbdadm exit codes the notes name (section 6.3) and the generic ones of drbdsetup.
    static final int EXIT_NOT_CONFIGURED = 10;
    static final int EXIT_STATE_CHANGE_FAILED = 11;
    static final int EXIT_NO_UPTODATE_DISK = 17;
    static final int EXIT_USAGE = 20;

    /** The device size in blocks; a full sync copies every one of them. */
    public static final int DEVICE_BLOCKS = 64;

    private final String resource;
    private final ResourcePolicy policy;
    private final Node first;
    private final Node second;
    private final List<String> log = new ArrayList<>();
    private final List<String> splitBrainHandlerCalls = new ArrayList<>();
    private boolean linkUp = true;
    private long nextUuid = 0xA1B2_0000_0000_1000L;
    private Resync resync;

    public DrbdPairModel(String resource, String firstNode, String secondNode, ResourcePolicy policy) {
        if (firstNode == null || secondNode == null || firstNode.equals(secondNode)) {
            throw new IllegalArgumentException("a DRBD pair has two distinct nodes, got " + firstNode + " and "
                    + secondNode);
        }
        if (policy == null) {
            throw new IllegalArgumentException("a DRBD pair needs a resource policy");
        }
        this.resource = resource;
        this.policy = policy;
        this.first = new Node(firstNode);
        this.second = new Node(secondNode);
    }

    public String resource() {
        return resource;
    }

    public ResourcePolicy policy() {
        return policy;
    }

    public String firstNode() {
        return first.name;
    }

    public String peerOf(String node) {
        return peer(node(node)).name;
    }

    // ---- drbdadm -------------------------------------------------------------------------------------------------

    /**
     * Runs one drbdadm invocation on {@code node}, as {@link io.tandem.drbd.command.PlannedCommand#argv()} holds it:
     * {@code create-md}, {@code up}, {@code down}, {@code adjust}, {@code primary [--force]}, {@code secondary},
     * {@code connect [--discard-my-data]}, {@code disconnect} and {@code outdate}, spelled for the policy's dialect
     * (8.3 takes its options after {@code --}).
     *
     * @throws DrbdRefusedException when DRBD would refuse, with its exit code
     */
    public void run(String node, List<String> argv) {
        List<String> args = List.copyOf(argv);
        if (args.isEmpty() || !args.getFirst().equals("drbdadm")) {
            throw refused(node, args, EXIT_USAGE, "not a drbdadm command");
        }
        int at = 1;
        List<String> options = new ArrayList<>();
        boolean dashDash = at < args.size() && args.get(at).equals("--");
        if (dashDash) {
            at++;
            while (at < args.size() && args.get(at).startsWith("--")) {
                options.add(args.get(at++));
            }
        }
        if (at >= args.size()) {
            throw refused(node, args, EXIT_USAGE, "USAGE: drbdadm COMMAND [OPTION...] {all|RESOURCE...}");
        }
        String subcommand = args.get(at++);
        List<String> optionsAfter = new ArrayList<>();
        while (at < args.size() && args.get(at).startsWith("--")) {
            optionsAfter.add(args.get(at++));
        }
        if (at != args.size() - 1) {
            throw refused(node, args, EXIT_USAGE, "expected exactly one resource name after the options");
        }
        String named = args.get(at);
        if (!named.equals(resource)) {
            throw refused(node, args, EXIT_NOT_CONFIGURED, "'" + named + "' not defined in your config (for this host).");
        }
        if (policy.dialect() == Dialect.V83) {
            if (!optionsAfter.isEmpty() && !(subcommand.equals("primary") && optionsAfter.equals(List.of("--force")))) {
                throw refused(node, args, EXIT_USAGE, "unrecognized option '" + optionsAfter.getFirst() + "'");
            }
            // drbdadm-83 accepts "primary --force r" but drops --force (DRBD notes, section 4).
            optionsAfter.clear();
        } else if (dashDash && !options.isEmpty()) {
            throw refused(node, args, EXIT_USAGE, "the " + policy.dialect().version()
                    + " personality of this model takes options after the subcommand, not after '--'");
        }
        options.addAll(optionsAfter);
        Node target = node(node);
        switch (subcommand) {
            case "create-md" -> {
                requireOptions(target, args, options);
                createMetadata(target, args);
            }
            case "up" -> {
                requireOptions(target, args, options);
                up(target, args);
            }
            case "adjust" -> {
                requireOptions(target, args, options);
                if (!target.up) {
                    up(target, args);
                } else if (target.connection == ConnectionState.STANDALONE) {
                    connect(target, args, false);
                }
            }
            case "down" -> {
                requireOptions(target, args, options);
                down(target, args);
            }
            case "primary" -> {
                boolean force = options.contains("--force") || options.contains("--overwrite-data-of-peer");
                options.remove("--force");
                options.remove("--overwrite-data-of-peer");
                requireOptions(target, args, options);
                primary(target, args, force);
            }
            case "secondary" -> {
                requireOptions(target, args, options);
                secondary(target, args);
            }
            case "connect" -> {
                boolean discard = options.remove("--discard-my-data");
                requireOptions(target, args, options);
                connect(target, args, discard);
            }
            case "disconnect" -> {
                requireOptions(target, args, options);
                disconnect(target, args);
            }
            case "outdate" -> {
                requireOptions(target, args, options);
                outdate(target, args);
            }
            default -> throw refused(node, args, EXIT_USAGE, "the model does not implement drbdadm " + subcommand);
        }
    }

    public void createMetadata(String node) {
        createMetadata(node(node), argv("create-md"));
    }

    public void up(String node) {
        up(node(node), argv("up"));
    }

    public void down(String node) {
        down(node(node), argv("down"));
    }

    public void primary(String node, boolean force) {
        primary(node(node), force ? argv("primary", "--force") : argv("primary"), force);
    }

    public void secondary(String node) {
        secondary(node(node), argv("secondary"));
    }

    public void connect(String node, boolean discardMyData) {
        connect(node(node), discardMyData ? argv("connect", "--discard-my-data") : argv("connect"), discardMyData);
    }

    public void disconnect(String node) {
        disconnect(node(node), argv("disconnect"));
    }

    // ---- the world around DRBD -----------------------------------------------------------------------------------

    /**
     * The node dies (power loss, kernel panic): it loses its role, mount and connection, and keeps its disk content,
     * metadata and generation identifiers. It comes back with {@link #up(String)}.
     */
    public void crash(String node) {
        Node dead = node(node);
        if (!dead.up) {
            throw new IllegalStateException(node + " is not running; it cannot crash");
        }
        boolean wasConnected = dead.connection == ConnectionState.CONNECTED;
        dead.up = false;
        dead.role = Role.SECONDARY;
        dead.mounted = false;
        dead.busyUmounts = 0;
        dead.connection = ConnectionState.STANDALONE;
        dead.replication = ReplicationState.OFF;
        record(node + ": crashed");
        if (wasConnected) {
            lostPeer(peer(dead));
        }
    }

    /** The replication link fails; both sides keep trying to reconnect (WFConnection). */
    public void partition() {
        linkUp = false;
        record("network: replication link between " + first.name + " and " + second.name + " cut");
        if (first.connection == ConnectionState.CONNECTED) {
            lostPeer(first);
            lostPeer(second);
        }
    }

    /** The replication link works again; two nodes waiting for each other run the connect handshake. */
    public void heal() {
        linkUp = true;
        record("network: replication link healed");
        handshakeIfBothWaiting();
    }

    /** Mounts the device; DRBD refuses any open of a Secondary's device (8.x: Wrong medium type). */
    public void mount(String node) {
        Node target = node(node);
        if (!target.up || target.role != Role.PRIMARY) {
            throw refused(node, List.of("mount", "/dev/drbd0"), 32, "mount: /dev/drbd0: wrong medium type ("
                    + target.name + " is not Primary for " + resource + ")");
        }
        target.mounted = true;
    }

    /** Unmounts the device; fails while something holds the filesystem (see {@link #holdOpen}). */
    public void umount(String node) {
        Node target = node(node);
        if (!target.mounted) {
            return;
        }
        if (target.busyUmounts > 0) {
            target.busyUmounts--;
            throw refused(node, List.of("umount", "/dev/drbd0"), 32, "umount: /data: target is busy.");
        }
        target.mounted = false;
    }

    /** A process keeps the mounted filesystem busy for the next {@code umountAttempts} unmount attempts. */
    public void holdOpen(String node, int umountAttempts) {
        Node target = node(node);
        if (!target.mounted) {
            throw new IllegalStateException(node + " has nothing mounted to hold open");
        }
        target.busyUmounts = umountAttempts;
    }

    /**
     * The Primary writes {@code content} to {@code block}. It reaches the peer at once while connected (protocol C);
     * otherwise the block is marked out of sync.
     *
     * @throws DrbdRefusedException if the node is not an UpToDate Primary: DRBD fails I/O to a Secondary
     */
    public void write(String node, int block, String content) {
        Node writer = node(node);
        if (block < 0 || block >= DEVICE_BLOCKS) {
            throw new IllegalArgumentException("block " + block + " is outside the device (0.." + (DEVICE_BLOCKS - 1)
                    + ")");
        }
        if (!writer.up || writer.role != Role.PRIMARY || writer.disk != DiskState.UP_TO_DATE) {
            throw refused(node, List.of("write", "block " + block), 124, "I/O error: " + node + " is "
                    + writer.role + " with disk " + writer.disk + " (EMEDIUMTYPE); only an UpToDate Primary writes");
        }
        writer.blocks.put(block, content);
        Node peer = peer(writer);
        boolean replicating = writer.connection == ConnectionState.CONNECTED
                && (writer.replication == ReplicationState.ESTABLISHED
                        || writer.replication == ReplicationState.SYNC_SOURCE);
        if (replicating) {
            peer.blocks.put(block, content);
            if (resync != null) {
                resync.remaining.remove(block);
            }
        } else {
            writer.outOfSync.add(block);
        }
    }

    /**
     * Copies up to {@code blocks} out-of-sync blocks from the SyncSource to the SyncTarget; finishing the resync
     * makes the target UpToDate and both sides Established.
     *
     * @return the blocks still to copy
     * @throws IllegalStateException if no resync is running
     */
    public int resyncStep(int blocks) {
        if (resync == null) {
            throw new IllegalStateException("no resync is running for " + resource + ": " + view(first.name) + " "
                    + view(second.name));
        }
        if (blocks < 1) {
            throw new IllegalArgumentException("a resync step copies at least one block, got " + blocks);
        }
        for (int copied = 0; copied < blocks && !resync.remaining.isEmpty(); copied++) {
            int block = resync.remaining.first();
            resync.remaining.remove(block);
            String content = resync.source.blocks.get(block);
            if (content == null) {
                resync.target.blocks.remove(block);
            } else {
                resync.target.blocks.put(block, content);
            }
        }
        int left = resync.remaining.size();
        if (left == 0) {
            finishResync();
        }
        return left;
    }

    /** Runs {@link #resyncStep} until the resync is done; returns how many steps of {@code blocksPerStep} it took. */
    public int resyncToCompletion(int blocksPerStep) {
        int steps = 0;
        while (resync != null) {
            resyncStep(blocksPerStep);
            steps++;
        }
        return steps;
    }

    public boolean isResyncing() {
        return resync != null;
    }

    // ---- observation ---------------------------------------------------------------------------------------------

    public NodeView view(String node) {
        Node self = node(node);
        Node peer = peer(self);
        boolean connected = self.up && self.connection == ConnectionState.CONNECTED;
        int outOfSync = resync != null && connected ? resync.remaining.size() : self.outOfSync.size();
        return new NodeView(self.name, self.up, self.role, self.disk, self.connection, self.replication,
                connected ? peer.role : Role.UNKNOWN, connected ? peer.disk : DiskState.DUNKNOWN, self.generations,
                self.mounted, outOfSync);
    }

    /** The content of one block of the node's backing disk. */
    public Optional<String> read(String node, int block) {
        return Optional.ofNullable(node(node).blocks.get(block));
    }

    /** The node's whole backing disk, block by block. */
    public SortedMap<Integer, String> blocks(String node) {
        return new TreeMap<>(node(node).blocks);
    }

    /** What the kernel would have logged (dmesg), in order, with the node name first. */
    public List<String> kernelLog() {
        return List.copyOf(log);
    }

    /** Each call of the {@code split-brain} handler, as {@code node peer}. */
    public List<String> splitBrainHandlerCalls() {
        return List.copyOf(splitBrainHandlerCalls);
    }

    // ---- state machine -------------------------------------------------------------------------------------------

    private void createMetadata(Node node, List<String> argv) {
        if (node.up) {
            throw refused(node.name, argv, EXIT_STATE_CHANGE_FAILED, "Device '" + resource
                    + "' is configured! Take it down first.");
        }
        if (node.hasMetadata && !node.generations.isJustCreated()) {
            // drbdmeta asks "Do you want to proceed?"; tandem never answers yes (DRBD notes, section 9, pain point 5).
            throw refused(node.name, argv, EXIT_USAGE, "Valid v08 meta-data found with generation identifiers "
                    + node.generations + "; re-creating it loses them and forces a full resync. Not overwritten.");
        }
        node.hasMetadata = true;
        node.generations = GenerationIds.justCreated();
        node.disk = DiskState.INCONSISTENT;
        node.outOfSync.clear();
        record(node.name + ": create-md: new meta-data, generation identifiers " + node.generations);
    }

    private void up(Node node, List<String> argv) {
        if (!node.hasMetadata) {
            throw refused(node.name, argv, EXIT_NOT_CONFIGURED, "No valid meta data found; run drbdadm create-md "
                    + resource + " on a new disk");
        }
        if (node.up) {
            throw refused(node.name, argv, EXIT_NOT_CONFIGURED, "(161) Minor or volume exists already");
        }
        node.up = true;
        node.role = Role.SECONDARY;
        // Attaching alone never proves the data current: UpToDate is decided at the handshake (section 6.1).
        if (node.disk == DiskState.UP_TO_DATE) {
            node.disk = DiskState.CONSISTENT;
        }
        node.connection = ConnectionState.CONNECTING;
        node.replication = ReplicationState.OFF;
        record(node.name + ": attached with disk " + node.disk + ", waiting for the peer (WFConnection)");
        handshakeIfBothWaiting();
    }

    private void down(Node node, List<String> argv) {
        requireUp(node, argv);
        if (node.mounted) {
            throw refused(node.name, argv, EXIT_STATE_CHANGE_FAILED,
                    "State change failed: (-12) Device is held open by someone");
        }
        boolean wasConnected = node.connection == ConnectionState.CONNECTED;
        node.up = false;
        node.role = Role.SECONDARY;
        node.connection = ConnectionState.STANDALONE;
        node.replication = ReplicationState.OFF;
        record(node.name + ": down");
        if (wasConnected) {
            lostPeer(peer(node));
        }
    }

    private void primary(Node node, List<String> argv, boolean force) {
        requireUp(node, argv);
        if (node.role == Role.PRIMARY) {
            return;
        }
        Node peer = peer(node);
        boolean connected = node.connection == ConnectionState.CONNECTED;
        if (connected && peer.role == Role.PRIMARY) {
            throw refused(node.name, argv, EXIT_STATE_CHANGE_FAILED,
                    "State change failed: (-1) Multiple primaries not allowed by config");
        }
        if (node.disk != DiskState.UP_TO_DATE) {
            if (!force) {
                throw refused(node.name, argv, EXIT_NO_UPTODATE_DISK,
                        "State change failed: (-2) Need access to UpToDate data (local disk is " + node.disk + ")");
            }
            if (connected && peer.disk == DiskState.UP_TO_DATE) {
                throw refused(node.name, argv, EXIT_STATE_CHANGE_FAILED, "the peer is connected and UpToDate; "
                        + "promote it instead, or disconnect first (the model does not force over an UpToDate peer)");
            }
            if (connected && node.replication == ReplicationState.SYNC_TARGET) {
                throw refused(node.name, argv, EXIT_NO_UPTODATE_DISK,
                        "State change failed: (-2) Need access to UpToDate data (SyncTarget)");
            }
        }
        if (!connected && policy.fencing() == ResourcePolicy.Fencing.RESOURCE_ONLY) {
            int exit = fencePeer(node);
            boolean accepted = exit == 3 || exit == 4 || exit == 7
                    || (exit == 5 && (node.disk == DiskState.UP_TO_DATE || force));
            if (exit == 6) {
                node.disk = DiskState.OUTDATED;
                throw refused(node.name, argv, EXIT_STATE_CHANGE_FAILED,
                        "fence-peer helper returned 6 (peer is primary); outdated myself. "
                                + "Refusing to be Primary while peer is not outdated");
            }
            if (!accepted) {
                throw refused(node.name, argv, EXIT_STATE_CHANGE_FAILED, "fence-peer helper returned " + exit
                        + " (helper broken?). Refusing to be Primary while peer is not outdated");
            }
        }
        boolean firstSync = force && node.disk == DiskState.INCONSISTENT;
        if (force && node.disk != DiskState.UP_TO_DATE) {
            record(node.name + ": forced to UpToDate from " + node.disk
                    + (firstSync ? " (first sync)" : " (time warp possible)"));
            node.disk = DiskState.UP_TO_DATE;
        }
        node.role = Role.PRIMARY;
        if (!connected || firstSync) {
            node.generations = node.generations.isJustCreated()
                    ? new GenerationIds(newUuid(), 0, 0, 0)
                    : node.generations.withNewCurrent(newUuid());
            record(node.name + ": new current UUID, generation identifiers " + node.generations);
        }
        record(node.name + ": role Secondary -> Primary");
        if (connected && firstSync && peer.disk == DiskState.INCONSISTENT) {
            startResync(node, peer, true);
        }
    }

    private void secondary(Node node, List<String> argv) {
        requireUp(node, argv);
        if (node.role == Role.SECONDARY) {
            return;
        }
        if (node.mounted) {
            throw refused(node.name, argv, EXIT_STATE_CHANGE_FAILED,
                    "State change failed: (-12) Device is held open by someone");
        }
        node.role = Role.SECONDARY;
        record(node.name + ": role Primary -> Secondary");
    }

    private void connect(Node node, List<String> argv, boolean discardMyData) {
        requireUp(node, argv);
        if (node.connection != ConnectionState.STANDALONE) {
            throw refused(node.name, argv, EXIT_NOT_CONFIGURED,
                    "Failure: (125) Device has a net-config (use disconnect first)");
        }
        node.connection = ConnectionState.CONNECTING;
        node.discardMyData = discardMyData;
        record(node.name + ": connecting" + (discardMyData ? " with --discard-my-data" : ""));
        handshakeIfBothWaiting();
    }

    private void disconnect(Node node, List<String> argv) {
        requireUp(node, argv);
        boolean wasConnected = node.connection == ConnectionState.CONNECTED;
        node.connection = ConnectionState.STANDALONE;
        node.replication = ReplicationState.OFF;
        node.discardMyData = false;
        if (wasConnected) {
            record(node.name + ": disconnected (StandAlone)");
            lostPeer(node);
            lostPeer(peer(node));
        }
    }

    private void outdate(Node node, List<String> argv) {
        if (node.up && node.role == Role.PRIMARY) {
            throw refused(node.name, argv, EXIT_NO_UPTODATE_DISK,
                    "State change failed: (-2) Need access to UpToDate data (a Primary cannot be outdated)");
        }
        if (node.disk == DiskState.UP_TO_DATE || node.disk == DiskState.CONSISTENT) {
            node.disk = DiskState.OUTDATED;
            record(node.name + ": disk outdated");
        }
    }

    /** The replication to the peer stopped on {@code node}'s side (link loss, peer crash, disconnect). */
    private void lostPeer(Node node) {
        if (!node.up) {
            return;
        }
        if (node.connection == ConnectionState.CONNECTED) {
            node.connection = ConnectionState.CONNECTING;
        }
        node.replication = ReplicationState.OFF;
        if (resync != null) {
            // The rest of the resync stays marked on both sides; the next handshake resumes it.
            resync.source.outOfSync.addAll(resync.remaining);
            resync.target.outOfSync.addAll(resync.remaining);
            record("resync from " + resync.source.name + " to " + resync.target.name + " interrupted, "
                    + resync.remaining.size() + " blocks left");
            resync = null;
        }
        if (node.role == Role.PRIMARY) {
            node.generations = node.generations.withNewCurrent(newUuid());
            record(node.name + ": Primary lost its peer; new current UUID, generation identifiers "
                    + node.generations);
            if (policy.fencing() == ResourcePolicy.Fencing.RESOURCE_ONLY) {
                fencePeer(node);
            }
        }
    }

    /**
     * tandem's fence-peer handler (DRBD notes, section 6.5): it reaches the peer's daemon over the heartbeat paths,
     * which the model treats as independent of the replication link, and never returns 0.
     */
    private int fencePeer(Node node) {
        Node peer = peer(node);
        int exit;
        if (!peer.up) {
            exit = 5; // confirmed dead: the node is down or crashed
        } else if (peer.role == Role.PRIMARY) {
            exit = 6;
        } else if (peer.disk == DiskState.OUTDATED || peer.disk == DiskState.INCONSISTENT
                || peer.disk == DiskState.DISKLESS) {
            exit = 3;
        } else {
            peer.disk = DiskState.OUTDATED;
            exit = 4;
        }
        record(node.name + ": helper command: drbdadm fence-peer " + resource + " exit code " + exit
                + (exit == 4 ? " (peer " + peer.name + " outdated)" : ""));
        return exit;
    }

    private void handshakeIfBothWaiting() {
        if (!linkUp || !first.up || !second.up || first.connection != ConnectionState.CONNECTING
                || second.connection != ConnectionState.CONNECTING) {
            return;
        }
        Handshake.Decision decision = Handshake.decide(first.name, first.generations, first.disk, second.name,
                second.generations, second.disk);
        switch (decision) {
            case Handshake.BothJustCreated ignored -> {
                established();
                record("handshake: both sides just created; no sync, the first sync must be started by hand");
            }
            case Handshake.NoSync ignored -> {
                established();
                for (Node node : List.of(first, second)) {
                    node.outOfSync.clear();
                    if (node.disk == DiskState.CONSISTENT || node.disk == DiskState.OUTDATED) {
                        node.disk = DiskState.UP_TO_DATE;
                    }
                }
                record("handshake: generations equal, no resync necessary");
            }
            case Handshake.Sync(String source, boolean full) -> {
                Node from = node(source);
                syncOrRrConflict(from, peer(from), full, "handshake: " + from.name + " becomes SyncSource"
                        + (full ? " (full sync)" : " (bitmap based)"));
            }
            case Handshake.SplitBrain ignored -> splitBrain();
            case Handshake.Unrelated ignored -> {
                record("handshake: Unrelated data, aborting!");
                standAlone();
            }
        }
        first.discardMyData = false;
        second.discardMyData = false;
    }

    private void splitBrain() {
        boolean firstDiscards = first.discardMyData;
        boolean secondDiscards = second.discardMyData;
        if (firstDiscards != secondDiscards) {
            Node victim = firstDiscards ? first : second;
            syncOrRrConflict(peer(victim), victim, false, victim.name
                    + ": Split-Brain detected, manually solved. Sync from peer node");
            return;
        }
        if (firstDiscards) {
            record("handshake: Split-Brain detected, both sides asked to discard their data; dropping connection");
            standAlone();
            return;
        }
        int primaries = (first.role == Role.PRIMARY ? 1 : 0) + (second.role == Role.PRIMARY ? 1 : 0);
        if (primaries == 0 && policy.afterSb0Pri() == ResourcePolicy.AfterSb0Pri.DISCARD_ZERO_CHANGES) {
            int firstChanges = first.outOfSync.size();
            int secondChanges = second.outOfSync.size();
            if (firstChanges == 0 || secondChanges == 0) {
                Node source = firstChanges == 0 && secondChanges > 0 ? second : first;
                syncOrRrConflict(source, peer(source), false, "handshake: Split-Brain detected, 0 primaries, "
                        + "automatically solved (discard-zero-changes: " + source.name + " wrote "
                        + source.outOfSync.size() + " blocks, " + peer(source).name + " none). Sync from "
                        + source.name);
                return;
            }
            record("handshake: discard-zero-changes does not apply, both sides wrote (" + first.name + " "
                    + firstChanges + " blocks, " + second.name + " " + secondChanges + " blocks)");
        }
        record("handshake: Split-Brain detected but unresolved, dropping connection! (" + primaries + " primaries)");
        splitBrainHandlerCalls.add(first.name + " " + second.name);
        splitBrainHandlerCalls.add(second.name + " " + first.name);
        record(first.name + ": helper command: drbdadm split-brain " + resource);
        record(second.name + ": helper command: drbdadm split-brain " + resource);
        standAlone();
    }

    private void syncOrRrConflict(Node source, Node target, boolean full, String why) {
        if (target.role == Role.PRIMARY) {
            record(target.name + ": I shall become SyncTarget, but I am primary! (rr-conflict disconnect)");
            standAlone();
            return;
        }
        record(why);
        startResync(source, target, full);
    }

    private void startResync(Node source, Node target, boolean full) {
        first.connection = ConnectionState.CONNECTED;
        second.connection = ConnectionState.CONNECTED;
        source.replication = ReplicationState.SYNC_SOURCE;
        target.replication = ReplicationState.SYNC_TARGET;
        if (source.disk != DiskState.UP_TO_DATE) {
            source.disk = DiskState.UP_TO_DATE;
        }
        target.disk = DiskState.INCONSISTENT;
        if (source.generations.bitmap() == 0 && !target.generations.isJustCreated()) {
            // An interrupted resync resumes bitmap-based: the source's bitmap UUID names the target's generation.
            source.generations = new GenerationIds(source.generations.current(), target.generations.current(),
                    source.generations.history1(), source.generations.history2());
        }
        SortedSet<Integer> remaining = new TreeSet<>(source.outOfSync);
        remaining.addAll(target.outOfSync);
        if (full) {
            for (int block = 0; block < DEVICE_BLOCKS; block++) {
                remaining.add(block);
            }
        }
        resync = new Resync(source, target, remaining);
        if (remaining.isEmpty()) {
            finishResync();
        }
    }

    private void finishResync() {
        Node source = resync.source;
        Node target = resync.target;
        resync = null;
        source.generations = source.generations.withBitmapRetired();
        target.generations = new GenerationIds(source.generations.current(), 0, source.generations.history1(),
                source.generations.history2());
        target.disk = DiskState.UP_TO_DATE;
        source.outOfSync.clear();
        target.outOfSync.clear();
        source.replication = ReplicationState.ESTABLISHED;
        target.replication = ReplicationState.ESTABLISHED;
        record("resync from " + source.name + " to " + target.name + " done; both UpToDate at "
                + source.generations);
    }

    private void established() {
        for (Node node : List.of(first, second)) {
            node.connection = ConnectionState.CONNECTED;
            node.replication = ReplicationState.ESTABLISHED;
        }
    }

    private void standAlone() {
        for (Node node : List.of(first, second)) {
            node.connection = ConnectionState.STANDALONE;
            node.replication = ReplicationState.OFF;
        }
    }

    private long newUuid() {
        // DRBD draws random UUIDs; a counter keeps the model's logs and assertions reproducible.
        nextUuid += 0x1_0000;
        return nextUuid & ~1L; // the lowest bit is DRBD's "was primary" flag, never part of the comparison
    }

    private void requireUp(Node node, List<String> argv) {
        if (!node.up) {
            throw refused(node.name, argv, EXIT_NOT_CONFIGURED, resource + ": No such resource (not up on "
                    + node.name + ")");
        }
    }

    private void requireOptions(Node node, List<String> argv, List<String> leftOver) {
        if (!leftOver.isEmpty()) {
            throw refused(node.name, argv, EXIT_USAGE, "unrecognized option '" + leftOver.getFirst() + "'");
        }
    }

    private List<String> argv(String... words) {
        List<String> argv = new ArrayList<>();
        argv.add("drbdadm");
        argv.addAll(List.of(words));
        // Keep 8.3's spelling where it differs, so refusals quote the command an operator of that version types.
        if (policy.dialect() == Dialect.V83 && argv.size() == 3) {
            return List.of("drbdadm", "--", argv.get(2).equals("--force") ? "--overwrite-data-of-peer"
                    : argv.get(2), argv.get(1), resource);
        }
        argv.add(resource);
        return argv;
    }

    private DrbdRefusedException refused(String node, List<String> argv, int exit, String message) {
        record(node + ": " + String.join(" ", argv) + ": exit " + exit + ": " + message);
        return new DrbdRefusedException(node, argv, exit, message);
    }

    private void record(String line) {
        log.add(line);
    }

    private Node node(String name) {
        if (first.name.equals(name)) {
            return first;
        }
        if (second.name.equals(name)) {
            return second;
        }
        throw new IllegalArgumentException("no node " + name + " in the pair " + first.name + "/" + second.name);
    }

    private Node peer(Node node) {
        return node == first ? second : first;
    }

    /** One node's DRBD state, metadata and backing disk. */
    private static final class Node {
        final String name;
        final SortedMap<Integer, String> blocks = new TreeMap<>();
        /** The bitmap: blocks written while the peer did not receive them. */
        final SortedSet<Integer> outOfSync = new TreeSet<>();
        boolean hasMetadata;
        GenerationIds generations = new GenerationIds(0, 0, 0, 0);
        boolean up;
        Role role = Role.SECONDARY;
        DiskState disk = DiskState.DISKLESS;
        ConnectionState connection = ConnectionState.STANDALONE;
        ReplicationState replication = ReplicationState.OFF;
        boolean mounted;
        int busyUmounts;
        boolean discardMyData;

        Node(String name) {
            this.name = name;
        }
    }

    private record Resync(Node source, Node target, SortedSet<Integer> remaining) {}
}

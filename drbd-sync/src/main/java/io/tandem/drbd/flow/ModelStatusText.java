package io.tandem.drbd.flow;

import io.tandem.drbd.status.ConnectionState;
import io.tandem.drbd.status.DiskState;
import io.tandem.drbd.status.ReplicationState;
import io.tandem.drbd.status.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One node of a {@link DrbdPairModel} as DRBD itself would print it (DRBD notes, section 5): {@code drbdsetup status}
 * in DRBD 9's short form, /proc/drbd of an 8.4 module, and the {@code exists} lines of {@code drbdsetup events2 --now
 * --statistics}. Fed to the real parsers of {@code io.tandem.drbd.status}, the text shows that the parsers and the
 * model speak of the same states (section 10, layer 1).
 *
 * <p>The DRBD words are spelled here, not borrowed from the status enums: a parser and the model that disagreed about
 * a word would otherwise agree by construction. The layouts follow the verbatim samples of the status fixtures.
 *
 * <p>What the model does not have is left out or printed as DRBD prints an idle counter: one model block stands for
 * one bit of DRBD's bitmap ({@value #KIB_PER_BLOCK} KiB); traffic counters are 0; there is no clock, so /proc/drbd has
 * no {@code finish:}/{@code speed:} line and events2 no {@code eta:}/{@code dbdt1:}; paths and promotion scores are
 * not listed. The node ids are 0 for the model's first node and 1 for the second; the one volume is minor 0.
 */
public final class ModelStatusText {

    /** KiB per model block: DRBD's bitmap keeps one bit per 4 KiB. */
    public static final int KIB_PER_BLOCK = 4;
    private static final int MINOR = 0;
    private static final int VOLUME = 0;

    private final String resource;
    private final NodeView self;
    private final NodeView peer;
    private final int peerNodeId;
    private final int resyncTotalBlocks;
    private final List<String> splitBrainPeers;

    private ModelStatusText(String resource, NodeView self, NodeView peer, int peerNodeId, int resyncTotalBlocks,
            List<String> splitBrainPeers) {
        this.resource = resource;
        this.self = self;
        this.peer = peer;
        this.peerNodeId = peerNodeId;
        this.resyncTotalBlocks = resyncTotalBlocks;
        this.splitBrainPeers = List.copyOf(splitBrainPeers);
    }

    /**
     * {@code node} as the model has it now.
     *
     * @param resyncTotalBlocks the blocks the running resync had to copy when it started (the kernel's rs_total,
     *     which the model does not keep), from which the progress is printed; ignored while no resync runs
     * @throws IllegalArgumentException if a resync runs and {@code resyncTotalBlocks} is below what is left of it,
     *     or below 1
     */
    public static ModelStatusText of(DrbdPairModel model, String node, int resyncTotalBlocks) {
        NodeView self = model.view(node);
        String peerName = model.peerOf(node);
        if (self.replication().isResyncing()
                && (resyncTotalBlocks < 1 || resyncTotalBlocks < self.outOfSyncBlocks())) {
            throw new IllegalArgumentException("the resync has " + self.outOfSyncBlocks() + " blocks left; "
                    + resyncTotalBlocks + " is not its total");
        }
        List<String> splitBrainPeers = new ArrayList<>();
        for (String call : model.splitBrainHandlerCalls()) {
            // "node peer", one per call of the handler on that node.
            if (call.equals(node + " " + peerName)) {
                splitBrainPeers.add(peerName);
            }
        }
        return new ModelStatusText(model.resource(), self, model.view(peerName),
                model.firstNode().equals(peerName) ? 0 : 1, resyncTotalBlocks, splitBrainPeers);
    }

    /**
     * {@code drbdsetup status} (and {@code drbdadm status}) of DRBD 9, short form: {@code connection:} only when not
     * Connected, {@code role:} only when Connected, {@code replication:} only beyond Established, no peer volume
     * while not connected. A node whose resource is not up has nothing configured.
     */
    public String drbdadmStatus() {
        if (!self.up()) {
            return "# No currently configured DRBD found.\n";
        }
        StringBuilder text = new StringBuilder();
        text.append(resource).append(" role:").append(word(self.role())).append('\n');
        text.append("  disk:").append(word(self.disk())).append('\n');
        text.append("  ").append(peer.node());
        if (self.connection() != ConnectionState.CONNECTED) {
            return text.append(" connection:").append(word(self.connection())).append('\n').toString();
        }
        text.append(" role:").append(word(self.peerRole())).append('\n');
        text.append("    ");
        if (self.replication() != ReplicationState.ESTABLISHED) {
            text.append("replication:").append(word(self.replication())).append(' ');
        }
        text.append("peer-disk:").append(word(self.peerDisk()));
        if (self.replication().isResyncing()) {
            text.append(" done:").append(String.format(Locale.ROOT, "%.2f", percentDone()));
        }
        return text.append('\n').toString();
    }

    /**
     * /proc/drbd of an 8.4 module ({@code drbd_proc.c}): the version lines, then minor 0 with its {@code cs:} word
     * (8.4 folds replication into it), counters and, while resyncing, the progress line. A resource that is not up
     * has no minor in 8.4.
     */
    public String procDrbd84() {
        StringBuilder text = new StringBuilder("version: 8.4.11-1 (api:1/proto:86-101)\n"
                + "srcversion: 1C8B2D6A4E0F3B5D7C9E1A2\n");
        if (!self.up()) {
            return text.toString();
        }
        // Without a network configuration (StandAlone) the protocol letter is a blank.
        char protocol = self.connection() == ConnectionState.STANDALONE ? ' ' : 'C';
        text.append(String.format(Locale.ROOT, "%2d: cs:%s ro:%s/%s ds:%s/%s %c r-----\n", MINOR, csWord(),
                word(self.role()), word(self.peerRole()), word(self.disk()), word(self.peerDisk()), protocol));
        text.append("    ns:0 nr:0 dw:0 dr:0 al:0 bm:0 lo:0 pe:0 ua:0 ap:0 ep:1 wo:f oos:")
                .append(self.outOfSyncBlocks() * KIB_PER_BLOCK).append('\n');
        if (self.replication().isResyncing()) {
            text.append(procProgressLine()).append('\n');
        }
        return text.toString();
    }

    /**
     * The initial state as {@code drbdsetup events2 --now --statistics} lists it: resource, device, connection and
     * peer device, then {@code exists -}. A resource that is not up lists nothing.
     */
    public List<String> events2Now() {
        List<String> lines = new ArrayList<>();
        if (self.up()) {
            String peerKeys = " peer-node-id:" + peerNodeId + " conn-name:" + peer.node();
            lines.add("exists resource name:" + resource + " role:" + word(self.role())
                    + " suspended:no force-io-failures:no");
            lines.add("exists device name:" + resource + " volume:" + VOLUME + " minor:" + MINOR + " disk:"
                    + word(self.disk()) + " client:no quorum:yes");
            lines.add("exists connection name:" + resource + peerKeys + " connection:" + word(self.connection())
                    + " role:" + word(self.peerRole()));
            lines.add("exists peer-device name:" + resource + peerKeys + " volume:" + VOLUME + " replication:"
                    + word(self.replication()) + " peer-disk:" + word(self.peerDisk())
                    + " peer-client:no resync-suspended:no"
                    + (self.replication().isResyncing()
                            ? String.format(Locale.ROOT, " done:%.2f", percentDone()) : "")
                    + " received:0 sent:0 out-of-sync:" + self.outOfSyncBlocks() * KIB_PER_BLOCK
                    + " pending:0 unacked:0");
        }
        lines.add("exists -");
        return List.copyOf(lines);
    }

    /** The events2 line of each call of the {@code split-brain} handler on this node, in order. */
    public List<String> events2SplitBrainCalls() {
        return splitBrainPeers.stream().map(peerName -> "call helper name:" + resource + " peer-node-id:" + peerNodeId
                + " conn-name:" + peerName + " volume:" + VOLUME + " helper:split-brain").toList();
    }

    /** {@code 100 × (rs_total − to_go) / rs_total}, as drbdsetup computes {@code done:}. */
    private double percentDone() {
        return 100.0 * (resyncTotalBlocks - self.outOfSyncBlocks()) / resyncTotalBlocks;
    }

    /**
     * {@code drbd_syncer_progress()}: a 20-character bar, the per-mille done with one decimal, and (left/total) in KiB
     * ({@code M} only above 4 GiB, which the model never reaches).
     */
    private String procProgressLine() {
        long left = self.outOfSyncBlocks();
        long permilleDone = 1000 - left * 1000 / resyncTotalBlocks;
        int arrowAt = (int) (permilleDone / 50);
        StringBuilder bar = new StringBuilder("\t[");
        bar.append("=".repeat(Math.max(0, arrowAt - 1))).append('>').append(".".repeat(20 - arrowAt)).append("] ");
        return bar + String.format(Locale.ROOT, "sync'ed:%3d.%d%% (%d/%d)K", permilleDone / 10, permilleDone % 10,
                left * KIB_PER_BLOCK, (long) resyncTotalBlocks * KIB_PER_BLOCK);
    }

    /** The 8.x {@code cs:} word: 9's connection state, or while connected what replication does. */
    private String csWord() {
        return switch (self.connection()) {
            case CONNECTED -> self.replication() == ReplicationState.ESTABLISHED
                    ? "Connected" : word(self.replication());
            case CONNECTING -> "WFConnection";
            case STANDALONE, DISCONNECTING, UNCONNECTED, TIMEOUT, BROKEN_PIPE, NETWORK_FAILURE, PROTOCOL_ERROR,
                    TEAR_DOWN, UNRECOGNIZED -> word(self.connection());
        };
    }

    private static String word(Role role) {
        return switch (role) {
            case PRIMARY -> "Primary";
            case SECONDARY -> "Secondary";
            case UNKNOWN -> "Unknown";
            case UNRECOGNIZED -> throw unrecognized(role);
        };
    }

    private static String word(DiskState disk) {
        return switch (disk) {
            case DISKLESS -> "Diskless";
            case ATTACHING -> "Attaching";
            case DETACHING -> "Detaching";
            case FAILED -> "Failed";
            case NEGOTIATING -> "Negotiating";
            case INCONSISTENT -> "Inconsistent";
            case OUTDATED -> "Outdated";
            case DUNKNOWN -> "DUnknown";
            case CONSISTENT -> "Consistent";
            case UP_TO_DATE -> "UpToDate";
            case UNRECOGNIZED -> throw unrecognized(disk);
        };
    }

    private static String word(ConnectionState connection) {
        return switch (connection) {
            case STANDALONE -> "StandAlone";
            case DISCONNECTING -> "Disconnecting";
            case UNCONNECTED -> "Unconnected";
            case TIMEOUT -> "Timeout";
            case BROKEN_PIPE -> "BrokenPipe";
            case NETWORK_FAILURE -> "NetworkFailure";
            case PROTOCOL_ERROR -> "ProtocolError";
            case TEAR_DOWN -> "TearDown";
            case CONNECTING -> "Connecting";
            case CONNECTED -> "Connected";
            case UNRECOGNIZED -> throw unrecognized(connection);
        };
    }

    private static String word(ReplicationState replication) {
        return switch (replication) {
            case OFF -> "Off";
            case ESTABLISHED -> "Established";
            case STARTING_SYNC_S -> "StartingSyncS";
            case STARTING_SYNC_T -> "StartingSyncT";
            case WF_BITMAP_S -> "WFBitMapS";
            case WF_BITMAP_T -> "WFBitMapT";
            case WF_SYNC_UUID -> "WFSyncUUID";
            case SYNC_SOURCE -> "SyncSource";
            case SYNC_TARGET -> "SyncTarget";
            case PAUSED_SYNC_S -> "PausedSyncS";
            case PAUSED_SYNC_T -> "PausedSyncT";
            case VERIFY_S -> "VerifyS";
            case VERIFY_T -> "VerifyT";
            case AHEAD -> "Ahead";
            case BEHIND -> "Behind";
            case UNRECOGNIZED -> throw unrecognized(replication);
        };
    }

    private static IllegalStateException unrecognized(Enum<?> state) {
        return new IllegalStateException("the model holds only states DRBD has, not " + state);
    }
}

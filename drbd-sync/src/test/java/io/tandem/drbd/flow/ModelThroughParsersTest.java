package io.tandem.drbd.flow;

import static io.tandem.drbd.flow.DrbdPairModelTest.A;
import static io.tandem.drbd.flow.DrbdPairModelTest.B;
import static io.tandem.drbd.flow.DrbdPairModelTest.R;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tandem.drbd.config.Dialect;
import io.tandem.drbd.status.ConnectionState;
import io.tandem.drbd.status.DiskState;
import io.tandem.drbd.status.DrbdadmStatusParser;
import io.tandem.drbd.status.Events2Line;
import io.tandem.drbd.status.Events2State;
import io.tandem.drbd.status.ParseOutcome;
import io.tandem.drbd.status.PeerStatus;
import io.tandem.drbd.status.PeerVolumeStatus;
import io.tandem.drbd.status.ProcDrbdMinor;
import io.tandem.drbd.status.ProcDrbdParser;
import io.tandem.drbd.status.ProcDrbdStatus;
import io.tandem.drbd.status.ReplicationState;
import io.tandem.drbd.status.ResourceStatus;
import io.tandem.drbd.status.ResyncProgress;
import io.tandem.drbd.status.Role;
import io.tandem.drbd.status.SplitBrainAssessment;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The model through the parsers: at each step of the flows, each node's state is rendered as DRBD prints it
 * ({@link ModelStatusText}) and read back with the real parsers of {@code io.tandem.drbd.status}. Whatever the format,
 * the parsed roles, disks, connection, replication, peer states, out-of-sync amount and resync progress must be the
 * model's {@link NodeView}: the parsers and the model speak of the same states with the same words.
 */
class ModelThroughParsersTest {

    /** What a node's view and a parsed status both say, in the status package's enums. */
    private record Observed(Role role, DiskState disk, ConnectionState connection, Role peerRole,
            ReplicationState replication, DiskState peerDisk) {

        static Observed of(NodeView view) {
            return new Observed(view.role(), view.disk(), view.connection(), view.peerRole(), view.replication(),
                    view.peerDisk());
        }

        static Observed of(ResourceStatus status, PeerVolumeStatus peerVolume) {
            PeerStatus peer = status.peers().getFirst();
            return new Observed(status.role().state(), status.volume(0).orElseThrow().disk().state(),
                    peer.connection().state(), peer.role().state(), peerVolume.replication().state(),
                    peerVolume.peerDisk().state());
        }
    }

    private final DrbdPairModel model = new DrbdPairModel(R, A, B, ResourcePolicy.defaults(Dialect.V84));
    private final Flows flows = new Flows(model);
    /** The blocks the running resync started with: DRBD's rs_total, which the model does not keep. */
    private int resyncTotal;

    @Test
    void initialSyncReadsTheSameInEveryFormatAtEachResyncStep() {
        checkBothNodes("before any metadata");

        assertThat(flows.initialSync(A, B).isCompleted()).isTrue();
        resyncStarted(DrbdPairModel.DEVICE_BLOCKS);
        checkBothNodes("first sync started");
        model.write(A, 3, "written during the first sync");
        checkBothNodes("written during the first sync");
        model.resyncStep(10);
        checkBothNodes("after 10 blocks");
        model.resyncStep(25);
        checkBothNodes("after 35 blocks");
        model.resyncToCompletion(16);
        checkBothNodes("first sync done");
    }

    @Test
    void switchoverReadsTheSameInEveryFormat() {
        inService();

        assertThat(flows.switchover(A, B).isCompleted()).isTrue();
        checkBothNodes("after the switchover");
    }

    @Test
    void crashTakeoverAndReturnOfTheOldPrimaryReadTheSameInEveryFormat() {
        inService();

        model.crash(A);
        checkBothNodes("the primary crashed");
        assertThat(flows.takeover(B).isCompleted()).isTrue();
        model.write(B, 1, "b-1 after failover");
        model.write(B, 2, "b-2 after failover");
        checkBothNodes("the survivor took over");
        assertThat(flows.returnOfOldPrimary(A).isCompleted()).isTrue();
        resyncStarted(2);
        checkBothNodes("the old primary returned as SyncTarget");
        model.resyncStep(1);
        checkBothNodes("half of the resync");
        model.resyncStep(1);
        checkBothNodes("resync done");
    }

    @Test
    void splitBrainReadsTheSameInEveryFormatAndIsSuspectedFromTheParsedText() {
        inService();

        model.partition();
        checkBothNodes("link cut");
        model.write(A, 2, "a-2 during partition");
        assertThat(flows.takeover(B).isCompleted()).isTrue();
        model.write(B, 3, "b-3 during partition");
        checkBothNodes("both Primary while apart");
        assertThat(assessFromEvents2(A)).isInstanceOfSatisfying(SplitBrainAssessment.Suspected.class,
                suspected -> assertThat(suspected.evidence())
                        .anyMatch(line -> line.contains("both nodes are Primary")));

        model.heal();
        checkBothNodes("split brain detected");
        assertThat(assessFromEvents2(B)).isInstanceOfSatisfying(SplitBrainAssessment.Suspected.class,
                suspected -> assertThat(suspected.evidence())
                        .anyMatch(line -> line.contains("called the split-brain handler for img_server with peer "
                                + A))
                        .anyMatch(line -> line.contains("is StandAlone")));

        assertThat(flows.recoverSplitBrain(B, true).isCompleted()).isTrue();
        resyncStarted(2);
        checkBothNodes("victim resyncing");
        model.resyncToCompletion(1);
        checkBothNodes("split brain resolved");
    }

    private void inService() {
        assertThat(flows.initialSync(A, B).isCompleted()).isTrue();
        model.resyncToCompletion(16);
        model.mount(A);
        model.write(A, 1, "a-1");
        checkBothNodes("in service");
    }

    private void resyncStarted(int totalBlocks) {
        assertThat(model.isResyncing()).isTrue();
        assertThat(model.view(A).outOfSyncBlocks()).as("blocks to resync").isEqualTo(totalBlocks);
        resyncTotal = totalBlocks;
    }

    private void checkBothNodes(String step) {
        for (String node : List.of(A, B)) {
            NodeView view = model.view(node);
            ModelStatusText text = ModelStatusText.of(model, node, resyncTotal);
            String context = step + ", " + view;
            checkDrbdadmStatus(view, text.drbdadmStatus(), context);
            checkProcDrbd(view, text.procDrbd84(), context);
            checkEvents2(view, text.events2Now(), context);
        }
    }

    private void checkDrbdadmStatus(NodeView view, String text, String context) {
        List<ResourceStatus> resources = parsed(DrbdadmStatusParser.parse(text), text);
        if (!view.up()) {
            assertThat(resources).as(context + "\n" + text).isEmpty();
            return;
        }
        ResourceStatus status = resources.getFirst();
        assertThat(resources).as(text).hasSize(1);
        assertThat(status.name()).isEqualTo(R);
        PeerStatus peer = status.peer(model.peerOf(view.node())).orElseThrow();
        PeerVolumeStatus peerVolume;
        if (view.isConnected()) {
            peerVolume = peer.volume(0).orElseThrow();
        } else {
            // The short form lists no peer volume while not connected: nothing is replicated, the peer disk unknown.
            assertThat(peer.volumes()).as(context + "\n" + text).isEmpty();
            peerVolume = new PeerVolumeStatus(0, ReplicationState.fromWord("Off"), DiskState.fromWord("DUnknown"),
                    Optional.empty(), OptionalLong.empty());
        }
        assertThat(Observed.of(status, peerVolume)).as(context + "\ndrbdadm status:\n" + text)
                .isEqualTo(Observed.of(view));
        // done: has two decimals.
        checkProgress(view, peerVolume.resync(), 0.005, context + "\n" + text);
    }

    private void checkProcDrbd(NodeView view, String text, String context) {
        ProcDrbdStatus proc = parsed(ProcDrbdParser.parse(text), text);
        if (!view.up()) {
            assertThat(proc.minors()).as(context + "\n" + text).isEmpty();
            return;
        }
        var minor = (ProcDrbdMinor.Configured) proc.minor(0).orElseThrow();
        ResourceStatus status = minor.toResourceStatus(R, 0);
        PeerVolumeStatus peerVolume = status.peers().getFirst().volume(0).orElseThrow();
        assertThat(Observed.of(status, peerVolume)).as(context + "\n/proc/drbd:\n" + text)
                .isEqualTo(Observed.of(view));
        assertThat(peerVolume.outOfSyncKib()).as(text).hasValue(outOfSyncKib(view));
        // sync'ed: has one decimal, cut rather than rounded.
        checkProgress(view, peerVolume.resync(), 0.1, context + "\n" + text);
    }

    private void checkEvents2(NodeView view, List<String> lines, String context) {
        Events2State state = new Events2State();
        for (int i = 0; i < lines.size(); i++) {
            parsed(state.apply(lines.get(i), i + 1), String.join("\n", lines));
        }
        assertThat(state.isInitialStateComplete()).isTrue();
        Optional<ResourceStatus> resource = state.resource(R);
        if (!view.up()) {
            assertThat(resource).as(context).isEmpty();
            return;
        }
        ResourceStatus status = resource.orElseThrow();
        PeerStatus peer = status.peer(model.peerOf(view.node())).orElseThrow();
        assertThat(peer.nodeId()).hasValue(model.firstNode().equals(model.peerOf(view.node())) ? 0 : 1);
        PeerVolumeStatus peerVolume = peer.volume(0).orElseThrow();
        String text = String.join("\n", lines);
        assertThat(Observed.of(status, peerVolume)).as(context + "\nevents2:\n" + text).isEqualTo(Observed.of(view));
        assertThat(peerVolume.outOfSyncKib()).as(text).hasValue(outOfSyncKib(view));
        checkProgress(view, peerVolume.resync(), 0.005, context + "\n" + text);
    }

    private void checkProgress(NodeView view, Optional<ResyncProgress> parsed, double resolution, String context) {
        if (!view.replication().isResyncing()) {
            assertThat(parsed).as(context).isEmpty();
            return;
        }
        double expected = 100.0 * (resyncTotal - view.outOfSyncBlocks()) / resyncTotal;
        assertThat(parsed).as(context).isPresent();
        assertThat(parsed.get().percentDone()).as(context).isCloseTo(expected, within(resolution));
    }

    /** The parsed split-brain verdict for {@code node}, from both nodes' events2 text and this node's handler calls. */
    private SplitBrainAssessment.Verdict assessFromEvents2(String node) {
        Events2State local = events2(node);
        Optional<ResourceStatus> peer = events2(model.peerOf(node)).resource(R);
        return SplitBrainAssessment.assess(local.resource(R).orElseThrow(), peer, local.splitBrainHandlerCalls(),
                List.of());
    }

    private Events2State events2(String node) {
        ModelStatusText text = ModelStatusText.of(model, node, resyncTotal);
        Events2State state = new Events2State();
        int lineNumber = 0;
        for (String line : text.events2Now()) {
            parsed(state.apply(line, ++lineNumber), line);
        }
        for (String line : text.events2SplitBrainCalls()) {
            Events2Line call = parsed(state.apply(line, ++lineNumber), line);
            assertThat(call).isInstanceOf(Events2Line.ObjectEvent.class);
        }
        return state;
    }

    private static long outOfSyncKib(NodeView view) {
        return (long) view.outOfSyncBlocks() * ModelStatusText.KIB_PER_BLOCK;
    }

    private static <T> T parsed(ParseOutcome<T> outcome, String text) {
        return switch (outcome) {
            case ParseOutcome.Parsed<T> parsed -> parsed.status();
            case ParseOutcome.UnknownFormat<T> unknown -> throw new AssertionError("the parser refused the model's "
                    + "text at " + unknown + ":\n" + text);
        };
    }
}

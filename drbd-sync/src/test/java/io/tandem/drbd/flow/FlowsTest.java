package io.tandem.drbd.flow;

import static io.tandem.drbd.flow.DrbdPairModelTest.A;
import static io.tandem.drbd.flow.DrbdPairModelTest.B;
import static io.tandem.drbd.flow.DrbdPairModelTest.R;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.drbd.config.Dialect;
import io.tandem.drbd.status.ConnectionState;
import io.tandem.drbd.status.DiskState;
import io.tandem.drbd.status.ReplicationState;
import io.tandem.drbd.status.Role;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Flows A–E of the DRBD notes (section 6.3) run against the model: final states and whose writes survive. */
class FlowsTest {

    private static DrbdPairModel inService(ResourcePolicy policy) {
        DrbdPairModel model = new DrbdPairModel(R, A, B, policy);
        assertThat(new Flows(model).initialSync(A, B).isCompleted()).isTrue();
        model.resyncToCompletion(16);
        model.mount(A);
        model.write(A, 1, "a-1");
        return model;
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void initialSyncOverwritesThePeerFromTheChosenSource(Dialect dialect) {
        DrbdPairModel model = new DrbdPairModel(R, A, B, ResourcePolicy.defaults(dialect));

        FlowOutcome outcome = new Flows(model).initialSync(A, B);
        model.write(A, 3, "written during the first sync");
        int left = model.resyncStep(10);

        assertThat(outcome.isCompleted()).as(outcome.toString()).isTrue();
        assertThat(left).isPositive();
        assertThat(model.view(B).replication()).isEqualTo(ReplicationState.SYNC_TARGET);
        model.resyncToCompletion(10);
        assertThat(model.view(A)).returns(Role.PRIMARY, NodeView::role).returns(DiskState.UP_TO_DATE, NodeView::disk)
                .returns(DiskState.UP_TO_DATE, NodeView::peerDisk);
        assertThat(model.read(B, 3)).contains("written during the first sync");
    }

    @Test
    void initialSyncRefusesANodeThatAlreadyHoldsData() {
        DrbdPairModel model = inService(ResourcePolicy.defaults(Dialect.V84));

        FlowOutcome outcome = new Flows(model).initialSync(B, A);

        assertThat(outcome).isInstanceOfSatisfying(FlowOutcome.Stopped.class, stopped -> assertThat(stopped.message())
                .contains("already holds DRBD data").contains("drbdadm get-gi img_server"));
    }

    @Test
    void switchoverMovesThePrimaryWithoutResync() {
        DrbdPairModel model = inService(ResourcePolicy.defaults(Dialect.V84));

        FlowOutcome outcome = new Flows(model).switchover(A, B);
        model.write(B, 2, "b-2");

        assertThat(outcome.isCompleted()).as(outcome.toString()).isTrue();
        assertThat(model.view(B)).returns(Role.PRIMARY, NodeView::role).returns(true, NodeView::mounted)
                .returns(ReplicationState.ESTABLISHED, NodeView::replication);
        assertThat(model.view(A)).returns(Role.SECONDARY, NodeView::role).returns(false, NodeView::mounted);
        assertThat(model.isResyncing()).isFalse();
        assertThat(model.read(A, 1)).contains("a-1");
        assertThat(model.read(A, 2)).contains("b-2");
        assertThat(((FlowOutcome.Completed) outcome).transcript()).containsExactly(
                A + ": umount $(drbdadm sh-dev img_server)", A + ": drbdadm secondary img_server",
                B + ": drbdadm primary img_server", B + ": mount $(drbdadm sh-dev img_server)");
    }

    @Test
    void switchoverRetriesTheDemoteWhileTheDeviceIsHeldAsDrbddiskDoes() {
        DrbdPairModel model = inService(ResourcePolicy.defaults(Dialect.V84));
        model.holdOpen(A, 2);
        List<Integer> pauses = new ArrayList<>();

        FlowOutcome outcome = new Flows(model, 3, (node, attempt) -> pauses.add(attempt)).switchover(A, B);

        assertThat(outcome.isCompleted()).as(outcome.toString()).isTrue();
        assertThat(pauses).containsExactly(1, 2);
        assertThat(model.view(B).role()).isEqualTo(Role.PRIMARY);
    }

    @Test
    void switchoverStopsAfterTheLastDemoteAttemptAndLeavesTheOldPrimaryServing() {
        DrbdPairModel model = inService(ResourcePolicy.defaults(Dialect.V84));
        model.holdOpen(A, 10);

        FlowOutcome outcome = new Flows(model).switchover(A, B);

        assertThat(outcome).isInstanceOfSatisfying(FlowOutcome.Stopped.class, stopped -> {
            assertThat(stopped.reason()).contains("device is mounted").contains("3 attempts");
            assertThat(stopped.recoveryCommands()).contains("on " + A + ": drbdadm secondary img_server");
        });
        assertThat(model.view(A).role()).isEqualTo(Role.PRIMARY);
        assertThat(model.view(B).role()).isEqualTo(Role.SECONDARY);
    }

    @Test
    void switchoverRefusesDuringAResync() {
        DrbdPairModel model = inService(ResourcePolicy.defaults(Dialect.V84));
        model.crash(B);
        model.write(A, 2, "while B was away");
        model.up(B);

        FlowOutcome outcome = new Flows(model).switchover(A, B);

        assertThat(outcome).isInstanceOfSatisfying(FlowOutcome.Stopped.class,
                stopped -> assertThat(stopped.reason()).contains("no resync running"));
        assertThat(model.view(A).role()).isEqualTo(Role.PRIMARY);
    }

    @ParameterizedTest
    @EnumSource(ResourcePolicy.Fencing.class)
    void survivorTakesOverAfterThePrimaryCrashesAndTheOldPrimaryResyncsFromIt(ResourcePolicy.Fencing fencing) {
        DrbdPairModel model = inService(ResourcePolicy.defaults(Dialect.V84).withFencing(fencing));
        model.crash(A);
        Flows flows = new Flows(model);

        FlowOutcome takeover = flows.takeover(B);
        model.write(B, 2, "b-2 after failover");
        model.write(B, 1, "b-1 overwrites a-1");

        assertThat(takeover.isCompleted()).as(takeover.toString()).isTrue();
        assertThat(model.view(B)).returns(Role.PRIMARY, NodeView::role).returns(true, NodeView::mounted)
                .returns(ConnectionState.CONNECTING, NodeView::connection);
        if (fencing == ResourcePolicy.Fencing.RESOURCE_ONLY) {
            assertThat(model.kernelLog()).anyMatch(line -> line.contains("fence-peer img_server exit code 5"));
        }

        FlowOutcome back = flows.returnOfOldPrimary(A);

        assertThat(back.isCompleted()).as(back.toString()).isTrue();
        assertThat(model.view(A)).returns(Role.SECONDARY, NodeView::role)
                .returns(ReplicationState.SYNC_TARGET, NodeView::replication).returns(2, NodeView::outOfSyncBlocks);
        model.resyncToCompletion(1);
        assertThat(model.blocks(A)).isEqualTo(model.blocks(B)).containsEntry(1, "b-1 overwrites a-1")
                .containsEntry(2, "b-2 after failover");
        assertThat(model.view(A).disk()).isEqualTo(DiskState.UP_TO_DATE);
    }

    @Test
    void takeoverRefusesAnOutdatedSurvivorWithTheRecoveryCommands() {
        DrbdPairModel model = inService(ResourcePolicy.defaults(Dialect.V84)
                .withFencing(ResourcePolicy.Fencing.RESOURCE_ONLY));
        model.partition(); // A is alive: its fence-peer outdates B over the heartbeat path

        FlowOutcome outcome = new Flows(model).takeover(B);

        assertThat(outcome).isInstanceOfSatisfying(FlowOutcome.Stopped.class, stopped -> {
            assertThat(stopped.reason()).contains("Outdated");
            assertThat(stopped.recoveryCommands()).contains("on " + A + ": drbdadm primary img_server");
        });
        assertThat(model.view(B).role()).isEqualTo(Role.SECONDARY);
    }

    @Test
    void takeoverOfAConsistentSurvivorIsRefusedWhileForcingIsOnlyOffered() {
        DrbdPairModel model = inService(ResourcePolicy.defaults(Dialect.V84));
        model.crash(B);
        model.crash(A);
        model.up(B); // rebooted alone: Consistent, not UpToDate

        FlowOutcome outcome = new Flows(model).takeover(B);

        assertThat(outcome).isInstanceOfSatisfying(FlowOutcome.Stopped.class, stopped -> assertThat(stopped.message())
                .contains("Consistent, not UpToDate").contains("drbdadm primary --force img_server"));
        assertThat(model.view(B).role()).isEqualTo(Role.SECONDARY);
    }

    private static DrbdPairModel splitBrained(ResourcePolicy policy) {
        DrbdPairModel model = inService(policy);
        model.partition();
        model.write(A, 2, "a-2 during partition");
        new Flows(model).takeover(B); // heartbeat on a single path declared A dead
        model.write(B, 3, "b-3 during partition");
        model.heal();
        return model;
    }

    @Test
    void splitBrainIsDetectedAndStopsWithBothRecoveriesButIsNotResolvedByDefault() {
        DrbdPairModel model = splitBrained(ResourcePolicy.defaults(Dialect.V84));

        FlowOutcome outcome = new Flows(model).checkSplitBrain();

        assertThat(outcome).isInstanceOfSatisfying(FlowOutcome.Stopped.class, stopped -> {
            assertThat(stopped.reason()).contains("Split-Brain detected but unresolved").contains("never picks");
            assertThat(stopped.recoveryCommands()).containsSubsequence(
                    "# to keep the data of " + A + " (" + B + " is the victim):",
                    "on " + B + ": drbdadm disconnect img_server", "on " + B + ": drbdadm secondary img_server",
                    "on " + B + ": drbdadm connect --discard-my-data img_server",
                    "on " + A + ": drbdadm connect img_server");
        });
        assertThat(model.view(A).connection()).isEqualTo(ConnectionState.STANDALONE);
        assertThat(model.view(B).connection()).isEqualTo(ConnectionState.STANDALONE);
        assertThat(model.read(A, 3)).isEmpty();
        assertThat(model.read(B, 2)).isEmpty();
    }

    @Test
    void recoveryRefusesAPrimaryVictimUnlessTheOperatorConfirmed() {
        DrbdPairModel model = splitBrained(ResourcePolicy.defaults(Dialect.V84));

        FlowOutcome outcome = new Flows(model).recoverSplitBrain(B, false);

        assertThat(outcome).isInstanceOfSatisfying(FlowOutcome.Stopped.class,
                stopped -> assertThat(stopped.reason()).contains("this side is Primary"));
        assertThat(model.view(B).role()).isEqualTo(Role.PRIMARY);
    }

    @Test
    void recoveryDiscardsTheVictimsWritesAndResyncsItFromTheSurvivor() {
        DrbdPairModel model = splitBrained(ResourcePolicy.defaults(Dialect.V84));

        FlowOutcome outcome = new Flows(model).recoverSplitBrain(B, true);

        assertThat(outcome.isCompleted()).as(outcome.toString()).isTrue();
        assertThat(model.view(B)).returns(Role.SECONDARY, NodeView::role)
                .returns(ReplicationState.SYNC_TARGET, NodeView::replication);
        model.resyncToCompletion(1);
        assertThat(model.blocks(B)).isEqualTo(model.blocks(A));
        assertThat(model.read(B, 2)).contains("a-2 during partition");
        assertThat(model.read(B, 3)).as("the victim's write is rolled back").isEmpty();
        assertThat(model.view(A)).returns(Role.PRIMARY, NodeView::role).returns(DiskState.UP_TO_DATE, NodeView::peerDisk);
    }

    @Test
    void discardZeroChangesResolvesASplitBrainWhereOnlyOneSideWrote() {
        DrbdPairModel model = inService(ResourcePolicy.defaults(Dialect.V84)
                .withAfterSb0Pri(ResourcePolicy.AfterSb0Pri.DISCARD_ZERO_CHANGES));
        Flows flows = new Flows(model);
        model.partition();
        model.write(A, 2, "a-2 during partition");
        assertThat(flows.takeover(B).isCompleted()).isTrue(); // B promoted but wrote nothing
        model.umount(A);
        model.secondary(A);
        model.umount(B);
        model.secondary(B);
        model.heal();

        assertThat(flows.checkSplitBrain().isCompleted()).isTrue();
        assertThat(model.kernelLog()).anyMatch(line -> line.contains("automatically solved"));
        model.resyncToCompletion(4);
        assertThat(model.read(B, 2)).contains("a-2 during partition");
    }

    @Test
    void discardZeroChangesDoesNotApplyWhenBothSidesWrote() {
        DrbdPairModel model = inService(ResourcePolicy.defaults(Dialect.V84)
                .withAfterSb0Pri(ResourcePolicy.AfterSb0Pri.DISCARD_ZERO_CHANGES));
        Flows flows = new Flows(model);
        model.partition();
        model.write(A, 2, "a-2");
        flows.takeover(B);
        model.write(B, 3, "b-3");
        for (String node : List.of(A, B)) {
            model.umount(node);
            model.secondary(node);
        }
        model.heal();

        assertThat(flows.checkSplitBrain()).isInstanceOfSatisfying(FlowOutcome.Stopped.class,
                stopped -> assertThat(stopped.reason()).contains("unresolved"));
        assertThat(model.kernelLog()).anyMatch(line -> line.contains("discard-zero-changes does not apply"));
    }
}

package io.tandem.drbd.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.drbd.command.CommandPlan;
import io.tandem.drbd.command.CommandPlanner;
import io.tandem.drbd.config.Dialect;
import io.tandem.drbd.command.Intent;
import io.tandem.drbd.command.PlannedCommand;
import io.tandem.drbd.status.ConnectionState;
import io.tandem.drbd.status.DiskState;
import io.tandem.drbd.status.ReplicationState;
import io.tandem.drbd.status.Role;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The model against the DRBD notes' state machine (section 6): handshake rows, refusals and data direction. */
class DrbdPairModelTest {

    static final String R = "img_server";
    static final String A = "wshuttle-test1";
    static final String B = "wshuttle-test2";

    static DrbdPairModel syncedPair(ResourcePolicy policy) {
        DrbdPairModel model = new DrbdPairModel(R, A, B, policy);
        model.createMetadata(A);
        model.createMetadata(B);
        model.up(A);
        model.up(B);
        model.primary(A, true);
        model.resyncToCompletion(100);
        return model;
    }

    @Test
    void freshPairConnectsInconsistentWithoutSyncingUntilTheFirstSyncIsForced() {
        DrbdPairModel model = new DrbdPairModel(R, A, B, ResourcePolicy.defaults(Dialect.V84));
        model.createMetadata(A);
        model.createMetadata(B);
        model.up(A);
        model.up(B);

        assertThat(model.view(A)).returns(ConnectionState.CONNECTED, NodeView::connection)
                .returns(DiskState.INCONSISTENT, NodeView::disk).returns(DiskState.INCONSISTENT, NodeView::peerDisk)
                .returns(ReplicationState.ESTABLISHED, NodeView::replication);
        assertThat(model.isResyncing()).isFalse();
        assertThat(model.kernelLog()).anyMatch(line -> line.contains("first sync must be started by hand"));
    }

    @Test
    void refusesToPromoteInconsistentDataWithoutForceAsDrbdDoesWithExit17() {
        DrbdPairModel model = new DrbdPairModel(R, A, B, ResourcePolicy.defaults(Dialect.V84));
        model.createMetadata(A);
        model.up(A);

        assertThatThrownBy(() -> model.primary(A, false)).isInstanceOfSatisfying(DrbdRefusedException.class,
                refused -> assertThat(refused.exitCode()).isEqualTo(17))
                .hasMessageContaining("Need access to UpToDate data");
        assertThat(model.view(A).role()).isEqualTo(Role.SECONDARY);
    }

    @Test
    void refusesASecondPrimaryWhileConnectedWithExit11() {
        DrbdPairModel model = syncedPair(ResourcePolicy.defaults(Dialect.V84));

        assertThatThrownBy(() -> model.primary(B, false)).isInstanceOfSatisfying(DrbdRefusedException.class,
                refused -> assertThat(refused.exitCode()).isEqualTo(11))
                .hasMessageContaining("Multiple primaries not allowed by config");
    }

    @Test
    void refusesToDemoteAMountedDeviceWithExit11() {
        DrbdPairModel model = syncedPair(ResourcePolicy.defaults(Dialect.V84));
        model.mount(A);

        assertThatThrownBy(() -> model.secondary(A)).isInstanceOfSatisfying(DrbdRefusedException.class,
                refused -> assertThat(refused.exitCode()).isEqualTo(11))
                .hasMessageContaining("Device is held open by someone");
    }

    @Test
    void refusesToRecreateMetadataThatHasGenerations() {
        DrbdPairModel model = syncedPair(ResourcePolicy.defaults(Dialect.V84));
        model.down(B);

        assertThatThrownBy(() -> model.createMetadata(B)).isInstanceOf(DrbdRefusedException.class)
                .hasMessageContaining("forces a full resync");
    }

    @Test
    void firstSyncCopiesTheSourceOverThePeerAndEndsUpToDateOnBothSides() {
        DrbdPairModel model = new DrbdPairModel(R, A, B, ResourcePolicy.defaults(Dialect.V84));
        model.createMetadata(A);
        model.createMetadata(B);
        model.up(A);
        model.up(B);
        model.primary(A, true);
        model.write(A, 1, "a1");

        assertThat(model.view(A)).returns(ReplicationState.SYNC_SOURCE, NodeView::replication)
                .returns(DiskState.UP_TO_DATE, NodeView::disk).returns(DiskState.INCONSISTENT, NodeView::peerDisk);
        model.resyncToCompletion(8);

        assertThat(model.view(B)).returns(DiskState.UP_TO_DATE, NodeView::disk)
                .returns(ReplicationState.ESTABLISHED, NodeView::replication);
        assertThat(model.read(B, 1)).contains("a1");
        assertThat(model.view(B).generations().current()).isEqualTo(model.view(A).generations().current());
    }

    @Test
    void returningSecondaryBecomesSyncTargetOfTheBitmapAfterItsOutage() {
        DrbdPairModel model = syncedPair(ResourcePolicy.defaults(Dialect.V84));
        model.write(A, 1, "before");
        model.crash(B);
        model.write(A, 2, "during outage");

        NodeView primary = model.view(A);
        assertThat(primary.generations().bitmap()).as("the Primary opened a bitmap generation").isNotZero();
        model.up(B);

        assertThat(model.view(B).replication()).isEqualTo(ReplicationState.SYNC_TARGET);
        assertThat(model.view(B).outOfSyncBlocks()).isEqualTo(1);
        model.resyncToCompletion(10);
        assertThat(model.blocks(B)).isEqualTo(model.blocks(A));
    }

    @Test
    void bothPromotedWhilePartitionedIsASplitBrainLeftUnresolvedByDefault() {
        DrbdPairModel model = syncedPair(ResourcePolicy.defaults(Dialect.V84));
        model.partition();
        model.write(A, 1, "a");
        model.primary(B, false);
        model.write(B, 2, "b");
        model.heal();

        assertThat(model.view(A).connection()).isEqualTo(ConnectionState.STANDALONE);
        assertThat(model.view(B).connection()).isEqualTo(ConnectionState.STANDALONE);
        assertThat(model.kernelLog()).anyMatch(line -> line.contains("Split-Brain detected but unresolved"));
        assertThat(model.splitBrainHandlerCalls()).containsExactly(A + " " + B, B + " " + A);
        assertThat(model.read(A, 2)).isEmpty();
        assertThat(model.read(B, 1)).isEmpty();
    }

    @Test
    void aConnectedPairWithoutDiscardingSideStaysSplitBrained() {
        DrbdPairModel model = syncedPair(ResourcePolicy.defaults(Dialect.V84));
        model.partition();
        model.primary(B, false);
        model.heal();

        model.connect(A, false);
        model.connect(B, false);

        assertThat(model.view(A).connection()).isEqualTo(ConnectionState.STANDALONE);
        assertThat(model.splitBrainHandlerCalls()).hasSize(4);
    }

    @Test
    void primaryRefusesToBecomeSyncTargetOnDiscardingConnect() {
        DrbdPairModel model = syncedPair(ResourcePolicy.defaults(Dialect.V84));
        model.partition();
        model.primary(B, false);
        model.heal();

        model.connect(A, true);
        model.connect(B, false);

        assertThat(model.kernelLog()).anyMatch(line -> line.contains("I shall become SyncTarget, but I am primary!"));
        assertThat(model.view(A).connection()).isEqualTo(ConnectionState.STANDALONE);
    }

    @Test
    void fencingResourceOnlyOutdatesTheSecondaryWhenThePrimaryLosesTheLink() {
        DrbdPairModel model = syncedPair(ResourcePolicy.defaults(Dialect.V84)
                .withFencing(ResourcePolicy.Fencing.RESOURCE_ONLY));
        model.partition();

        assertThat(model.view(B).disk()).isEqualTo(DiskState.OUTDATED);
        assertThatThrownBy(() -> model.primary(B, false)).isInstanceOf(DrbdRefusedException.class)
                .hasMessageContaining("Need access to UpToDate data (local disk is OUTDATED)");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void acceptsEveryNodeLocalPlanOfTheFlowsAsThePlannerSpellsIt(Dialect dialect) {
        DrbdPairModel model = new DrbdPairModel(R, A, B, ResourcePolicy.defaults(dialect));
        CommandPlanner planner = new CommandPlanner(dialect);
        for (String node : List.of(A, B)) {
            runPlan(model, node, planner.plan(new Intent.CreateMetadata(), R));
            runPlan(model, node, planner.plan(new Intent.BringUp(), R));
        }
        runPlan(model, A, planner.plan(new Intent.FirstSyncOverwritingPeer(), R));
        model.resyncToCompletion(10);
        runPlan(model, A, planner.plan(new Intent.Demote(), R));
        runPlan(model, B, planner.plan(new Intent.Promote(false), R));
        model.crash(B);
        runPlan(model, A, planner.plan(new Intent.Promote(false), R));
        model.up(B);
        model.resyncToCompletion(10);
        // A split brain, then the recovery plans: B is the victim.
        model.partition();
        model.primary(B, false);
        model.write(B, 7, "victim");
        model.heal();
        runPlan(model, B, planner.plan(new Intent.ReconnectAfterSplitBrainDiscarding(), R));
        runPlan(model, A, planner.plan(new Intent.ReconnectSurvivor(), R));

        assertThat(model.view(B).replication()).isEqualTo(ReplicationState.SYNC_TARGET);
        model.resyncToCompletion(10);
        assertThat(model.read(B, 7)).isEmpty();
    }

    @Test
    void drbdadm83RejectsTheDiscardOptionAfterTheSubcommand() {
        DrbdPairModel model = syncedPair(ResourcePolicy.defaults(Dialect.V83));
        model.disconnect(B);

        assertThatThrownBy(() -> model.run(B, List.of("drbdadm", "connect", "--discard-my-data", R)))
                .isInstanceOfSatisfying(DrbdRefusedException.class, e -> assertThat(e.exitCode()).isEqualTo(20))
                .hasMessageContaining("unrecognized option");
    }

    static void runPlan(DrbdPairModel model, String node, CommandPlan plan) {
        for (PlannedCommand step : plan.local().steps()) {
            model.run(node, step.argv());
        }
    }
}

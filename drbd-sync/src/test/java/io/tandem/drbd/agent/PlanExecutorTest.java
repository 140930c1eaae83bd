package io.tandem.drbd.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.drbd.command.Intent;
import io.tandem.drbd.command.PlannedCommand;
import io.tandem.drbd.config.Dialect;
import io.tandem.drbd.flow.DrbdPairModel;
import io.tandem.drbd.flow.Flows;
import io.tandem.drbd.flow.ModelLocalDrbd;
import io.tandem.drbd.flow.NodeView;
import io.tandem.drbd.flow.ResourcePolicy;
import io.tandem.drbd.status.ConnectionState;
import io.tandem.drbd.status.DiskState;
import io.tandem.drbd.status.Role;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Intents carried out on one node of the model: the guarding check, the steps, a dry run, a failing step. */
class PlanExecutorTest {

    private static final String R = "img_server";
    private static final String A = "wshuttle-test1";
    private static final String B = "wshuttle-test2";

    private static PlanExecutor on(DrbdPairModel model, String node) {
        return new PlanExecutor(new ModelLocalDrbd(model, node));
    }

    private static DrbdPairModel inService() {
        DrbdPairModel model = new DrbdPairModel(R, A, B, ResourcePolicy.defaults(Dialect.V84));
        assertThat(new Flows(model).initialSync(A, B).isCompleted()).isTrue();
        model.resyncToCompletion(16);
        return model;
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void theFirstSyncRunsBetweenTwoFreshDisksAndADryRunChangesNothing(Dialect dialect) {
        DrbdPairModel model = new DrbdPairModel(R, A, B, ResourcePolicy.defaults(dialect));
        for (String node : List.of(A, B)) {
            assertThat(on(model, node).execute(new Intent.CreateMetadata(), R, false, false))
                    .isInstanceOf(PlanExecutor.Outcome.Done.class);
            assertThat(on(model, node).execute(new Intent.BringUp(), R, false, false))
                    .isInstanceOf(PlanExecutor.Outcome.Done.class);
        }

        PlanExecutor.Outcome dryRun = on(model, A).execute(new Intent.FirstSyncOverwritingPeer(), R, false, true);
        assertThat(model.view(A).role()).isEqualTo(Role.SECONDARY);
        PlanExecutor.Outcome done = on(model, A).execute(new Intent.FirstSyncOverwritingPeer(), R, false, false);

        assertThat(dryRun).isInstanceOfSatisfying(PlanExecutor.Outcome.WouldRun.class, would -> assertThat(
                would.steps()).extracting(PlannedCommand::commandLine).containsExactly(dialect == Dialect.V83
                        ? "drbdadm -- --overwrite-data-of-peer primary img_server"
                        : "drbdadm primary --force img_server"));
        assertThat(done).isInstanceOf(PlanExecutor.Outcome.Done.class);
        assertThat(model.view(A)).returns(Role.PRIMARY, NodeView::role).returns(DiskState.UP_TO_DATE, NodeView::disk);
        assertThat(model.view(B).disk()).isEqualTo(DiskState.INCONSISTENT);
    }

    @Test
    void theFirstSyncIsRefusedOnceTheDisksHoldData() {
        DrbdPairModel model = inService();

        PlanExecutor.Outcome outcome = on(model, B).execute(new Intent.FirstSyncOverwritingPeer(), R, false, false);

        assertThat(outcome).isInstanceOfSatisfying(PlanExecutor.Outcome.Refused.class, refused -> assertThat(
                refused.refusal().reason()).contains("Refusing the first sync of img_server")
                .contains("UPTODATE/UPTODATE"));
        assertThat(model.view(B).role()).isEqualTo(Role.SECONDARY);
    }

    @Test
    void aFailingStepIsReportedWithItsExitCodeAndWhatWasNotRun() {
        DrbdPairModel model = inService();

        PlanExecutor.Outcome outcome = on(model, B).execute(new Intent.Promote(false), R, false, false);

        assertThat(outcome).isInstanceOfSatisfying(PlanExecutor.Outcome.StepFailed.class, failed -> {
            assertThat(failed.failed().commandLine()).isEqualTo("drbdadm primary img_server");
            assertThat(failed.outcome().exitCode()).isEqualTo(11);
            assertThat(failed.outcome().output()).contains("Multiple primaries not allowed");
            assertThat(failed.ran()).isEmpty();
        });
    }

    @Test
    void theSplitBrainVictimDiscardsOnlyWhenTheOperatorNamedIt() {
        DrbdPairModel model = inService();
        model.mount(A);
        model.partition();
        model.write(A, 2, "a-2");
        assertThat(on(model, B).execute(new Intent.Promote(false), R, false, false))
                .isInstanceOf(PlanExecutor.Outcome.Done.class);
        model.write(B, 3, "b-3");
        model.heal();
        assertThat(model.view(B).connection()).isEqualTo(ConnectionState.STANDALONE);

        PlanExecutor.Outcome unconfirmed = on(model, B).execute(new Intent.ReconnectAfterSplitBrainDiscarding(), R,
                false, false);
        PlanExecutor.Outcome confirmed = on(model, B).execute(new Intent.ReconnectAfterSplitBrainDiscarding(), R,
                true, false);
        on(model, A).execute(new Intent.ReconnectSurvivor(), R, false, false);
        model.resyncToCompletion(16);

        assertThat(unconfirmed).isInstanceOfSatisfying(PlanExecutor.Outcome.Refused.class, refused -> assertThat(
                refused.refusal().reason()).contains("this side is Primary"));
        assertThat(confirmed).as(confirmed.toString()).isInstanceOf(PlanExecutor.Outcome.Done.class);
        assertThat(model.read(B, 2)).contains("a-2");
        assertThat(model.read(B, 3)).isEmpty();
    }

    @Test
    void aSwitchoverIsNotAOneNodeIntent() {
        assertThatThrownBy(() -> on(inService(), A).execute(new Intent.PlannedSwitchover(A, B), R, false, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("runs on two nodes");
    }
}

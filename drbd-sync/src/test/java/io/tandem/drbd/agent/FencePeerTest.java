package io.tandem.drbd.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.drbd.config.Dialect;
import io.tandem.drbd.flow.DrbdPairModel;
import io.tandem.drbd.flow.Flows;
import io.tandem.drbd.flow.ModelLocalDrbd;
import io.tandem.drbd.flow.ResourcePolicy;
import io.tandem.drbd.status.DiskState;
import org.junit.jupiter.api.Test;

/** The peer's side of tandem's fence-peer handler, against the model. */
class FencePeerTest {

    private static final String R = "img_server";
    private static final String A = "wshuttle-test1";
    private static final String B = "wshuttle-test2";

    private static DrbdPairModel partitioned() {
        DrbdPairModel model = new DrbdPairModel(R, A, B, ResourcePolicy.defaults(Dialect.V84));
        assertThat(new Flows(model).initialSync(A, B).isCompleted()).isTrue();
        model.resyncToCompletion(16);
        model.partition();
        return model;
    }

    @Test
    void anUpToDateSecondaryOutdatesItselfSoItCanNoLongerBePromoted() {
        DrbdPairModel model = partitioned();

        FencePeer.Answer answer = FencePeer.outdateHere(new ModelLocalDrbd(model, B), R);

        assertThat(answer).isEqualTo(new FencePeer.Answer(4, "img_server outdated here"));
        assertThat(model.view(B).disk()).isEqualTo(DiskState.OUTDATED);
        assertThat(new DrbdDisk(R, new ModelLocalDrbd(model, B), new DrbdDisk.Patience(1, 1,
                java.time.Duration.ZERO), (action, attempt, d) -> {}).start().exitCode()).isEqualTo(1);
    }

    @Test
    void aPrimaryAnswersThatTheAskerMustOutdateItself() {
        DrbdPairModel model = partitioned();

        assertThat(FencePeer.outdateHere(new ModelLocalDrbd(model, A), R).exitCode())
                .isEqualTo(FencePeer.PEER_IS_PRIMARY);
        assertThat(model.view(A).disk()).isEqualTo(DiskState.UP_TO_DATE);
    }

    @Test
    void anOutdatedDiskIsReportedAsAlreadyOutdated() {
        DrbdPairModel model = partitioned();
        FencePeer.outdateHere(new ModelLocalDrbd(model, B), R);

        assertThat(FencePeer.outdateHere(new ModelLocalDrbd(model, B), R).exitCode())
                .isEqualTo(FencePeer.PEER_ALREADY_OUTDATED);
    }
}

package io.tandem.drbd.status;

import static io.tandem.drbd.status.Fixtures.parsed;
import static io.tandem.drbd.status.Fixtures.read;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SplitBrainAssessmentTest {

    private static final ResourceStatus STANDALONE_PRIMARY =
            parsed(StatusJsonParser.parse(read("drbdsetup-status-json-standalone.json"))).getFirst();

    @Test
    void doesNotSuspectAPlainStandAloneWithoutOtherSignals() {
        assertThat(SplitBrainAssessment.assess(STANDALONE_PRIMARY, Optional.empty(), List.of(), List.of()))
                .isInstanceOf(SplitBrainAssessment.NotSuspected.class);
    }

    @Test
    void suspectsWhenBothNodesArePrimaryAndDisconnected() {
        var verdict = SplitBrainAssessment.assess(
                STANDALONE_PRIMARY, Optional.of(STANDALONE_PRIMARY), List.of(), List.of());

        assertThat(verdict).isInstanceOfSatisfying(SplitBrainAssessment.Suspected.class, suspected -> assertThat(
                        suspected.evidence())
                .anySatisfy(line -> assertThat(line).contains("both nodes are Primary"))
                .anySatisfy(line -> assertThat(line).contains("StandAlone")));
    }

    @Test
    void suspectsWhenDrbdCalledTheSplitBrainHandlerForThisResourceOnly() {
        var call = new Events2State.SplitBrainHandlerCall("img_server", "wshuttle-test2", Optional.empty());
        var other = new Events2State.SplitBrainHandlerCall("other", "x", Optional.empty());

        assertThat(SplitBrainAssessment.assess(STANDALONE_PRIMARY, Optional.empty(), List.of(call), List.of()))
                .isInstanceOf(SplitBrainAssessment.Suspected.class);
        assertThat(SplitBrainAssessment.assess(STANDALONE_PRIMARY, Optional.empty(), List.of(other), List.of()))
                .isInstanceOf(SplitBrainAssessment.NotSuspected.class);
    }

    @Test
    void suspectsOnTheKernelsUnresolvedSplitBrainMessage() {
        String log = "drbd img_server wshuttle-test2: Split-Brain detected but unresolved, dropping connection!";

        var verdict = SplitBrainAssessment.assess(STANDALONE_PRIMARY, Optional.empty(), List.of(), List.of(log));

        assertThat(verdict).isInstanceOfSatisfying(SplitBrainAssessment.Suspected.class,
                suspected -> assertThat(suspected.evidence().getFirst()).contains("kernel log"));
    }
}

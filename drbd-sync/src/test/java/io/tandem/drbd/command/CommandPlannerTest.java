package io.tandem.drbd.command;

import io.tandem.drbd.config.Dialect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every intent in every dialect against the spellings of the DRBD notes (sections 2.1, 4 and 6.3). */
class CommandPlannerTest {

    private static final String R = "img_server";

    static Stream<Arguments> nodeLocalPlans() {
        List<Arguments> cases = new ArrayList<>();
        for (Dialect dialect : Dialect.values()) {
            cases.add(Arguments.of(dialect, new Intent.CreateMetadata(), List.of(List.of("drbdadm", "create-md", R))));
            cases.add(Arguments.of(dialect, new Intent.BringUp(), List.of(List.of("drbdadm", "up", R))));
            cases.add(Arguments.of(dialect, new Intent.Promote(false), List.of(List.of("drbdadm", "primary", R))));
            cases.add(Arguments.of(dialect, new Intent.Demote(), List.of(List.of("drbdadm", "secondary", R))));
            cases.add(Arguments.of(dialect, new Intent.ReconnectSurvivor(), List.of(List.of("drbdadm", "connect", R))));
            cases.add(Arguments.of(dialect, new Intent.Down(), List.of(List.of("drbdadm", "down", R))));
            cases.add(Arguments.of(dialect, new Intent.Adjust(), List.of(List.of("drbdadm", "adjust", R))));
        }
        List<String> forced83 = List.of("drbdadm", "--", "--overwrite-data-of-peer", "primary", R);
        List<String> forced = List.of("drbdadm", "primary", "--force", R);
        cases.add(Arguments.of(Dialect.V83, new Intent.FirstSyncOverwritingPeer(), List.of(forced83)));
        cases.add(Arguments.of(Dialect.V84, new Intent.FirstSyncOverwritingPeer(), List.of(forced)));
        cases.add(Arguments.of(Dialect.V9, new Intent.FirstSyncOverwritingPeer(), List.of(forced)));
        cases.add(Arguments.of(Dialect.V83, new Intent.Promote(true), List.of(forced83)));
        cases.add(Arguments.of(Dialect.V84, new Intent.Promote(true), List.of(forced)));
        cases.add(Arguments.of(Dialect.V9, new Intent.Promote(true), List.of(forced)));
        // UG 8.4 "Manual split brain recovery": disconnect, secondary, then the discarding connect.
        List<String> disconnect = List.of("drbdadm", "disconnect", R);
        List<String> secondary = List.of("drbdadm", "secondary", R);
        cases.add(Arguments.of(Dialect.V83, new Intent.ReconnectAfterSplitBrainDiscarding(), List.of(disconnect,
                secondary, List.of("drbdadm", "--", "--discard-my-data", "connect", R))));
        for (Dialect dialect : List.of(Dialect.V84, Dialect.V9)) {
            cases.add(Arguments.of(dialect, new Intent.ReconnectAfterSplitBrainDiscarding(), List.of(disconnect,
                    secondary, List.of("drbdadm", "connect", "--discard-my-data", R))));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("nodeLocalPlans")
    void spellsEachNodeLocalIntentAsTheNotesDo(Dialect dialect, Intent intent, List<List<String>> expected) {
        CommandPlan plan = new CommandPlanner(dialect).plan(intent, R);

        assertThat(plan.local().node()).isEqualTo(NodePlan.THIS_NODE);
        assertThat(plan.local().steps()).extracting(PlannedCommand::argv).containsExactlyElementsOf(expected);
        assertThat(plan.local().steps()).allSatisfy(step -> assertThat(step.why()).isNotBlank().doesNotContain("\n"));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void plansSwitchoverAsDemoteOnTheOldPrimaryThenPromoteOnTheNewOne(Dialect dialect) {
        CommandPlan plan = new CommandPlanner(dialect)
                .plan(new Intent.PlannedSwitchover("wshuttle-test1", "wshuttle-test2"), R);

        assertThat(plan.nodes()).extracting(NodePlan::node).containsExactly("wshuttle-test1", "wshuttle-test2");
        assertThat(plan.nodes().get(0).steps()).extracting(PlannedCommand::argv)
                .containsExactly(List.of("drbdadm", "secondary", R));
        assertThat(plan.nodes().get(1).steps()).extracting(PlannedCommand::argv)
                .containsExactly(List.of("drbdadm", "primary", R));
        assertThatThrownBy(plan::local).isInstanceOf(IllegalStateException.class).hasMessageContaining("2 nodes");
    }

    @Test
    void neverSpells83ForceAsDashDashForceWhichDrbdadm83SilentlyDrops() {
        CommandPlan plan = new CommandPlanner(Dialect.V83).plan(new Intent.Promote(true), R);

        assertThat(plan.allSteps()).flatExtracting(PlannedCommand::argv).doesNotContain("--force");
    }

    @Test
    void rendersADryRunForPeopleWithEveryCommandAndItsReason() {
        CommandPlan plan = new CommandPlanner(Dialect.V83).plan(new Intent.ReconnectAfterSplitBrainDiscarding(), R);

        String text = plan.toDryRunText();

        assertThat(text).startsWith("dry run: ReconnectAfterSplitBrainDiscarding[] for resource img_server (DRBD 8.3)")
                .contains("nothing was executed")
                .contains("on this node:\n  1. drbdadm disconnect img_server\n     # go StandAlone first")
                .contains("  2. drbdadm secondary img_server\n")
                .contains("  3. drbdadm -- --discard-my-data connect img_server\n     # reconnect throwing away");
    }

    @Test
    void rendersSwitchoverRecordsNumberedAcrossNodesAsJson() throws Exception {
        CommandPlan plan = new CommandPlanner(Dialect.V9)
                .plan(new Intent.PlannedSwitchover("wshuttle-test1", "wshuttle-test2"), R);

        JsonNode json = new ObjectMapper().valueToTree(plan.toRecords());

        assertThat(json).hasSize(2);
        assertThat(json.get(0).get("order").asInt()).isEqualTo(1);
        assertThat(json.get(0).get("node").asText()).isEqualTo("wshuttle-test1");
        assertThat(json.get(0).get("dialect").asText()).isEqualTo("9");
        assertThat(json.get(0).get("commandLine").asText()).isEqualTo("drbdadm secondary img_server");
        assertThat(json.get(1).get("order").asInt()).isEqualTo(2);
        assertThat(json.get(1).get("node").asText()).isEqualTo("wshuttle-test2");
        assertThat(json.get(1).get("argv").toString()).isEqualTo("[\"drbdadm\",\"primary\",\"img_server\"]");
        assertThat(json.get(1).get("why").asText()).contains("wshuttle-test1 is Secondary");
    }

    @Test
    void quotesShellMetacharactersInTheCommandLineButNotInArgv() {
        PlannedCommand command = new PlannedCommand(List.of("drbdadm", "-c", "/etc/my drbd.conf", "up", "r0"), "test");

        assertThat(command.commandLine()).isEqualTo("drbdadm -c '/etc/my drbd.conf' up r0");
        assertThat(command.argv()).contains("/etc/my drbd.conf");
    }

    @Test
    void refusesResourceNamesDrbdadmWouldReadAsOptionsOrVolumes() {
        CommandPlanner planner = new CommandPlanner(Dialect.V84);

        assertThatThrownBy(() -> planner.plan(new Intent.Down(), "--force")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a DRBD resource name: --force");
        assertThatThrownBy(() -> planner.plan(new Intent.Down(), "img_server/0"))
                .hasMessageContaining("no volume suffix");
        // "all" is how the seed how-to addresses every resource; drbdadm expands it.
        assertThat(planner.plan(new Intent.Down(), "all").local().steps().getFirst().argv())
                .containsExactly("drbdadm", "down", "all");
    }

    @Test
    void refusesASwitchoverToTheSameNode() {
        assertThatThrownBy(() -> new Intent.PlannedSwitchover("wshuttle-test1", "wshuttle-test1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wshuttle-test1 twice");
    }
}

package io.tandem.drbd.command;

import io.tandem.drbd.config.Dialect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every plan, run through the real drbdadm of its dialect in dry-run mode against the seed configuration of that
 * dialect: drbdadm must accept each planned command (exit 0) and plan exactly the drbdsetup/drbdmeta calls the DRBD
 * notes list (section 4). This is what proves the spellings: drbdadm-83 accepts {@code primary --force} too, and
 * only the planned calls show that it dropped the flag.
 */
class DrbdadmDryRunIT {

    private static final String R = "img_server";
    private static final String NET83 = "drbdsetup-83 0 net ipv4:192.168.8.20:7789 ipv4:192.168.8.21:7789 C"
            + " --set-defaults --create-device --shared-secret=123456 --cram-hmac-alg=sha1";
    private static final List<String> UP83 = List.of(
            "drbdsetup-83 0 disk /dev/sdb5 /dev/sdb5 internal --set-defaults --create-device --fencing=resource-only"
                    + " --on-io-error=detach",
            "drbdsetup-83 0 syncer --set-defaults --create-device --rate=100M",
            NET83);
    private static final String CONNECT84 = "drbdsetup-84 connect img_server ipv4:192.168.8.20:7789"
            + " ipv4:192.168.8.21:7789 --shared-secret=123456 --cram-hmac-alg=sha1 --protocol=C";
    private static final List<String> UP84 = List.of(
            "drbdsetup-84 new-resource img_server",
            "drbdsetup-84 new-minor img_server 0 0",
            "drbdmeta 0 v08 /dev/sdb5 internal apply-al",
            "drbdsetup-84 attach 0 /dev/sdb5 /dev/sdb5 internal --on-io-error=detach --fencing=resource-only"
                    + " --resync-rate=100M",
            CONNECT84);
    private static final List<String> UP9 = List.of(
            "drbdsetup new-resource img_server 0 --auto-promote=no",
            "drbdsetup new-minor img_server 0 0",
            "drbdsetup new-peer img_server 1 --_name=wshuttle-test2 --protocol=C --fencing=resource-only"
                    + " --cram-hmac-alg=sha1 --shared-secret=123456",
            "drbdsetup new-path img_server 1 ipv4:192.168.8.20:7789 ipv4:192.168.8.21:7789",
            "drbdsetup peer-device-options img_server 1 0 --resync-rate=100M",
            "drbdmeta 0 v09 /dev/sdb5 internal apply-al",
            "drbdsetup attach 0 /dev/sdb5 /dev/sdb5 internal --on-io-error=detach",
            "drbdsetup connect img_server 1");

    @TempDir
    static Path dir;

    static Stream<Arguments> plans() {
        List<Arguments> cases = new ArrayList<>();
        add(cases, Dialect.V83, new Intent.CreateMetadata(), List.of("drbdmeta 0 v08 /dev/sdb5 internal create-md"));
        add(cases, Dialect.V83, new Intent.BringUp(), UP83);
        add(cases, Dialect.V83, new Intent.FirstSyncOverwritingPeer(),
                List.of("drbdsetup-83 0 primary --overwrite-data-of-peer"));
        add(cases, Dialect.V83, new Intent.Promote(true), List.of("drbdsetup-83 0 primary --overwrite-data-of-peer"));
        add(cases, Dialect.V83, new Intent.Promote(false), List.of("drbdsetup-83 0 primary"));
        add(cases, Dialect.V83, new Intent.Demote(), List.of("drbdsetup-83 0 secondary"));
        // 8.3 has no separate connect: drbdadm-83 connect re-issues the whole net configuration.
        add(cases, Dialect.V83, new Intent.ReconnectAfterSplitBrainDiscarding(), List.of(
                "drbdsetup-83 0 disconnect", "drbdsetup-83 0 secondary", NET83 + " --discard-my-data"));
        add(cases, Dialect.V83, new Intent.ReconnectSurvivor(), List.of(NET83));
        add(cases, Dialect.V83, new Intent.Down(), List.of("drbdsetup-83 0 down"));
        // Without a module every part is missing, so adjust plans the whole "up".
        add(cases, Dialect.V83, new Intent.Adjust(), UP83);

        add(cases, Dialect.V84, new Intent.CreateMetadata(), List.of("drbdmeta 0 v08 /dev/sdb5 internal create-md"));
        add(cases, Dialect.V84, new Intent.BringUp(), UP84);
        add(cases, Dialect.V84, new Intent.FirstSyncOverwritingPeer(), List.of("drbdsetup-84 primary 0 --force"));
        add(cases, Dialect.V84, new Intent.Promote(true), List.of("drbdsetup-84 primary 0 --force"));
        add(cases, Dialect.V84, new Intent.Promote(false), List.of("drbdsetup-84 primary 0"));
        add(cases, Dialect.V84, new Intent.Demote(), List.of("drbdsetup-84 secondary 0"));
        add(cases, Dialect.V84, new Intent.ReconnectAfterSplitBrainDiscarding(), List.of(
                "drbdsetup-84 disconnect ipv4:192.168.8.20:7789 ipv4:192.168.8.21:7789",
                "drbdsetup-84 secondary 0",
                CONNECT84 + " --discard-my-data"));
        add(cases, Dialect.V84, new Intent.ReconnectSurvivor(), List.of(CONNECT84));
        add(cases, Dialect.V84, new Intent.Down(), List.of("drbdsetup-84 down img_server"));
        add(cases, Dialect.V84, new Intent.Adjust(), UP84);

        add(cases, Dialect.V9, new Intent.CreateMetadata(), List.of("drbdmeta 0 v09 /dev/sdb5 internal create-md 1"));
        add(cases, Dialect.V9, new Intent.BringUp(), UP9);
        add(cases, Dialect.V9, new Intent.FirstSyncOverwritingPeer(), List.of("drbdsetup primary img_server --force"));
        add(cases, Dialect.V9, new Intent.Promote(true), List.of("drbdsetup primary img_server --force"));
        add(cases, Dialect.V9, new Intent.Promote(false), List.of("drbdsetup primary img_server"));
        add(cases, Dialect.V9, new Intent.Demote(), List.of("drbdsetup secondary img_server"));
        add(cases, Dialect.V9, new Intent.ReconnectAfterSplitBrainDiscarding(), List.of(
                "drbdsetup disconnect img_server 1",
                "drbdsetup secondary img_server",
                "drbdsetup connect img_server 1 --discard-my-data"));
        add(cases, Dialect.V9, new Intent.ReconnectSurvivor(), List.of("drbdsetup connect img_server 1"));
        add(cases, Dialect.V9, new Intent.Down(), List.of("drbdsetup down img_server"));
        // adjust differs from up in one call: the peer-device options are reset to defaults first.
        List<String> adjust9 = new ArrayList<>(UP9);
        adjust9.set(4, "drbdsetup peer-device-options img_server 1 0 --set-defaults --resync-rate=100M");
        add(cases, Dialect.V9, new Intent.Adjust(), adjust9);
        return cases.stream();
    }

    private static void add(List<Arguments> cases, Dialect dialect, Intent intent, List<String> expectedCalls) {
        cases.add(Arguments.of(dialect, intent, expectedCalls));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("plans")
    void realDrbdadmAcceptsThePlanAndMakesTheCallsTheNotesList(Dialect dialect, Intent intent, List<String> expected)
            throws IOException {
        DryRunDrbdadm drbdadm = drbdadmFor(dialect);
        Path config = seedConfig(dialect);
        List<String> calls = new ArrayList<>();

        for (PlannedCommand step : new CommandPlanner(dialect).plan(intent, R).local().steps()) {
            DryRunDrbdadm.Result result = drbdadm.dryRun(step.argv(), config, "wshuttle-test1");
            assertThat(result.exitCode()).as("%s rejected %s: %s", drbdadm, step.commandLine(), result.stderr())
                    .isZero();
            calls.addAll(result.plannedCalls());
        }

        assertThat(calls).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void eachSwitchoverHalfIsAcceptedOnItsOwnNode(Dialect dialect) throws IOException {
        DryRunDrbdadm drbdadm = drbdadmFor(dialect);
        Path config = seedConfig(dialect);
        CommandPlan plan = new CommandPlanner(dialect)
                .plan(new Intent.PlannedSwitchover("wshuttle-test1", "wshuttle-test2"), R);

        List<String> calls = new ArrayList<>();
        for (NodePlan node : plan.nodes()) {
            for (PlannedCommand step : node.steps()) {
                DryRunDrbdadm.Result result = drbdadm.dryRun(step.argv(), config, node.node());
                assertThat(result.exitCode()).as("%s on %s: %s", step.commandLine(), node.node(), result.stderr())
                        .isZero();
                calls.addAll(result.plannedCalls());
            }
        }

        assertThat(calls).containsExactlyElementsOf(switch (dialect) {
            case V83 -> List.of("drbdsetup-83 0 secondary", "drbdsetup-83 0 primary");
            case V84 -> List.of("drbdsetup-84 secondary 0", "drbdsetup-84 primary 0");
            case V9 -> List.of("drbdsetup secondary img_server", "drbdsetup primary img_server");
        });
    }

    /** Why the 8.3 spellings differ: the 8.4 ones are accepted silently or refused outright by drbdadm-83. */
    @Test
    void drbdadm83DropsDashDashForceAndRejectsTheLaterDiscardSpelling() throws IOException {
        DryRunDrbdadm drbdadm = drbdadmFor(Dialect.V83);
        Path config = seedConfig(Dialect.V83);

        DryRunDrbdadm.Result force = drbdadm.dryRun(List.of("drbdadm", "primary", "--force", R), config, "wshuttle-test1");
        DryRunDrbdadm.Result discard = drbdadm.dryRun(List.of("drbdadm", "connect", "--discard-my-data", R), config,
                "wshuttle-test1");

        assertThat(force.exitCode()).isZero();
        assertThat(force.plannedCalls()).containsExactly("drbdsetup-83 0 primary");
        assertThat(discard.exitCode()).isEqualTo(20);
        assertThat(discard.stderr()).contains("unrecognized option '--discard-my-data'");
    }

    @Test
    void eachSeedConfigIsRejectedByTheOtherDialectsParsers() throws IOException {
        DryRunDrbdadm v84 = drbdadmFor(Dialect.V84);
        DryRunDrbdadm v9 = drbdadmFor(Dialect.V9);

        // A plan is only as good as the dialect it was made for: the wrong parser refuses the file (exit 10).
        assertThat(v84.dryRun(List.of("drbdadm", "up", R), seedConfig(Dialect.V9), "wshuttle-test1").exitCode())
                .isEqualTo(10);
        assertThat(v9.dryRun(List.of("drbdadm", "up", R), seedConfig(Dialect.V84), "wshuttle-test1").exitCode())
                .isEqualTo(10);
    }

    private static DryRunDrbdadm drbdadmFor(Dialect dialect) {
        Optional<DryRunDrbdadm> drbdadm = DryRunDrbdadm.find(dialect);
        assumeTrue(drbdadm.isPresent(), () -> "skipped: " + DryRunDrbdadm.missingMessage(dialect));
        return drbdadm.orElseThrow();
    }

    private static Path seedConfig(Dialect dialect) throws IOException {
        String name = switch (dialect) {
            case V83 -> "drbd83.conf";
            case V84 -> "drbd84.conf";
            case V9 -> "drbd9.conf";
        };
        Path file = dir.resolve(name);
        if (!Files.exists(file)) {
            try (InputStream in = DrbdadmDryRunIT.class.getResourceAsStream("/command/" + name)) {
                assertThat(in).as("test resource /command/%s", name).isNotNull();
                Files.copy(in, file);
            }
        }
        return file;
    }
}

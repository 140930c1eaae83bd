package io.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code tandem drbd run} as a user runs it on a machine without a DRBD kernel module. */
class DrbdRunCommandTest {

    @Test
    void withoutAKernelModuleNothingRunsAndTheExitCodeSaysUnreachable() {
        assumeFalse(Files.exists(Path.of("/proc/drbd")), "this machine has a DRBD kernel module");

        Tandem.Run run = Tandem.run("drbd", "run", "promote", "img_server");
        Tandem.Run json = Tandem.run("drbd", "run", "demote", "img_server", "--dry-run", "--json");

        assertThat(run.exitCode()).isEqualTo(TandemCommand.EXIT_UNREACHABLE);
        assertThat(run.out()).contains("cannot read the state of img_server: no DRBD kernel module");
        assertThat(json.exitCode()).isEqualTo(TandemCommand.EXIT_UNREACHABLE);
        assertThat(json.out()).contains("\"outcome\" : \"unavailable\"").contains("\"dry_run\" : true");
    }

    @Test
    void aSwitchoverAndAnUnknownIntentAreUsageErrors() {
        Tandem.Run switchover = Tandem.run("drbd", "run", "switchover", "img_server");
        Tandem.Run unknown = Tandem.run("drbd", "run", "explode", "img_server");

        assertThat(switchover.exitCode()).isEqualTo(TandemCommand.EXIT_USAGE);
        assertThat(switchover.err()).contains("runs on two nodes");
        assertThat(unknown.exitCode()).isEqualTo(TandemCommand.EXIT_USAGE);
        assertThat(unknown.err()).contains("unknown intent explode");
    }
}

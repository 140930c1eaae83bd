package io.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code tandem drbd events --help}; {@link DrbdEventsCommandIT} runs the command. */
class DrbdEventsCommandTest {

    @Test
    void helpGivesTheSyntaxTheExitCodesAndHidesTheTestOption() {
        Tandem.Run run = Tandem.run("drbd", "events", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: tandem drbd events [-hV] [--json] [RESOURCE]")
                .contains("*** SPLIT BRAIN").contains("Exit 3 when this machine has no DRBD kernel module")
                .contains("NDJSON").contains("3   a server or the tandem service could not be reached")
                .doesNotContain("events2-argv");
    }

    @Test
    void drbdHelpListsTheEventsSubcommand() {
        assertThat(Tandem.run("drbd", "--help").out()).contains("events").contains("how it changes (events)");
    }
}

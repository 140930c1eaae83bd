package io.tandem.heartbeat.config;

import io.tandem.common.Secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TandemCfParserTest {

    private final Problems problems = new Problems(TandemCfParser.FILE);

    private TandemCfParser.ParsedTandemCf parse(String text) {
        return TandemCfParser.parse(text, problems);
    }

    @Test
    void readsFenceAndPingQuorumInHaCfSyntax() {
        TandemCfParser.ParsedTandemCf parsed = parse("""
                # tandem's own settings
                fence       /usr/sbin/fence_ipmilan -a 10.0.0.9 -l admin -p hunter2   # BMC of the peer
                PING_QUORUM yes
                """);

        assertThat(problems.errors()).isEmpty();
        assertThat(parsed.settings().fenceCommand()).map(Secret::reveal)
                .contains("/usr/sbin/fence_ipmilan -a 10.0.0.9 -l admin -p hunter2");
        assertThat(parsed.settings().pingQuorum()).isTrue();
        assertThat(parsed.pingQuorumLine()).isEqualTo(3);
        assertThat(parsed.settings().toString()).doesNotContain("hunter2");
    }

    @Test
    void defaultsToNoFenceAndNoPingQuorum() {
        assertThat(parse("# nothing yet\n").settings()).isEqualTo(TandemSettings.DEFAULTS);
        assertThat(TandemSettings.DEFAULTS.fenceCommand()).isEmpty();
        assertThat(TandemSettings.DEFAULTS.pingQuorum()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "fence fence_ipmilan -p hunter2      | absolute program path",
        "fence                               | absolute program path",
        "ping_quorum maybe                   | takes one of on, off",
        "ping_quorum on off                  | takes one of on, off",
        "ping_qorum on                       | did you mean ping_quorum?",
        "keepalive 2                         | belongs in ha.cf",
    })
    void refusesWhatItCannotUseWithoutQuotingTheCommand(String line, String expected) {
        parse(line + "\n");

        assertThat(problems.errors()).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(1);
            assertThat(problem.message()).contains(expected);
            assertThat(problem.toString()).doesNotContain("hunter2");
        });
    }

    @Test
    void refusesASettingGivenTwice() {
        parse("ping_quorum on\nfence /bin/true\nping_quorum off\n");

        assertThat(problems.errors()).extracting(ConfigProblem::line, ConfigProblem::message)
                .containsExactly(tuple(3, "already set on line 1; keep one of the two lines"));
    }
}

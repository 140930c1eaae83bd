package io.tandem.heartbeat.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HaresourcesParserTest {

    private final Problems problems = new Problems(HaresourcesParser.FILE);

    private List<ResourceGroup> parse(String text) {
        return HaresourcesParser.parse(text, problems).stream().map(HaresourcesParser.ParsedGroup::group).toList();
    }

    private static ResourceSpec ipaddr(String argument, String token) {
        return new ResourceSpec("IPaddr", List.of(argument), token);
    }

    @Test
    void readsTheFixturesSingleGroup() {
        List<ResourceGroup> groups = parse(Fixtures.text("haresources"));

        assertThat(problems.errors()).isEmpty();
        assertThat(groups).containsExactly(new ResourceGroup("wshuttle-test1",
                List.of(ipaddr("10.10.10.100/24/eth1", "IPaddr::10.10.10.100/24/eth1"))));
        assertThat(groups.get(0).key()).isEqualTo("IPaddr::10.10.10.100/24/eth1");
        assertThat(groups.get(0).resources().get(0).virtualIp()).map(VirtualIp::toIpaddrArgument)
                .contains("10.10.10.100/24/eth1");
    }

    @Test
    void readsTheSeedsBareAddressAndInitScriptUnchanged() {
        List<ResourceGroup> groups = parse(Fixtures.text("seed-haresources"));

        assertThat(problems.errors()).isEmpty();
        assertThat(groups).singleElement().satisfies(group -> {
            assertThat(group.preferredNode()).isEqualTo("wshuttle-test1");
            assertThat(group.resources()).containsExactly(
                    ipaddr("192.168.8.100/24/eth0:0", "192.168.8.100/24/eth0:0"),
                    new ResourceSpec("nginx", List.of(), "nginx"));
            assertThat(group.key()).as("heartbeat names the group by the word as written").isEqualTo("192.168.8.100/24/eth0:0");
            assertThat(group.resources().get(0).canonical()).isEqualTo("IPaddr::192.168.8.100/24/eth0:0");
            assertThat(group.resources().get(0).virtualIp()).map(vip -> vip.device().orElseThrow()).contains("eth0");
        });
        assertThat(problems.warnings()).singleElement().satisfies(warning -> {
            assertThat(warning.line()).isEqualTo(1);
            assertThat(warning.message()).contains("the label :0 is dropped");
        });
    }

    @Test
    void readsBareAddressesAsIpaddrLikeResourceManager() {
        List<ResourceGroup> groups = parse("Just.Linux-HA.org 135.9.216.110 135.9.215.111 135.9.216.112 httpd\n");

        assertThat(groups).singleElement().satisfies(group -> {
            assertThat(group.preferredNode()).isEqualTo("just.linux-ha.org");
            assertThat(group.resources()).extracting(ResourceSpec::canonical).containsExactly(
                    "IPaddr::135.9.216.110", "IPaddr::135.9.215.111", "IPaddr::135.9.216.112", "httpd");
        });
    }

    @Test
    void splitsArgumentsAtDoubleColonsOnly() {
        List<ResourceGroup> groups = parse("node1 10.0.0.170 Filesystem::/dev/sda1::/data1::ext2 IPaddr2::10.0.0.171/24/eth0:web\n");

        assertThat(problems.errors()).isEmpty();
        assertThat(groups.get(0).resources()).containsExactly(
                ipaddr("10.0.0.170", "10.0.0.170"),
                new ResourceSpec("Filesystem", List.of("/dev/sda1", "/data1", "ext2"), "Filesystem::/dev/sda1::/data1::ext2"),
                new ResourceSpec("IPaddr2", List.of("10.0.0.171/24/eth0:web"), "IPaddr2::10.0.0.171/24/eth0:web"));
        assertThat(groups.get(0).resources().get(2).isVirtualIp()).isTrue();
        assertThat(groups.get(0).resources().get(1).isVirtualIp()).isFalse();
    }

    @Test
    void joinsLinesEndingInABackslash() {
        List<HaresourcesParser.ParsedGroup> groups = HaresourcesParser.parse("""
                # the database pair
                alpha 10.0.0.170 \\
                      drbddisk::r0 \\
                      Filesystem::/dev/drbd0::/data::ext4   # a comment ends a physical line only
                beta  10.0.0.180 mysql
                """, problems);

        assertThat(problems.errors()).isEmpty();
        assertThat(groups).extracting(HaresourcesParser.ParsedGroup::line).containsExactly(2, 5);
        assertThat(groups.get(0).group().resources()).extracting(ResourceSpec::name)
                .containsExactly("IPaddr", "drbddisk", "Filesystem");
        assertThat(groups.get(1).group().resources()).extracting(ResourceSpec::name).containsExactly("IPaddr", "mysql");
    }

    @Test
    void joinsContinuationsWithoutASpaceAsResourceManagerDoes() {
        parse("alpha IPaddr::10.0.0.1\\\nmysql\n");

        assertThat(problems.errors()).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(1);
            assertThat(problem.message()).contains("IPaddr::10.0.0.1mysql", "(continued to line 2)");
        });
    }

    @Test
    void refusesABackslashThatDoesNotContinueTheLine() {
        List<ResourceGroup> groups = parse("alpha 10.0.0.1 \\  \nbeta 10.0.0.2 \\ # note\n");

        assertThat(problems.errors()).extracting(ConfigProblem::line).containsExactly(1, 2);
        assertThat(problems.errors()).allSatisfy(problem -> assertThat(problem.message()).contains("does not continue"));
        assertThat(groups).as("each line still read on its own, as heartbeat would").hasSize(2);
    }

    @Test
    void refusesABackslashOnTheLastLine() {
        parse("alpha 10.0.0.1 \\\n");

        assertThat(problems.errors()).singleElement().satisfies(problem ->
                assertThat(problem.message()).contains("no line follows"));
    }

    @Test
    void refusesAGroupKeyUsedTwice() {
        List<ResourceGroup> groups = parse("alpha 10.0.0.1 httpd\nbeta 10.0.0.1 mysql\n");

        assertThat(groups).hasSize(1);
        assertThat(problems.errors()).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(2);
            assertThat(problem.message()).contains("already starts the group on line 1");
        });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "alpha                                  | needs resources after its home node",
        "alpha IPaddr::10.0.0.1::eth0           | takes exactly one argument",
        "alpha IPaddr                           | takes exactly one argument",
        "alpha IPaddr::10.0.0.300               | not an IPv4 address",
        "alpha 10.0.0.1/24/eth0/10.0.1.255      | is not the broadcast address",
        "alpha Filesystem::/dev/sda1::::ext2    | empty argument",
        "alpha mysql::                          | empty argument",
        "alpha /etc/init.d/mysql                | not a script name",
        "alpha ::arg                            | not a script name",
    })
    void refusesResourcesThatCannotRun(String line, String expected) {
        assertThat(parse(line + "\n")).isEmpty();

        assertThat(problems.errors()).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(1);
            assertThat(problem.directive()).isEqualTo("alpha");
            assertThat(problem.message()).contains(expected);
        });
    }

    @Test
    void reportsEveryProblemWithItsLine() {
        parse("""
                alpha 10.0.0.1 httpd
                # a comment

                beta IPaddr::10.0.0.999/24
                gamma
                alpha 10.0.0.1 mysql
                """);

        assertThat(problems.errors()).extracting(ConfigProblem::file, ConfigProblem::line, ConfigProblem::directive)
                .containsExactly(tuple("haresources", 4, "beta"), tuple("haresources", 5, "gamma"),
                        tuple("haresources", 6, "alpha"));
    }

    @Test
    void warnsAboutWindowsLineEndsAndReadsThroughThem() {
        List<ResourceGroup> groups = parse("alpha 10.0.0.1 httpd\r\n");

        assertThat(groups.get(0).resources()).extracting(ResourceSpec::name).containsExactly("IPaddr", "httpd");
        assertThat(problems.warnings()).singleElement().satisfies(warning ->
                assertThat(warning.message()).contains("Windows line ends"));
    }
}

package io.tandem.drbd.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of bad input is reported with the file and line to edit, and all of them at once. */
class MalformedConfigTest {

    private static final String TWO_HOSTS = """
            resource r0 {
              device /dev/drbd0; disk /dev/sdb5; meta-disk internal;
              on alpha { address 10.0.0.1:7789; }
              on beta { address 10.0.0.2:7789; }
            }
            """;

    @TempDir
    Path directory;

    private List<ConfigProblem> problemsOf(String name, String text, ConfigChecks checks) throws Exception {
        Path file = directory.resolve(name);
        Files.writeString(file, text);
        InvalidDrbdConfigException refused = catchThrowableOfType(
                InvalidDrbdConfigException.class, () -> DrbdConfigParser.parse(file, checks));
        assertThat(refused).as("expected %s to be refused", name).isNotNull();
        assertThat(refused.problems()).allSatisfy(problem -> assertThat(problem.file()).isEqualTo(file));
        return refused.problems();
    }

    private static List<String> linesAndMessages(List<ConfigProblem> problems) {
        return problems.stream().map(problem -> problem.line() + ": " + problem.message()).toList();
    }

    @Test
    void reportsASectionNeverClosedAtTheLineThatOpenedIt() throws Exception {
        List<ConfigProblem> problems = problemsOf("r0.res", """
                global { usage-count no; }
                resource r0 {
                  on alpha { address 10.0.0.1:7789; }
                  on beta { address 10.0.0.2:7789; }
                """, ConfigChecks.grammarOnly());

        assertThat(linesAndMessages(problems)).singleElement().asString()
                .startsWith("2: missing '}': section 'resource r0'");
    }

    @Test
    void reportsAMissingSemicolonAndAStrayBrace() throws Exception {
        List<ConfigProblem> problems = problemsOf("r0.res", """
                resource r0 {
                  device /dev/drbd0; disk /dev/sdb5; meta-disk internal;
                  on alpha { address 10.0.0.1:7789 }
                  on beta { address 10.0.0.2:7789; }
                }
                }
                """, ConfigChecks.grammarOnly());

        assertThat(linesAndMessages(problems)).containsExactly(
                "3: missing ';' after 'address 10.0.0.1:7789'", "6: '}' closes no open section");
    }

    @Test
    void reportsAnUnknownTopLevelKeyword() throws Exception {
        List<ConfigProblem> problems = problemsOf("bad.conf", "global { usage-count no; }\n\nresources r0 { }\n",
                ConfigChecks.grammarOnly());

        assertThat(linesAndMessages(problems)).singleElement().asString()
                .startsWith("3: unknown top-level keyword 'resources'");
    }

    @Test
    void reportsOptionsDrbdadmRefusesInClosedSectionsAndBadEnumeratedValues() throws Exception {
        List<ConfigProblem> problems = problemsOf("r0.res", """
                global { usage-count no; minor-cont 8; }
                resource r0 {
                  protocol D;
                  startup { wfc-timeout 15; wfc-timout 15; }
                  net { after-sb-0pri bogus; }
                  device /dev/drbd0; disk /dev/sdb5; meta-disk internal;
                  on alpha { address 10.0.0.1:7789; adress 10.0.0.1:7789; }
                  on beta { address 10.0.0.2:7789; }
                }
                """, ConfigChecks.grammarOnly());

        assertThat(problems).extracting(ConfigProblem::line).containsExactly(1, 3, 4, 5, 7);
        assertThat(problems.get(0).message()).contains("unknown global option 'minor-cont 8'");
        assertThat(problems.get(1).message()).contains("protocol 'D' is not one of [A, B, C]");
        assertThat(problems.get(2).message()).contains("unknown startup option 'wfc-timout 15'");
        assertThat(problems.get(3).message()).contains("after-sb-0pri 'bogus'");
        assertThat(problems.get(4).message()).contains("unknown in 'on alpha': 'adress 10.0.0.1:7789'");
    }

    @Test
    void reportsOptionsTheChosenDialectRefusesWhereTheyAreWritten() throws Exception {
        String eightThreeStyle = """
                common {
                  disk { fencing resource-only; }
                  syncer { rate 100M; }
                }
                """ + TWO_HOSTS;

        List<ConfigProblem> underNine = problemsOf("t83.conf", eightThreeStyle, ConfigChecks.grammarOnly().withDialect(Dialect.V9));

        assertThat(problems(underNine)).containsExactly("2: 'fencing resource-only'", "3: 'rate 100M'");
        assertThat(DrbdConfigParser.parse(directory.resolve("t83.conf"), ConfigChecks.grammarOnly().withDialect(Dialect.V83))
                .config().common().section("syncer")).isPresent();
    }

    private static List<String> problems(List<ConfigProblem> problems) {
        return problems.stream().map(problem -> problem.line() + ": " + problem.message().substring(0,
                problem.message().indexOf(" is refused"))).toList();
    }

    @Test
    void reportsAMinorUsedTwiceOnTheSameHostAcrossIncludedFiles() throws Exception {
        Files.createDirectories(directory.resolve("drbd.d"));
        Files.writeString(directory.resolve("drbd.d/r0.res"), TWO_HOSTS);
        Files.writeString(directory.resolve("drbd.d/r1.res"), """
                resource r1 {
                  on alpha {
                    device /dev/drbd0; disk /dev/sdb6; meta-disk internal;
                    address 10.0.0.1:7790;
                  }
                  on beta { device minor 1; disk /dev/sdb6; meta-disk internal; address 10.0.0.2:7790; }
                }
                """);
        Path main = directory.resolve("drbd.conf");
        Files.writeString(main, "include \"drbd.d/*.res\";\n");

        InvalidDrbdConfigException refused = catchThrowableOfType(
                InvalidDrbdConfigException.class, () -> DrbdConfigParser.parse(main));

        assertThat(refused.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.file()).isEqualTo(directory.resolve("drbd.d/r1.res"));
            assertThat(problem.line()).isEqualTo(3);
            assertThat(problem.message()).contains("minor 0 on alpha is used twice: by r0 volume 0 and by r1 volume 0");
        });
    }

    @Test
    void reportsTheSameAddressAndPortInTwoResources() throws Exception {
        List<ConfigProblem> problems = problemsOf("two.res", TWO_HOSTS + """
                resource r1 {
                  device /dev/drbd1; disk /dev/sdb6; meta-disk internal;
                  on alpha { address 10.0.0.1:7790; }
                  on beta {
                    address ipv4 10.0.0.2:7789;
                  }
                }
                """, ConfigChecks.grammarOnly());

        assertThat(linesAndMessages(problems)).containsExactly(
                "10: address 10.0.0.2:7789 is used twice: by r0 on beta and by r1 on beta; each needs its own port");
    }

    @Test
    void reportsHostsThatAreNotThePairsHosts() throws Exception {
        List<ConfigProblem> problems = problemsOf("r0.res", TWO_HOSTS,
                ConfigChecks.forHosts(Set.of("wshuttle-test1", "wshuttle-test2")));

        assertThat(linesAndMessages(problems)).containsExactly(
                "3: host 'alpha' is not one of this pair's hosts [wshuttle-test1, wshuttle-test2] (names are compared with uname -n, case-sensitive)",
                "4: host 'beta' is not one of this pair's hosts [wshuttle-test1, wshuttle-test2] (names are compared with uname -n, case-sensitive)",
                "1: resource r0 has no 'on' section for any of [wshuttle-test1, wshuttle-test2]; drbdadm would say it is not defined for this host");
    }

    @Test
    void acceptsTheSameConfigWhenOneHostIsTheLocalOne() throws Exception {
        Path file = directory.resolve("r0.res");
        Files.writeString(file, TWO_HOSTS);

        ParsedDrbdConfig parsed = DrbdConfigParser.parse(file, ConfigChecks.forHosts(Set.of("alpha", "beta")));

        assertThat(parsed.config().resource("r0").orElseThrow().hosts()).hasSize(2);
        assertThat(parsed.warnings()).isEmpty();
    }

    @Test
    void listsEveryProblemOfAFileInOneException() throws Exception {
        List<ConfigProblem> problems = problemsOf("many.res", """
                globl { }
                resource r0 {
                  protocol Z;
                  on alpha { address nowhere; }
                """, ConfigChecks.grammarOnly());

        assertThat(problems).extracting(ConfigProblem::line).containsExactly(2, 1, 3, 4);
        assertThat(new InvalidDrbdConfigException(problems).getMessage())
                .startsWith("DRBD configuration has 4 problems:")
                .contains("many.res:4: cannot read 'address nowhere'");
    }
}

package io.tandem.heartbeat.config;

import io.tandem.common.Secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeartbeatFilesTest {

    private static final String OWNER_ONLY = "rw-------";
    private static final String KEY = "Zq9-do-not-print-me";

    @TempDir
    Path directory;

    private void captureFiles(String haCf) throws IOException {
        Fixtures.write(directory, "ha.cf", Fixtures.text(haCf), "rw-r--r--");
        Fixtures.write(directory, "authkeys", Fixtures.text("authkeys.sha1"), OWNER_ONLY);
        Fixtures.write(directory, "haresources", Fixtures.text("haresources"), "rw-r--r--");
    }

    private ConfigRefusedException refusal(String localNode) {
        return catchThrowableOfType(ConfigRefusedException.class, () -> HeartbeatFiles.load(directory, localNode));
    }

    @Test
    void loadsTheCapturesDirectoryForNode1() throws Exception {
        captureFiles("ha.cf.node1");

        HeartbeatConfig config = HeartbeatFiles.load(directory, "wshuttle-test1");

        assertThat(config.localNode()).isEqualTo("wshuttle-test1");
        assertThat(config.peers()).containsExactly("wshuttle-test2");
        assertThat(config.haCf().timing().deadtime()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.authKeys().active().method()).isEqualTo(AuthMethod.SHA1);
        assertThat(config.authKeys().active().key().reveal()).isEqualTo("s3cret");
        assertThat(config.resourceGroups()).extracting(ResourceGroup::key).containsExactly("IPaddr::10.10.10.100/24/eth1");
        assertThat(config.localGroups()).hasSize(1);
        assertThat(config.tandem()).isEqualTo(TandemSettings.DEFAULTS);
        assertThat(config.warnings()).extracting(ConfigProblem::file, ConfigProblem::directive)
                .containsExactly(tuple("ha.cf", "initdead"), tuple("ha.cf", ""));
        assertThat(config.toString()).doesNotContain("s3cret");
    }

    @Test
    void loadsTheCapturesDirectoryForNode2WhoseGroupIsForeign() throws Exception {
        captureFiles("ha.cf.node2");

        HeartbeatConfig config = HeartbeatFiles.load(directory, "wshuttle-test2");

        assertThat(config.peers()).containsExactly("wshuttle-test1");
        assertThat(config.localGroups()).isEmpty();
        assertThat(config.resourceGroups()).hasSize(1);
    }

    @Test
    void loadsTheSeedHowtosFilesUnchanged() throws Exception {
        Fixtures.write(directory, "ha.cf", Fixtures.text("seed-ha.cf"), "rw-r--r--");
        Fixtures.write(directory, "authkeys", Fixtures.text("seed-authkeys"), OWNER_ONLY);
        Fixtures.write(directory, "haresources", Fixtures.text("seed-haresources"), "rw-r--r--");

        HeartbeatConfig config = HeartbeatFiles.load(directory, "WShuttle-Test1");

        assertThat(config.localNode()).isEqualTo("wshuttle-test1");
        assertThat(config.authKeys().active().method()).isEqualTo(AuthMethod.CRC);
        assertThat(config.resourceGroups()).singleElement().satisfies(group ->
                assertThat(group.resources()).extracting(ResourceSpec::canonical)
                        .containsExactly("IPaddr::192.168.8.100/24/eth0:0", "nginx"));
        assertThat(config.warnings()).extracting(ConfigProblem::file, ConfigProblem::line, ConfigProblem::directive)
                .containsExactly(
                        tuple("ha.cf", 14, "respawn"),
                        tuple("ha.cf", 0, ""),
                        tuple("authkeys", 2, "key 1"),
                        tuple("haresources", 1, "wshuttle-test1"));
    }

    @Test
    void refusesAnAuthkeysFileOthersCanReadAndAcceptsTheSameFileAtMode600() throws Exception {
        captureFiles("ha.cf.node1");
        Fixtures.write(directory, "authkeys", "auth 1\n1 sha1 " + KEY + "\n", "rw-r--r--");

        ConfigRefusedException refused = refusal("wshuttle-test1");

        assertThat(refused.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.file()).isEqualTo("authkeys");
            assertThat(problem.message()).contains("mode 644 (rw-r--r--)", "chmod 600 authkeys");
        });
        assertThat(refused.getMessage()).doesNotContain(KEY);

        Fixtures.write(directory, "authkeys", "auth 1\n1 sha1 " + KEY + "\n", OWNER_ONLY);
        assertThat(HeartbeatFiles.load(directory, "wshuttle-test1").authKeys().active().key().reveal()).isEqualTo(KEY);
    }

    @Test
    void refusesAGroupReadableAuthkeysToo() throws Exception {
        captureFiles("ha.cf.node1");
        Fixtures.write(directory, "authkeys", "auth 1\n1 sha1 " + KEY + "\n", "rw-r-----");

        assertThat(refusal("wshuttle-test1").problems()).extracting(ConfigProblem::file).containsExactly("authkeys");
    }

    @Test
    void reportsEveryProblemOfEveryFileAtOnceInFileAndLineOrder() throws Exception {
        Fixtures.write(directory, "ha.cf", """
                node wshuttle-test1 wshuttle-test2
                keepalive 2s
                ucast eth1 10.10.10.21
                auto_failback on
                crm respawn
                """, "rw-r--r--");
        Fixtures.write(directory, "authkeys", "auth 1\n1 sha1 " + KEY + " and more words\n", "rw-r--r--");
        Fixtures.write(directory, "haresources", "wshuttle-test3 10.10.10.100/24/eth1\n", "rw-r--r--");
        Fixtures.write(directory, "tandem.cf", "ping_quorum on\n", "rw-r--r--");

        ConfigRefusedException refused = refusal("wshuttle-test1");

        assertThat(refused.problems()).extracting(ConfigProblem::file, ConfigProblem::line, ConfigProblem::directive)
                .containsExactly(
                        tuple("ha.cf", 2, "keepalive"),
                        tuple("ha.cf", 5, "crm"),
                        tuple("authkeys", 2, "key 1"),
                        tuple("authkeys", 0, ""),
                        tuple("haresources", 1, "wshuttle-test3"),
                        tuple("tandem.cf", 1, "ping_quorum"));
        assertThat(refused.origin()).isEqualTo(directory.toString());
        assertThat(refused.getMessage())
                .startsWith(directory + " has 6 problems; tandem heartbeat did not start:\n  ha.cf:2: keepalive: \"2s\"")
                .contains("\n  haresources:1: wshuttle-test3: the home node wshuttle-test3 is not a node of ha.cf")
                .contains("\nand 1 warning:\n  ha.cf: one heartbeat path")
                .doesNotContain(KEY);
    }

    @Test
    void refusesMissingFilesWithWhatToDo() throws Exception {
        Fixtures.write(directory, "tandem.cf", "fence /bin/true\n", "rw-r--r--");

        ConfigRefusedException refused = refusal("alpha");

        assertThat(refused.problems()).extracting(ConfigProblem::file).containsExactly("ha.cf", "authkeys", "haresources");
        assertThat(refused.problems()).allSatisfy(problem -> assertThat(problem.message()).startsWith("missing; "));
        assertThat(refused.problems().get(1).message()).contains("chmod 600 authkeys");
    }

    @Test
    void refusesAHaCfThatDoesNotListThisNode() throws Exception {
        captureFiles("ha.cf.node1");

        ConfigRefusedException refused = refusal("wshuttle-test3");

        assertThat(refused.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.file()).isEqualTo("ha.cf");
            assertThat(problem.message()).contains("this node, wshuttle-test3, is not listed");
        });
    }

    @Test
    void readsTandemCfAndChecksItsPingQuorumAgainstHaCf() throws Exception {
        captureFiles("ha.cf.node1");
        Files.writeString(directory.resolve("ha.cf"), "ping 10.10.10.254\n", java.nio.file.StandardOpenOption.APPEND);
        Fixtures.write(directory, "tandem.cf", "fence /usr/sbin/fence_ipmilan -p " + KEY + "\nping_quorum on\n", OWNER_ONLY);

        HeartbeatConfig config = HeartbeatFiles.load(directory, "wshuttle-test1");

        assertThat(config.tandem().pingQuorum()).isTrue();
        assertThat(config.tandem().fenceCommand()).map(Secret::reveal).contains("/usr/sbin/fence_ipmilan -p " + KEY);
        assertThat(config.toString()).doesNotContain(KEY);
        assertThat(config.warnings()).noneSatisfy(warning -> assertThat(warning.message()).contains("split brain"));
    }

    @Test
    void readsFilesWhoseCommentsAreNotUtf8() throws Exception {
        captureFiles("ha.cf.node1");
        byte[] gbkComment = {'#', ' ', (byte) 0xC9, (byte) 0xE8, (byte) 0xB6, (byte) 0xA8, '\n'};
        Files.write(directory.resolve("ha.cf"), gbkComment, java.nio.file.StandardOpenOption.APPEND);

        assertThat(HeartbeatFiles.load(directory, "wshuttle-test1").haCf().nodes()).hasSize(2);
    }

    @Test
    void warnsInsteadOfRefusingWhenTheKeyFileModeCannotBeRead() throws Exception {
        HeartbeatConfig config = HeartbeatFiles.check("test", "wshuttle-test1",
                new HeartbeatFiles.FileContent.Present(Fixtures.text("ha.cf.node1")),
                new HeartbeatFiles.FileContent.Present(Fixtures.text("authkeys.sha1")),
                new KeyFileAccess.NotChecked("the file system has no POSIX permissions"),
                new HeartbeatFiles.FileContent.Present(Fixtures.text("haresources")),
                new HeartbeatFiles.FileContent.Missing());

        assertThat(config.warnings()).anySatisfy(warning -> {
            assertThat(warning.file()).isEqualTo("authkeys");
            assertThat(warning.message()).contains("could not be checked");
        });
    }

    @Test
    void refusesSomethingThatIsNotADirectory() throws Exception {
        Path file = Files.writeString(directory.resolve("ha.cf"), "node alpha\n");

        ConfigRefusedException refused = catchThrowableOfType(ConfigRefusedException.class,
                () -> HeartbeatFiles.load(file, "alpha"));

        assertThat(refused.problems()).singleElement().satisfies(problem ->
                assertThat(problem.message()).contains("is not a directory"));
    }

    @Test
    void refusesANodeNameThatCannotBeOne() {
        assertThatThrownBy(() -> HeartbeatFiles.load(directory, " ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HeartbeatFiles.load(directory, "two words")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keepsTheProblemsOfTheExceptionImmutable() throws Exception {
        ConfigRefusedException refused = refusal("alpha");

        assertThatThrownBy(() -> refused.problems().add(new ConfigProblem("x", 0, "", "y")))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(refused.warnings()).isEqualTo(List.of());
    }
}

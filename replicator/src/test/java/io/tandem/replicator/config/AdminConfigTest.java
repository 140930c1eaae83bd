package io.tandem.replicator.config;

import io.tandem.common.Secret;
import static io.tandem.replicator.config.ConfigLoaderTest.load;
import static io.tandem.replicator.config.ConfigLoaderTest.problems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** admin-listen, admin-token and admin-token-file in [replicator]. */
class AdminConfigTest {

    private static final String TOKEN = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";

    private static final String PAIR = """
            [server db1]
            host = 10.10.10.20
            user = tandem
            [server db2]
            host = 10.10.10.21
            user = tandem
            [channel db1-to-db2]
            source = db1
            target = db2
            """;

    private static String withReplicator(String lines) {
        return "[replicator]\n" + lines + "\n" + PAIR;
    }

    @Test
    void listensOnLoopbackPort8470WithoutTokenByDefault() throws Exception {
        AdminConfig admin = load(PAIR).admin();

        assertThat(admin).isEqualTo(AdminConfig.DEFAULT);
        assertThat(admin.listen()).contains(new InetSocketAddress("127.0.0.1", 8470));
        assertThat(admin.token()).isEmpty();
        assertThat(admin.isEnabled()).isTrue();
    }

    @Test
    void theExampleFileKeepsTheDefaultLoopbackEndpoint() throws Exception {
        ReplicatorConfig config = ConfigLoader.load(Path.of("..", "conf", "tandem.cnf"));

        assertThat(config.admin().listen()).contains(new InetSocketAddress("127.0.0.1", 8470));
        assertThat(config.admin().token()).isEmpty();
    }

    @Test
    void offDisablesTheEndpoint() throws Exception {
        assertThat(load(withReplicator("admin-listen = off")).admin()).isEqualTo(AdminConfig.DISABLED);
        assertThat(load(withReplicator("admin-listen = OFF")).admin().isEnabled()).isFalse();
    }

    @Test
    void acceptsPortZeroForAnEphemeralPortAndBracketedIpv6() throws Exception {
        assertThat(load(withReplicator("admin-listen = 127.0.0.1:0")).admin().listen())
                .contains(new InetSocketAddress("127.0.0.1", 0));
        assertThat(load(withReplicator("admin-listen = [::1]:9100")).admin().listen())
                .contains(new InetSocketAddress("::1", 9100));
        assertThat(load(withReplicator("admin-listen = localhost:9100")).admin().listen().orElseThrow()
                .getAddress().isLoopbackAddress()).isTrue();
    }

    @Test
    void refusesMalformedAddressesSayingWhatIsExpected() {
        assertThat(problems(withReplicator("admin-listen = 8470"))).containsExactly("conf/test.cnf:2: [replicator]"
                + " admin-listen = \"8470\": must be HOST:PORT (127.0.0.1:8470, [::1]:8470, 0.0.0.0:8470) or off");
        assertThat(problems(withReplicator("admin-listen = 127.0.0.1:65536")).get(0))
                .endsWith("; the port is a whole number from 0 to 65535");
        assertThat(problems(withReplicator("admin-listen = 127.0.0.1:http")).get(0))
                .endsWith("; the port is a whole number from 0 to 65535");
        assertThat(problems(withReplicator("admin-listen = ::1:8470")).get(0))
                .endsWith("write an IPv6 address in brackets: [::1]:8470");
    }

    @Test
    void refusesAnAddressOtherHostsCanReachWithoutAToken() {
        List<String> problems = problems(withReplicator("admin-listen = 0.0.0.0:8470"));

        assertThat(problems).containsExactly("conf/test.cnf:2: [replicator] admin-listen = \"0.0.0.0:8470\": not a"
                + " loopback address, and no admin token is set, so anyone who can reach the port could read the"
                + " replication status. Set admin-token-file = PATH (a file of mode 600 whose first line is the token;"
                + " openssl rand -hex 32 makes one), or listen on 127.0.0.1:8470");
        assertThat(problems(withReplicator("admin-listen = 10.10.10.20:8470")).get(0))
                .contains("not a loopback address");
    }

    @Test
    void acceptsAnyAddressWithATokenAndNeverPrintsIt() throws Exception {
        AdminConfig admin = load(withReplicator("admin-listen = 0.0.0.0:8470\nadmin-token = " + TOKEN)).admin();

        assertThat(admin.listen()).contains(new InetSocketAddress("0.0.0.0", 8470));
        assertThat(admin.token().orElseThrow().reveal()).isEqualTo(TOKEN);
        assertThat(admin.toString()).contains("********").doesNotContain(TOKEN);
    }

    @Test
    void refusesATokenAnHttpHeaderCannotCarryWithoutShowingIt() {
        List<String> problems = problems(withReplicator("admin-token = \"secret with spaces\""));

        assertThat(problems).containsExactly("conf/test.cnf:2: [replicator] admin-token = ********: must be printable"
                + " ASCII without spaces, as an HTTP header carries it (generate one with: openssl rand -hex 32)");
        assertThat(problems(withReplicator("admin-token =")).get(0)).contains("admin-token = ********: is empty");
    }

    @Test
    void refusesBothTokenKeysAtOnce(@TempDir Path directory) throws Exception {
        Path file = tokenFile(directory, "admin.token", TOKEN + "\n", "rw-------");

        List<String> problems = problems(withReplicator("admin-token = " + TOKEN + "\nadmin-token-file = " + file));

        assertThat(problems).containsExactly("conf/test.cnf:3: [replicator] admin-token and admin-token-file are both"
                + " set (admin-token at line 2); keep one: admin-token-file keeps the token out of this file");
    }

    @Test
    void readsTheTokenFromTheFirstLineOfAPrivateFile(@TempDir Path directory) throws Exception {
        Path file = tokenFile(directory, "admin.token", "  " + TOKEN + "  \r\nsecond line is ignored\n", "rw-------");
        Path readOnly = tokenFile(directory, "read-only.token", TOKEN, "r--------");

        AdminConfig admin = load(withReplicator("admin-listen = 0.0.0.0:0\nadmin-token-file = " + file)).admin();

        assertThat(admin.token().map(Secret::reveal)).contains(TOKEN);
        assertThat(load(withReplicator("admin-token-file = " + readOnly)).admin().token().map(Secret::reveal))
                .contains(TOKEN);
    }

    @Test
    void readsARelativeTokenFileFromTheConfigurationFilesDirectory(@TempDir Path directory) throws Exception {
        tokenFile(directory, "admin.token", TOKEN + "\n", "rw-------");
        Path config = directory.resolve("tandem.cnf");
        Files.writeString(config, withReplicator("admin-token-file = admin.token"));

        assertThat(ConfigLoader.load(config).admin().token().map(Secret::reveal)).contains(TOKEN);
    }

    @Test
    void refusesATokenFileOthersMayRead(@TempDir Path directory) throws Exception {
        Path file = tokenFile(directory, "admin.token", TOKEN + "\n", "rw-r--r--");

        List<String> problems = problems(withReplicator("admin-token-file = " + file));

        assertThat(problems).containsExactly("conf/test.cnf:2: [replicator] admin-token-file = \"" + file + "\": users"
                + " other than its owner have access to it (mode rw-r--r--); run chmod 600 " + file
                + " (heartbeat refuses its authkeys for the same reason)");
        assertThat(problems(withReplicator("admin-token-file = " + tokenFile(directory, "writable.token", TOKEN, "rw--w----"))))
                .singleElement().asString().contains("mode rw--w----");
    }

    @Test
    void refusesAMissingOrEmptyTokenFile(@TempDir Path directory) throws Exception {
        Path missing = directory.resolve("nope.token");
        Path empty = tokenFile(directory, "empty.token", "\nsecond line\n", "rw-------");

        assertThat(problems(withReplicator("admin-token-file = " + missing))).containsExactly(
                "conf/test.cnf:2: [replicator] admin-token-file = \"" + missing + "\": no such file");
        assertThat(problems(withReplicator("admin-token-file = " + empty))).containsExactly(
                "conf/test.cnf:2: [replicator] admin-token-file = \"" + empty + "\": the first line is empty; it must"
                        + " hold the token (openssl rand -hex 32 > " + empty + ")");
        assertThat(problems(withReplicator("admin-token-file = " + directory))).singleElement().asString()
                .contains("is a directory");
    }

    @Test
    void neverPrintsTheTokenOfAFileItRefuses(@TempDir Path directory) throws Exception {
        Path file = tokenFile(directory, "admin.token", "Sup3r Secret\n", "rw-------");

        List<String> problems = problems(withReplicator("admin-token-file = " + file));

        assertThat(problems).singleElement().asString().contains("the token on its first line must be printable ASCII")
                .doesNotContain("Sup3r");
    }

    @Test
    void aMissingTokenFileIsTheOnlyProblemOfANonLoopbackAddress(@TempDir Path directory) {
        // The operator did set a token; saying "no admin token is set" as well would send them the wrong way.
        List<String> problems = problems(withReplicator("admin-listen = 0.0.0.0:8470\nadmin-token-file = "
                + directory.resolve("missing")));

        assertThat(problems).singleElement().asString().contains("no such file");
    }

    @Test
    void listsAdminProblemsWithEveryOtherProblem() {
        List<String> problems = problems("[replicator]\nadmin-listen = 127.0.0.1:x\nloop-prevention = gtid\n"
                + PAIR.replace("host = 10.10.10.21", "host = 10.10.10.21\nport = 0"));

        assertThat(problems).hasSize(3);
        assertThat(problems.get(0)).startsWith("conf/test.cnf:2: [replicator] admin-listen = \"127.0.0.1:x\"");
    }

    @Test
    void warnsAboutAShortToken() throws Exception {
        ReplicatorConfig config = load(withReplicator("admin-token = abc123"));

        assertThat(config.warnings()).containsExactly("conf/test.cnf:2: [replicator] the admin token is shorter than"
                + " 16 characters and easy to guess; make a longer one with: openssl rand -hex 32");
    }

    @Test
    void theBuilderTakesTheSameKeys() throws Exception {
        ReplicatorConfig config = ReplicatorConfig.builder()
                .set("admin-listen", "127.0.0.1:0")
                .set("admin-token", Secret.of(TOKEN))
                .server("db1", s -> s.set("host", "h1").set("user", "u"))
                .server("db2", s -> s.set("host", "h2").set("user", "u"))
                .channel("c", c -> c.set("source", "db1").set("target", "db2"))
                .build();

        assertThat(config.admin()).isEqualTo(new AdminConfig(Optional.of(new InetSocketAddress("127.0.0.1", 0)),
                Optional.of(Secret.of(TOKEN))));
        InvalidConfigurationException e = catchThrowableOfType(InvalidConfigurationException.class,
                () -> ReplicatorConfig.builder().set("admin-listen", "0.0.0.0:1")
                        .server("db1", s -> s.set("host", "h1").set("user", "u"))
                        .server("db2", s -> s.set("host", "h2").set("user", "u"))
                        .channel("c", c -> c.set("source", "db1").set("target", "db2"))
                        .build());
        assertThat(e.problems()).singleElement().asString().startsWith("[replicator] admin-listen = \"0.0.0.0:1\": not a"
                + " loopback address");
    }

    @Test
    void theRecordRefusesAnOpenAddressWithoutTokenWhenBuiltDirectly() {
        IllegalArgumentException e = catchThrowableOfType(IllegalArgumentException.class,
                () -> new AdminConfig(Optional.of(new InetSocketAddress("0.0.0.0", 1)), Optional.empty()));
        assertThat(e).hasMessageContaining("needs a token");
    }

    private static Path tokenFile(Path directory, String name, String content, String mode) throws Exception {
        Path file = directory.resolve(name);
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }
}

package io.tandem.heartbeat.config;

import io.tandem.common.Secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AuthKeysParserTest {

    private static final String KEY = "Zq9-do-not-print-me";
    private static final KeyFileAccess OWNER_ONLY = new KeyFileAccess.OwnerOnly();

    private final Problems problems = new Problems(AuthKeysParser.FILE);

    private Optional<AuthKeys> parse(String text) {
        return AuthKeysParser.parse(text, OWNER_ONLY, problems);
    }

    @Test
    void readsTheSha1KeyOfTheCaptures() {
        AuthKeys keys = AuthKeysParser.parse(Fixtures.text("authkeys.sha1"), OWNER_ONLY, problems).orElseThrow();

        assertThat(problems.errors()).isEmpty();
        assertThat(problems.warnings()).isEmpty();
        assertThat(keys.activeIndex()).isEqualTo(1);
        assertThat(keys.active()).isEqualTo(new AuthKey(1, AuthMethod.SHA1, Secret.of("s3cret")));
        assertThat(keys.active().key().reveal()).isEqualTo("s3cret");
    }

    @Test
    void readsTheSeedsCrcKeyAndWarnsThatItAuthenticatesNothing() {
        AuthKeys keys = AuthKeysParser.parse(Fixtures.text("seed-authkeys"), OWNER_ONLY, problems).orElseThrow();

        assertThat(problems.errors()).isEmpty();
        assertThat(keys.active()).isEqualTo(new AuthKey(1, AuthMethod.CRC, Secret.EMPTY));
        assertThat(problems.warnings()).singleElement().satisfies(warning -> {
            assertThat(warning.line()).isEqualTo(2);
            assertThat(warning.directive()).isEqualTo("key 1");
            assertThat(warning.message()).contains("crc authenticates nothing", "use sha1");
        });
    }

    @Test
    void readsSeveralKeysAndSignsWithTheOneAuthNames() {
        AuthKeys keys = parse("""
                # rotate from md5 to sha1
                auth 2

                  1 md5 first-key
                2 sha1 second-key   # comments may follow the key
                0 crc
                """).orElseThrow();

        assertThat(problems.errors()).isEmpty();
        assertThat(keys.keys()).extracting(AuthKey::index, AuthKey::method)
                .containsExactly(tuple(0, AuthMethod.CRC), tuple(1, AuthMethod.MD5), tuple(2, AuthMethod.SHA1));
        assertThat(keys.active().key().reveal()).isEqualTo("second-key");
        assertThat(keys.keyAt(1)).map(key -> key.key().reveal()).contains("first-key");
        assertThat(keys.keyAt(7)).isEmpty();
    }

    @Test
    void keepsAHashInsideAKeyAsHeartbeatDoes() {
        AuthKeys keys = parse("auth 1\n1 sha1 ab#cd\n").orElseThrow();

        assertThat(keys.active().key().reveal()).isEqualTo("ab#cd");
    }

    @Test
    void acceptsAuthBelowItsKeyButWarnsThatHeartbeatWouldNot() {
        AuthKeys keys = parse("1 sha1 " + KEY + "\nauth 1\n").orElseThrow();

        assertThat(keys.activeIndex()).isEqualTo(1);
        assertThat(problems.warnings()).singleElement().satisfies(warning -> {
            assertThat(warning.line()).isEqualTo(2);
            assertThat(warning.message()).contains("Auth Key [1] not found", "move auth 1 to the top");
        });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "1 crc secret                | crc takes no key",
        "1 crc # the old way         | crc takes no key",
        "1 sha1                      | sha1 needs a key",
        "1 md5                       | md5 needs a key",
        "1                           | needs a method",
        "1 SHA1 secret               | lower case",
        "1 sha256 secret             | unknown method",
        "1 sha1 my secret phrase     | one word without blanks",
        "16 sha1 secret              | from 0 to 15",
        "sha1 secret                 | not an authkeys line",
        "authentication 1            | must be auth <index>",
    })
    void refusesKeyLinesHeartbeatWouldRefuseOrMisread(String line, String expected) {
        parse("auth 1\n" + line + "\n1 sha1 fallback-key\n");

        assertThat(problems.errors()).first().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(2);
            assertThat(problem.message()).contains(expected);
        });
    }

    @Test
    void neverQuotesAnUnknownMethodBecauseItMayBeTheKey() {
        parse("auth 1\n1 " + KEY + "\n");

        assertThat(problems.errors()).extracting(ConfigProblem::toString)
                .allSatisfy(text -> assertThat(text).doesNotContain(KEY))
                .anySatisfy(text -> assertThat(text).contains("unknown method (the second word)"));
    }

    @Test
    void refusesAMissingAuthLine() {
        assertThat(parse("1 sha1 key\n")).isEmpty();

        assertThat(problems.errors()).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isZero();
            assertThat(problem.message()).contains("no auth <index> line");
        });
    }

    @Test
    void refusesAnAuthLineNamingNoKey() {
        assertThat(parse("auth 2\n1 sha1 key\n")).isEmpty();

        assertThat(problems.errors()).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(1);
            assertThat(problem.message()).contains("auth 2 names no key line", "Auth Key [2] not found");
        });
    }

    @Test
    void reportsABrokenActiveKeyLineOnce() {
        assertThat(parse("auth 1\n1 sha1\n")).isEmpty();

        assertThat(problems.errors()).extracting(ConfigProblem::line).containsExactly(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"auth", "auth x", "auth 1 2", "auth 99"})
    void refusesMalformedAuthLines(String line) {
        parse(line + "\n1 sha1 key\n");

        assertThat(problems.errors()).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(1);
            assertThat(problem.directive()).isEqualTo("auth");
        });
    }

    @Test
    void reportsEveryProblemWithItsLine() {
        parse("""
                auth 1
                1 sha1 key-one
                1 md5 key-two
                2 crc extra
                auth 2
                """);

        assertThat(problems.errors()).extracting(ConfigProblem::line, ConfigProblem::directive).containsExactly(
                tuple(3, "key 1"), tuple(4, "key 2"), tuple(5, "auth"));
        assertThat(problems.errors().get(0).message()).contains("already defined on line 2");
    }

    @Test
    void refusesAKeyFileThatGroupOrOthersMayUse() {
        KeyFileAccess open = KeyFileAccess.of(PosixFilePermissions.fromString("rw-r--r--"));

        AuthKeysParser.parse("auth 1\n1 sha1 " + KEY + "\n", open, problems);

        assertThat(problems.errors()).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isZero();
            assertThat(problem.message()).contains("mode 644 (rw-r--r--)", "chmod 600 authkeys");
        });
    }

    @Test
    void warnsWhenTheModeCannotBeChecked() {
        AuthKeysParser.parse("auth 1\n1 sha1 key\n", new KeyFileAccess.NotChecked("no POSIX permissions"), problems);

        assertThat(problems.errors()).isEmpty();
        assertThat(problems.warnings()).singleElement().satisfies(warning ->
                assertThat(warning.message()).contains("could not be checked (no POSIX permissions)", "chmod 600"));
    }

    @ParameterizedTest(name = "{0} is open: {1}")
    @CsvSource({
        "rw-------, false",
        "r--------, false",
        "rwx------, false",
        "rw-r-----, true",
        "rw----r--, true",
        "rw--w----, true",
        "rw------x, true",
    })
    void treatsAnyGroupOrOtherBitAsOpen(String mode, boolean open) {
        KeyFileAccess access = KeyFileAccess.of(PosixFilePermissions.fromString(mode));

        assertThat(access).isInstanceOf(open ? KeyFileAccess.OpenToOthers.class : KeyFileAccess.OwnerOnly.class);
    }

    @Test
    void neverShowsAKeyInToStringOrInAnyMessage() {
        AuthKeys keys = parse("auth 1\n1 sha1 " + KEY + "\n2 md5 " + KEY + " trailing words\n3 crc " + KEY
                + "\n2 sha1 " + KEY + "\n").orElseThrow();

        assertThat(keys.toString()).doesNotContain(KEY).contains(Secret.MASK);
        assertThat(keys.active().toString()).doesNotContain(KEY);
        assertThat(problems.errors()).hasSize(2)
                .allSatisfy(problem -> assertThat(problem.toString()).doesNotContain(KEY));
        assertThat(problems.warnings()).allSatisfy(problem -> assertThat(problem.toString()).doesNotContain(KEY));
    }
}

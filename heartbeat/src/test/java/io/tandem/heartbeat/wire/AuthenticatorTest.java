package io.tandem.heartbeat.wire;

import static io.tandem.heartbeat.wire.Latin1.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The primitive test vectors of §4.5 and the inner classic signature of §4.4 of the protocol notes. */
class AuthenticatorTest {

    private static final AuthKey CRC = new AuthKey(1, AuthMethod.CRC, new byte[0]);
    private static final AuthKey SHA1 = new AuthKey(1, AuthMethod.SHA1, bytes("mysecretkey"));
    private static final AuthKey MD5 = new AuthKey(1, AuthMethod.MD5, bytes("mysecretkey"));

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource(delimiter = '|', emptyValue = "", textBlock = """
            ''                       | ffffffff | 155a6b8ab154945c800e0b48c68f2b31054d2306 | f99eff580d16796499d7a166e4a45fe7
            123456789                | 765e7680 | 1a564e5f0cf5b6d08de52cec762b384e3bdf5668 | 280249abd298fb9a8147f47704eddd56
            't=status\\nst=active\\n' | b7e1ed97 | 8b71b4e67643169277c26c3af58d3f5becc8d427 | 80889bf3114256a3edc72b0b339b28ea
            """)
    void computesTheDigestsOfThePrimitiveVectors(String input, String crc, String sha1, String md5) {
        byte[] data = bytes(input.replace("\\n", "\n"));

        assertThat(Authenticator.sign(CRC, data, 0, data.length).digest()).isEqualTo(crc);
        assertThat(Authenticator.sign(SHA1, data, 0, data.length).digest()).isEqualTo(sha1);
        assertThat(Authenticator.sign(MD5, data, 0, data.length).digest()).isEqualTo(md5);
    }

    @Test
    void hashesKeysLongerThanOneBlockFirst() {
        byte[] longKey = bytes("k".repeat(80));
        byte[] data = bytes("123456789");

        assertThat(Authenticator.sign(new AuthKey(1, AuthMethod.SHA1, longKey), data, 0, 9).digest())
                .isEqualTo("3757560d1641f5d1534e45f337b91f34c723051c");
        assertThat(Authenticator.sign(new AuthKey(1, AuthMethod.MD5, longKey), data, 0, 9).digest())
                .isEqualTo("4eab24d91e15f7b9c2a8b0cbee20173e");
    }

    @Test
    void verifiesWithTheKeyOfTheNamedIndexNotTheActiveOne() {
        AuthKey old = new AuthKey(1, AuthMethod.SHA1, bytes("old-secret"));
        AuthKey current = new AuthKey(2, AuthMethod.SHA1, bytes("new-secret"));
        Authenticator authenticator = new Authenticator(new AuthKeys(2, List.of(old, current)));
        byte[] data = bytes("t=status\n");

        AuthToken signedWithOld = Authenticator.sign(old, data, 0, data.length);

        assertThat(authenticator.sign(data, 0, data.length).keyIndex()).isEqualTo(2);
        assertThat(authenticator.verify(signedWithOld, data, 0, data.length)).isEqualTo(SignatureCheck.VALID);
        assertThat(authenticator.verify(new AuthToken(2, signedWithOld.digest()), data, 0, data.length))
                .isEqualTo(SignatureCheck.MISMATCH);
    }

    @Test
    void tellsAnUnknownIndexAndAWrongMethodApart() {
        Authenticator authenticator = new Authenticator(AuthKeys.of(MD5));
        byte[] data = bytes("123456789");

        assertThat(authenticator.verify(Authenticator.sign(new AuthKey(3, AuthMethod.MD5, bytes("mysecretkey")), data, 0, 9),
                data, 0, 9)).isEqualTo(SignatureCheck.UNKNOWN_KEY_INDEX);
        assertThat(authenticator.verify(Authenticator.sign(SHA1, data, 0, 9), data, 0, 9))
                .isEqualTo(SignatureCheck.WRONG_METHOD);
        assertThat(authenticator.verify(Authenticator.sign(CRC, data, 0, 9), data, 0, 9))
                .isEqualTo(SignatureCheck.WRONG_METHOD);
        assertThat(authenticator.verify(Authenticator.sign(new AuthKey(1, AuthMethod.MD5, bytes("other")), data, 0, 9),
                data, 0, 9)).isEqualTo(SignatureCheck.MISMATCH);
    }

    @Test
    void reportsAMissingOrMalformedInnerAuthField() {
        Authenticator authenticator = new Authenticator(Keys.SHA1_S3CRET);
        Message unsigned = Message.builder().text("t", "status").text("src", "node1").build();

        assertThat(authenticator.verifyClassicAuth(unsigned)).isEqualTo(SignatureCheck.ABSENT);
        assertThat(authenticator.verifyClassicAuth(unsigned.withTextReplacedOrAppended("auth", "1 XYZ")))
                .isEqualTo(SignatureCheck.MALFORMED);
        assertThat(authenticator.verifyClassicAuth(authenticator.withClassicAuth(unsigned)))
                .isEqualTo(SignatureCheck.VALID);
    }

    @Test
    void masksSecretsAndRefusesInconsistentKeys() {
        AuthKey key = new AuthKey(1, AuthMethod.SHA1, bytes("s3cret"));

        assertThat(key.toString()).isEqualTo("1 sha1 ********");
        assertThat(new AuthKey(0, AuthMethod.CRC, null).toString()).isEqualTo("0 crc");
        assertThat(AuthKeys.of(key).toString()).doesNotContain("s3cret");
        assertThat(key).isEqualTo(new AuthKey(1, AuthMethod.SHA1, bytes("s3cret")));
        assertThatThrownBy(() -> new AuthKey(16, AuthMethod.CRC, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AuthKey(1, AuthMethod.MD5, new byte[0])).hasMessageContaining("needs a key");
        assertThatThrownBy(() -> new AuthKeys(2, List.of(key))).hasMessageContaining("not among the keys");
        assertThatThrownBy(() -> new AuthKeys(1, List.of(key, key))).hasMessageContaining("twice");
        assertThat(AuthMethod.fromAuthkeysName("SHA1")).hasValue(AuthMethod.SHA1);
        assertThat(AuthMethod.fromAuthkeysName("sha256")).isEmpty();
    }
}

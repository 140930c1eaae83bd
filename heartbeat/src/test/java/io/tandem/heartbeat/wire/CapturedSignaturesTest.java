package io.tandem.heartbeat.wire;

import static io.tandem.heartbeat.wire.Latin1.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The signatures of each capture's first packet: the "captured messages" vectors of §4.4 and §4.5. */
class CapturedSignaturesTest {

    private static final AuthKey CRC = new AuthKey(1, AuthMethod.CRC, new byte[0]);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            hb-sha1.pcap | sha1 | 318 | 272 | 42:1 afd8e45f9731b893c5e062b57d1833351139d0ae,
            hb-md5.pcap  | md5  | 302 | 264 | 34:1 9c5a3d544871fe21742ec7aa6ac51785,
            hb-crc.pcap  | crc  | 252 | 240 | 9:1 74a509f,
            """)
    void signsEachCapturesFirstPacketWithTheTrailerItCarries(String capture, String method, int payloadBytes,
            int signedBytes, String trailer) {
        AuthMethod authMethod = AuthMethod.fromAuthkeysName(method).orElseThrow();
        AuthKey key = new AuthKey(1, authMethod, authMethod.needsSecret() ? bytes("s3cret") : new byte[0]);
        byte[] packet = CapturedPackets.read(capture).getFirst().payload();
        AuthToken token = Authenticator.sign(key, packet, 0, signedBytes);

        assertThat(packet).hasSize(payloadBytes);
        assertThat(DatagramLayout.of(packet).signedEnd()).isEqualTo(signedBytes);
        assertThat(token.toString().length() + ":" + token + ",").isEqualTo(trailer);
        assertThat(Latin1.text(packet)).endsWith("%%%\n" + trailer);
    }

    @Test
    void writesTheCrcWithoutLeadingZerosAsPercentLx() {
        // Packet 1 of hb-crc.pcap: its trailer is "9:1 74a509f," -- seven digits, 0x074a509f unpadded.
        byte[] packet = CapturedPackets.read("hb-crc.pcap").getFirst().payload();
        int signedLength = 240;

        assertThat(Authenticator.sign(CRC, packet, 0, signedLength).toString()).isEqualTo("1 74a509f");
    }

    @Test
    void signsTheClassicRenderingWithoutHeadLinesAndWithoutTheAuthField() {
        Message packet1 = firstMessageOf("hb-sha1.pcap", Keys.SHA1_S3CRET);

        assertThat(Latin1.text(ClassicRendering.signedText(packet1)))
                .isEqualTo("t=status\nst=init\ndt=1b58\nprotocol=1\nsrc=wshuttle-test1\n"
                        + "(1)srcuuid=vK4UjwbiQ7Wms7/J8tX6FQ==\nseq=1\nhg=6b0488e4\nts=6b048940\n"
                        + "ld=1.42 1.25 0.58 1/136 19004\nttl=3\n");
        assertThat(new Authenticator(Keys.SHA1_S3CRET).classicAuthOf(packet1).toString())
                .isEqualTo("1 8658efb6e4835b79fc30da85400f308b74dc04c2");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            hb-sha1.pcap | sha1 | 1 8658efb6e4835b79fc30da85400f308b74dc04c2
            hb-md5.pcap  | md5  | 1 e1e57dbdb72b6ececb5f7ef727cdc063
            hb-crc.pcap  | crc  | 1 2005204a
            """)
    void computesTheInnerAuthOfEachCapturesFirstPacket(String capture, String method, String innerAuth) {
        AuthMethod authMethod = AuthMethod.fromAuthkeysName(method).orElseThrow();
        AuthKeys keys = AuthKeys.of(new AuthKey(1, authMethod, authMethod.needsSecret() ? bytes("s3cret") : new byte[0]));
        Message packet1 = firstMessageOf(capture, keys);
        Authenticator authenticator = new Authenticator(keys);

        assertThat(packet1.auth()).hasValueSatisfying(auth -> assertThat(auth.toString()).isEqualTo(innerAuth));
        assertThat(authenticator.classicAuthOf(packet1).toString()).isEqualTo(innerAuth);
        assertThat(authenticator.verifyClassicAuth(packet1)).isEqualTo(SignatureCheck.VALID);
    }

    private static Message firstMessageOf(String capture, AuthKeys keys) {
        byte[] payload = CapturedPackets.read(capture).getFirst().payload();
        return ((DecodeResult.Accepted) new NetstringCodec(keys).decode(payload)).message();
    }
}

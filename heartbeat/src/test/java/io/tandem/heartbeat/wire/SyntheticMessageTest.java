package io.tandem.heartbeat.wire;

import static io.tandem.heartbeat.wire.Latin1.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The synthetic full message of §4.5 (key {@code mysecretkey}, node {@code node1}), and the first packet of
 * each capture rebuilt from scratch: tandem's bytes and signatures must equal heartbeat's.
 */
class SyntheticMessageTest {

    private static final UUID NODE1 = UUID.fromString("3f2c8b1e-0d4a-4c5e-9a11-223344556677");
    private static final String UUID_BYTES = "?,\u008b\u001e\rJL^\u009a\u0011\"3DUfw";

    private static Message synthetic() {
        return Message.builder()
                .text("t", "status").text("st", "active").text("dt", "7530").text("protocol", "1")
                .text("src", "node1").uuid("srcuuid", NODE1)
                .hex("seq", 0x2a).hex("hg", 0x4b0f3c21).hex("ts", 0x656f1a2b)
                .text("ld", "0.00 0.01 0.05 1/123 4567").text("ttl", "4")
                .build();
    }

    @Test
    void encodesTheSyntheticMessageWithInnerAuthByteForByte() {
        NetstringCodec codec = new NetstringCodec(AuthKeys.of(new AuthKey(1, AuthMethod.SHA1, bytes("mysecretkey"))));

        byte[] wire = codec.encode(codec.authenticator().withClassicAuth(synthetic()));

        assertThat(Latin1.text(wire)).isEqualTo("###\n"
                + "11:(0)t=status,12:(0)st=active,10:(0)dt=7530,13:(0)protocol=1,12:(0)src=node1,"
                + "27:(1)srcuuid=" + UUID_BYTES + ",9:(0)seq=2a,14:(0)hg=4b0f3c21,14:(0)ts=656f1a2b,"
                + "31:(0)ld=0.00 0.01 0.05 1/123 4567,8:(0)ttl=4,50:(0)auth=1 a73bfc47eb9869dd1b5957dd0c40dc78db911eee,%%%\n"
                + "42:1 6921b4c0aa7e711f707812d3aa71992be13047f4,");
        assertThat(wire).hasSize(311);
    }

    @Test
    void encodesTheSyntheticMessageWithoutInnerAuthAsTandemSendsIt() {
        NetstringCodec codec = new NetstringCodec(AuthKeys.of(new AuthKey(1, AuthMethod.SHA1, bytes("mysecretkey"))));

        byte[] wire = codec.encode(synthetic());

        assertThat(wire).hasSize(257);
        assertThat(Latin1.text(wire)).endsWith("8:(0)ttl=4,%%%\n42:1 9834c29572336fdd23b07fef89fc55d05c0efc04,");
    }

    @Test
    void signsTheSyntheticMessageWithCrcUnderIndexZero() {
        NetstringCodec codec = new NetstringCodec(AuthKeys.of(new AuthKey(0, AuthMethod.CRC, new byte[0])));

        Message signed = codec.authenticator().withClassicAuth(synthetic());

        assertThat(signed.text("auth")).hasValue("0 c5ca4ea0");
        assertThat(Latin1.text(codec.encode(signed))).endsWith("%%%\n10:0 4769b540,");
    }

    @Test
    void signsTheSyntheticMessageWithMd5UnderIndexTwo() {
        NetstringCodec codec = new NetstringCodec(AuthKeys.of(new AuthKey(2, AuthMethod.MD5, bytes("mysecretkey"))));

        Message signed = codec.authenticator().withClassicAuth(synthetic());

        assertThat(signed.text("auth")).hasValue("2 c4c9240dac1ccd3477441da53947cfbb");
        assertThat(Latin1.text(codec.encode(signed))).endsWith("%%%\n34:2 4921e310ae3133307f3f804cee0e4cbe,");
    }

    @Test
    void rebuildsTheFirstPacketOfEachCaptureFromScratch() {
        assertRebuiltFromScratch("hb-sha1.pcap", Keys.SHA1_S3CRET, 0x6b0488e4);
        assertRebuiltFromScratch("hb-md5.pcap", Keys.MD5_S3CRET, 0x6b0488e6);
        assertRebuiltFromScratch("hb-crc.pcap", Keys.CRC, 0x6b0488e7);
    }

    /**
     * Builds {@code t=status st=init dt=1b58 protocol=1 src srcuuid seq=1 hg ts ld ttl=3}, node1's first
     * status after start-up, and signs it; only the clock and load average come from the capture.
     */
    private static void assertRebuiltFromScratch(String capture, AuthKeys keys, long generation) {
        byte[] captured = CapturedPackets.read(capture).getFirst().payload();
        Message decoded = ((DecodeResult.Accepted) new DatagramDecoder(keys).decode(captured)).message();
        NetstringCodec codec = new NetstringCodec(keys);

        Message rebuilt = codec.authenticator().withClassicAuth(Message.builder()
                .text("t", "status").text("st", "init").hex("dt", 5000 + 2000).text("protocol", "1")
                .text("src", "wshuttle-test1")
                .uuid("srcuuid", UUID.fromString("bcae148f-06e2-43b5-a6b3-bfc9f2d5fa15"))
                .hex("seq", 1).hex("hg", generation)
                .hex("ts", decoded.timestamp().orElseThrow().getEpochSecond())
                .text("ld", decoded.load().orElseThrow())
                .text("ttl", "3")
                .build());

        assertThat(codec.encode(rebuilt)).as(capture).isEqualTo(captured);
    }
}

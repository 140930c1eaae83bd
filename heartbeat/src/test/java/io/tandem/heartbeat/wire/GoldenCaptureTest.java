package io.tandem.heartbeat.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every packet two real heartbeat 3.0.6 nodes exchanged (§13 of the protocol notes) decodes, authenticates
 * under the key of its capture, carries a valid inner classic {@code auth} field, and re-encodes to exactly
 * the bytes that were on the wire.
 */
class GoldenCaptureTest {

    static Stream<Arguments> captures() {
        return Stream.of(
                Arguments.of("hb-sha1.pcap", Keys.SHA1_S3CRET, 233),
                Arguments.of("hb-md5.pcap", Keys.MD5_S3CRET, 76),
                Arguments.of("hb-crc.pcap", Keys.CRC, 77));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void decodesAuthenticatesAndReencodesEveryCapturedPacket(String capture, AuthKeys keys, int expectedPackets) {
        List<CapturedPackets.Packet> packets = CapturedPackets.read(capture);
        NetstringCodec codec = new NetstringCodec(keys);
        DatagramDecoder decoder = new DatagramDecoder(keys);

        assertThat(packets).hasSize(expectedPackets);
        for (CapturedPackets.Packet packet : packets) {
            DecodeResult result = decoder.decode(packet.payload());
            assertThat(result).as("packet %d of %s", packet.number(), capture)
                    .isInstanceOf(DecodeResult.Accepted.class);
            DecodeResult.Accepted accepted = (DecodeResult.Accepted) result;
            assertThat(accepted.format()).isEqualTo(WireFormat.NETSTRING);
            assertThat(accepted.signature().keyIndex()).isEqualTo(1);
            assertThat(accepted.innerAuth()).as("inner auth of packet %d", packet.number())
                    .isEqualTo(SignatureCheck.VALID);
            assertThat(codec.encode(accepted.message())).as("re-encoded packet %d", packet.number())
                    .isEqualTo(packet.payload());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void readsTheCommonFieldsOfEveryCapturedPacket(String capture, AuthKeys keys, int expectedPackets) {
        DatagramDecoder decoder = new DatagramDecoder(keys);
        for (CapturedPackets.Packet packet : CapturedPackets.read(capture)) {
            Message message = ((DecodeResult.Accepted) decoder.decode(packet.payload())).message();
            assertThat(message.type()).isPresent();
            assertThat(message.src()).hasValueSatisfying(src -> assertThat(src).startsWith("wshuttle-test"));
            assertThat(message.srcUuid()).isPresent();
            assertThat(message.generation()).isPresent();
            assertThat(message.timestamp()).isPresent();
            assertThat(message.ttl()).hasValue(3);
            assertThat(message.auth()).isPresent();
            if (message.type().orElseThrow().startsWith("NS_")) {
                assertThat(message.seq()).isEmpty();
                assertThat(message.load()).isEmpty();
            } else {
                assertThat(message.seq()).isPresent();
                assertThat(message.load()).isPresent();
            }
            if (message.dest().isPresent()) {
                assertThat(message.destUuid()).isPresent();
            }
        }
    }
}

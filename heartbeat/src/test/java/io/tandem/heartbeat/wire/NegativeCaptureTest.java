package io.tandem.heartbeat.wire;

import static io.tandem.heartbeat.wire.Latin1.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real 3.0.6 packets, damaged the ways §13 item 2 of the protocol notes lists: each must be rejected with
 * the reason that says what is wrong, never accepted and never thrown.
 */
class NegativeCaptureTest {

    static Stream<Arguments> captures() {
        return Stream.of(
                Arguments.of("hb-sha1.pcap", Keys.SHA1_S3CRET),
                Arguments.of("hb-md5.pcap", Keys.MD5_S3CRET),
                Arguments.of("hb-crc.pcap", Keys.CRC));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void rejectsEveryPacketWithAFlippedByteInsideAFieldValue(String capture, AuthKeys keys) {
        DatagramDecoder decoder = new DatagramDecoder(keys);
        for (CapturedPackets.Packet packet : CapturedPackets.read(capture)) {
            byte[] payload = packet.payload();
            for (DatagramLayout.FieldSpan field : DatagramLayout.of(payload).fields()) {
                for (int pos = field.valueFrom(); pos < field.comma(); pos++) {
                    assertThat(reasonOf(decoder.decode(flipped(payload, pos))))
                            .as("packet %d, byte %d flipped", packet.number(), pos)
                            .isEqualTo(RejectReason.BAD_SIGNATURE);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void neverAcceptsAPacketWithAnyFlippedByteOfTheSignedRegion(String capture, AuthKeys keys) {
        DatagramDecoder decoder = new DatagramDecoder(keys);
        for (CapturedPackets.Packet packet : CapturedPackets.read(capture).subList(0, 20)) {
            byte[] payload = packet.payload();
            for (int pos = 0; pos < DatagramLayout.of(payload).signedEnd(); pos++) {
                for (int mask : new int[] {0x01, 0xFF}) {
                    byte[] damaged = payload.clone();
                    damaged[pos] ^= (byte) mask;
                    assertThat(decoder.decode(damaged)).as("packet %d, byte %d ^ %x", packet.number(), pos, mask)
                            .isInstanceOf(DecodeResult.Rejected.class);
                }
            }
        }
    }

    @Test
    void namesTheClaimedSenderOfAPacketThatFailsAuthentication() {
        byte[] payload = CapturedPackets.read("hb-sha1.pcap").getFirst().payload();
        int inLoadAverage = DatagramLayout.of(payload).fields().get(9).valueFrom();

        DecodeResult result = new DatagramDecoder(Keys.SHA1_S3CRET).decode(flipped(payload, inLoadAverage));

        assertThat(result).isEqualTo(new DecodeResult.Rejected(RejectReason.BAD_SIGNATURE, "key index 1 (sha1)",
                Optional.of("wshuttle-test1")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void rejectsDamagedTrailers(String capture, AuthKeys keys) {
        DatagramDecoder decoder = new DatagramDecoder(keys);
        for (CapturedPackets.Packet packet : CapturedPackets.read(capture)) {
            byte[] payload = packet.payload();
            DatagramLayout layout = DatagramLayout.of(payload);
            int index = layout.trailerPayloadFrom();
            int digest = index + 2;
            int lastDigit = payload.length - 2;

            assertThat(reasonOf(decoder.decode(with(payload, digest, otherHexDigit(payload[digest])))))
                    .isEqualTo(RejectReason.BAD_SIGNATURE);
            assertThat(reasonOf(decoder.decode(with(payload, lastDigit, otherHexDigit(payload[lastDigit])))))
                    .isEqualTo(RejectReason.BAD_SIGNATURE);
            assertThat(reasonOf(decoder.decode(with(payload, digest, (byte) 'g')))).isEqualTo(RejectReason.BAD_TRAILER);
            assertThat(reasonOf(decoder.decode(with(payload, digest, (byte) 'A')))).isEqualTo(RejectReason.BAD_TRAILER);
            assertThat(reasonOf(decoder.decode(with(payload, index + 1, (byte) '_')))).isEqualTo(RejectReason.BAD_TRAILER);
            assertThat(reasonOf(decoder.decode(with(payload, index, (byte) '2')))).isEqualTo(RejectReason.UNKNOWN_KEY_INDEX);
            assertThat(reasonOf(decoder.decode(with(payload, payload.length - 1, (byte) '.'))))
                    .isEqualTo(RejectReason.BAD_TRAILER);
            assertThat(reasonOf(decoder.decode(with(payload, layout.trailerLengthFrom(), (byte) 'x'))))
                    .isEqualTo(RejectReason.BAD_TRAILER);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void rejectsEveryPacketTruncatedAtEveryOffset(String capture, AuthKeys keys) {
        DatagramDecoder decoder = new DatagramDecoder(keys);
        for (CapturedPackets.Packet packet : CapturedPackets.read(capture)) {
            byte[] payload = packet.payload();
            int signedEnd = DatagramLayout.of(payload).signedEnd();
            for (int cut = 0; cut < payload.length; cut++) {
                RejectReason expected = cut == signedEnd ? RejectReason.MISSING_TRAILER : RejectReason.TRUNCATED;
                assertThat(reasonOf(decoder.decode(payload, 0, cut)))
                        .as("packet %d cut to %d bytes", packet.number(), cut)
                        .isEqualTo(expected);
                assertThat(reasonOf(decoder.decode(Arrays.copyOf(payload, cut))))
                        .as("packet %d cut to %d bytes in its own array", packet.number(), cut)
                        .isEqualTo(expected);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void rejectsCorruptedLengthDigits(String capture, AuthKeys keys) {
        DatagramDecoder decoder = new DatagramDecoder(keys);
        for (CapturedPackets.Packet packet : CapturedPackets.read(capture)) {
            byte[] payload = packet.payload();
            for (DatagramLayout.FieldSpan field : DatagramLayout.of(payload).fields()) {
                int length = Integer.parseInt(new String(payload, field.lengthFrom(), field.colon() - field.lengthFrom()));
                String label = "packet " + packet.number() + ", field at " + field.lengthFrom();

                assertThat(reasonOf(decoder.decode(with(payload, field.lengthFrom(), (byte) 'x')))).as(label)
                        .isEqualTo(RejectReason.BAD_LENGTH);
                assertThat(reasonOf(decoder.decode(with(payload, field.colon() - 1, (byte) '/')))).as(label)
                        .isEqualTo(RejectReason.BAD_LENGTH);
                assertThat(reasonOf(decoder.decode(withLength(payload, field, String.valueOf(length + 1))))).as(label)
                        .isEqualTo(RejectReason.BAD_LENGTH);
                assertThat(reasonOf(decoder.decode(withLength(payload, field, "0" + length)))).as(label)
                        .isEqualTo(RejectReason.BAD_LENGTH);
                assertThat(reasonOf(decoder.decode(withLength(payload, field, "+" + length)))).as(label)
                        .isEqualTo(RejectReason.BAD_LENGTH);
                assertThat(reasonOf(decoder.decode(withLength(payload, field, "1000000" + length)))).as(label)
                        .isEqualTo(RejectReason.BAD_LENGTH);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void rejectsAFieldWhoseTypePrefixWasRemoved(String capture, AuthKeys keys) {
        DatagramDecoder decoder = new DatagramDecoder(keys);
        for (CapturedPackets.Packet packet : CapturedPackets.read(capture).subList(0, 30)) {
            byte[] payload = packet.payload();
            for (DatagramLayout.FieldSpan field : DatagramLayout.of(payload).fields()) {
                int length = field.comma() - field.colon() - 1;
                byte[] prefixRemoved = splice(payload, field.colon() + 1, field.nameFrom(), new byte[0]);
                byte[] lengthFixed = splice(payload, field.lengthFrom(), field.nameFrom(), bytes((length - 3) + ":"));

                assertThat(reasonOf(decoder.decode(lengthFixed))).isEqualTo(RejectReason.BAD_TYPE);
                assertThat(reasonOf(decoder.decode(prefixRemoved))).isEqualTo(RejectReason.BAD_LENGTH);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void rejectsGarbageAfterTheTrailerButToleratesOneNul(String capture, AuthKeys keys) {
        DatagramDecoder decoder = new DatagramDecoder(keys);
        byte[] payload = CapturedPackets.read(capture).getFirst().payload();
        DatagramLayout layout = DatagramLayout.of(payload);
        byte[] trailer = Arrays.copyOfRange(payload, layout.trailerLengthFrom(), payload.length);

        for (byte[] garbage : List.of(bytes("x"), bytes("\0\0"), bytes("\0x"), bytes("\n"), bytes(" "), trailer,
                bytes("###\n%%%\n"))) {
            assertThat(reasonOf(decoder.decode(concat(payload, garbage)))).isEqualTo(RejectReason.TRAILING_GARBAGE);
        }
        assertThat(decoder.decode(concat(payload, new byte[] {0}))).isInstanceOf(DecodeResult.Accepted.class);
        assertThat(reasonOf(decoder.decode(concat(Arrays.copyOf(payload, layout.signedEnd()), bytes("\0")))))
                .isEqualTo(RejectReason.MISSING_TRAILER);
    }

    @Test
    void rejectsPacketsVerifiedWithTheWrongKeyMethodOrIndex() {
        AuthKeys wrongSha1Key = AuthKeys.of(new AuthKey(1, AuthMethod.SHA1, bytes("s3cret2")));
        AuthKeys wrongMd5Key = AuthKeys.of(new AuthKey(1, AuthMethod.MD5, bytes("S3cret")));
        AuthKeys onlyIndexTwo = AuthKeys.of(new AuthKey(2, AuthMethod.SHA1, bytes("s3cret")));

        assertAllRejected("hb-sha1.pcap", wrongSha1Key, RejectReason.BAD_SIGNATURE);
        assertAllRejected("hb-md5.pcap", wrongMd5Key, RejectReason.BAD_SIGNATURE);
        assertAllRejected("hb-sha1.pcap", Keys.MD5_S3CRET, RejectReason.WRONG_METHOD);
        assertAllRejected("hb-sha1.pcap", Keys.CRC, RejectReason.WRONG_METHOD);
        assertAllRejected("hb-md5.pcap", Keys.SHA1_S3CRET, RejectReason.WRONG_METHOD);
        assertAllRejected("hb-crc.pcap", Keys.SHA1_S3CRET, RejectReason.WRONG_METHOD);
        assertAllRejected("hb-crc.pcap", Keys.MD5_S3CRET, RejectReason.WRONG_METHOD);
        assertAllRejected("hb-sha1.pcap", onlyIndexTwo, RejectReason.UNKNOWN_KEY_INDEX);
        byte[] payload = CapturedPackets.read("hb-sha1.pcap").getFirst().payload();
        assertThat(new DatagramDecoder(onlyIndexTwo).decode(payload)).extracting("detail")
                .isEqualTo("key index 1 is not configured here (configured: [2])");
        assertThat(new DatagramDecoder(Keys.MD5_S3CRET).decode(payload)).extracting("detail")
                .isEqualTo("key index 1 is md5 here, but the digest has 40 hex digits");
    }

    @Test
    void rejectsDatagramsThatAreNotHeartbeatMessagesOrTooLarge() {
        DatagramDecoder decoder = new DatagramDecoder(Keys.SHA1_S3CRET);
        byte[] huge = new byte[NetstringCodec.MAX_DATAGRAM_BYTES + 1];
        System.arraycopy(bytes("###\n"), 0, huge, 0, 4);

        assertThat(reasonOf(decoder.decode(bytes("GET / HTTP/1.0\r\n")))).isEqualTo(RejectReason.UNKNOWN_FORMAT);
        assertThat(reasonOf(decoder.decode(bytes("##!\n")))).isEqualTo(RejectReason.UNKNOWN_FORMAT);
        assertThat(reasonOf(decoder.decode(bytes("##")))).isEqualTo(RejectReason.TRUNCATED);
        assertThat(reasonOf(decoder.decode(new byte[0]))).isEqualTo(RejectReason.TRUNCATED);
        assertThat(reasonOf(decoder.decode(huge))).isEqualTo(RejectReason.TOO_LARGE);
    }

    private static void assertAllRejected(String capture, AuthKeys keys, RejectReason expected) {
        DatagramDecoder decoder = new DatagramDecoder(keys);
        for (CapturedPackets.Packet packet : CapturedPackets.read(capture)) {
            assertThat(reasonOf(decoder.decode(packet.payload()))).as("packet %d of %s", packet.number(), capture)
                    .isEqualTo(expected);
        }
    }

    static RejectReason reasonOf(DecodeResult result) {
        return switch (result) {
            case DecodeResult.Accepted accepted -> null;
            case DecodeResult.Rejected rejected -> rejected.reason();
        };
    }

    static byte[] flipped(byte[] data, int pos) {
        return with(data, pos, (byte) (data[pos] ^ 0x01));
    }

    static byte[] with(byte[] data, int pos, byte value) {
        byte[] copy = data.clone();
        copy[pos] = value;
        return copy;
    }

    private static byte otherHexDigit(byte digit) {
        return (byte) (digit == '0' ? '1' : '0');
    }

    private static byte[] withLength(byte[] payload, DatagramLayout.FieldSpan field, String length) {
        return splice(payload, field.lengthFrom(), field.colon(), bytes(length));
    }

    static byte[] splice(byte[] data, int from, int to, byte[] replacement) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(data, 0, from);
        out.writeBytes(replacement);
        out.write(data, to, data.length - to);
        return out.toByteArray();
    }

    static byte[] concat(byte[] first, byte[] second) {
        return splice(first, first.length, first.length, second);
    }
}

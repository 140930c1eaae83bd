package io.tandem.heartbeat.wire;

import static io.tandem.heartbeat.wire.Latin1.bytes;
import static io.tandem.heartbeat.wire.NegativeCaptureTest.reasonOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The classic format of older peers, read-only. The datagrams here are the captured messages written the
 * way a classic sender writes them: head line, {@code name=value} lines with {@code auth} last, end line,
 * and the C string's NUL.
 */
class ClassicCodecTest {

    private final DatagramDecoder decoder = new DatagramDecoder(Keys.SHA1_S3CRET);

    @Test
    void readsEveryCapturedMessageWrittenInClassicFormAsTheSameMessage() {
        NetstringCodec netstring = new NetstringCodec(Keys.SHA1_S3CRET);
        for (CapturedPackets.Packet packet : CapturedPackets.read("hb-sha1.pcap")) {
            Message message = ((DecodeResult.Accepted) netstring.decode(packet.payload())).message();

            DecodeResult result = decoder.decode(classicDatagram(message));

            assertThat(result).as("packet %d", packet.number()).isInstanceOf(DecodeResult.Accepted.class);
            DecodeResult.Accepted accepted = (DecodeResult.Accepted) result;
            assertThat(accepted.format()).isEqualTo(WireFormat.CLASSIC);
            assertThat(accepted.message()).isEqualTo(message);
            assertThat(accepted.signature()).isEqualTo(message.auth().orElseThrow());
        }
    }

    @Test
    void skipsBlankLinesAndNeedsNoTrailingNul() {
        byte[] datagram = classicDatagram(sampleMessage());
        String text = Latin1.text(datagram);
        String withBlankLines = text.replace("\nsrc=", "\n\n\nsrc=").substring(0, text.length() + 1);

        assertThat(decoder.decode(bytes(withBlankLines))).isInstanceOf(DecodeResult.Accepted.class);
    }

    @Test
    void turnsByte0x13InTextBackIntoALineFeed() {
        Message multiLine = Message.builder().text("t", "status").text("info", "line one\nline two")
                .text("src", "node1").build();

        Message decoded = ((DecodeResult.Accepted) decoder.decode(classicDatagram(multiLine))).message();

        assertThat(decoded.info()).hasValue("line one\nline two");
    }

    @Test
    void readsStructAndListFieldsAsItWritesThem() {
        Message nested = Message.builder().text("t", "inner").text("note", "two\nlines")
                .struct("deeper", Message.builder().text("k", "v").build()).build();
        Message message = Message.builder().text("t", "hbapi-clstat").list("nodes", List.of("node1", "node2"))
                .struct("child", nested).text("src", "node1").build();

        DecodeResult result = decoder.decode(classicDatagram(message));

        assertThat(result).isInstanceOf(DecodeResult.Accepted.class);
        assertThat(((DecodeResult.Accepted) result).message().without("auth")).isEqualTo(message);
    }

    @Test
    void rejectsAClassicMessageWithoutItsAuthField() {
        assertThat(reasonOf(decoder.decode(bytes(">>>\nt=status\nsrc=node1\n<<<\n\0"))))
                .isEqualTo(RejectReason.MISSING_CLASSIC_AUTH);
        assertThat(reasonOf(decoder.decode(bytes(">>>\nt=status\nsrc=node1\nauth=1 XYZ\n<<<\n\0"))))
                .isEqualTo(RejectReason.BAD_CLASSIC_AUTH);
    }

    @Test
    void rejectsAnAlteredClassicMessage() {
        String text = Latin1.text(classicDatagram(sampleMessage()));

        assertThat(reasonOf(decoder.decode(bytes(text.replace("st=init", "st=dead")))))
                .isEqualTo(RejectReason.BAD_SIGNATURE);
        assertThat(reasonOf(decoder.decode(bytes(text.replace("auth=1 ", "auth=2 ")))))
                .isEqualTo(RejectReason.UNKNOWN_KEY_INDEX);
    }

    @Test
    void rejectsMalformedLines() {
        assertThat(reasonOf(decoder.decode(bytes(">>>\n(0)t=status\n<<<\n")))).isEqualTo(RejectReason.BAD_TYPE);
        assertThat(reasonOf(decoder.decode(bytes(">>>\n(x)t=status\n<<<\n")))).isEqualTo(RejectReason.BAD_TYPE);
        assertThat(reasonOf(decoder.decode(bytes(">>>\nt=\n<<<\n")))).isEqualTo(RejectReason.BAD_FIELD);
        assertThat(reasonOf(decoder.decode(bytes(">>>\nstatus\n<<<\n")))).isEqualTo(RejectReason.BAD_FIELD);
        assertThat(reasonOf(decoder.decode(bytes(">>>\n=status\n<<<\n")))).isEqualTo(RejectReason.BAD_FIELD);
        assertThat(reasonOf(decoder.decode(bytes(">>>\nt=sta\0tus\n<<<\n")))).isEqualTo(RejectReason.BAD_FIELD);
        assertThat(reasonOf(decoder.decode(bytes(">>>\nt=status\n<<")))).isEqualTo(RejectReason.TRUNCATED);
        assertThat(reasonOf(decoder.decode(bytes(">>>\nt=status")))).isEqualTo(RejectReason.TRUNCATED);
        assertThat(reasonOf(decoder.decode(bytes(">>")))).isEqualTo(RejectReason.TRUNCATED);
    }

    @Test
    void rejectsEveryTruncationAndTrailingGarbage() {
        byte[] datagram = classicDatagram(sampleMessage());
        for (int cut = 0; cut < datagram.length - 1; cut++) {
            assertThat(reasonOf(decoder.decode(datagram, 0, cut))).as("cut to %d", cut).isEqualTo(RejectReason.TRUNCATED);
        }
        assertThat(reasonOf(decoder.decode(NegativeCaptureTest.concat(datagram, bytes("x")))))
                .isEqualTo(RejectReason.TRAILING_GARBAGE);
    }

    @Test
    void rejectsAnAuthenticatedBinaryFieldThatIsNotBase64() {
        Authenticator authenticator = new Authenticator(Keys.SHA1_S3CRET);
        byte[] lines = bytes("t=status\n(1)srcuuid=not*base64\n");
        String auth = authenticator.sign(lines, 0, lines.length).toString();

        DecodeResult result = decoder.decode(bytes(">>>\n" + Latin1.text(lines) + "auth=" + auth + "\n<<<\n"));

        assertThat(reasonOf(result)).isEqualTo(RejectReason.BAD_VALUE);
    }

    private static Message sampleMessage() {
        byte[] payload = CapturedPackets.read("hb-sha1.pcap").getFirst().payload();
        return ((DecodeResult.Accepted) new NetstringCodec(Keys.SHA1_S3CRET).decode(payload)).message();
    }

    /** What a classic sender puts on the wire: its fields without auth, then auth, between head lines, then NUL. */
    static byte[] classicDatagram(Message message) {
        Message unsigned = message.without(FieldNames.AUTH);
        AuthToken auth = new Authenticator(Keys.SHA1_S3CRET).classicAuthOf(unsigned);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bytes(">>>\n"));
        out.writeBytes(ClassicRendering.signedText(unsigned));
        out.writeBytes(bytes("auth=" + auth + "\n<<<\n\0"));
        return out.toByteArray();
    }
}

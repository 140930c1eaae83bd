package io.tandem.heartbeat.wire;

import static io.tandem.heartbeat.wire.Latin1.bytes;
import static io.tandem.heartbeat.wire.NegativeCaptureTest.reasonOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Values are interpreted only once a datagram has authenticated: the same malformed value is a signature
 * failure when unsigned and a content rejection when properly signed.
 */
class ContentAfterAuthenticationTest {

    private final Authenticator authenticator = new Authenticator(Keys.SHA1_S3CRET);
    private final DatagramDecoder decoder = new DatagramDecoder(Keys.SHA1_S3CRET);

    @Test
    void rejectsCompressedMessagesOnlyAfterTheirSignatureChecks() {
        String body = "###\n" + field("(0)t=status") + field("(4)_compressed_payload=x") + "%%%\n";

        assertThat(reasonOf(decoder.decode(signed(body)))).isEqualTo(RejectReason.COMPRESSED);
        assertThat(reasonOf(decoder.decode(bytes(body + "42:1 " + "0".repeat(40) + ","))))
                .isEqualTo(RejectReason.BAD_SIGNATURE);
    }

    @Test
    void rejectsFieldTypesFiveToNine() {
        for (int type = 5; type <= 9; type++) {
            assertThat(reasonOf(decoder.decode(signed("###\n" + field("(" + type + ")x=ab") + "%%%\n"))))
                    .isEqualTo(RejectReason.UNSUPPORTED_TYPE);
        }
    }

    @Test
    void rejectsMalformedStructAndListValues() {
        for (String field : new String[] {
                field("(2)s=###\nx=y"),                  // a struct that is not netstring inside
                field("(2)s=###\n%%%\nx"),              // bytes after the nested end marker
                field("(2)s=###\n9:(0)a=b,%%%\n"),      // a nested length running past the struct
                field("(2)s=###\n%%%"),                 // a nested end marker cut short
                field("(3)l=3:ab,"),                     // an element length past its comma
                field("(3)l=0"),                         // not len:element
                field("(3)l=0:,"),                       // an empty element
                field("(3)l=01:a,"),                     // a leading zero
                field("(3)l=2:ab"),                      // no comma after the element
                field("(3)l=")}) {                       // an empty list
            assertThat(reasonOf(decoder.decode(signed("###\n" + field + "%%%\n")))).as(field)
                    .isEqualTo(RejectReason.BAD_VALUE);
        }
    }

    @Test
    void refusesStructsNestedDeeperThanEight() {
        Message message = Message.builder().text("k", "v").build();
        for (int depth = 0; depth < NetstringCodec.MAX_NESTING; depth++) {
            message = Message.builder().struct("s", message).build();
        }
        Message tooDeep = Message.builder().struct("s", message).build();
        NetstringCodec codec = new NetstringCodec(Keys.SHA1_S3CRET);

        assertThat(codec.decode(codec.encode(message))).isInstanceOf(DecodeResult.Accepted.class);
        assertThat(reasonOf(codec.decode(codec.encode(tooDeep)))).isEqualTo(RejectReason.BAD_VALUE);
    }

    @Test
    void acceptsButFlagsAWrongInnerAuthField() {
        Message message = Message.builder().text("t", "status").text("src", "node1")
                .text("auth", "1 " + "0123456789".repeat(4)).build();

        DecodeResult result = decoder.decode(new NetstringCodec(Keys.SHA1_S3CRET).encode(message));

        assertThat(result).isInstanceOf(DecodeResult.Accepted.class);
        assertThat(((DecodeResult.Accepted) result).innerAuth()).isEqualTo(SignatureCheck.MISMATCH);
        assertThat(((DecodeResult.Accepted) result).hasInnerAuthWarning()).isTrue();
    }

    @Test
    void rejectsFieldNamesHeartbeatCannotHave() {
        assertThat(reasonOf(decoder.decode(signed("###\n" + field("(0)a b=c") + "%%%\n")))).isEqualTo(RejectReason.BAD_FIELD);
        assertThat(reasonOf(decoder.decode(signed("###\n" + field("(0)=ab") + "%%%\n")))).isEqualTo(RejectReason.BAD_FIELD);
        assertThat(reasonOf(decoder.decode(signed("###\n" + field("(0)abc") + "%%%\n")))).isEqualTo(RejectReason.BAD_FIELD);
        assertThat(reasonOf(decoder.decode(signed("###\n" + field("(0") + "%%%\n")))).isEqualTo(RejectReason.BAD_TYPE);
        assertThat(reasonOf(decoder.decode(signed("###\n" + field("t=status") + "%%%\n")))).isEqualTo(RejectReason.BAD_TYPE);
    }

    @Test
    void roundTripsStructAndListFieldsThroughTheNetstringCodec() {
        Message inner = Message.builder().text("t", "inner").struct("deeper", Message.builder().text("k", "v").build()).build();
        Message message = Message.builder().text("t", "hbapi-clstat").list("nodes", List.of("node1", "node 2"))
                .struct("child", inner).text("src", "node1").build();
        NetstringCodec codec = new NetstringCodec(Keys.SHA1_S3CRET);

        byte[] wire = codec.encode(message);

        assertThat(Latin1.text(wire)).startsWith("###\n17:(0)t=hbapi-clstat,26:(3)nodes=5:node1,6:node 2,,"
                + "62:(2)child=###\n10:(0)t=inner,27:(2)deeper=###\n6:(0)k=v,%%%\n,%%%\n,12:(0)src=node1,%%%\n");
        assertThat(codec.decode(wire)).isEqualTo(new DecodeResult.Accepted(message, WireFormat.NETSTRING,
                codec.authenticator().sign(wire, 0, NetstringCodec.signedRegion(message).length), SignatureCheck.ABSENT));
    }


    private static String field(String payload) {
        return payload.length() + ":" + payload + ",";
    }

    private byte[] signed(String body) {
        byte[] signedRegion = body.getBytes(StandardCharsets.ISO_8859_1);
        String token = authenticator.sign(signedRegion, 0, signedRegion.length).toString();
        return bytes(body + token.length() + ":" + token + ",");
    }
}

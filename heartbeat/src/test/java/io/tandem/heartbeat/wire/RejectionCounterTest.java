package io.tandem.heartbeat.wire;

import static io.tandem.heartbeat.wire.Latin1.bytes;
import static io.tandem.heartbeat.wire.NegativeCaptureTest.concat;
import static io.tandem.heartbeat.wire.NegativeCaptureTest.flipped;
import static io.tandem.heartbeat.wire.NegativeCaptureTest.with;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RejectionCounterTest {

    private static final InetSocketAddress OTHER_CLUSTER = new InetSocketAddress(InetAddress.getLoopbackAddress(), 40123);
    private static final DecodeResult.Rejected FOREIGN_KEY =
            new DecodeResult.Rejected(RejectReason.BAD_SIGNATURE, "key index 1", Optional.of("db9"));
    private static final DecodeResult.Rejected CUT_SHORT =
            new DecodeResult.Rejected(RejectReason.TRUNCATED, "ends at offset 100 before %%%\\n", Optional.empty());

    private final List<String> lines = new ArrayList<>();
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final InstantSource clock = () -> now;
    private final RejectionCounter counter = new RejectionCounter("wshuttle-test2", Duration.ofSeconds(30), clock, lines::add);

    @Test
    void logsTheFirstRejectionOfEachReasonWithSenderAndClaimedSource() {
        counter.count(OTHER_CLUSTER, FOREIGN_KEY);
        counter.count(null, CUT_SHORT);

        assertThat(lines).containsExactly(
                "heartbeat[wshuttle-test2]: dropped datagram from 127.0.0.1:40123 claiming src db9: failed authentication"
                        + " (BAD_SIGNATURE, key index 1)",
                "heartbeat[wshuttle-test2]: dropped datagram from an unknown sender: ends before the message is complete"
                        + " (TRUNCATED, ends at offset 100 before %%%\\n)");
    }

    @Test
    void countsEveryRejectionButLogsAFloodOncePerIntervalWithTheNumberLeftOut() {
        for (int i = 0; i < 1000; i++) {
            counter.count(OTHER_CLUSTER, FOREIGN_KEY);
            now = now.plusMillis(10);
        }
        // 10 s of flood: one line. The next line comes 30 s after the first and tells how many were left out.
        now = now.plusSeconds(20);
        counter.count(OTHER_CLUSTER, FOREIGN_KEY);

        assertThat(counter.count(RejectReason.BAD_SIGNATURE)).isEqualTo(1001);
        assertThat(counter.total()).isEqualTo(1001);
        assertThat(counter.snapshot()).containsEntry(RejectReason.BAD_SIGNATURE, 1001L)
                .containsEntry(RejectReason.TRUNCATED, 0L).hasSize(RejectReason.values().length);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).endsWith("; 999 more BAD_SIGNATURE since the last such line, not logged one by one");
    }

    @Test
    void rateLimitsEachReasonOnItsOwn() {
        counter.count(OTHER_CLUSTER, FOREIGN_KEY);
        counter.count(OTHER_CLUSTER, FOREIGN_KEY);
        counter.count(OTHER_CLUSTER, CUT_SHORT);

        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).contains("TRUNCATED");
    }

    @Test
    void countsAndLogsInnerAuthWarningsApart() {
        DecodeResult.Accepted accepted = new DecodeResult.Accepted(
                Message.builder().text("t", "status").text("src", "wshuttle-test1").build(),
                WireFormat.NETSTRING, new AuthToken(1, "ab"), SignatureCheck.MISMATCH);

        counter.countInnerAuthWarning(OTHER_CLUSTER, accepted);
        counter.countInnerAuthWarning(OTHER_CLUSTER, accepted);

        assertThat(counter.innerAuthWarnings()).isEqualTo(2);
        assertThat(counter.total()).isZero();
        assertThat(lines).containsExactly("heartbeat[wshuttle-test2]: message from 127.0.0.1:40123 claiming src"
                + " wshuttle-test1 has a valid signature but its inner auth field is MISMATCH; accepted, as 3.0.6 would");
    }

    @Test
    void countsAndLogsDamagedCapturedPacketsByReason() {
        DatagramDecoder decoder = new DatagramDecoder(Keys.SHA1_S3CRET);
        List<CapturedPackets.Packet> packets = CapturedPackets.read("hb-sha1.pcap");

        for (CapturedPackets.Packet packet : packets) {
            byte[] payload = packet.payload();
            DatagramLayout layout = DatagramLayout.of(payload);
            for (byte[] damaged : List.of(
                    flipped(payload, layout.fields().get(1).valueFrom()),
                    Arrays.copyOf(payload, payload.length / 2),
                    with(payload, layout.fields().getFirst().lengthFrom(), (byte) 'x'),
                    concat(payload, bytes("garbage")))) {
                if (decoder.decode(damaged) instanceof DecodeResult.Rejected rejected) {
                    counter.count(packet.sender(), rejected);
                }
            }
        }

        assertThat(counter.total()).isEqualTo(4L * packets.size());
        assertThat(counter.snapshot()).containsAllEntriesOf(Map.of(
                RejectReason.BAD_SIGNATURE, (long) packets.size(),
                RejectReason.TRUNCATED, (long) packets.size(),
                RejectReason.BAD_LENGTH, (long) packets.size(),
                RejectReason.TRAILING_GARBAGE, (long) packets.size()));
        assertThat(lines).hasSize(4);
        assertThat(lines.getFirst()).startsWith("heartbeat[wshuttle-test2]: dropped datagram from 10.10.10.20:60865"
                + " claiming src wshuttle-test1: failed authentication (BAD_SIGNATURE");
    }


    @Test
    void escapesWhatAForeignDatagramClaimsBeforeLoggingIt() {
        byte[] claimed = Latin1.bytes("evil\nFAKE LOG LINE\u0000");

        assertThat(LogSafeText.of(claimed, 0, claimed.length)).isEqualTo("evil\\x0aFAKE LOG LINE\\x00");
        assertThat(LogSafeText.of(new byte[300], 0, 300)).endsWith("…(300 bytes)");
    }
}

package io.tandem.heartbeat.membership;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.heartbeat.wire.Authenticator;
import io.tandem.heartbeat.wire.CapturedPackets;
import io.tandem.heartbeat.wire.DatagramDecoder;
import io.tandem.heartbeat.wire.DecodeResult;
import io.tandem.heartbeat.wire.Keys;
import io.tandem.heartbeat.wire.Message;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tandem plays wshuttle-test2 of the sha1 capture: it is fed only what wshuttle-test1 sent, at the capture's
 * own pace (a virtual clock, ticked every 100 ms as the daemon ticks), and must reach the membership decisions
 * the real wshuttle-test2 reached: node1 active, its restart at packet 115, its graceful exit and its death by
 * SIGKILL after packet 208, each after the advertised dead time and not before.
 */
class CaptureReplayTest {

    private static final String NODE1 = "wshuttle-test1";
    private static final String NODE2 = "wshuttle-test2";
    private static final long TICK_NANOS = Duration.ofMillis(100).toNanos();
    private static final DatagramDecoder DECODER = new DatagramDecoder(Keys.SHA1_S3CRET);

    @TempDir
    Path state;

    private final List<CapturedPackets.Packet> capture = CapturedPackets.read("hb-sha1.pcap");
    private final List<Timed> decisions = new ArrayList<>();
    private Membership node2;
    private long firstMicros;
    private long nowNanos;

    record Timed(long nanos, int afterPacket, Decision decision) {
        double seconds() {
            return nanos / 1e9;
        }
    }

    @BeforeEach
    void startNode2AsTheCaptureDid() throws IOException {
        firstMicros = capture.get(0).capturedMicros();
        NodeIdentity identity = NodeIdentity.startRun(state, InstantSource.system());
        node2 = new Membership(NODE2, List.of(NODE1, NODE2),
                new Membership.Timing(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(3),
                        Duration.ofSeconds(8)),
                identity, new Authenticator(Keys.SHA1_S3CRET), InstantSource.fixed(Instant.ofEpochSecond(1_800_000_000L)),
                () -> "0.00 0.00 0.00 1/100 1000", new Random(42));
        // wshuttle-test2's first packet (number 6) is its own start.
        nowNanos = offsetNanos(capture.get(5));
        record(0, node2.start(nowNanos));
    }

    @Test
    void reachesTheDecisionsTheRealPeerReached() {
        replayNode1Through(capture.size());
        // A tail long enough for the last death to be declared.
        advanceTo(nowNanos + Duration.ofSeconds(8).toNanos(), capture.size());

        double started = seconds(6);
        assertThat(statusChanges(NODE1)).as("node1's statuses as node2 saw them").containsExactly(
                NodeStatus.UP, NodeStatus.ACTIVE, NodeStatus.DEAD, // first run, graceful stop
                NodeStatus.INIT, NodeStatus.UP, NodeStatus.ACTIVE, NodeStatus.DEAD); // restart, SIGKILL
        Timed active = first(Decision.StatusChanged.class, d -> d.node().equals(NODE2) && d.to() == NodeStatus.ACTIVE);
        assertThat(active.seconds() - started).as("node2 active after the node-list exchange").isBetween(0.0, 1.5);
        assertThat(sent("repnodes")).anySatisfy(message -> {
            assertThat(message.dest()).contains(NODE1);
            assertThat(message.text("nodelist")).contains(NODE1 + " " + NODE2 + " ");
            assertThat(message.text("delnodelist")).contains(" ");
        });

        // Phase 2: node1 stopped gracefully (shutdone at 88, last status at 98): dead a dead time after 98.
        Timed graceful = first(Decision.PeerDead.class, Decision.PeerDead::gracefully);
        assertThat(graceful.afterPacket()).isBetween(98, 114);
        assertThat(graceful.seconds() - seconds(98)).isBetween(5.0, 5.3);

        // Phase 3: node1 restarts with the next generation. Packet 115 carries it first, but as an unsequenced
        // self-ACK, which takes no part in sequence tracking; its status burst at 116 is the restart.
        Timed restart = first(Decision.PeerRestarted.class, d -> true);
        assertThat(((Decision.PeerRestarted) restart.decision()).generation()).isEqualTo(0x6b0488e5L);
        assertThat(restart.afterPacket()).isEqualTo(116);
        assertThat(decisions).filteredOn(t -> t.decision() instanceof Decision.LateHeartbeat).isEmpty();

        // Phase 4: node1 killed after packet 208: dead a dead time after its last status.
        Timed killed = first(Decision.PeerDead.class, d -> !d.gracefully());
        assertThat(killed.afterPacket()).isBetween(208, capture.size());
        assertThat(killed.seconds() - lastStatusOfNode1Through(214)).isBetween(5.0, 5.3);
        assertThat(decisions).filteredOn(t -> t.decision() instanceof Decision.PeerDead).hasSize(2);

        // A loss-free link with two reordered pairs (91/92 from node2, 145/146 from node1): no retransmission.
        assertThat(sent("NS_rexmit")).isEmpty();
        assertThat(decisions).filteredOn(t -> t.decision() instanceof Decision.Dropped).isEmpty();

        // ACKs: about one per ten in-order packets of node1, always on the same last digit.
        List<Message> acks = sent("NS_ackmsg");
        assertThat(acks).isNotEmpty().allSatisfy(ack -> assertThat(ack.dest()).contains(NODE1));
        // All on one digit, but for the ACK sent when the 145/146 gap filled.
        var byDigit = acks.stream().collect(java.util.stream.Collectors.groupingBy(ack -> ack.ackSeq().getAsLong() % 10,
                java.util.stream.Collectors.counting()));
        assertThat(byDigit.values().stream().mapToLong(Long::longValue).max().orElseThrow())
                .isGreaterThanOrEqualTo(acks.size() - 1L);
        long node1Sequenced = node1Messages().stream().filter(m -> m.seq().isPresent()).count();
        assertThat((long) acks.size()).isBetween(node1Sequenced / 10 - 3, node1Sequenced / 10 + 3);
    }

    @Test
    void dropsDuplicatesAndPacketsOfAnOlderGeneration() {
        replayNode1Through(150);
        CapturedPackets.Packet last = capture.get(149);
        int before = decisions.size();
        deliver(last, 150);
        assertThat(decisions.subList(before, decisions.size())).singleElement()
                .satisfies(t -> assertThat(t.decision()).isInstanceOfSatisfying(Decision.Dropped.class,
                        d -> assertThat(d.reason()).contains("duplicate")));

        // A packet of node1's first run, after its restart: older generation.
        CapturedPackets.Packet firstRun = capture.stream().filter(p -> p.number() >= 20 && isFromNode1(p)).findFirst()
                .orElseThrow();
        before = decisions.size();
        deliver(firstRun, 150);
        assertThat(decisions.subList(before, decisions.size())).singleElement()
                .satisfies(t -> assertThat(t.decision()).isInstanceOfSatisfying(Decision.Dropped.class,
                        d -> assertThat(d.reason()).contains("replay")));
        assertThat(node2.isActive(NODE1)).isTrue();
    }

    @Test
    void answersRetransmissionRequestsFromItsHistoryAndNaksWhatItNeverKept() {
        replayNode1Through(40);
        Message request = Message.builder().text("t", "NS_rexmit").text("dest", NODE2).text("firstseq", "2")
                .text("lastseq", "3").text("src", NODE1).text("hg", "6b0488e4").text("ts", "1").build();
        List<Decision> answer = node2.onMessage(request, nowNanos);
        assertThat(answer).hasSize(2).allSatisfy(d -> assertThat(d).isInstanceOf(Decision.Send.class));
        assertThat(answer.stream().map(d -> ((Decision.Send) d).message().seq().getAsLong())).containsExactly(2L, 3L);

        Message tooHigh = Message.builder().text("t", "NS_rexmit").text("dest", NODE2).text("firstseq", "100000")
                .text("lastseq", "100000").text("src", NODE1).text("hg", "6b0488e4").text("ts", "1").build();
        assertThat(node2.onMessage(tooHigh, nowNanos)).isEmpty();
    }

    private void replayNode1Through(int lastPacket) {
        for (CapturedPackets.Packet packet : capture) {
            if (packet.number() > lastPacket) {
                break;
            }
            if (packet.number() <= 6 || !isFromNode1(packet)) {
                continue;
            }
            advanceTo(offsetNanos(packet), packet.number() - 1);
            deliver(packet, packet.number());
        }
    }

    private void deliver(CapturedPackets.Packet packet, int number) {
        record(number, node2.onMessage(decode(packet), nowNanos));
    }

    private void advanceTo(long targetNanos, int afterPacket) {
        while (nowNanos + TICK_NANOS <= targetNanos) {
            nowNanos += TICK_NANOS;
            record(afterPacket, node2.onTick(nowNanos));
        }
        nowNanos = Math.max(nowNanos, targetNanos);
    }

    private void record(int afterPacket, List<Decision> made) {
        for (Decision decision : made) {
            decisions.add(new Timed(nowNanos, afterPacket, decision));
        }
    }

    private long offsetNanos(CapturedPackets.Packet packet) {
        return (packet.capturedMicros() - firstMicros) * 1000;
    }

    private double seconds(int packetNumber) {
        return offsetNanos(capture.get(packetNumber - 1)) / 1e9;
    }

    private double lastStatusOfNode1Through(int packetNumber) {
        double last = 0;
        for (CapturedPackets.Packet packet : capture.subList(0, packetNumber)) {
            Message message = decode(packet);
            if (isFromNode1(packet) && message.type().orElse("").equals("status")) {
                last = offsetNanos(packet) / 1e9;
            }
        }
        return last;
    }

    private static Message decode(CapturedPackets.Packet packet) {
        DecodeResult result = DECODER.decode(packet.payload());
        assertThat(result).isInstanceOf(DecodeResult.Accepted.class);
        return ((DecodeResult.Accepted) result).message();
    }

    private static boolean isFromNode1(CapturedPackets.Packet packet) {
        return decode(packet).src().orElse("").equals(NODE1);
    }

    private List<Message> node1Messages() {
        return capture.stream().filter(p -> p.number() > 6 && isFromNode1(p)).map(CaptureReplayTest::decode).toList();
    }

    private List<NodeStatus> statusChanges(String node) {
        return decisions.stream().map(Timed::decision).filter(d -> d instanceof Decision.StatusChanged)
                .map(d -> (Decision.StatusChanged) d).filter(d -> d.node().equals(node))
                .map(Decision.StatusChanged::to).toList();
    }

    private List<Message> sent(String type) {
        return decisions.stream().map(Timed::decision).filter(d -> d instanceof Decision.Send)
                .map(d -> ((Decision.Send) d).message()).filter(m -> m.type().orElse("").equals(type)).toList();
    }

    private <T extends Decision> Timed first(Class<T> kind, java.util.function.Predicate<T> condition) {
        return decisions.stream().filter(t -> kind.isInstance(t.decision()) && condition.test(kind.cast(t.decision())))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind.getSimpleName() + " decided: " + decisions
                        .stream().filter(t -> !(t.decision() instanceof Decision.Send)).toList()));
    }
}

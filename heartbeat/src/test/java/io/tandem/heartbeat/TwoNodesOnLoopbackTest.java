package io.tandem.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.heartbeat.membership.Decision;
import io.tandem.heartbeat.membership.Membership;
import io.tandem.heartbeat.membership.NodeIdentity;
import io.tandem.heartbeat.membership.NodeStatus;
import io.tandem.heartbeat.wire.AuthKey;
import io.tandem.heartbeat.wire.AuthKeys;
import io.tandem.heartbeat.wire.AuthMethod;
import io.tandem.heartbeat.wire.Authenticator;
import io.tandem.heartbeat.wire.NetstringCodec;
import io.tandem.heartbeat.wire.RejectReason;
import io.tandem.heartbeat.wire.RejectionCounter;
import io.tandem.testkit.Await;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two tandem nodes over real UDP on loopback (127.0.0.2 and 127.0.0.3, the same port, as two hosts would use),
 * with tandem's sub-second timing: they see each other active, garbage and forged datagrams change nothing and
 * are counted, and a node that stops sending is dead a dead time later.
 */
class TwoNodesOnLoopbackTest {

    private static final AuthKeys KEYS = AuthKeys.of(new AuthKey(1, AuthMethod.SHA1,
            "s3cret".getBytes(StandardCharsets.US_ASCII)));
    private static final Membership.Timing FAST = new Membership.Timing(Duration.ofMillis(200), Duration.ofSeconds(1),
            Duration.ofMillis(500), Duration.ofSeconds(3));

    @TempDir
    Path state;

    private final List<Decision> seenByAlpha = new CopyOnWriteArrayList<>();

    @Test
    void twoNodesPairDropForgeriesAndDeclareASilentPeerDead() throws Exception {
        int port = freeUdpPort();
        InetSocketAddress alphaAddress = new InetSocketAddress("127.0.0.2", port);
        InetSocketAddress betaAddress = new InetSocketAddress("127.0.0.3", port);
        try (HeartbeatDaemon alpha = daemon("alpha", alphaAddress, betaAddress, KEYS, (decision, now) -> seenByAlpha.add(decision))) {
            HeartbeatDaemon beta = daemon("beta", betaAddress, alphaAddress, KEYS, (decision, now) -> { });
            try {
                alpha.start();
                beta.start();
                Await.until("both nodes active and seeing each other active",
                        () -> bothActive(alpha) && bothActive(beta), Duration.ofSeconds(10),
                        () -> alpha.view() + "\n" + beta.view());

                assertThat(alpha.links()).singleElement().satisfies(link -> {
                    assertThat(link.destination()).isEqualTo("127.0.0.3");
                    assertThat(link.up()).isTrue();
                });

                // Garbage, a message signed with another key, and a replayed message: none moves membership.
                long before = alpha.rejections().total();
                NetstringCodec forger = new NetstringCodec(AuthKeys.of(new AuthKey(1, AuthMethod.SHA1,
                        "wrong".getBytes(StandardCharsets.US_ASCII))));
                byte[] forged = forger.encode(io.tandem.heartbeat.wire.Message.builder().text("t", "status")
                        .text("st", "dead").text("src", "beta").text("seq", "ffff").text("hg", "ffffffff")
                        .text("ts", "1").build());
                Random random = new Random(7);
                try (DatagramSocket attacker = new DatagramSocket(0, InetAddress.getByName("127.0.0.4"))) {
                    for (int i = 0; i < 200; i++) {
                        byte[] junk = new byte[random.nextInt(600)];
                        random.nextBytes(junk);
                        attacker.send(new DatagramPacket(junk, junk.length, alphaAddress));
                    }
                    attacker.send(new DatagramPacket(forged, forged.length, alphaAddress));
                }
                // Correctly signed, but from a node ha.cf does not list, and a replay of an older generation of beta.
                NetstringCodec insider = new NetstringCodec(KEYS);
                byte[] stranger = insider.encode(io.tandem.heartbeat.wire.Message.builder().text("t", "status")
                        .text("st", "active").text("src", "mallory").text("seq", "1").text("hg", "1").text("ts", "1")
                        .build());
                byte[] replayed = insider.encode(io.tandem.heartbeat.wire.Message.builder().text("t", "status")
                        .text("st", "dead").text("dt", "3e8").text("src", "beta").text("seq", "1").text("hg", "1")
                        .text("ts", "1").build());
                try (DatagramSocket attacker = new DatagramSocket(0, InetAddress.getByName("127.0.0.4"))) {
                    attacker.send(new DatagramPacket(stranger, stranger.length, alphaAddress));
                    attacker.send(new DatagramPacket(replayed, replayed.length, alphaAddress));
                }
                Await.until("every bad datagram counted", () -> alpha.rejections().total() >= before + 201
                        && alpha.droppedMessages().get(Decision.DropKind.UNKNOWN_NODE) == 1
                        && alpha.droppedMessages().get(Decision.DropKind.REPLAY) == 1,
                        Duration.ofSeconds(5), () -> alpha.rejections().snapshot() + " " + alpha.droppedMessages());
                assertThat(alpha.rejections().count(RejectReason.BAD_SIGNATURE)).isGreaterThanOrEqualTo(1);
                assertThat(alpha.view().peers().getFirst().status()).isEqualTo(NodeStatus.ACTIVE);
                assertThat(seenByAlpha).noneMatch(d -> d instanceof Decision.PeerDead);
                // A starting node advertises 2 s more dead time for its first 5 s, as heartbeat does.
                Await.until("beta advertises its own dead time", () -> alpha.view().peers().getFirst().deadtime()
                        .equals(FAST.deadtime()), Duration.ofSeconds(10), () -> alpha.view().toString());
            } finally {
                beta.close();
            }
            long stoppedAt = System.nanoTime();
            Await.until("alpha declares beta dead", () -> seenByAlpha.stream().anyMatch(d -> d instanceof Decision.PeerDead),
                    Duration.ofSeconds(10), () -> alpha.view().toString());
            double afterSeconds = (System.nanoTime() - stoppedAt) / 1e9;
            // Beta's last status may be up to one keepalive old when it stops; its dead time is 1 s.
            assertThat(afterSeconds).isBetween(0.7, 2.5);
            assertThat(alpha.view().localStatus()).isEqualTo(NodeStatus.ACTIVE);
            assertThat(alpha.links()).singleElement().satisfies(link -> assertThat(link.up()).isFalse());
        }
    }

    private static boolean bothActive(HeartbeatDaemon daemon) {
        Membership.View view = daemon.view();
        return view != null && view.localStatus() == NodeStatus.ACTIVE
                && view.peers().getFirst().status() == NodeStatus.ACTIVE;
    }

    private HeartbeatDaemon daemon(String name, InetSocketAddress listen, InetSocketAddress peer, AuthKeys keys,
            HeartbeatDaemon.Listener observer) throws Exception {
        NodeIdentity identity = NodeIdentity.startRun(state.resolve(name), InstantSource.system());
        Membership membership = new Membership(name, List.of("alpha", "beta"), FAST, identity, new Authenticator(keys),
                InstantSource.system(), () -> "0.00 0.00 0.00 1/1 1", new Random());
        return new HeartbeatDaemon(membership, HeartbeatDaemon.Network.to(listen, List.of(peer), FAST.deadtime()), keys,
                new RejectionCounter(name, Duration.ofSeconds(10), InstantSource.system()), observer);
    }

    private static int freeUdpPort() throws Exception {
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}

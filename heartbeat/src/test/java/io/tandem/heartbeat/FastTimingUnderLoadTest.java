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
import io.tandem.heartbeat.wire.RejectionCounter;
import io.tandem.testkit.Await;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * heartbeat users were told to raise deadtime to 30 s or more because busy machines missed heartbeats and failed
 * over for nothing. Two tandem nodes with keepalive 200 ms and a dead time of 1 s stay paired while every core
 * of the machine is busy with other processes (twice as many spinning shells as cores) for 15 s: no death, and
 * no heartbeat later than the warn time.
 */
class FastTimingUnderLoadTest {

    private static final AuthKeys KEYS = AuthKeys.of(new AuthKey(1, AuthMethod.SHA1,
            "s3cret".getBytes(StandardCharsets.US_ASCII)));
    private static final Membership.Timing FAST = new Membership.Timing(Duration.ofMillis(200), Duration.ofSeconds(1),
            Duration.ofMillis(500), Duration.ofSeconds(3));
    private static final Duration LOAD = Duration.ofSeconds(15);

    @TempDir
    Path state;

    @Test
    void subSecondTimingHoldsWhileTheMachineIsBusy() throws Exception {
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        List<Decision> decisions = new CopyOnWriteArrayList<>();
        InetSocketAddress a = new InetSocketAddress("127.0.0.2", port);
        InetSocketAddress b = new InetSocketAddress("127.0.0.3", port);
        List<Process> spinners = new ArrayList<>();
        try (HeartbeatDaemon alpha = daemon("alpha", a, b, (decision, now) -> decisions.add(decision));
                HeartbeatDaemon beta = daemon("beta", b, a, (decision, now) -> decisions.add(decision))) {
            alpha.start();
            beta.start();
            Await.until("both active", () -> active(alpha) && active(beta), Duration.ofSeconds(10),
                    () -> alpha.view() + "\n" + beta.view());
            int before = decisions.size();
            int cores = Runtime.getRuntime().availableProcessors();
            for (int i = 0; i < 2 * cores; i++) {
                spinners.add(new ProcessBuilder("sh", "-c", "while :; do :; done").start());
            }
            long until = System.nanoTime() + LOAD.toNanos();
            // The load runs for a fixed time: what is checked is that nothing happens during it.
            while (System.nanoTime() < until) {
                Thread.sleep(100);
                assertThat(spinners).allMatch(Process::isAlive);
            }
            List<Decision> underLoad = List.copyOf(decisions.subList(before, decisions.size()));
            assertThat(underLoad).noneMatch(d -> d instanceof Decision.PeerDead)
                    .noneMatch(d -> d instanceof Decision.LateHeartbeat)
                    .noneMatch(d -> d instanceof Decision.StatusChanged);
            assertThat(active(alpha) && active(beta)).isTrue();
        } finally {
            spinners.forEach(Process::destroyForcibly);
        }
    }

    private static boolean active(HeartbeatDaemon daemon) {
        Membership.View view = daemon.view();
        return view != null && view.localStatus() == NodeStatus.ACTIVE
                && view.peers().getFirst().status() == NodeStatus.ACTIVE;
    }

    private HeartbeatDaemon daemon(String name, InetSocketAddress listen, InetSocketAddress peer,
            HeartbeatDaemon.Listener listener) throws Exception {
        NodeIdentity identity = NodeIdentity.startRun(state.resolve(name), InstantSource.system());
        Membership membership = new Membership(name, List.of("alpha", "beta"), FAST, identity, new Authenticator(KEYS),
                InstantSource.system(), () -> "0.00 0.00 0.00 1/1 1", new SecureRandom());
        return new HeartbeatDaemon(membership, HeartbeatDaemon.Network.to(listen, List.of(peer), FAST.deadtime()), KEYS,
                new RejectionCounter(name, Duration.ofSeconds(10), InstantSource.system()), listener);
    }
}

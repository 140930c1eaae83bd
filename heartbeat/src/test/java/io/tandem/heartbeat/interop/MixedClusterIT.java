package io.tandem.heartbeat.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tandem.testkit.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One cluster of a real heartbeat 3.0.6 node ({@code wshuttle-test1}, host 1) and a tandem node
 * ({@code wshuttle-test2}, host 2), each on its own network namespace joined by a veth pair, both reading the same
 * ha.cf, authkeys and haresources: one VIP homed on each node, auto_failback on. Each sees the other active; each
 * VIP moves to the survivor when its home node is killed or stopped, and goes home when the node returns. A user
 * can so replace one node of a running pair at a time.
 */
class MixedClusterIT {

    private static final Logger log = LoggerFactory.getLogger(MixedClusterIT.class);

    private static final String NODE1 = "wshuttle-test1";
    private static final String NODE2 = "wshuttle-test2";
    private static final String VIP1 = "10.10.10.100";
    private static final String VIP2 = "10.10.10.101";
    private static final HaCfSettings CLUSTER = HaCfSettings.capturedPair().withInitdead(Duration.ofSeconds(10))
            .withHaresources(List.of(NODE1 + " IPaddr::" + VIP1 + "/24/eth1", NODE2 + " IPaddr::" + VIP2 + "/24/eth1"));
    /** Comm-up, 3.0.6's fixed 10 s both-starting delay, IPaddr. */
    private static final Duration SETTLE = Duration.ofSeconds(60);
    /** Dead time 5 s, then fencing notices, scripts and ifconfig on a two-core machine. */
    private static final Duration TAKEOVER = Duration.ofSeconds(30);
    private static final Duration FAILBACK = Duration.ofSeconds(45);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path work;

    @BeforeAll
    static void requireRealHeartbeat() {
        RealHeartbeatNode.assumeUsable();
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ifconfig")) || Files.isExecutable(Path.of("/sbin/ifconfig")),
                "heartbeat's IPaddr needs ifconfig (package net-tools)");
    }

    @Test
    void aTandemNodeAndARealHeartbeatNodeFailOverBothWays() throws Exception {
        log.info("mixed cluster: node files and logs in {}", work);
        try (TwoHostNetwork network = TwoHostNetwork.create();
                RealHeartbeatNode real = RealHeartbeatNode.start(NODE1, network.first(), CLUSTER, work);
                TandemNodeProcess tandem = TandemNodeProcess.start(NODE2, network.second(), CLUSTER, work)) {
            TwoHostNetwork.Host host1 = network.first();
            TwoHostNetwork.Host host2 = network.second();
            String state = "";

            // Both up: each sees the other active, each VIP on its home node.
            await("each node sees the other active", () -> tandem.seesBothActive()
                    && real.log().contains("Status update for node " + NODE2 + ": status active"), SETTLE, real, tandem);
            awaitVip(VIP1, host1, SETTLE, real, tandem);
            awaitVip(VIP2, host2, SETTLE, real, tandem);

            // hb_standby on the real node: tandem accepts and takes VIP1; hb_takeover there: tandem gives it back.
            CommandResult standby = real.exec(Duration.ofSeconds(20), "/usr/share/heartbeat/hb_standby", "all");
            assertThat(standby.exitCode()).as(standby.toString()).isZero();
            awaitVip(VIP1, host2, TAKEOVER, real, tandem);
            CommandResult takeover = real.exec(Duration.ofSeconds(20), "/usr/share/heartbeat/hb_takeover", "local");
            assertThat(takeover.exitCode()).as(takeover.toString()).isZero();
            awaitVip(VIP1, host1, TAKEOVER, real, tandem);
            // The same from the tandem node: standby hands VIP2 to the real node, takeover brings it home.
            // A peer still settling the last exchange ignores an offer, which is then cancelled after 10 s, as in
            // heartbeat; an administrator asks again.
            askUntilVipMoves(() -> tandem.command("standby", "all"), VIP2, host1, real, tandem);
            askUntilVipMoves(() -> tandem.command("takeover", "local"), VIP2, host2, real, tandem);
            assertThat(host1.hasAddress(VIP1)).isTrue();

            // The real node is killed: its machine is gone (and its address with it); tandem takes VIP1.
            long killed = System.nanoTime();
            real.kill();
            host1.removeVirtualAddresses();
            awaitVip(VIP1, host2, TAKEOVER, real, tandem);
            log.info("real node killed: VIP1 answered on the tandem node after {} ms",
                    (System.nanoTime() - killed) / 1_000_000);

            // It returns: auto_failback gives VIP1 back to it.
            real.restart();
            awaitVip(VIP1, host1, FAILBACK, real, tandem);
            assertThat(host2.hasAddress(VIP1)).isFalse();
            assertThat(host2.hasAddress(VIP2)).isTrue();

            // The tandem node is killed: the real node takes VIP2.
            killed = System.nanoTime();
            tandem.kill();
            host2.removeVirtualAddresses();
            awaitVip(VIP2, host1, TAKEOVER, real, tandem);
            log.info("tandem node killed: VIP2 answered on the real node after {} ms",
                    (System.nanoTime() - killed) / 1_000_000);

            // It returns and gets VIP2 back.
            tandem.restart();
            awaitVip(VIP2, host2, FAILBACK, real, tandem);
            assertThat(host1.hasAddress(VIP2)).isFalse();

            // A graceful stop of the tandem node hands VIP2 over at once (shutdone), no dead time.
            long stopping = System.nanoTime();
            tandem.stop();
            awaitVip(VIP2, host1, TAKEOVER, real, tandem);
            assertThat(host2.hasAddress(VIP2)).isFalse();
            log.info("tandem node stopped: VIP2 on the real node after {} ms", (System.nanoTime() - stopping) / 1_000_000);

            // Back again, then the real node stops gracefully: tandem takes VIP1.
            tandem.restart();
            awaitVip(VIP2, host2, FAILBACK, real, tandem);
            real.stop();
            awaitVip(VIP1, host2, TAKEOVER, real, tandem);
            assertThat(host1.hasAddress(VIP1)).isFalse();
        }
    }

    /** Makes the request, again each time it was cancelled unanswered, until {@code vip} is on {@code owner}. */
    private static void askUntilVipMoves(Runnable request, String vip, TwoHostNetwork.Host owner,
            RealHeartbeatNode real, TandemNodeProcess tandem) {
        for (int attempt = 1; ; attempt++) {
            request.run();
            try {
                awaitVip(vip, owner, Duration.ofSeconds(15), real, tandem);
                return;
            } catch (AssertionError cancelled) {
                if (attempt == 3) {
                    throw cancelled;
                }
                log.info("request not answered (attempt {}); asking again", attempt);
            }
        }
    }

    /** {@code vip} is configured on {@code owner} only, and answers from the other host. */
    private static void awaitVip(String vip, TwoHostNetwork.Host owner, Duration timeout, RealHeartbeatNode real,
            TandemNodeProcess tandem) {
        await(vip + " on " + owner, () -> owner.hasAddress(vip) && !owner.peer().hasAddress(vip)
                && owner.peer().answersPing(vip), timeout, real, tandem);
    }

    private static void await(String what, java.util.function.BooleanSupplier condition, Duration timeout,
            RealHeartbeatNode real, TandemNodeProcess tandem) {
        Await.until(what, condition, timeout, () -> "tandem: " + tandem.status() + "\n--- tandem log ---\n"
                + tandem.logTail(40) + "\n--- heartbeat log ---\n" + real.logTail(40));
    }
}

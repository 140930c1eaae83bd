package io.tandem.heartbeat.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tandem.testkit.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two real heartbeat 3.0.6 daemons, {@code wshuttle-test1} and {@code wshuttle-test2}, in two network namespaces
 * with the captures' configuration: the VIP 10.10.10.100 homed on node 1 ({@code IPaddr}), {@code auth 1 sha1},
 * keepalive 1, deadtime 5, warntime 3, auto_failback on. It proves the interoperability harness against the
 * reference implementation before a tandem node takes one of the two places, and it measures the reference's
 * failover times, which a tandem node should match or beat.
 *
 * <p>The VIP follows the scenario of {@code hb-sha1.pcap} (protocol doc §9.3-§9.6): it settles on its home node,
 * moves to the survivor when the home node is killed, fails back when the home node returns, and is handed over
 * when the home node stops gracefully. Each step is checked on both hosts' {@code eth1} and by ping across the
 * veth. The node directories (ha.cf, ha-log, ...) and a capture of host 1's eth1 stay in the temporary directory
 * when the test fails.
 */
class RealHeartbeatPairIT {

    private static final Logger log = LoggerFactory.getLogger(RealHeartbeatPairIT.class);

    private static final String NODE1 = "wshuttle-test1";
    private static final String NODE2 = "wshuttle-test2";
    private static final String VIP = "10.10.10.100";
    /**
     * The captures' cluster with initdead 10 instead of 8: 3.0.6 warns "Initial dead time [8000 ms] may be too
     * small! ... It should be >= deadtime and >= 10 seconds". Both nodes start together, so it costs nothing.
     */
    private static final HaCfSettings CLUSTER = HaCfSettings.capturedPair().withInitdead(Duration.ofSeconds(10));

    /**
     * Start to VIP: comm-up (about 2 s), then the fixed 10 s RQSTDELAY of 3.0.6 before the resource exchange, then
     * IPaddr start. 13 s in the capture.
     */
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(40);
    /**
     * What a takeover adds to the detection time: the death check's granularity, then mach_down, ResourceManager
     * and IPaddr, which spend 4-5 s in shell and ifconfig on a two-core machine.
     */
    private static final Duration SCRIPT_SLACK = Duration.ofSeconds(15);
    /** A returning node: reqnodes round, resource exchange, the three-phase standby, IPaddr stop and start. */
    private static final Duration FAILBACK_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PING_TIMEOUT = Duration.ofSeconds(5);

    @BeforeAll
    static void requireRealHeartbeat() {
        RealHeartbeatNode.assumeUsable();
        // The captures' resource is IPaddr, which configures the VIP with ifconfig aliases.
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ifconfig")) || Files.isExecutable(Path.of("/sbin/ifconfig")),
                "IPaddr needs ifconfig (package net-tools)");
    }

    @Test
    void vipFollowsItsHomeNodeThroughKillRestartAndGracefulStop() throws IOException {
        // Not @TempDir(cleanup = ON_SUCCESS): JUnit keeps such a directory whenever any earlier test in the JVM was
        // skipped by an assumption, as if it had failed. Deleted below, once every step has passed.
        Path work = Files.createTempDirectory("tandem-hb-pair-");
        log.info("real heartbeat pair: node files, logs and capture in {}", work);
        try (TwoHostNetwork network = TwoHostNetwork.create();
                PacketCapture capture = network.first().startCapture(work.resolve("host1-eth1.pcap"),
                        "udp port " + CLUSTER.udpPort() + " or arp or icmp");
                RealHeartbeatNode node1 = RealHeartbeatNode.start(NODE1, network.first(), CLUSTER, work);
                RealHeartbeatNode node2 = RealHeartbeatNode.start(NODE2, network.second(), CLUSTER, work)) {
            TwoHostNetwork.Host host1 = network.first();
            TwoHostNetwork.Host host2 = network.second();
            Pair pair = new Pair(node1, node2);

            // (a) Both start together; after the resource exchange the home node takes its group.
            long startedAt = System.nanoTime();
            pair.await("the VIP on " + NODE1 + " only", () -> host1.hasAddress(VIP) && !host2.hasAddress(VIP),
                    SETTLE_TIMEOUT);
            Duration settled = since(startedAt);
            pair.await("the VIP answering ping from " + host2, () -> host2.answersPing(VIP), PING_TIMEOUT);
            Await.untilChecked("cl_status on " + NODE1 + ": peer active, own group held",
                    () -> node1.nodeStatus(NODE2).equals("active") && node1.resourceStatus().equals("local"),
                    PING_TIMEOUT, pair::state);
            assertThat(node2.nodeStatus(NODE1)).isEqualTo("active");

            // (b) SIGKILL: the survivor declares node 1 dead a deadtime after its last heartbeat and takes over.
            long killedAt = System.nanoTime();
            node1.kill();
            host1.removeVirtualAddresses(); // the dead machine's VIP must not answer for the survivor
            pair.await("the VIP on " + NODE2 + " after " + NODE1 + " was killed", () -> host2.hasAddress(VIP),
                    CLUSTER.deadtime().plus(SCRIPT_SLACK));
            Duration killToConfigured = since(killedAt);
            pair.await("the VIP answering ping from " + host1, () -> host1.answersPing(VIP), PING_TIMEOUT);
            Duration killToAnswering = since(killedAt);
            // Its last heartbeat left at most a keepalive before the kill: no takeover can come sooner.
            assertThat(killToConfigured).isGreaterThanOrEqualTo(CLUSTER.deadtime().minus(CLUSTER.keepalive()));
            assertThat(node2.log()).contains("node " + NODE1 + ": is dead");
            assertThat(node2.nodeStatus(NODE1)).isEqualTo("dead");
            Await.untilChecked("cl_status on " + NODE2 + ": everything held", () -> node2.resourceStatus().equals(
                    "all"), PING_TIMEOUT, pair::state);

            // (c) Node 1 returns (next generation); auto_failback on moves its group home.
            long restartedAt = System.nanoTime();
            node1.restart();
            pair.await("the VIP back on " + NODE1 + " only", () -> host1.hasAddress(VIP) && !host2.hasAddress(VIP),
                    FAILBACK_TIMEOUT);
            Duration restartToFailback = since(restartedAt);
            pair.await("the VIP answering ping from " + host2, () -> host2.answersPing(VIP), PING_TIMEOUT);

            // (d) Graceful stop: node 1 releases its group and announces shutdone; node 2 takes over at once.
            long stopRequestedAt = System.nanoTime();
            node1.requestStop();
            pair.await("the VIP on " + NODE2 + " only after " + NODE1 + " stopped",
                    () -> host2.hasAddress(VIP) && !host1.hasAddress(VIP), CLUSTER.deadtime().plus(SCRIPT_SLACK));
            Duration stopToTakeover = since(stopRequestedAt);
            node1.awaitStop(node1.stopTimeout());
            Duration stopToExit = since(stopRequestedAt);
            pair.await("the VIP answering ping from " + host1, () -> host1.answersPing(VIP), PING_TIMEOUT);
            assertThat(host1.addresses()).containsExactly(host1.address() + "/" + TwoHostNetwork.PREFIX_LENGTH);
            // The survivor took over on the shutdown notice, not a deadtime later on silence (§9.5).
            assertThat(node2.log()).contains("Received shutdown notice from '" + NODE1 + "'");

            log.info("heartbeat 3.0.6 pair, keepalive {} deadtime {}: start->VIP {}; SIGKILL->VIP configured on "
                    + "survivor {}, answering {}; restart->failback {}; graceful stop->VIP on survivor {} (daemon "
                    + "exited after {}); traffic in {}", seconds(CLUSTER.keepalive()), seconds(CLUSTER.deadtime()),
                    seconds(settled), seconds(killToConfigured), seconds(killToAnswering), seconds(restartToFailback),
                    seconds(stopToTakeover), seconds(stopToExit), capture.file());
        }
        deleteRecursively(work);
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** The two nodes, for waits whose failure message shows both hosts' addresses and both logs. */
    private record Pair(RealHeartbeatNode node1, RealHeartbeatNode node2) {

        void await(String what, BooleanSupplier condition, Duration timeout) {
            Await.until(what, condition, timeout, this::state);
        }

        String state() {
            StringBuilder state = new StringBuilder();
            for (RealHeartbeatNode node : List.of(node1, node2)) {
                state.append("\n").append(node).append(", eth1 ").append(node.host().addresses())
                        .append("\n--- last lines of its ha-log:\n").append(node.logTail(15));
            }
            return state.toString();
        }
    }

    private static Duration since(long nanoTime) {
        return Duration.ofNanos(System.nanoTime() - nanoTime);
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.2f s", duration.toMillis() / 1000.0);
    }
}

package io.tandem.heartbeat.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.testkit.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The split brain heartbeat users know: one node loses its link, each believes the other dead, and both take the
 * VIP. Two tandem nodes with {@code ping_quorum on} and a ping node on the link (10.10.10.254, an address of host
 * 1's side): host 2's link goes down; node 1 still reaches the ping node and takes node 2's VIP; node 2 reaches
 * no ping node and takes nothing, so node 1's VIP is never configured twice.
 */
class PingQuorumIT {

    private static final String NODE1 = "wshuttle-test1";
    private static final String NODE2 = "wshuttle-test2";
    private static final String VIP1 = "10.10.10.100";
    private static final String VIP2 = "10.10.10.101";
    private static final String PING_NODE = "10.10.10.254";
    private static final HaCfSettings CLUSTER = HaCfSettings.capturedPair()
            .withTiming(Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofSeconds(10))
            .withHaresources(List.of(NODE1 + " IPaddr::" + VIP1 + "/24/eth1", NODE2 + " IPaddr::" + VIP2 + "/24/eth1"))
            .withDirective("ping " + PING_NODE);
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path work;

    @BeforeAll
    static void requireNamespaces() {
        TwoHostNetwork.assumeUsable();
    }

    @Test
    void aNodeThatLostItsLinkTakesNothing() throws Exception {
        try (TwoHostNetwork network = TwoHostNetwork.create()) {
            TwoHostNetwork.Host host1 = network.first();
            TwoHostNetwork.Host host2 = network.second();
            // The ping node: an address on the link, on host 1's side of it.
            assertThat(host1.run("ip", "addr", "add", PING_NODE + "/24", "dev", TwoHostNetwork.INTERFACE)
                    .isSuccess()).isTrue();
            try (TandemNodeProcess node1 = TandemNodeProcess.start(NODE1, host1, CLUSTER, "ping_quorum on\n", work);
                    TandemNodeProcess node2 = TandemNodeProcess.start(NODE2, host2, CLUSTER, "ping_quorum on\n", work)) {
                Await.until("both active, each VIP at home", () -> node1.seesBothActive() && node2.seesBothActive()
                        && host1.hasAddress(VIP1) && host2.hasAddress(VIP2), WAIT,
                        () -> node1.status() + " / " + node2.status() + "\n" + node2.logTail(30));

                assertThat(host2.run("ip", "link", "set", TwoHostNetwork.INTERFACE, "down").isSuccess()).isTrue();

                Await.until("node 1 takes node 2's VIP", () -> host1.hasAddress(VIP2), WAIT,
                        () -> node1.status() + "\n" + node1.logTail(30));
                Await.until("node 2 has declared node 1 dead", () -> node2.status().contains("peer=dead"), WAIT,
                        () -> node2.status() + "\n" + node2.logTail(30));
                // Past node 2's fence step: the quorum check ran and refused (retried every 5 s, never passing).
                Await.until("node 2 refused the takeover for want of quorum",
                        () -> node2.logTail(200).contains("no ping node answers"), WAIT, () -> node2.logTail(40));
                assertThat(host2.hasAddress(VIP1)).as("node 2 took node 1's VIP without quorum").isFalse();
                assertThat(node2.status()).doesNotContain(VIP1);
            }
        }
    }
}

package io.tandem.heartbeat.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.testkit.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real heartbeat 3.0.6 node and a tandem node on a link that loses 30% of heartbeat datagrams each way
 * (nftables on each receiving side; this kernel has no netem). Each side asks for what it missed and answers the
 * other's requests: the tandem node requests and recovers messages, resends messages the real node asked for,
 * and neither side declares the other dead.
 */
class RetransmissionUnderLossIT {

    private static final String NODE1 = "wshuttle-test1";
    private static final String NODE2 = "wshuttle-test2";
    /**
     * Dead time 10 s rather than the captures' 5: with 30% loss, five statuses lost in a row (0.3^5, about once in
     * 400 seconds of link) would be a true death by the rules, not a retransmission failure; ten in a row is not
     * expected within this test.
     */
    private static final HaCfSettings CLUSTER = HaCfSettings.capturedPair()
            .withTiming(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(20))
            .withHaresources(List.of(NODE1 + " IPaddr::10.10.10.100/24/eth1"));
    private static final Pattern COUNTS = Pattern.compile("requested=(\\d+) recovered=(\\d+) resent=(\\d+)");

    @TempDir
    Path work;

    @BeforeAll
    static void requireRealHeartbeat() {
        RealHeartbeatNode.assumeUsable();
    }

    @Test
    void lostMessagesAreAskedForAndSentAgainBothWays() throws Exception {
        try (TwoHostNetwork network = TwoHostNetwork.create();
                RealHeartbeatNode real = RealHeartbeatNode.start(NODE1, network.first(), CLUSTER, work);
                TandemNodeProcess tandem = TandemNodeProcess.start(NODE2, network.second(), CLUSTER, work)) {
            Await.until("both active", () -> tandem.seesBothActive()
                    && real.log().contains("Status update for node " + NODE2 + ": status active"), Duration.ofSeconds(60),
                    () -> tandem.status() + "\n" + real.logTail(20));
            network.first().dropIncomingUdp(CLUSTER.udpPort(), 30);
            network.second().dropIncomingUdp(CLUSTER.udpPort(), 30);
            try {
                Await.until("the tandem node recovered lost messages and resent the real node's",
                        () -> count(tandem, 2) >= 3 && count(tandem, 3) >= 3, Duration.ofSeconds(90),
                        () -> tandem.status() + "\n" + real.logTail(20));
            } finally {
                network.first().clearImpairments();
                network.second().clearImpairments();
            }
            assertThat(tandem.seesBothActive()).isTrue();
            assertThat(real.log()).doesNotContain("node " + NODE2 + ": is dead")
                    .doesNotContain("Irretrievably lost packet");
            assertThat(tandem.logTail(500)).doesNotContain("is dead");
        }
    }

    /** One of the tandem node's retransmission counts: 1 requested, 2 recovered, 3 resent. */
    private static long count(TandemNodeProcess node, int group) {
        Matcher matcher = COUNTS.matcher(node.status());
        return matcher.find() ? Long.parseLong(matcher.group(group)) : 0;
    }
}

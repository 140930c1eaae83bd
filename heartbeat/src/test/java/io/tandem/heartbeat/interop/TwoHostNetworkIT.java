package io.tandem.heartbeat.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The namespaces harness on its own: what interoperability tests rely on, checked without heartbeat. */
class TwoHostNetworkIT {

    private static final String VIP = "10.10.10.100";

    @TempDir
    Path work;

    @BeforeAll
    static void requireNamespaces() {
        TwoHostNetwork.assumeUsable();
    }

    @Test
    void joinsTwoHostsAtTheCapturedAddressesOnEth1() {
        try (TwoHostNetwork network = TwoHostNetwork.create()) {
            TwoHostNetwork.Host first = network.first();
            TwoHostNetwork.Host second = network.second();

            assertThat(first.addresses()).containsExactly("10.10.10.20/24");
            assertThat(second.addresses()).containsExactly("10.10.10.21/24");
            assertThat(first.peer()).isSameAs(second);
            assertThat(second.answersPing(first.address())).isTrue();
            assertThat(first.run("hostname").isSuccess()).isTrue();
            assertThat(first.run("ip", "-o", "link", "show", "lo").stdout()).contains("UP");
            assertThat(first.answersPing(VIP)).isFalse();
        }
    }

    @Test
    void closeRemovesNamespacesAndKillsWhatRunsInside() throws Exception {
        TwoHostNetwork network = TwoHostNetwork.create();
        Process sleeper = new ProcessBuilder("ip", "netns", "exec", network.first().namespace(), "sleep", "600")
                .start();

        network.close();

        assertThat(sleeper.waitFor(10, TimeUnit.SECONDS)).as("process inside the namespace ended").isTrue();
        assertThat(Commands.run("ip", "netns", "list").stdout()).doesNotContain(network.first().namespace())
                .doesNotContain(network.second().namespace());
        network.close(); // idempotent
    }

    @Test
    void removesNamespacesLeftBehindByAKilledRunButNotThoseOfLiveOnes() throws Exception {
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        String orphan = TwoHostNetwork.NAME_PREFIX + finished.pid() + "-0-1";
        String ours = TwoHostNetwork.NAME_PREFIX + ProcessHandle.current().pid() + "-999-1";
        Commands.run("ip", "netns", "add", orphan).requireSuccess();
        Commands.run("ip", "netns", "add", ours).requireSuccess();
        Process leftover = new ProcessBuilder("ip", "netns", "exec", orphan, "sleep", "600").start();
        try {
            try (TwoHostNetwork network = TwoHostNetwork.create()) {
                String namespaces = Commands.run("ip", "netns", "list").stdout();
                assertThat(namespaces).doesNotContain(orphan).contains(ours).contains(network.first().namespace());
                assertThat(leftover.waitFor(10, TimeUnit.SECONDS)).as("process left in the orphan ended").isTrue();
            }
        } finally {
            leftover.destroyForcibly();
            Commands.run("ip", "netns", "delete", orphan);
            Commands.run("ip", "netns", "delete", ours);
        }
    }

    @Test
    void removesVirtualAddressesButKeepsTheHostsOwn() {
        try (TwoHostNetwork network = TwoHostNetwork.create()) {
            TwoHostNetwork.Host first = network.first();
            first.run("ip", "addr", "add", VIP + "/24", "dev", "eth1").requireSuccess();
            assertThat(first.hasAddress(VIP)).isTrue();
            assertThat(network.second().answersPing(VIP)).isTrue();

            first.removeVirtualAddresses();

            assertThat(first.addresses()).containsExactly("10.10.10.20/24");
            assertThat(network.second().answersPing(VIP)).isFalse();
        }
    }

    @Test
    void dropsIncomingHeartbeatDatagramsOnlyAndCountsThem() {
        try (TwoHostNetwork network = TwoHostNetwork.create()) {
            TwoHostNetwork.Host receiver = network.first();
            TwoHostNetwork.Host sender = network.second();
            receiver.dropIncomingUdp(694, 100);

            for (int i = 0; i < 5; i++) {
                // bash's /dev/udp sends one datagram without any tool; nothing listens, so only the rule sees it.
                sender.run("bash", "-c", "echo probe > /dev/udp/" + receiver.address() + "/694").requireSuccess();
            }

            assertThat(receiver.droppedIncomingUdp()).isEqualTo(5);
            assertThat(sender.answersPing(receiver.address())).as("ping is not UDP 694").isTrue();
            receiver.clearImpairments();
            assertThat(receiver.droppedIncomingUdp()).isZero();
        }
    }

    @Test
    void capturesTrafficOnEth1IntoAPcapFile() {
        try (TwoHostNetwork network = TwoHostNetwork.create()) {
            Path pcap = work.resolve("first.pcap");
            try (PacketCapture capture = network.first().startCapture(pcap, "icmp")) {
                assertThat(capture.file()).isEqualTo(pcap);
                assertThat(network.second().answersPing(network.first().address())).isTrue();
            }
            assertThat(Commands.run("tcpdump", "-r", pcap.toString(), "-n").stdout()).contains("ICMP echo request")
                    .contains("ICMP echo reply");
        }
    }

    @Test
    void impairsTheLinkWithNetemOrSaysTheKernelLacksIt() {
        try (TwoHostNetwork network = TwoHostNetwork.create()) {
            TwoHostNetwork.Host first = network.first();
            Netem netem = Netem.delay(Duration.ofMillis(50)).withLoss(10);
            if (TwoHostNetwork.isNetemSupported()) {
                first.impair(netem);
                assertThat(first.run("tc", "qdisc", "show", "dev", "eth1").stdout()).contains("netem")
                        .contains("loss 10%");
                first.clearImpairments();
                assertThat(first.run("tc", "qdisc", "show", "dev", "eth1").stdout()).doesNotContain("netem");
            } else {
                // Minimal VM kernels ship without sch_netem; the message must send the reader to the nftables way.
                assertThatThrownBy(() -> first.impair(netem)).hasMessageContaining("no sch_netem")
                        .hasMessageContaining("dropIncomingUdp");
            }
        }
    }
}

package io.tandem.heartbeat.resources;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.heartbeat.config.ResourceGroup;
import io.tandem.heartbeat.config.ResourceSpec;
import io.tandem.heartbeat.vip.ArpAnnouncement;
import io.tandem.heartbeat.vip.ArpAnnouncer;
import io.tandem.heartbeat.vip.ArpSender;
import io.tandem.heartbeat.vip.ArpSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import io.tandem.testkit.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in IPaddr resource taking over 10.10.10.100 on a real interface, inside network namespaces that each
 * test creates and deletes: the node holds 10.10.10.20/24 on {@code v0}; a peer across a veth link pings and listens.
 * Needs root and {@code ip netns}; skipped otherwise. Gratuitous ARPs are checked when iputils arping or send_arp is
 * installed, and captured on the peer's side when tcpdump is.
 */
class VirtualIpResourceIT {

    private static final String VIP = "10.10.10.100";
    private static final Duration BOUND = Duration.ofSeconds(30);

    @TempDir
    Path root;

    private TestNetwork network;
    private ExecutorService executor;
    private ResourceAgents agents;

    @BeforeEach
    void setUp() throws Exception {
        Assumptions.assumeTrue(TestNetwork.isInstalled("ping"), "needs ping (iputils-ping or inetutils-ping)");
        network = TestNetwork.create();
        executor = Executors.newVirtualThreadPerTaskExecutor();
        agents = agents(ArpSettings.DEFAULTS);
    }

    private ResourceAgents agents(ArpSettings arp) {
        ArpAnnouncer announcer = new ArpAnnouncer("heartbeat[node1]", network.nodeRunner(), executor, arp);
        return new ResourceAgents("node1", new TestScripts(root).scripts(), network.nodeRunner(),
                ActionTimeouts.DEFAULTS, announcer);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (executor != null) {
            executor.shutdownNow();
        }
        if (network != null) {
            network.close();
        }
    }

    private static ResourceSpec ipaddr(String argument) {
        return new ResourceSpec("IPaddr", List.of(argument), argument);
    }

    private static long occurrences(String text, String cidr) {
        return Pattern.compile("inet " + Pattern.quote(cidr) + " ").matcher(text).results().count();
    }

    @Test
    void takesOverTheAddressAnswersPingsAndReleasesIt() throws Exception {
        ResourceAgent vip = agents.agentFor(ipaddr(VIP + "/24/v0"));
        assertThat(vip.status().outcome()).isEqualTo(ActionOutcome.STOPPED);
        assertThat(network.peerPings(VIP)).isFalse();

        ActionResult started = vip.start();

        assertThat(started.outcome()).as(started.summary()).isEqualTo(ActionOutcome.SUCCEEDED);
        assertThat(started.detail()).isEqualTo("added " + VIP + "/24 on v0");
        assertThat(vip.status().outcome()).isEqualTo(ActionOutcome.RUNNING);
        assertThat(occurrences(network.nodeAddresses(), VIP + "/24")).isEqualTo(1);
        assertThat(network.peerPings(VIP)).isTrue();

        ActionResult stopped = vip.stop();

        assertThat(stopped.outcome()).as(stopped.summary()).isEqualTo(ActionOutcome.SUCCEEDED);
        assertThat(stopped.detail()).isEqualTo("removed " + VIP + "/24 on v0");
        assertThat(vip.status().outcome()).isEqualTo(ActionOutcome.STOPPED);
        assertThat(network.nodeAddresses()).doesNotContain(VIP).contains(TestNetwork.NODE_ADDRESS + "/24");
        assertThat(network.peerPings(VIP)).isFalse();
        assertThat(network.peerPings(TestNetwork.NODE_ADDRESS)).as("the base address stays").isTrue();
    }

    @Test
    void startingAndStoppingTwiceChangesNothingTheSecondTime() throws Exception {
        ResourceAgent vip = agents.agentFor(ipaddr(VIP + "/24/v0"));

        assertThat(vip.start().detail()).startsWith("added ");
        ActionResult again = vip.start();

        assertThat(again.outcome()).isEqualTo(ActionOutcome.SUCCEEDED);
        assertThat(again.detail()).isEqualTo("already configured: " + VIP + "/24 on v0");
        assertThat(occurrences(network.nodeAddresses(), VIP + "/24")).isEqualTo(1);

        assertThat(vip.stop().detail()).startsWith("removed ");
        ActionResult stoppedAgain = vip.stop();

        assertThat(stoppedAgain.outcome()).isEqualTo(ActionOutcome.SUCCEEDED);
        assertThat(stoppedAgain.detail()).isEqualTo("IPaddr::" + VIP + "/24/v0 was not configured");
        assertThat(network.nodeAddresses()).doesNotContain(VIP);
    }

    @Test
    void findsTheInterfaceAndPrefixFromTheConnectedRouteWhenLeftOut() throws Exception {
        ResourceAgent vip = agents.agentFor(ipaddr("10.10.10.101"));

        ActionResult started = vip.start();

        assertThat(started.detail()).as(started.summary()).isEqualTo("added 10.10.10.101/24 on v0");
        assertThat(occurrences(network.nodeAddresses(), "10.10.10.101/24")).isEqualTo(1);
        assertThat(vip.status().outcome()).isEqualTo(ActionOutcome.RUNNING);
        assertThat(vip.stop().isSuccess()).isTrue();
        assertThat(network.nodeAddresses()).doesNotContain("10.10.10.101");
    }

    @Test
    void refusesAnAddressAlreadyConfiguredDifferently() throws Exception {
        network.in(network.node, "ip", "addr", "add", VIP + "/16", "dev", "v0");
        ResourceAgent vip = agents.agentFor(ipaddr(VIP + "/24/v0"));

        ActionResult status = vip.status();
        ActionResult started = vip.start();

        assertThat(status.outcome()).isEqualTo(ActionOutcome.FAILED);
        assertThat(started.outcome()).isEqualTo(ActionOutcome.FAILED);
        assertThat(started.detail()).contains(VIP + "/16 on v0").contains("exactly once");
        assertThat(occurrences(network.nodeAddresses(), VIP + "/16")).isEqualTo(1);
        assertThat(network.nodeAddresses()).doesNotContain(VIP + "/24");
    }

    @Test
    void releasesTheAddressOnlyAfterTheServiceAboveItHasStopped() throws Exception {
        // The script runs inside the node's namespace too, and notes whether the address is there at each call.
        TestScripts scripts = new TestScripts(root);
        String seesVip = "ip -4 -o addr show to " + VIP + "/32 | grep -q . && echo 'svc sees the address' >> "
                + scripts.log + "; ";
        scripts.resource("svc", seesVip + scripts.start("svc"), seesVip + scripts.stop("svc"), scripts.status("svc"));
        ResourceGroup group = new ResourceGroup("node1", List.of(ipaddr(VIP + "/24/v0"), new ResourceSpec("svc",
                List.of(), "svc")));
        GroupRunner runner = new GroupRunner(agents, executor, StopRetries.DEFAULTS);

        GroupResult started = runner.start(group).get(BOUND.toSeconds(), TimeUnit.SECONDS);
        assertThat(started.outcome()).isEqualTo(GroupOutcome.STARTED);
        assertThat(network.peerPings(VIP)).isTrue();
        GroupResult stopped = runner.stop(group).get(BOUND.toSeconds(), TimeUnit.SECONDS);

        assertThat(stopped.outcome()).isEqualTo(GroupOutcome.STOPPED);
        assertThat(scripts.calls()).containsExactly("svc status", "svc start", "svc sees the address", "svc stop",
                "svc sees the address");
        assertThat(stopped.steps()).extracting(ActionResult::resource).containsExactly("svc", "IPaddr::" + VIP + "/24/v0");
        assertThat(network.nodeAddresses()).doesNotContain(VIP);
    }

    @Test
    void announcesTheAddressWithGratuitousArps() throws Exception {
        boolean hasSender = TestNetwork.isInstalled("arping") || Files.isExecutable(Path.of("/usr/libexec/heartbeat/send_arp"));
        Assumptions.assumeTrue(hasSender, "neither arping (iputils-arping) nor send_arp (resource-agents) is installed");
        Process capture = null;
        Path captured = root.resolve("arp.txt");
        Path captureLog = root.resolve("tcpdump.log");
        if (TestNetwork.isInstalled("tcpdump")) {
            capture = new ProcessBuilder("ip", "netns", "exec", network.peer, "tcpdump", "-n", "-l", "-i", "v1", "-c", "2",
                    "arp and host " + VIP).redirectOutput(captured.toFile()).redirectError(captureLog.toFile()).start();
            awaitFileContains(captureLog, "listening on");
        }
        try {
            // Two ARPs: iputils arping sends one a second.
            VirtualIpResource vip = (VirtualIpResource) agents(new ArpSettings(2, Duration.ofMillis(200)))
                    .agentFor(ipaddr(VIP + "/24/v0"));

            assertThat(vip.start().isSuccess()).isTrue();
            ArpAnnouncement announcement = vip.lastAnnouncement().orElseThrow().get(BOUND.toSeconds(), TimeUnit.SECONDS);

            assertThat(announcement.sent()).as(announcement.detail()).isTrue();
            assertThat(announcement.sender()).isIn(ArpSender.IPUTILS_ARPING, ArpSender.SEND_ARP);
            assertThat(announcement.device()).isEqualTo("v0");
            if (capture != null) {
                assertThat(capture.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)).as("tcpdump saw two ARPs").isTrue();
                // A gratuitous ARP asks for the address it announces: who-has VIP tell VIP.
                assertThat(Files.readAllLines(captured)).hasSize(2).allSatisfy(line -> assertThat(line)
                        .containsPattern("ARP, (Request who-has " + Pattern.quote(VIP) + " .*tell " + Pattern.quote(VIP)
                                + "|Reply " + Pattern.quote(VIP) + " is-at)"));
            }
        } finally {
            if (capture != null && capture.isAlive()) {
                capture.destroyForcibly().waitFor(BOUND.toSeconds(), TimeUnit.SECONDS);
            }
        }
    }

    private static void awaitFileContains(Path file, String text) {
        Await.untilChecked("\"" + text + "\" in " + file, () -> Files.exists(file) && Files.readString(file).contains(text),
                BOUND, () -> file.toString());
    }
}

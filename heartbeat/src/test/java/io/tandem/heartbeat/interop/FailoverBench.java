package io.tandem.heartbeat.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.testkit.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failover time, in the sense: from the SIGKILL of the node holding the VIP to the first ping the VIP
 * answers from the survivor, seen from the killed machine's network (a client on the heartbeat link). Each
 * pairing runs {@link #ROUNDS} times on two network namespaces joined by a veth pair, with the captures' ha.cf
 * (keepalive 1, deadtime 5) and with tandem's sub-second settings. Not a test: run by {@code bench/failover-bench},
 * which prints the table recorded in bench/README.md.
 */
class FailoverBench {

    private static final int ROUNDS = Integer.getInteger("failover.rounds", 3);
    private static final String VIP = "10.10.10.100";
    private static final HaCfSettings CAPTURED = HaCfSettings.capturedPair().withInitdead(Duration.ofSeconds(10))
            .withHaresources(List.of("wshuttle-test1 IPaddr::" + VIP + "/24/eth1"));
    private static final HaCfSettings SUB_SECOND = CAPTURED.withTiming(Duration.ofMillis(200), Duration.ofSeconds(1),
            Duration.ofMillis(500), Duration.ofSeconds(10));

    @TempDir
    Path work;

    /** A node of either kind, as the bench needs it. */
    private interface Node extends AutoCloseable {
        void kill();

        @Override
        void close();
    }

    @BeforeAll
    static void requireNamespacesAndHeartbeat() {
        RealHeartbeatNode.assumeUsable();
    }

    @Test
    void measureFailoverTimes() throws Exception {
        List<String> rows = new ArrayList<>();
        rows.add(row("heartbeat 3.0.6 -> heartbeat 3.0.6", "captured (keepalive 1, deadtime 5)",
                measure(CAPTURED, this::real, this::real)));
        rows.add(row("heartbeat 3.0.6 -> tandem", "captured (keepalive 1, deadtime 5)",
                measure(CAPTURED, this::real, this::tandem)));
        rows.add(row("tandem -> tandem", "captured (keepalive 1, deadtime 5)",
                measure(CAPTURED, this::tandem, this::tandem)));
        rows.add(row("tandem -> tandem", "sub-second (keepalive 200ms, deadtime 1)",
                measure(SUB_SECOND, this::tandem, this::tandem)));
        String table = "| active (killed) -> survivor | ha.cf timing | failover, each round (s) | median (s) |\n"
                + "|---|---|---|---:|\n" + String.join("\n", rows);
        System.out.println("\nFailover: SIGKILL of the active node until the VIP answers from the survivor\n" + table);
        Path out = Path.of(System.getProperty("failover.output", work.resolve("failover.md").toString()));
        Files.writeString(out, table + "\n");
    }

    private List<Double> measure(HaCfSettings settings, BiFunction<TwoHostNetwork.Host, HaCfSettings, Node> first,
            BiFunction<TwoHostNetwork.Host, HaCfSettings, Node> second) throws Exception {
        List<Double> seconds = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            try (TwoHostNetwork network = TwoHostNetwork.create();
                    Node active = first.apply(network.first(), settings);
                    Node survivor = second.apply(network.second(), settings)) {
                TwoHostNetwork.Host home = network.first();
                Await.until("VIP on its home node", () -> home.hasAddress(VIP) && home.peer().answersPing(VIP),
                        Duration.ofSeconds(60), () -> home.addresses().toString());
                // Let the pair settle past start-up (the longer start-up dead time, pending reports).
                Thread.sleep(3000);
                long killedAt = System.nanoTime();
                active.kill();
                // The machine is gone with its addresses: what answers now is the survivor.
                home.removeVirtualAddresses();
                Await.until("VIP answers from the survivor", () -> network.second().hasAddress(VIP)
                        && home.answersPing(VIP), Duration.ofSeconds(60), () -> network.second().addresses().toString());
                seconds.add((System.nanoTime() - killedAt) / 1e9);
            }
        }
        assertThat(seconds).hasSize(ROUNDS);
        return seconds;
    }

    private Node real(TwoHostNetwork.Host host, HaCfSettings settings) {
        String name = host.address().endsWith(".20") ? "wshuttle-test1" : "wshuttle-test2";
        RealHeartbeatNode node = RealHeartbeatNode.start(name, host, settings, work.resolve("r" + System.nanoTime()));
        return new Node() {
            @Override
            public void kill() {
                node.kill();
            }

            @Override
            public void close() {
                node.close();
            }
        };
    }

    private Node tandem(TwoHostNetwork.Host host, HaCfSettings settings) {
        String name = host.address().endsWith(".20") ? "wshuttle-test1" : "wshuttle-test2";
        try {
            TandemNodeProcess node = TandemNodeProcess.start(name, host, settings, work.resolve("t" + System.nanoTime()));
            return new Node() {
                @Override
                public void kill() {
                    node.kill();
                }

                @Override
                public void close() {
                    node.close();
                }
            };
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String row(String pairing, String timing, List<Double> seconds) {
        List<Double> sorted = seconds.stream().sorted().toList();
        return "| " + pairing + " | " + timing + " | "
                + String.join(", ", seconds.stream().map(s -> String.format("%.1f", s)).toList()) + " | "
                + String.format("%.1f", sorted.get(sorted.size() / 2)) + " |";
    }
}

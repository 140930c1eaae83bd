package io.tandem.heartbeat.resources;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.heartbeat.vip.CommandResult;
import io.tandem.heartbeat.vip.CommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * Two network namespaces joined by a veth pair: the node ({@code v0}, 10.10.10.20/24), where addresses are taken
 * over, and a peer ({@code v1}, 10.10.10.30/24) that pings and listens from across the link. Names hold the
 * process id and a counter, so parallel runs never share one; {@link #close} deletes both, which also deletes the
 * veth pair. Needs root and {@code ip netns}; otherwise the test is skipped, saying so.
 */
final class TestNetwork implements AutoCloseable {

    static final String NODE_ADDRESS = "10.10.10.20";
    static final String PEER_ADDRESS = "10.10.10.30";

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(20);
    private static final CommandRunner HOST = CommandRunner.onHost();

    final String node;
    final String peer;
    private final List<String> created = new ArrayList<>();

    private TestNetwork(String prefix) {
        this.node = prefix + "-node";
        this.peer = prefix + "-peer";
    }

    /** Creates the namespaces and the link, or skips the test when this machine cannot. */
    static TestNetwork create() throws Exception {
        TestNetwork network = new TestNetwork("tandem-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet());
        try {
            network.addNamespace(network.node);
            network.addNamespace(network.peer);
            network.host("ip", "-n", network.node, "link", "add", "v0", "type", "veth", "peer", "name", "v1",
                    "netns", network.peer);
            network.host("ip", "-n", network.node, "addr", "add", NODE_ADDRESS + "/24", "dev", "v0");
            network.host("ip", "-n", network.peer, "addr", "add", PEER_ADDRESS + "/24", "dev", "v1");
            for (String namespace : List.of(network.node, network.peer)) {
                network.host("ip", "-n", namespace, "link", "set", "lo", "up");
            }
            network.host("ip", "-n", network.node, "link", "set", "v0", "up");
            network.host("ip", "-n", network.peer, "link", "set", "v1", "up");
            return network;
        } catch (Throwable e) {
            network.close();
            throw e;
        }
    }

    /** Runs commands inside the node's namespace, as the daemon would on its host. */
    CommandRunner nodeRunner() {
        return CommandRunner.inNetworkNamespace(node);
    }

    /** {@code ip -4 -o addr show dev v0} in the node. */
    String nodeAddresses() throws Exception {
        return in(node, "ip", "-4", "-o", "addr", "show", "dev", "v0").output();
    }

    /** Whether the peer gets an answer to one ping of {@code address} within a second (on a veth: at once). */
    boolean peerPings(String address) throws Exception {
        return HOST.run(List.of("ip", "netns", "exec", peer, "ping", "-c", "1", "-W", "1", address), COMMAND_TIMEOUT)
                .isSuccess();
    }

    /** Runs {@code command} inside {@code namespace} and asserts that it succeeds. */
    CommandResult in(String namespace, String... command) throws Exception {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        argv.addAll(List.of(command));
        CommandResult result = HOST.run(argv, COMMAND_TIMEOUT);
        assertThat(result.isSuccess()).as(result.describe()).isTrue();
        return result;
    }

    /** Whether {@code program} is on this host's PATH (namespaces share the file system). */
    static boolean isInstalled(String program) {
        String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        for (String directory : (path + ":/usr/sbin:/sbin").split(":")) {
            if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, program))) {
                return true;
            }
        }
        return false;
    }

    /** Deletes both namespaces, trying each even when one fails; asserts that none is left. */
    @Override
    public void close() throws IOException {
        List<String> failures = new ArrayList<>();
        for (String namespace : created.reversed()) {
            try {
                CommandResult deleted = HOST.run(List.of("ip", "netns", "del", namespace), COMMAND_TIMEOUT);
                if (!deleted.isSuccess()) {
                    failures.add(deleted.describe());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failures.add("interrupted before deleting " + namespace);
            }
        }
        created.clear();
        assertThat(failures).as("namespaces left behind").isEmpty();
    }

    private void addNamespace(String name) throws Exception {
        CommandResult added;
        try {
            added = HOST.run(List.of("ip", "netns", "add", name), COMMAND_TIMEOUT);
        } catch (IOException e) {
            Assumptions.abort("needs ip (iproute2) to create network namespaces: " + e.getMessage());
            return;
        }
        Assumptions.assumeTrue(added.isSuccess(),
                () -> "needs root and ip netns to create a network namespace; " + added.describe());
        created.add(name);
    }

    private void host(String... command) throws Exception {
        CommandResult result = HOST.run(List.of(command), COMMAND_TIMEOUT);
        Assumptions.assumeTrue(result.isSuccess(), () -> "cannot build the test network (veth support?): "
                + result.describe());
    }
}

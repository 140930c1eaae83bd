package io.tandem.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.heartbeat.config.ResourceGroup;
import io.tandem.heartbeat.config.ResourceSpec;
import io.tandem.heartbeat.membership.Membership;
import io.tandem.heartbeat.membership.NodeIdentity;
import io.tandem.heartbeat.resources.ActionTimeouts;
import io.tandem.heartbeat.resources.GroupResult;
import io.tandem.heartbeat.resources.GroupRunner;
import io.tandem.heartbeat.resources.ResourceAgents;
import io.tandem.heartbeat.resources.ResourceScripts;
import io.tandem.heartbeat.resources.StopRetries;
import io.tandem.heartbeat.takeover.Takeover;
import io.tandem.heartbeat.vip.ArpAnnouncer;
import io.tandem.heartbeat.vip.ArpSettings;
import io.tandem.heartbeat.vip.CommandRunner;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two tandem nodes over real UDP on loopback, holding a real script resource (haresources {@code alpha
 * mark::db}: a script that records which node runs it): alpha alone takes its group after initdead; beta joins;
 * alpha dies and beta takes the group a dead time later; alpha returns and gets it back (auto_failback on); alpha
 * stops gracefully and beta takes it at once. Sub-second timing: keepalive 200 ms, dead time 1 s.
 */
class TandemPairTest {

    private static final AuthKeys KEYS = AuthKeys.of(new AuthKey(1, AuthMethod.SHA1,
            "s3cret".getBytes(StandardCharsets.US_ASCII)));
    private static final Membership.Timing FAST = new Membership.Timing(Duration.ofMillis(200), Duration.ofSeconds(1),
            Duration.ofMillis(500), Duration.ofSeconds(2));
    private static final ResourceGroup GROUP = new ResourceGroup("alpha",
            List.of(new ResourceSpec("mark", List.of("db"), "mark::db")));
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path directory;

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<HeartbeatNode> running = new ArrayList<>();
    private int port;

    @AfterEach
    void stopEverything() {
        running.forEach(HeartbeatNode::close);
        executor.shutdownNow();
    }

    @Test
    void theGroupFollowsTheLiveNodeAndGoesHome() throws Exception {
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path marks = Files.createDirectories(directory.resolve("marks"));
        HeartbeatNode alpha = node("alpha", "127.0.0.2", "127.0.0.3");
        alpha.start();
        awaitHolder(marks, "alpha");
        awaitHeld(alpha);

        HeartbeatNode beta = node("beta", "127.0.0.3", "127.0.0.2");
        beta.start();
        Await.until("beta stable beside alpha", () -> beta.status().takeoverState().equals("STABLE"), WAIT,
                () -> beta.status().toString());
        assertThat(holders(marks)).containsExactly("alpha");

        // alpha dies without a word: its socket closes, its group's mark stays (the machine is gone).
        alpha.close();
        Files.delete(marks.resolve("alpha"));
        long diedAt = System.nanoTime();
        awaitHolder(marks, "beta");
        double takeoverSeconds = (System.nanoTime() - diedAt) / 1e9;
        assertThat(takeoverSeconds).as("dead time 1 s, plus up to one keepalive").isBetween(0.7, 5.0);
        awaitHeld(beta);

        // alpha comes back (a new process: a higher generation) and, with auto_failback on, gets its group back.
        HeartbeatNode alphaAgain = node("alpha", "127.0.0.2", "127.0.0.3");
        alphaAgain.start();
        awaitHolder(marks, "alpha");
        Await.until("beta gave the group back", () -> beta.status().heldGroups().isEmpty(), WAIT,
                () -> beta.status().toString());

        // A graceful stop hands over at once, without waiting for a dead time.
        long stoppingAt = System.nanoTime();
        alphaAgain.shutdown(Duration.ofSeconds(10));
        awaitHolder(marks, "beta");
        assertThat((System.nanoTime() - stoppingAt) / 1e9).isLessThan(5.0);
    }

    /**
     * With a fence command, a node takes the groups of a peer that died (or never came) only once the command
     * exits 0 for it. The command here succeeds when a file says that node is powered off. Alpha starts alone
     * and fences beta, which is off; later beta, alone with a killed alpha, fails to fence it until alpha is
     * reported off, and meanwhile takes nothing.
     */
    @Test
    void aDeadPeersGroupIsTakenOnlyOnceTheFenceCommandSucceeds() throws Exception {
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path marks = Files.createDirectories(directory.resolve("marks"));
        Path attempts = directory.resolve("fence-attempts");
        Path fence = directory.resolve("fence-peer");
        Files.writeString(fence, """
                #!/bin/sh
                echo "$1" >> '%s'
                test -e '%s/'"$1"'-powered-off'
                """.formatted(attempts, directory));
        Files.setPosixFilePermissions(fence, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(directory.resolve("beta-powered-off"), "");
        HeartbeatNode alpha = node("alpha", "127.0.0.2", "127.0.0.3", java.util.Optional.of(fence.toString()));
        alpha.start();
        awaitHolder(marks, "alpha");
        assertThat(lines(attempts)).containsExactly("beta");

        Files.delete(directory.resolve("beta-powered-off"));
        HeartbeatNode beta = node("beta", "127.0.0.3", "127.0.0.2", java.util.Optional.of(fence.toString()));
        beta.start();
        Await.until("beta stable beside alpha", () -> beta.status().takeoverState().equals("STABLE"), WAIT,
                () -> beta.status().toString());

        alpha.close();
        Files.delete(marks.resolve("alpha"));
        Await.until("beta tried to fence alpha twice",
                () -> lines(attempts).stream().filter("alpha"::equals).count() >= 2, WAIT, () -> beta.status().toString());
        assertThat(holders(marks)).as("nothing taken while fencing fails").isEmpty();

        Files.writeString(directory.resolve("alpha-powered-off"), "");
        awaitHolder(marks, "beta");
        awaitHeld(beta);
    }

    /** The node has taken note that its group started (the script's mark comes first). */
    private static void awaitHeld(HeartbeatNode node) {
        Await.until("the node knows it holds the group", () -> node.status().heldGroups().equals(List.of(GROUP.key())),
                WAIT, () -> node.status().toString());
    }

    private void awaitHolder(Path marks, String node) {
        Await.until("the group held by " + node + " alone", () -> holders(marks).equals(List.of(node)), WAIT,
                () -> "holders " + holders(marks) + "; " + running.stream().map(n -> n.status().toString()).toList());
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> holders(Path marks) {
        try (var files = Files.list(marks)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private HeartbeatNode node(String name, String address, String peer) throws Exception {
        return node(name, address, peer, java.util.Optional.empty());
    }

    /** A node whose takeover of a dead peer's groups waits for {@code fenceCommand} to exit 0. */
    private HeartbeatNode node(String name, String address, String peer, java.util.Optional<String> fenceCommand)
            throws Exception {
        Path haDir = Files.createDirectories(directory.resolve(name + "-ha.d"));
        Path resourceDir = Files.createDirectories(haDir.resolve("resource.d"));
        Path script = resourceDir.resolve("mark");
        Path mark = directory.resolve("marks").resolve(name);
        Files.writeString(script, """
                #!/bin/sh
                # mark <name> start|stop|status: records that this node runs the resource.
                case "$2" in
                  start) touch '%1$s' ;;
                  stop) rm -f '%1$s' ;;
                  status) if [ -e '%1$s' ]; then echo running; exit 0; else echo stopped; exit 3; fi ;;
                esac
                """.formatted(mark));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        CommandRunner runner = CommandRunner.onHost();
        ResourceAgents agents = new ResourceAgents(name, new ResourceScripts(haDir, directory.resolve("no-init.d")),
                runner, ActionTimeouts.DEFAULTS, new ArpAnnouncer(name, runner, executor, ArpSettings.DEFAULTS));
        GroupRunner groups = new GroupRunner(agents, executor, new StopRetries(1, Duration.ofMillis(100)));
        NodeIdentity identity = NodeIdentity.startRun(directory.resolve(name + "-state"), InstantSource.system());
        Membership membership = new Membership(name, List.of("alpha", "beta"), FAST, identity, new Authenticator(KEYS),
                InstantSource.system(), () -> "0.00 0.00 0.00 1/1 1", new SecureRandom());
        HeartbeatDaemon.Network network = HeartbeatDaemon.Network.to(new InetSocketAddress(address, port),
                List.of(new InetSocketAddress(peer, port)), FAST.deadtime());
        HeartbeatNode node = new HeartbeatNode(listener -> new HeartbeatDaemon(membership, network, KEYS,
                new RejectionCounter(name, Duration.ofSeconds(10), InstantSource.system()), listener),
                new Takeover(name, List.of(GROUP), true, fenceCommand.isPresent()),
                new HeartbeatNode.GroupActions() {
                    @Override
                    public CompletableFuture<Boolean> start(ResourceGroup group) {
                        return groups.start(group).thenApply(GroupResult::isSuccess);
                    }

                    @Override
                    public CompletableFuture<Boolean> stop(ResourceGroup group) {
                        return groups.stop(group).thenApply(GroupResult::isSuccess);
                    }
                }, fenceCommand.isEmpty() ? HeartbeatNode.noFence()
                        : new FenceStep(List.of(), fenceCommand, Duration.ofSeconds(10), executor));
        running.add(node);
        return node;
    }
}

package io.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.drbd.agent.DrbdDisk;
import io.tandem.drbd.agent.DrbdUnavailableException;
import io.tandem.drbd.agent.LocalDrbd;
import io.tandem.drbd.command.NodeState;
import io.tandem.drbd.config.Dialect;
import io.tandem.drbd.flow.DrbdPairModel;
import io.tandem.drbd.flow.Flows;
import io.tandem.drbd.flow.ModelLocalDrbd;
import io.tandem.drbd.flow.NodeView;
import io.tandem.drbd.flow.ResourcePolicy;
import io.tandem.drbd.status.Role;
import io.tandem.heartbeat.HeartbeatAssembly;
import io.tandem.heartbeat.HeartbeatNode;
import io.tandem.heartbeat.config.HeartbeatFiles;
import io.tandem.heartbeat.resources.ActionTimeouts;
import io.tandem.heartbeat.resources.GroupRunner;
import io.tandem.heartbeat.resources.InProcessResource;
import io.tandem.heartbeat.resources.ResourceAgents;
import io.tandem.heartbeat.resources.ResourceScripts;
import io.tandem.heartbeat.resources.StopRetries;
import io.tandem.heartbeat.vip.ArpAnnouncer;
import io.tandem.heartbeat.vip.ArpSettings;
import io.tandem.heartbeat.vip.CommandRunner;
import io.tandem.testkit.Await;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DRBD as a resource of tandem's failover daemon, with the seed's haresources line {@code drbddisk::img_server
 * Filesystem::/dev/drbd0::/felix::ext3}. Two daemons built from heartbeat's files as {@code tandem heartbeat} builds
 * them, over real UDP on loopback; the two DRBD nodes are the in-process model (this kernel has no DRBD), reached
 * through the same drbddisk code the daemon runs against drbdadm, and the filesystem is the model's mount.
 *
 * <p>alpha holds the group; it crashes and beta promotes and mounts; alpha returns as Secondary and resyncs; beta
 * stops gracefully and alpha takes the group, with every block beta wrote.
 */
class DrbdFailoverTest {

    private static final String RESOURCE = "img_server";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path directory;

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<HeartbeatNode> running = new ArrayList<>();
    private final DrbdPairModel model = new DrbdPairModel(RESOURCE, "alpha", "beta",
            ResourcePolicy.defaults(Dialect.V84).withFencing(ResourcePolicy.Fencing.RESOURCE_ONLY));
    private int port;

    @AfterEach
    void stopEverything() {
        running.forEach(HeartbeatNode::close);
        executor.shutdownNow();
    }

    @Test
    void theDiskAndItsFilesystemFollowTheLiveNode() throws Exception {
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        synchronized (model) {
            assertThat(new Flows(model).initialSync("alpha", "beta").isCompleted()).isTrue();
            model.resyncToCompletion(16);
            model.run("alpha", List.of("drbdadm", "secondary", RESOURCE));
        }

        HeartbeatNode alpha = node("alpha", "127.0.0.2", "127.0.0.3");
        HeartbeatNode beta = node("beta", "127.0.0.3", "127.0.0.2");
        awaitHolder("alpha");
        synchronized (model) {
            model.write("alpha", 1, "written on alpha");
        }

        // alpha's machine dies: no release, DRBD on beta loses its peer
        alpha.close();
        synchronized (model) {
            model.crash("alpha");
        }
        awaitHolder("beta");
        synchronized (model) {
            model.write("beta", 2, "written on beta while alpha was down");
            assertThat(new Flows(model).returnOfOldPrimary("alpha").isCompleted()).as("alpha back as Secondary")
                    .isTrue();
            model.resyncToCompletion(16);
        }
        HeartbeatNode alphaAgain = node("alpha", "127.0.0.2", "127.0.0.3");
        Await.until("alpha joined beside beta", () -> alphaAgain.status().takeoverState().equals("STABLE"), WAIT,
                () -> alphaAgain.status().toString());
        assertThat(view("beta")).as("auto_failback off: beta keeps the group").returns(Role.PRIMARY, NodeView::role);

        beta.shutdown(Duration.ofSeconds(20));
        awaitHolder("alpha");
        synchronized (model) {
            assertThat(model.read("alpha", 1)).contains("written on alpha");
            assertThat(model.read("alpha", 2)).contains("written on beta while alpha was down");
            assertThat(model.view("beta")).returns(Role.SECONDARY, NodeView::role).returns(false, NodeView::mounted);
        }
    }

    /** Waits until {@code holder} is Primary with the filesystem mounted and its peer is neither. */
    private void awaitHolder(String holder) {
        String other = holder.equals("alpha") ? "beta" : "alpha";
        Await.until(holder + " Primary and mounted, " + other + " not", () -> {
            NodeView here = view(holder);
            NodeView there = view(other);
            return here.role() == Role.PRIMARY && here.mounted() && there.role() != Role.PRIMARY && !there.mounted();
        }, WAIT, () -> view("alpha") + " " + view("beta") + " " + running.stream().map(n -> n.status().toString())
                .toList());
    }

    private NodeView view(String node) {
        synchronized (model) {
            return model.view(node);
        }
    }

    private HeartbeatNode node(String name, String address, String peer) throws Exception {
        Path config = Files.createDirectories(directory.resolve(name + "-" + running.size() + "/ha.d"));
        Files.writeString(config.resolve(HeartbeatFiles.HA_CF), """
                udpport %d
                ucast lo %s
                keepalive 200ms
                warntime 500ms
                deadtime 1
                initdead 2
                auto_failback off
                node alpha
                node beta
                """.formatted(port, peer));
        Path authkeys = Files.writeString(config.resolve(HeartbeatFiles.AUTHKEYS), "auth 1\n1 sha1 s3cret\n");
        Files.setPosixFilePermissions(authkeys, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(config.resolve(HeartbeatFiles.HARESOURCES),
                "alpha drbddisk::img_server Filesystem::/dev/drbd0::/felix::ext3\n");
        Map<String, InProcessResource.Type> types = new HashMap<>(DrbdResourceTypes.drbddisk(resource ->
                new DrbdDisk(resource, new Synchronized(new ModelLocalDrbd(model, name), model),
                        new DrbdDisk.Patience(6, 3, Duration.ofMillis(200)), DrbdDisk.Pause.SLEEP)));
        types.put("Filesystem", arguments -> action -> filesystem(name, action.word()));
        CommandRunner runner = CommandRunner.onHost();
        ResourceAgents agents = new ResourceAgents(name, new ResourceScripts(config, directory.resolve("no-init.d")),
                runner, ActionTimeouts.DEFAULTS, new ArpAnnouncer(name, runner, executor, ArpSettings.DEFAULTS), types);
        var loaded = HeartbeatFiles.load(config, name);
        assertThat(agents.check(loaded.resourceGroups())).isEmpty();
        HeartbeatNode node = HeartbeatAssembly.build(loaded, Files.createDirectories(config.resolveSibling("state")),
                InetAddress.getByName(address), new GroupRunner(agents, executor, StopRetries.DEFAULTS), executor);
        running.add(node);
        node.start();
        return node;
    }

    /** The model's mount, with the Filesystem script's exit codes. */
    private InProcessResource.Reply filesystem(String node, String action) {
        synchronized (model) {
            try {
                switch (action) {
                    case "start" -> model.mount(node);
                    case "stop" -> {
                        if (model.view(node).mounted()) {
                            model.umount(node);
                        }
                    }
                    default -> {
                        return model.view(node).mounted() ? new InProcessResource.Reply(0, "running\n")
                                : new InProcessResource.Reply(3, "stopped\n");
                    }
                }
                return new InProcessResource.Reply(0, "");
            } catch (RuntimeException refused) {
                return new InProcessResource.Reply(1, refused.getMessage() + "\n");
            }
        }
    }

    /** The model is not thread-safe; two daemons act on it. */
    private record Synchronized(LocalDrbd delegate, Object lock) implements LocalDrbd {
        @Override
        public NodeState state(String resource) throws DrbdUnavailableException {
            synchronized (lock) {
                return delegate.state(resource);
            }
        }

        @Override
        public Dialect dialect() throws DrbdUnavailableException {
            synchronized (lock) {
                return delegate.dialect();
            }
        }

        @Override
        public CommandOutcome run(List<String> argv) {
            synchronized (lock) {
                return delegate.run(argv);
            }
        }
    }
}

package io.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.drbd.agent.DrbdDisk;
import io.tandem.drbd.agent.DrbdUnavailableException;
import io.tandem.drbd.agent.LocalDrbd;
import io.tandem.drbd.command.NodeState;
import io.tandem.drbd.config.Dialect;
import io.tandem.drbd.flow.DrbdPairModel;
import io.tandem.drbd.flow.ModelLocalDrbd;
import io.tandem.drbd.flow.NodeView;
import io.tandem.heartbeat.HeartbeatAssembly;
import io.tandem.heartbeat.HeartbeatNode;
import io.tandem.heartbeat.PeerRequests;
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
import java.io.IOException;
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

/**
 * Two tandem failover daemons, alpha (127.0.0.2) and beta (127.0.0.3), built from heartbeat's files as {@code tandem
 * heartbeat} builds them, over real UDP on loopback, whose DRBD is one {@link DrbdPairModel}: drbddisk runs against
 * the model's node, {@code Filesystem} is the model's mount. Sub-second timing, auto_failback off.
 */
final class ModelPairDaemons implements AutoCloseable {

    /** A started daemon and its state directory (status file, control socket). */
    record Daemon(HeartbeatNode node, Path stateDirectory) {}

    private final DrbdPairModel model;
    private final Path directory;
    private final int port;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<HeartbeatNode> running = new ArrayList<>();

    ModelPairDaemons(DrbdPairModel model, Path directory) throws IOException {
        this.model = model;
        this.directory = directory;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            this.port = probe.getLocalPort();
        }
    }

    /** Starts {@code name} ("alpha" or "beta") holding {@code haresources}; {@code requests} answers its peer. */
    Daemon start(String name, String haresources, PeerRequests.Handler requests) throws Exception {
        String address = name.equals("alpha") ? "127.0.0.2" : "127.0.0.3";
        String peer = name.equals("alpha") ? "127.0.0.3" : "127.0.0.2";
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
        Files.writeString(config.resolve(HeartbeatFiles.HARESOURCES), haresources + "\n");
        Map<String, InProcessResource.Type> types = new HashMap<>(DrbdResourceTypes.drbddisk(resource ->
                new DrbdDisk(resource, localDrbd(name), new DrbdDisk.Patience(6, 3, Duration.ofMillis(200)),
                        DrbdDisk.Pause.SLEEP)));
        types.put("Filesystem", arguments -> action -> filesystem(name, action.word()));
        CommandRunner runner = CommandRunner.onHost();
        ResourceAgents agents = new ResourceAgents(name, new ResourceScripts(config, directory.resolve("no-init.d")),
                runner, ActionTimeouts.DEFAULTS, new ArpAnnouncer(name, runner, executor, ArpSettings.DEFAULTS), types);
        var loaded = HeartbeatFiles.load(config, name);
        assertThat(agents.check(loaded.resourceGroups())).isEmpty();
        Path state = Files.createDirectories(config.resolveSibling("state"));
        HeartbeatNode node = HeartbeatAssembly.build(loaded, state, InetAddress.getByName(address),
                new GroupRunner(agents, executor, StopRetries.DEFAULTS), executor, requests);
        running.add(node);
        node.start();
        return new Daemon(node, state);
    }

    /** {@code node}'s DRBD: the model's node, locked, since two daemons act on the model. */
    LocalDrbd localDrbd(String node) {
        return new Synchronized(new ModelLocalDrbd(model, node), model);
    }

    NodeView view(String node) {
        synchronized (model) {
            return model.view(node);
        }
    }

    List<String> statuses() {
        return running.stream().map(node -> node.status().toString()).toList();
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

    @Override
    public void close() {
        running.forEach(HeartbeatNode::close);
        executor.shutdownNow();
    }

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

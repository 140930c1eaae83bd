package io.tandem.heartbeat;

import io.tandem.heartbeat.config.AutoFailback;
import io.tandem.heartbeat.config.HeartbeatConfig;
import io.tandem.heartbeat.config.HeartbeatTiming;
import io.tandem.heartbeat.config.Medium;
import io.tandem.heartbeat.config.PingTarget;
import io.tandem.heartbeat.membership.Membership;
import io.tandem.heartbeat.membership.NodeIdentity;
import io.tandem.heartbeat.resources.GroupResult;
import io.tandem.heartbeat.resources.GroupRunner;
import io.tandem.heartbeat.takeover.Takeover;
import io.tandem.heartbeat.wire.AuthKey;
import io.tandem.heartbeat.wire.AuthKeys;
import io.tandem.heartbeat.wire.AuthMethod;
import io.tandem.heartbeat.wire.Authenticator;
import io.tandem.heartbeat.wire.RejectionCounter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Builds a node from heartbeat's files as they were read: who we are (identity kept in the state directory), how
 * we talk (media, port, keys), when peers die (timing), what we hold (haresources) and what must pass before a
 * takeover (tandem.cf). Refuses what it cannot honour yet with the reason, before anything starts.
 */
public final class HeartbeatAssembly {

    /** Why a configuration that read well cannot run. */
    public static final class NotRunnable extends Exception {
        public NotRunnable(String message) {
            super(message);
        }
    }

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(HeartbeatAssembly.class);

    private HeartbeatAssembly() {}

    /**
     * @param listenAddress where to bind the heartbeat port: any address (as heartbeat binds) or one address
     * @param groupRunner starts and stops haresources groups
     * @param executor runs the fence step off the event loop
     */
    public static HeartbeatNode build(HeartbeatConfig config, Path stateDirectory, InetAddress listenAddress,
            GroupRunner groupRunner, Executor executor) throws IOException, NotRunnable {
        return build(config, stateDirectory, listenAddress, groupRunner, executor, PeerRequests.NONE);
    }

    /** @param peerRequests answers the peer's requests (DRBD's fence-peer), on the executor */
    public static HeartbeatNode build(HeartbeatConfig config, Path stateDirectory, InetAddress listenAddress,
            GroupRunner groupRunner, Executor executor, PeerRequests.Handler peerRequests)
            throws IOException, NotRunnable {
        List<String> problems = new ArrayList<>();
        if (config.haCf().autoFailback() == AutoFailback.LEGACY) {
            problems.add("ha.cf: auto_failback legacy (also what a missing auto_failback line means) is not supported"
                    + " yet: set auto_failback on or off");
        }
        int port = config.haCf().udpPort();
        List<HeartbeatDaemon.Link> links = new ArrayList<>();
        for (Medium medium : config.haCf().media()) {
            switch (medium) {
                case Medium.Ucast ucast -> links.add(new HeartbeatDaemon.Link(ucast.device(),
                        new InetSocketAddress(ucast.peer(), port)));
                case Medium.Bcast bcast -> broadcastAddress(bcast.device()).ifPresentOrElse(
                        address -> links.add(new HeartbeatDaemon.Link(bcast.device(), new InetSocketAddress(address, port))),
                        () -> problems.add("ha.cf: bcast " + bcast.device() + ": the interface has no IPv4 broadcast"
                                + " address"));
                case Medium.Mcast mcast -> problems.add("ha.cf: mcast " + mcast.device() + ": multicast media are not"
                        + " supported yet; use ucast");
                case Medium.Serial serial -> problems.add("ha.cf: serial media are not supported; use ucast");
            }
        }
        if (!problems.isEmpty()) {
            throw new NotRunnable(String.join("\n", problems));
        }

        config.haCf().respawnClients().forEach(client -> log.warn("respawn {}: tandem does not run respawn clients; {}",
                client.program(), client.program().endsWith("dopd")
                        ? "DRBD's peer outdating is built in: set fence-peer \"tandem drbd fence-peer\" in the"
                                + " resource's handlers instead of drbd-peer-outdater, which needs dopd"
                        : "what ipfail did (ping nodes, links) is built in: ping_quorum in tandem.cf, link status in"
                                + " 'tandem heartbeat status'"));
        AuthKeys keys = wireKeys(config.authKeys());
        NodeIdentity identity = NodeIdentity.startRun(stateDirectory, InstantSource.system());
        HeartbeatTiming timing = config.haCf().timing();
        Membership membership = new Membership(config.localNode(), config.haCf().nodes(),
                new Membership.Timing(timing.keepalive(), timing.deadtime(), timing.warntime(), timing.initdead()),
                identity, new Authenticator(keys), InstantSource.system(), HeartbeatAssembly::loadAverage,
                new SecureRandom());

        List<InetAddress> quorum = new ArrayList<>();
        if (config.tandem().pingQuorum()) {
            for (PingTarget target : config.haCf().pingTargets()) {
                switch (target) {
                    case PingTarget.Node node -> quorum.add(node.address());
                    case PingTarget.Group group -> quorum.addAll(group.members());
                }
            }
        }
        FenceStep fence = new FenceStep(quorum, config.tandem().fenceCommand().map(secret -> secret.reveal()),
                Duration.ofSeconds(60), executor);
        Takeover takeover = new Takeover(config.localNode(), config.resourceGroups(),
                config.haCf().autoFailback() == AutoFailback.ON, fence.isConfigured());
        HeartbeatNode.GroupActions groups = new HeartbeatNode.GroupActions() {
            @Override
            public java.util.concurrent.CompletableFuture<Boolean> start(io.tandem.heartbeat.config.ResourceGroup group) {
                return groupRunner.start(group).thenApply(GroupResult::isSuccess);
            }

            @Override
            public java.util.concurrent.CompletableFuture<Boolean> stop(io.tandem.heartbeat.config.ResourceGroup group) {
                return groupRunner.stop(group).thenApply(GroupResult::isSuccess);
            }
        };
        HeartbeatDaemon.Network network = new HeartbeatDaemon.Network(new InetSocketAddress(listenAddress, port),
                links, timing.deadtime());
        RejectionCounter rejections = new RejectionCounter(config.localNode(), Duration.ofSeconds(10),
                InstantSource.system());
        return new HeartbeatNode(listener -> new HeartbeatDaemon(membership, network, keys, rejections, listener),
                takeover, groups, fence, new PeerRequests(peerRequests, executor));
    }

    /** authkeys as read, as the codec signs and verifies with them. */
    static AuthKeys wireKeys(io.tandem.heartbeat.config.AuthKeys read) {
        List<AuthKey> keys = new ArrayList<>();
        for (io.tandem.heartbeat.config.AuthKey key : read.keys()) {
            AuthMethod method = AuthMethod.fromAuthkeysName(key.method().name().toLowerCase(java.util.Locale.ROOT))
                    .orElseThrow(() -> new IllegalStateException("authkeys method " + key.method() + " has no codec"));
            keys.add(new AuthKey(key.index(), method, key.key().reveal().getBytes(StandardCharsets.ISO_8859_1)));
        }
        return new AuthKeys(read.activeIndex(), keys);
    }

    private static Optional<InetAddress> broadcastAddress(String device) {
        try {
            NetworkInterface nic = NetworkInterface.getByName(device);
            if (nic == null) {
                return Optional.empty();
            }
            return nic.getInterfaceAddresses().stream().map(InterfaceAddress::getBroadcast)
                    .filter(java.util.Objects::nonNull).findFirst();
        } catch (SocketException e) {
            return Optional.empty();
        }
    }

    private static String loadAverage() {
        try {
            String line = Files.readAllLines(Path.of("/proc/loadavg")).getFirst().strip();
            return line.isEmpty() ? "0.00 0.00 0.00 0/0 0" : line;
        } catch (IOException | RuntimeException e) {
            return "0.00 0.00 0.00 0/0 0";
        }
    }
}

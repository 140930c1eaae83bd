package io.tandem.heartbeat.interop;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two Linux network namespaces joined by a veth pair: the two machines of the heartbeat captures.
 *
 * <pre>
 *   namespace tdhb-&lt;pid&gt;-&lt;n&gt;-1                  namespace tdhb-&lt;pid&gt;-&lt;n&gt;-2
 *   lo 127.0.0.1                                lo 127.0.0.1
 *   eth1 10.10.10.20/24  &lt;───── veth ─────&gt;   eth1 10.10.10.21/24
 *   ({@link #first()}, wshuttle-test1's)        ({@link #second()}, wshuttle-test2's)
 * </pre>
 *
 * <p>The interface is called {@code eth1} in both namespaces, as on the machines that produced
 * {@code fixtures/heartbeat/*.pcap}, so the captured {@code ha.cf} ({@code ucast eth1 <peer>}) and
 * {@code haresources} ({@code IPaddr::10.10.10.100/24/eth1}) work unchanged. Each {@link Host} runs commands
 * inside its namespace, lists and removes addresses, checks reachability, impairs its link and captures traffic.
 *
 * <p>Namespace names carry the JVM's PID so that parallel runs never collide. {@link #create()} first removes
 * namespaces left behind by runs whose JVM no longer exists (a test killed with SIGKILL cannot clean up), and
 * kills the processes still inside them. {@link #close()} kills whatever still runs inside this network's
 * namespaces and deletes them, which also deletes the veth pair; a shutdown hook does the same if the JVM exits
 * without closing.
 *
 * <p>Needs root and {@code ip netns}; call {@link #assumeUsable()} first so that a test skips, with the reason,
 * where it cannot run.
 */
public final class TwoHostNetwork implements AutoCloseable {

    public static final String INTERFACE = "eth1";
    public static final int PREFIX_LENGTH = 24;
    static final String NAME_PREFIX = "tdhb-";

    private static final Logger log = LoggerFactory.getLogger(TwoHostNetwork.class);
    private static final AtomicInteger NEXT_NETWORK = new AtomicInteger();
    private static final Duration PING_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);
    /** nftables table holding {@link Host#dropIncomingUdp} rules; its own table so clearing never touches others. */
    private static final String NFT_TABLE = "tandem_interop";
    private static volatile Boolean netemSupported;

    private final Host first;
    private final Host second;
    private final Thread shutdownHook;
    private boolean closed;

    private TwoHostNetwork(String baseName) {
        this.first = new Host(baseName + "-1", "10.10.10.20");
        this.second = new Host(baseName + "-2", "10.10.10.21");
        this.shutdownHook = new Thread(this::closeQuietly, "close " + baseName);
    }

    /**
     * Skips the calling test, with the reason, unless this process is root and {@code ip netns} works.
     */
    public static void assumeUsable() {
        assumeTrue(isRoot(), "interoperability tests need root (network namespaces, mounts); running as uid "
                + uid());
        assumeTrue(isExecutable("/usr/sbin/ip") || isExecutable("/sbin/ip") || isExecutable("/usr/bin/ip"),
                "interoperability tests need iproute2's ip");
        assumeTrue(Commands.run("ip", "netns", "list").isSuccess(),
                "interoperability tests need `ip netns`: " + Commands.run("ip", "netns", "list"));
    }

    /** Creates both namespaces, the veth pair and the addresses; returns once the two hosts can ping each other. */
    public static TwoHostNetwork create() {
        removeLeftoversOfDeadRuns();
        String baseName = NAME_PREFIX + ProcessHandle.current().pid() + "-" + NEXT_NETWORK.getAndIncrement();
        TwoHostNetwork network = new TwoHostNetwork(baseName);
        Runtime.getRuntime().addShutdownHook(network.shutdownHook);
        try {
            network.build();
        } catch (RuntimeException e) {
            network.closeQuietly();
            throw e;
        }
        log.info("network[{}]: {} {} <-> {} {}", baseName, network.first.namespace, network.first.address,
                network.second.namespace, network.second.address);
        return network;
    }

    private void build() {
        for (Host host : List.of(first, second)) {
            Commands.run("ip", "netns", "add", host.namespace).requireSuccess();
        }
        // Both ends are created directly inside their namespaces, so no temporary name ever exists in the root
        // namespace and nothing of the pair can be left behind there.
        Commands.run("ip", "link", "add", INTERFACE, "netns", first.namespace, "type", "veth", "peer", "name",
                INTERFACE, "netns", second.namespace).requireSuccess();
        for (Host host : List.of(first, second)) {
            host.ip("link", "set", "lo", "up").requireSuccess();
            host.ip("addr", "add", host.address + "/" + PREFIX_LENGTH, "dev", INTERFACE).requireSuccess();
            host.ip("link", "set", INTERFACE, "up").requireSuccess();
        }
        if (!first.answersPing(second.address)) {
            throw new IllegalStateException("veth pair built but " + first + " cannot ping " + second + "; "
                    + first.ip("addr") + "\n" + second.ip("addr"));
        }
    }

    /** The host at 10.10.10.20, where {@code wshuttle-test1} ran in the captures. */
    public Host first() {
        return first;
    }

    /** The host at 10.10.10.21, where {@code wshuttle-test2} ran in the captures. */
    public Host second() {
        return second;
    }

    /** Kills every process left in both namespaces and deletes them with the veth pair. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shutdownInProgress) {
            // Called from the hook itself.
        }
        RuntimeException failure = null;
        for (Host host : List.of(first, second)) {
            try {
                removeNamespace(host.namespace);
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            log.warn("network[{}]: cleanup failed: {}", first.namespace, e.getMessage());
        }
    }

    /** Whether this kernel has {@code sch_netem}; some minimal VM kernels do not ship it. */
    public static boolean isNetemSupported() {
        Boolean supported = netemSupported;
        if (supported == null) {
            String probe = NAME_PREFIX + ProcessHandle.current().pid() + "-netem-probe";
            try {
                Commands.run("ip", "netns", "add", probe).requireSuccess();
                supported = Commands.run("ip", "netns", "exec", probe, "tc", "qdisc", "add", "dev", "lo", "root",
                        "netem", "delay", "1ms").isSuccess();
            } finally {
                Commands.run("ip", "netns", "delete", probe);
            }
            netemSupported = supported;
        }
        return supported;
    }

    private static void removeLeftoversOfDeadRuns() {
        for (String namespace : namespaces()) {
            Optional<Long> owner = ownerPid(namespace);
            if (owner.isPresent() && ProcessHandle.of(owner.get()).isEmpty()) {
                log.info("network: removing {} left behind by a run (pid {}) that no longer exists", namespace,
                        owner.get());
                removeNamespace(namespace);
            }
        }
    }

    private static List<String> namespaces() {
        List<String> names = new ArrayList<>();
        for (String line : Commands.run("ip", "netns", "list").requireSuccess().stdout().split("\n")) {
            String name = line.strip().split("\\s+")[0];
            if (name.startsWith(NAME_PREFIX)) {
                names.add(name);
            }
        }
        return names;
    }

    private static Optional<Long> ownerPid(String namespace) {
        String[] parts = namespace.substring(NAME_PREFIX.length()).split("-");
        try {
            return Optional.of(Long.parseLong(parts[0]));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void removeNamespace(String namespace) {
        // A namespace with processes inside outlives its name; kill them first so the veth really goes.
        List<Long> pids = pidsIn(namespace);
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(process -> awaitExit(process, namespace));
        }
        if (!pids.isEmpty()) {
            log.info("network: killed {} process(es) still in {}: {}", pids.size(), namespace, pids);
        }
        CommandResult deleted = Commands.run("ip", "netns", "delete", namespace);
        if (!deleted.isSuccess() && namespaces().contains(namespace)) {
            throw new IllegalStateException("cannot delete namespace " + namespace + ": " + deleted);
        }
    }

    private static void awaitExit(ProcessHandle process, String namespace) {
        try {
            process.onExit().get(KILL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("process " + process.pid() + " in " + namespace + " survived SIGKILL for "
                    + KILL_TIMEOUT, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while cleaning up " + namespace, e);
        }
    }

    private static List<Long> pidsIn(String namespace) {
        CommandResult pids = Commands.run("ip", "netns", "pids", namespace);
        if (!pids.isSuccess()) {
            return List.of();
        }
        return Arrays.stream(pids.stdout().split("\\s+")).filter(s -> !s.isBlank()).map(Long::parseLong).toList();
    }

    static boolean isRoot() {
        return uid() == 0;
    }

    private static int uid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException e) {
            return -1;
        }
    }

    static boolean isExecutable(String path) {
        return Files.isExecutable(Path.of(path));
    }

    /** One end of the pair: a network namespace with {@code lo} and {@code eth1} up and one address on eth1. */
    public final class Host {

        private final String namespace;
        private final String address;

        private Host(String namespace, String address) {
            this.namespace = namespace;
            this.address = address;
        }

        /** The namespace's name, as {@code ip netns} knows it. */
        public String namespace() {
            return namespace;
        }

        /** This host's own address on {@link #INTERFACE}, without prefix length, for example 10.10.10.20. */
        public String address() {
            return address;
        }

        public String interfaceName() {
            return INTERFACE;
        }

        /** The host at the other end of the veth pair. */
        public Host peer() {
            return this == first ? second : first;
        }

        /** Runs {@code command} inside this namespace with {@link Commands#DEFAULT_TIMEOUT}. */
        public CommandResult run(String... command) {
            return run(Commands.DEFAULT_TIMEOUT, command);
        }

        /**
         * Runs {@code command} inside this namespace only (the mount and UTS namespaces are the test's own).
         *
         * @throws IllegalStateException if it runs longer than {@code timeout}; it is killed then
         */
        public CommandResult run(Duration timeout, String... command) {
            List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
            argv.addAll(List.of(command));
            return Commands.run(timeout, argv);
        }

        /** Whether {@code target} answers one ICMP echo from this host within a second. */
        public boolean answersPing(String target) {
            // Both bounds, for both pings: inetutils' ping (Debian's default) waits -W (linger, default 10 s) for
            // the reply after its last echo even when the deadline -w has passed, iputils' ping obeys -w.
            // Together a missing reply costs about 2 s.
            return run(PING_TIMEOUT, "ping", "-c", "1", "-w", "1", "-W", "1", target).isSuccess();
        }

        /** The IPv4 addresses on {@link #INTERFACE} with prefix length, for example {@code [10.10.10.20/24]}. */
        public List<String> addresses() {
            String[] words = ip("-o", "-4", "addr", "show", "dev", INTERFACE).requireSuccess().stdout().split("\\s+");
            List<String> addresses = new ArrayList<>();
            for (int i = 0; i + 1 < words.length; i++) {
                if (words[i].equals("inet")) {
                    addresses.add(words[i + 1]);
                }
            }
            return addresses;
        }

        /** Whether {@code ip} (no prefix length) is one of the addresses on {@link #INTERFACE}. */
        public boolean hasAddress(String ip) {
            return addresses().stream().anyMatch(a -> a.startsWith(ip + "/"));
        }

        /**
         * Removes every IPv4 address on {@link #INTERFACE} other than the host's own, as a reboot would. A
         * heartbeat killed with SIGKILL leaves its virtual IPs configured; a test that models a dead machine calls
         * this so that the address can only answer from the survivor.
         */
        public void removeVirtualAddresses() {
            for (String cidr : addresses()) {
                if (!cidr.startsWith(address + "/")) {
                    ip("addr", "del", cidr, "dev", INTERFACE).requireSuccess();
                }
            }
        }

        /**
         * Impairs the packets this host sends on {@link #INTERFACE} with {@code tc qdisc replace ... netem};
         * impair both hosts for both directions.
         *
         * @throws IllegalStateException if the kernel has no {@code sch_netem} ({@link #isNetemSupported()})
         */
        public void impair(Netem netem) {
            List<String> argv = new ArrayList<>(List.of("tc", "qdisc", "replace", "dev", INTERFACE, "root", "netem"));
            argv.addAll(netem.arguments());
            CommandResult result = run(argv.toArray(String[]::new));
            if (!result.isSuccess()) {
                throw new IllegalStateException("cannot impair " + this + " with netem " + netem.arguments()
                        + (isNetemSupported() ? "" : " (this kernel has no sch_netem; dropIncomingUdp works without)")
                        + ": " + result);
            }
        }

        /**
         * Drops, at random, {@code percent} of the UDP datagrams to {@code port} arriving at this host on
         * {@link #INTERFACE}, with an nftables rule; 100 cuts that traffic completely. Unlike netem this needs no
         * special qdisc, and the sender sees nothing: the loss happens on the receiving side, as on a lossy wire.
         * Other traffic (ARP, ping) is untouched, so reachability checks stay reliable. Replaces an earlier rule.
         */
        public void dropIncomingUdp(int port, int percent) {
            if (percent < 0 || percent > 100) {
                throw new IllegalArgumentException("percent = " + percent + ": must be within 0..100");
            }
            run("nft", "delete table inet " + NFT_TABLE);
            run("nft", "add table inet " + NFT_TABLE).requireSuccess();
            run("nft", "add chain inet " + NFT_TABLE + " input { type filter hook input priority 0; policy accept; }")
                    .requireSuccess();
            // numgen yields 0..99, and nft rejects "< 100" as out of range: 100 % is a plain drop.
            String share = percent == 100 ? "" : " numgen random mod 100 < " + percent;
            run("nft", "add rule inet " + NFT_TABLE + " input iifname " + INTERFACE + " udp dport " + port + share
                    + " counter drop").requireSuccess();
        }

        /** How many datagrams the rule of {@link #dropIncomingUdp} has dropped so far; 0 without a rule. */
        public long droppedIncomingUdp() {
            CommandResult table = run("nft", "list table inet " + NFT_TABLE);
            if (!table.isSuccess()) {
                return 0;
            }
            Matcher counter = Pattern.compile("counter packets (\\d+)").matcher(table.stdout());
            return counter.find() ? Long.parseLong(counter.group(1)) : 0;
        }

        /** Removes what {@link #impair} and {@link #dropIncomingUdp} installed; a no-op when there is nothing. */
        public void clearImpairments() {
            run("tc", "qdisc", "del", "dev", INTERFACE, "root");
            run("nft", "delete table inet " + NFT_TABLE);
        }

        /**
         * Starts {@code tcpdump} on {@link #INTERFACE} in this namespace, writing to {@code pcapFile}; returns once
         * it is listening, so no later packet is missed. {@code filter} is a tcpdump expression such as
         * {@code "udp port 694 or arp"}, or empty for everything.
         */
        public PacketCapture startCapture(Path pcapFile, String filter) {
            return PacketCapture.start(this, pcapFile, filter);
        }

        CommandResult ip(String... arguments) {
            List<String> argv = new ArrayList<>(List.of("ip", "-n", namespace));
            argv.addAll(List.of(arguments));
            return Commands.run(Commands.DEFAULT_TIMEOUT, argv);
        }

        @Override
        public String toString() {
            return namespace + " (" + address + ")";
        }
    }
}

package io.tandem.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.drbd.agent.DrbdDisk;
import io.tandem.drbd.agent.DrbdadmHost;
import io.tandem.drbd.status.Events2Monitor;
import io.tandem.heartbeat.HeartbeatAssembly;
import io.tandem.heartbeat.HeartbeatNode;
import io.tandem.heartbeat.config.ConfigRefusedException;
import io.tandem.heartbeat.config.HeartbeatConfig;
import io.tandem.heartbeat.config.HeartbeatFiles;
import io.tandem.heartbeat.resources.ActionTimeouts;
import io.tandem.heartbeat.resources.GroupRunner;
import io.tandem.heartbeat.resources.ResourceAgents;
import io.tandem.heartbeat.resources.ResourceScripts;
import io.tandem.heartbeat.resources.StopRetries;
import io.tandem.heartbeat.vip.ArpAnnouncer;
import io.tandem.heartbeat.vip.ArpSettings;
import io.tandem.heartbeat.vip.CommandRunner;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tandem heartbeat}: the failover daemon, reading heartbeat's own ha.cf, authkeys and haresources. */
@Command(name = "heartbeat", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the failover daemon: a node of a Linux-HA heartbeat 3.0.6",
                "cluster (R1, haresources), wire-compatible with heartbeat and reading",
                "its ha.cf, authkeys and haresources, plus tandem.cf for tandem's",
                "additions (fence, ping_quorum). Runs in the foreground; SIGTERM hands",
                "the resources to the peer before exiting, as 'heartbeat stop' does."},
        subcommands = {HeartbeatCommand.Status.class, HeartbeatCommand.Standby.class, HeartbeatCommand.Takeover.class},
        footerHeading = "%nExamples:%n",
        footer = {"  tandem heartbeat --config-dir /etc/ha.d",
                "  tandem heartbeat status --json",
                "  tandem heartbeat standby            # hb_standby: hand every group to the peer"})
final class HeartbeatCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(HeartbeatCommand.class);

    @Option(names = "--config-dir", paramLabel = "DIR", defaultValue = "/etc/ha.d",
            description = "Where ha.cf, authkeys, haresources (and tandem.cf) are; resource scripts in its resource.d."
                    + " Default: ${DEFAULT-VALUE}.")
    Path configDirectory;

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = "/var/lib/tandem/heartbeat",
            description = "Where the node keeps its UUID, its generation and status.json. Default: ${DEFAULT-VALUE}.")
    Path stateDirectory;

    @Option(names = "--node", paramLabel = "NAME",
            description = "This node's name in ha.cf. Default: the host name (uname -n), lower-cased, as heartbeat.")
    String node;

    @Option(names = "--listen", paramLabel = "ADDRESS", defaultValue = "0.0.0.0",
            description = "Address to bind the heartbeat port on. Default: every address, as heartbeat.")
    String listen;

    @Override
    public Integer call() throws CommandFailure, InterruptedException {
        String nodeName = (node != null ? node : hostName()).toLowerCase(Locale.ROOT);
        HeartbeatConfig config;
        try {
            config = HeartbeatFiles.load(configDirectory, nodeName);
        } catch (ConfigRefusedException e) {
            throw new CommandFailure(TandemCommand.EXIT_USAGE, e.getMessage());
        }
        config.warnings().forEach(warning -> log.warn("{}", warning));
        ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "heartbeat-actions");
            thread.setDaemon(true);
            return thread;
        });
        CommandRunner runner = CommandRunner.onHost();
        ResourceAgents agents = new ResourceAgents(nodeName, new ResourceScripts(configDirectory,
                ResourceScripts.INIT_DIR), runner, ActionTimeouts.DEFAULTS,
                new ArpAnnouncer(nodeName, runner, executor, ArpSettings.DEFAULTS),
                DrbdResourceTypes.drbddisk(resource -> new DrbdDisk(resource, new DrbdadmHost(DrbdadmHost.Setup.standard()))));
        config.resourceGroups().stream().flatMap(group -> group.resources().stream())
                .filter(resource -> agents.inProcessTypeNames().contains(resource.name())).findFirst()
                .ifPresent(resource -> log.info("{} runs in tandem (promotes only UpToDate data, never a StandAlone "
                        + "node), not by the drbddisk script in resource.d", resource.canonical()));
        var missing = agents.check(config.resourceGroups());
        if (!missing.isEmpty()) {
            throw new CommandFailure(TandemCommand.EXIT_USAGE, "haresources names resources that cannot run here:\n  "
                    + String.join("\n  ", missing.stream().map(Object::toString).toList()));
        }
        HeartbeatNode heartbeatNode;
        try {
            heartbeatNode = HeartbeatAssembly.build(config, stateDirectory, InetAddress.getByName(listen),
                    new GroupRunner(agents, executor, StopRetries.DEFAULTS), executor,
                    DrbdPeerFencing.handler(new DrbdadmHost(DrbdadmHost.Setup.standard())));
        } catch (HeartbeatAssembly.NotRunnable e) {
            throw new CommandFailure(TandemCommand.EXIT_USAGE, e.getMessage());
        } catch (IOException e) {
            throw new CommandFailure(TandemCommand.EXIT_FAILED, "cannot prepare the state directory " + stateDirectory
                    + ": " + e.getMessage());
        }
        ControlSocket control;
        try {
            control = ControlSocket.open(stateDirectory, ControlRequests.of(heartbeatNode,
                    config.tandem().fenceCommand().isPresent()));
        } catch (IOException e) {
            throw new CommandFailure(TandemCommand.EXIT_FAILED, "cannot open the control socket in " + stateDirectory
                    + ": " + e.getMessage());
        }
        // With DRBD in a group, follow it live: status shows each resource and every split brain seen.
        boolean holdsDrbd = config.resourceGroups().stream().flatMap(group -> group.resources().stream())
                .anyMatch(resource -> resource.name().equals("drbddisk"));
        DrbdWatch drbdWatch = holdsDrbd ? new DrbdWatch(java.time.InstantSource.system()) : null;
        Events2Monitor drbdMonitor = holdsDrbd
                ? Events2Monitor.start(Events2Monitor.Options.defaults(), drbdWatch) : null;
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            log.info("stopping: handing the resources over");
            heartbeatNode.shutdown(Duration.ofMinutes(2));
            if (drbdMonitor != null) {
                drbdMonitor.close();
            }
            try {
                control.close();
            } catch (IOException e) {
                log.debug("closing the control socket: {}", e.toString());
            }
            stopped.countDown();
        }, "heartbeat-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        heartbeatNode.start();
        ScheduledExecutorService statusWriter = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "heartbeat-status");
            thread.setDaemon(true);
            return thread;
        });
        statusWriter.scheduleAtFixedRate(() -> {
            try {
                HeartbeatStatusFile.write(stateDirectory, heartbeatNode.status(), Instant.now(),
                        java.util.Optional.ofNullable(drbdWatch).map(DrbdWatch::toJson));
            } catch (IOException | RuntimeException e) {
                log.debug("cannot write the status file: {}", e.toString());
            }
        }, 0, 1, TimeUnit.SECONDS);
        stopped.await();
        return TandemCommand.EXIT_OK;
    }

    private static String hostName() throws CommandFailure {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException unknown) {
                throw new CommandFailure(TandemCommand.EXIT_USAGE, "cannot tell this host's name: give --node");
            }
        }
    }

    /** {@code tandem heartbeat status}: what cl_status shows, from the running daemon's status file. */
    @Command(name = "status", mixinStandardHelpOptions = true,
            description = {"Show the nodes (status, generation, last heartbeat), the groups",
                    "this node holds, its DRBD resources and any split brain seen, and",
                    "the datagrams it refused, as cl_status does, from the running",
                    "daemon's status.json. Exits 3 when no daemon",
                    "has written a status in the last 5 seconds."})
    static final class Status implements Callable<Integer> {

        @Mixin
        DaemonStateDirectory stateDirectory;

        @Option(names = "--json", description = "Print the status document (format "
                + HeartbeatStatusFile.FORMAT + ").")
        boolean json;

        @Override
        public Integer call() throws CommandFailure {
            JsonNode status;
            try {
                status = HeartbeatStatusFile.read(stateDirectory.path);
            } catch (NoSuchFileException e) {
                throw new CommandFailure(TandemCommand.EXIT_UNREACHABLE, "no status in " + stateDirectory.path
                        + ": is tandem heartbeat running with that --state-dir?");
            } catch (IOException e) {
                throw new CommandFailure(TandemCommand.EXIT_FAILED, "cannot read the status: " + e.getMessage());
            }
            Instant written = Instant.parse(status.path("written_at").asText(Instant.EPOCH.toString()));
            boolean stale = written.isBefore(Instant.now().minusSeconds(5));
            if (json) {
                System.out.println(status.toPrettyString());
            } else {
                JsonNode local = status.path("local");
                System.out.printf("Node %s: %s (generation %s)%s%n", local.path("node").asText(),
                        local.path("status").asText(), local.path("generation").asText(),
                        stale ? "  [status written " + written + ": the daemon is not running]" : "");
                for (JsonNode peer : status.path("peers")) {
                    System.out.printf("Node %s: %s (generation %s, last heartbeat %.1f s ago, dead after %.1f s)%n",
                            peer.path("node").asText(), peer.path("status").asText(), peer.path("generation").asText(),
                            peer.path("seconds_since_last_status").asDouble(), peer.path("deadtime_seconds").asDouble());
                }
                for (JsonNode link : status.path("links")) {
                    System.out.printf("Link %s to %s: %s%n", link.path("interface").asText(),
                            link.path("destination").asText(), link.path("status").asText());
                }
                JsonNode resources = status.path("resources");
                System.out.printf("Resources: %s, holding %s%n", resources.path("state").asText(),
                        resources.path("held_groups").isEmpty() ? "none" : resources.path("held_groups").toString());
                JsonNode drbd = status.path("drbd");
                if (!drbd.isMissingNode()) {
                    if (drbd.path("resources").isEmpty()) {
                        System.out.println("DRBD: " + drbd.path("monitor").asText());
                    }
                    for (JsonNode resource : drbd.path("resources")) {
                        StringBuilder line = new StringBuilder("DRBD ").append(resource.path("name").asText())
                                .append(": ").append(resource.path("role").asText()).append(", ")
                                .append(resource.path("disk").asText());
                        for (JsonNode peer : resource.path("peers")) {
                            line.append("; peer ").append(peer.path("name").asText()).append(' ')
                                    .append(peer.path("connection").asText());
                            if (peer.has("replication")) {
                                line.append(' ').append(peer.path("replication").asText()).append(' ')
                                        .append(peer.path("peer_disk").asText());
                            }
                            if (peer.has("percent_done")) {
                                line.append(String.format(" %.1f%% synced", peer.path("percent_done").asDouble()));
                            }
                        }
                        System.out.println(line);
                    }
                    for (JsonNode splitBrain : drbd.path("split_brains")) {
                        System.out.println("*** SPLIT BRAIN at " + splitBrain.path("at").asText() + ": "
                                + splitBrain.path("description").asText());
                    }
                }
                if (!status.path("rejected_datagrams").isEmpty()) {
                    System.out.println("Refused datagrams: " + status.path("rejected_datagrams"));
                }
            }
            return stale ? TandemCommand.EXIT_UNREACHABLE : TandemCommand.EXIT_OK;
        }
    }

    /** hb_standby and hb_takeover: one request to the running daemon's control socket. */
    abstract static class AdminRequest implements Callable<Integer> {

        @Parameters(index = "0", arity = "0..1", defaultValue = "all", paramLabel = "all|local|foreign|failback",
                description = "Which groups. Default: ${DEFAULT-VALUE}.")
        String classes;

        @Mixin
        DaemonStateDirectory stateDirectory;

        private final String request;

        AdminRequest(String request) {
            this.request = request;
        }

        @Override
        public Integer call() throws CommandFailure {
            return administer(stateDirectory.path, request, classes);
        }
    }

    /** {@code tandem heartbeat standby}: heartbeat's hb_standby. */
    @Command(name = "standby", mixinStandardHelpOptions = true,
            description = {"Hand this node's groups to the peer, as heartbeat's hb_standby does:",
                    "all (the default), local (those homed here), foreign (the peer's own;",
                    "failback means the same). The peer must be active and both nodes",
                    "stable; the groups stop here, then start there. Watch them move with",
                    "'tandem heartbeat status'. Exits 1 when the request was not started",
                    "(the message says why), 3 when no daemon answers."})
    static final class Standby extends AdminRequest {
        Standby() {
            super("standby");
        }
    }

    /** {@code tandem heartbeat takeover}: heartbeat's hb_takeover. */
    @Command(name = "takeover", mixinStandardHelpOptions = true,
            description = {"Ask the peer to hand its groups to this node, as heartbeat's",
                    "hb_takeover does: all (the default), local (those homed here), foreign",
                    "(the peer's own). The peer offers them with the standby exchange.",
                    "Exits 1 when the request was not sent, 3 when no daemon answers."})
    static final class Takeover extends AdminRequest {
        Takeover() {
            super("takeover");
        }
    }

    private static int administer(Path stateDirectory, String request, String classes) throws CommandFailure {
        if (!List.of("all", "local", "foreign", "failback").contains(classes)) {
            throw new CommandFailure(TandemCommand.EXIT_USAGE, classes + ": one of all, local, foreign, failback");
        }
        JsonNode answer;
        try {
            answer = ControlSocket.ask(stateDirectory, new ObjectMapper().createObjectNode().put("request", request)
                    .put("classes", classes));
        } catch (IOException e) {
            throw new CommandFailure(TandemCommand.EXIT_UNREACHABLE, "no tandem heartbeat daemon answers at "
                    + stateDirectory.resolve(ControlSocket.FILE_NAME) + ": " + e.getMessage());
        }
        if (answer.has("error")) {
            throw new CommandFailure(TandemCommand.EXIT_FAILED, answer.path("error").asText());
        }
        System.out.println(answer.path("message").asText());
        return answer.path("started").asBoolean() ? TandemCommand.EXIT_OK : TandemCommand.EXIT_FAILED;
    }
}

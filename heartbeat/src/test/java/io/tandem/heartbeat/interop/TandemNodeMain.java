package io.tandem.heartbeat.interop;

import io.tandem.heartbeat.HeartbeatAssembly;
import io.tandem.heartbeat.HeartbeatNode;
import io.tandem.heartbeat.HeartbeatStatus;
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
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A tandem heartbeat node as its own process, started by {@link TandemNodeProcess} inside a host's network
 * namespace, built from heartbeat's files as {@code tandem heartbeat} builds it. It writes one line of status
 * every 200 ms for the test to read, and hands its groups over on SIGTERM.
 *
 * <p>Arguments: config directory, state directory, node name, status file.
 */
public final class TandemNodeMain {

    private TandemNodeMain() {}

    public static void main(String[] args) throws Exception {
        Path configDirectory = Path.of(args[0]);
        Path stateDirectory = Path.of(args[1]);
        String node = args[2];
        Path statusFile = Path.of(args[3]);
        HeartbeatConfig config = HeartbeatFiles.load(configDirectory, node);
        ExecutorService executor = Executors.newCachedThreadPool();
        CommandRunner runner = CommandRunner.onHost();
        ResourceAgents agents = new ResourceAgents(node, new ResourceScripts(configDirectory, ResourceScripts.INIT_DIR),
                runner, ActionTimeouts.DEFAULTS, new ArpAnnouncer(node, runner, executor, ArpSettings.DEFAULTS));
        HeartbeatNode heartbeatNode = HeartbeatAssembly.build(config, stateDirectory, InetAddress.getByName("0.0.0.0"),
                new GroupRunner(agents, executor, StopRetries.DEFAULTS), executor);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> heartbeatNode.shutdown(Duration.ofSeconds(30))));
        heartbeatNode.start();
        Path commands = statusFile.resolveSibling(statusFile.getFileName() + ".command");
        while (true) {
            writeStatus(statusFile, heartbeatNode.status());
            runCommand(commands, heartbeatNode);
            Thread.sleep(200);
        }
    }

    /** An administrator's request left by the test: {@code standby CLASSES} or {@code takeover CLASSES}. */
    private static void runCommand(Path file, HeartbeatNode node) throws Exception {
        if (!Files.exists(file)) {
            return;
        }
        String[] words = Files.readString(file).strip().split(" ");
        Files.delete(file);
        HeartbeatNode.AdminOutcome outcome = (words[0].equals("standby") ? node.standby(words[1])
                : node.takeover(words[1])).get(10, java.util.concurrent.TimeUnit.SECONDS);
        System.out.println("command " + String.join(" ", words) + ": " + outcome);
    }

    private static void writeStatus(Path file, HeartbeatStatus status) throws java.io.IOException {
        if (status.membership() == null) {
            return;
        }
        String peer = status.membership().peers().isEmpty() ? "none"
                : status.membership().peers().getFirst().status().wire();
        var retransmission = status.membership().retransmission();
        String line = "local=" + status.membership().localStatus().wire() + " peer=" + peer + " state="
                + status.takeoverState() + " held=" + String.join(",", status.heldGroups())
                + " requested=" + retransmission.requested() + " recovered=" + retransmission.recovered()
                + " resent=" + retransmission.resent() + "\n";
        Path temporary = file.resolveSibling(file.getFileName() + ".new");
        Files.writeString(temporary, line);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}

package io.tandem.heartbeat;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What must pass before a node takes the groups of a peer that died without saying goodbye, where heartbeat only
 * warns: the ping quorum (at least one ping node answers, so a node that lost its own uplink does not take
 * over and split the pair) and the fence command (it must exit 0: the peer is powered off or cut off).
 */
public final class FenceStep implements Function<String, CompletableFuture<Boolean>> {

    private static final Logger log = LoggerFactory.getLogger(FenceStep.class);
    static final Duration PING_TIMEOUT = Duration.ofSeconds(1);

    private final List<InetAddress> quorumPingNodes;
    private final Optional<String> fenceCommand;
    private final Duration fenceTimeout;
    private final Executor executor;
    /** Put before ping, so that tests can ping from inside a network namespace. */
    private final List<String> pingPrefix;

    /**
     * @param quorumPingNodes ping nodes of which one must answer; empty for no quorum check
     * @param fenceCommand run through {@code sh -c} with the dead node's name in {@code TANDEM_FENCE_NODE} and as
     *     its argument; empty for none
     */
    public FenceStep(List<InetAddress> quorumPingNodes, Optional<String> fenceCommand, Duration fenceTimeout,
            Executor executor) {
        this(quorumPingNodes, fenceCommand, fenceTimeout, executor, List.of());
    }

    FenceStep(List<InetAddress> quorumPingNodes, Optional<String> fenceCommand, Duration fenceTimeout,
            Executor executor, List<String> pingPrefix) {
        this.pingPrefix = List.copyOf(pingPrefix);
        this.quorumPingNodes = List.copyOf(quorumPingNodes);
        this.fenceCommand = fenceCommand;
        this.fenceTimeout = fenceTimeout;
        this.executor = executor;
    }

    /** Whether any step is configured at all; without one the takeover needs no fence step. */
    public boolean isConfigured() {
        return !quorumPingNodes.isEmpty() || fenceCommand.isPresent();
    }

    @Override
    public CompletableFuture<Boolean> apply(String deadNode) {
        return CompletableFuture.supplyAsync(() -> hasQuorum() && fence(deadNode), executor);
    }

    private boolean hasQuorum() {
        if (quorumPingNodes.isEmpty()) {
            return true;
        }
        for (InetAddress node : quorumPingNodes) {
            // An ICMP echo, as heartbeat's ping nodes use: InetAddress.isReachable would take a TCP reset from a
            // firewall on the way for an answer.
            try {
                List<String> command = new java.util.ArrayList<>(pingPrefix);
                command.addAll(List.of("ping", "-n", "-q", "-c", "1", "-w",
                        Long.toString(Math.max(1, PING_TIMEOUT.toSeconds())), node.getHostAddress()));
                Process ping = new ProcessBuilder(command)
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (!ping.waitFor(PING_TIMEOUT.toMillis() + 2000, TimeUnit.MILLISECONDS)) {
                    ping.destroyForcibly();
                } else if (ping.exitValue() == 0) {
                    return true;
                }
            } catch (IOException e) {
                log.error("cannot run ping for the quorum check: {}", e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        log.error("no ping node answers ({}): this node may be the one cut off, so it does not take over",
                quorumPingNodes.stream().map(InetAddress::getHostAddress).toList());
        return false;
    }

    private boolean fence(String deadNode) {
        if (fenceCommand.isEmpty()) {
            return true;
        }
        Path output = null;
        try {
            output = Files.createTempFile("tandem-fence-", ".log");
            // The node's name is the command's last argument ("$1" inside sh -c).
            ProcessBuilder builder = new ProcessBuilder("sh", "-c", fenceCommand.get() + " \"$1\"", "tandem-fence",
                    deadNode)
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().put("TANDEM_FENCE_NODE", deadNode);
            Process process = builder.start();
            if (!process.waitFor(fenceTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                log.error("fence command for {} did not finish within {}: not fenced", deadNode, fenceTimeout);
                return false;
            }
            String said = Files.readString(output).strip();
            if (process.exitValue() != 0) {
                log.error("fence command for {} exited {}: not fenced. It said: {}", deadNode, process.exitValue(), said);
                return false;
            }
            log.warn("fenced {}: {}", deadNode, said.isEmpty() ? "fence command exited 0" : said);
            return true;
        } catch (IOException e) {
            log.error("cannot run the fence command for {}: {}", deadNode, e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException e) {
                    log.debug("cannot remove {}", output);
                }
            }
        }
    }
}

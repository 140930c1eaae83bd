package io.tandem.heartbeat.vip;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Runs external commands ({@code ip}, {@code arping}, resource scripts) with a timeout, capturing their output.
 *
 * <p>A runner may put a prefix before every command: {@code ip netns exec NS} runs everything inside a network
 * namespace, which is how tests take over addresses without touching the host. The daemon uses {@link #onHost()}.
 *
 * <p>Calls block until the command ends or is killed; callers run them off any event loop.
 */
@FunctionalInterface
public interface CommandRunner {

    /** How much of stdout and of stderr is kept: the last 64 KiB of each. */
    int OUTPUT_LIMIT_BYTES = 64 * 1024;

    /**
     * Runs {@code command} with {@code environment} added to this process's, stdin closed, and waits at most
     * {@code timeout}. A command still running then is stopped with SIGTERM, together with the processes it
     * started, and with SIGKILL if that is not enough; its result then has no exit code.
     *
     * @throws IOException if the program cannot be started at all (missing, not executable)
     * @throws InterruptedException if the calling thread is interrupted; the command is killed as on timeout first
     */
    CommandResult run(List<String> command, Map<String, String> environment, Duration timeout)
            throws IOException, InterruptedException;

    /** {@link #run(List, Map, Duration)} with nothing added to the environment. */
    default CommandResult run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        return run(command, Map.of(), timeout);
    }

    /** Runs commands as they are, on this host. */
    static CommandRunner onHost() {
        return new ProcessCommandRunner(List.of());
    }

    /** Runs every command inside the network namespace {@code name}: {@code ip netns exec name ...}. Needs root. */
    static CommandRunner inNetworkNamespace(String name) {
        if (name.isEmpty() || name.contains("/") || name.startsWith("-")) {
            throw new IllegalArgumentException("not a network namespace name: \"" + name + "\"");
        }
        return new ProcessCommandRunner(List.of("ip", "netns", "exec", name));
    }

    /** Runs every command behind {@code prefix}, such as {@code nsenter --net=/proc/42/ns/net}. */
    static CommandRunner withPrefix(List<String> prefix) {
        return new ProcessCommandRunner(prefix);
    }
}

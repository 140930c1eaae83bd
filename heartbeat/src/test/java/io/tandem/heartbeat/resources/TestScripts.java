package io.tandem.heartbeat.resources;

import io.tandem.heartbeat.config.ResourceGroup;
import io.tandem.heartbeat.config.ResourceSpec;
import io.tandem.heartbeat.vip.ArpAnnouncer;
import io.tandem.heartbeat.vip.ArpSettings;
import io.tandem.heartbeat.vip.CommandRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;

/**
 * Resource scripts for tests, written into a temporary {@code ha.d/resource.d} and {@code init.d}. Each appends
 * "name args... action" to one log file, so that tests can assert the order of calls, then runs its body for the
 * action. By default a resource is a state file: start creates it, stop removes it, status says "running" (exit 0)
 * while it exists and "stopped" (exit 3) otherwise.
 */
final class TestScripts {

    final Path haDir;
    final Path initDir;
    final Path state;
    final Path log;

    TestScripts(Path root) {
        haDir = root.resolve("ha.d");
        initDir = root.resolve("init.d");
        state = root.resolve("state");
        log = root.resolve("calls.log");
        try {
            Files.createDirectories(haDir.resolve("resource.d"));
            Files.createDirectories(initDir);
            Files.createDirectories(state);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A well-behaved resource script in resource.d. */
    Path resource(String name) {
        return resource(name, start(name), stop(name), status(name));
    }

    /** A resource script in resource.d with its own bodies for start, stop and status. */
    Path resource(String name, String start, String stop, String status) {
        return write(haDir.resolve("resource.d").resolve(name), name, start, stop, status);
    }

    /** An init script in init.d. */
    Path initScript(String name) {
        return write(initDir.resolve(name), name, start(name), stop(name), status(name));
    }

    String start(String name) {
        return "touch " + state.resolve(name);
    }

    String stop(String name) {
        return "rm -f " + state.resolve(name);
    }

    String status(String name) {
        Path file = state.resolve(name);
        return "if [ -f " + file + " ]; then echo running; else echo stopped; exit 3; fi";
    }

    /** A body that fails until it has been called {@code n} times for this action, then runs {@code then}. */
    String failsUntilCall(String name, String action, int n, String then) {
        return "[ $(grep -c '^" + name + " .*" + action + "$' " + log + ") -ge " + n + " ] || exit 1; " + then;
    }

    /** Marks {@code name} as running before the test starts. */
    void markRunning(String name) {
        try {
            Files.createFile(state.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean isRunning(String name) {
        return Files.exists(state.resolve(name));
    }

    /** The calls so far, as "name args... action". */
    List<String> calls() {
        try {
            return Files.exists(log) ? Files.readAllLines(log) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ResourceScripts scripts() {
        return new ResourceScripts(haDir, initDir);
    }

    ResourceAgents agents(ActionTimeouts timeouts) {
        ArpAnnouncer announcer = new ArpAnnouncer("heartbeat[test]", CommandRunner.onHost(), Runnable::run,
                ArpSettings.DEFAULTS);
        return new ResourceAgents("node1", scripts(), CommandRunner.onHost(), timeouts, announcer);
    }

    /** A group homed on node1 of resources named without arguments. */
    static ResourceGroup group(String... names) {
        return new ResourceGroup("node1",
                Arrays.stream(names).map(name -> new ResourceSpec(name, List.of(), name)).toList());
    }

    private Path write(Path script, String name, String start, String stop, String status) {
        String text = """
                #!/bin/sh
                for last; do :; done
                echo "%s $*" >> %s
                case "$last" in
                  start) %s ;;
                  stop) %s ;;
                  status) %s ;;
                  *) echo "usage: $0 {start|stop|status}"; exit 2 ;;
                esac
                """.formatted(name, log, start, stop, status);
        try {
            Files.writeString(script, text);
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return script;
    }
}

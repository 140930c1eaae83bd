package io.tandem.drbd.flow;

import java.util.List;

/**
 * The {@link DrbdPairModel} refused a command as DRBD would: the exit code drbdadm would return and the kernel's or
 * tool's message (for example exit 17, {@code State change failed: (-2) Need access to UpToDate data}).
 */
public final class DrbdRefusedException extends RuntimeException {

    private final String node;
    private final List<String> argv;
    private final int exitCode;

    DrbdRefusedException(String node, List<String> argv, int exitCode, String message) {
        super(node + ": " + String.join(" ", argv) + " failed with exit code " + exitCode + ": " + message);
        this.node = node;
        this.argv = List.copyOf(argv);
        this.exitCode = exitCode;
    }

    public String node() {
        return node;
    }

    public List<String> argv() {
        return argv;
    }

    public int exitCode() {
        return exitCode;
    }
}

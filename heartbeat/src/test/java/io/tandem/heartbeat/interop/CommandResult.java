package io.tandem.heartbeat.interop;

import java.util.List;

/**
 * What a finished command printed and how it exited.
 *
 * @param command the argument vector as run, for error messages
 * @param exitCode the process exit code
 * @param stdout everything written to standard output
 * @param stderr everything written to standard error
 */
public record CommandResult(List<String> command, int exitCode, String stdout, String stderr) {

    public CommandResult {
        command = List.copyOf(command);
    }

    public boolean isSuccess() {
        return exitCode == 0;
    }

    /** Returns this result if the command exited 0; otherwise throws with the command, exit code and both outputs. */
    public CommandResult requireSuccess() {
        if (!isSuccess()) {
            throw new IllegalStateException(this.toString());
        }
        return this;
    }

    @Override
    public String toString() {
        return String.join(" ", command) + " exited " + exitCode
                + (stdout.isBlank() ? "" : "\n  stdout: " + stdout.strip())
                + (stderr.isBlank() ? "" : "\n  stderr: " + stderr.strip());
    }
}

package io.tandem.heartbeat.vip;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * How one external command ended.
 *
 * @param command what was executed, with any prefix ({@code ip netns exec NS ...})
 * @param exitCode the exit status; empty when the command was killed for running past its timeout
 * @param output the end of what it wrote to stdout (at most {@link CommandRunner#OUTPUT_LIMIT_BYTES} bytes)
 * @param errorOutput the end of what it wrote to stderr, likewise bounded
 * @param duration from start to exit (or to the kill)
 */
public record CommandResult(List<String> command, OptionalInt exitCode, String output, String errorOutput,
        Duration duration) {

    public CommandResult {
        command = List.copyOf(command);
        Objects.requireNonNull(exitCode, "exitCode");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(errorOutput, "errorOutput");
        Objects.requireNonNull(duration, "duration");
    }

    /** Whether the command exited with status 0. */
    public boolean isSuccess() {
        return exitCode.isPresent() && exitCode.getAsInt() == 0;
    }

    /** Whether it was killed for running past its timeout. */
    public boolean isTimedOut() {
        return exitCode.isEmpty();
    }

    /**
     * {@code "ip -4 addr add 10.0.0.1/24 dev eth0" exited 2 after 4 ms: Error: ipv4: Address already assigned.},
     * the form for logs and exception messages.
     */
    public String describe() {
        String ending = exitCode.isPresent() ? "exited " + exitCode.getAsInt() : "was killed: it ran past its timeout";
        String said = errorOutput.isBlank() ? output.strip() : errorOutput.strip();
        return "\"" + String.join(" ", command) + "\" " + ending + " after " + duration.toMillis() + " ms"
                + (said.isEmpty() ? "" : ": " + said);
    }
}

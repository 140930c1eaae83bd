package io.tandem.drbd.status;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What an {@link Events2Monitor} tells its {@link Events2Listener}: a resource's state changed or it went away, DRBD
 * signalled a split brain, a line could not be decoded, or the events2 process ended.
 *
 * <p>{@code timestamp} is the {@code --timestamps} prefix of the line that caused the event, as DRBD printed it;
 * empty when the command runs without that option.
 */
public sealed interface DrbdEvent {

    /**
     * A resource is new or its state differs from the last one reported. While DRBD lists its initial state (up to
     * {@code exists -}) nothing is reported; then every resource whose state differs from what was last reported is.
     */
    record ResourceChanged(ResourceStatus status, Optional<String> timestamp) implements DrbdEvent {
        public ResourceChanged {
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(timestamp, "timestamp");
        }
    }

    /** A resource was destroyed ({@code drbdadm down}), or is missing from the state listed after a restart. */
    record ResourceRemoved(String resource, Optional<String> timestamp) implements DrbdEvent {
        public ResourceRemoved {
            Objects.requireNonNull(resource, "resource");
            Objects.requireNonNull(timestamp, "timestamp");
        }
    }

    /**
     * A split brain signal for one resource and peer (DRBD notes, section 6.3 E).
     *
     * @param peer the peer's connection name, or {@code #}node-id when DRBD gave none
     */
    record SplitBrain(String resource, String peer, Evidence evidence, Optional<String> timestamp)
            implements DrbdEvent {
        public SplitBrain {
            Objects.requireNonNull(resource, "resource");
            Objects.requireNonNull(peer, "peer");
            Objects.requireNonNull(evidence, "evidence");
            Objects.requireNonNull(timestamp, "timestamp");
        }

        /** One sentence for an operator. */
        public String description() {
            return switch (evidence) {
                case HANDLER_CALLED -> "split brain on " + resource + " with " + peer
                        + ": DRBD called its split-brain handler and dropped the connection; choose the victim"
                        + " from the evidence (tandem never picks one)";
                case CONNECTION_WENT_STANDALONE -> "split brain suspected on " + resource + ": the connection to "
                        + peer + " went StandAlone after being Connected; DRBD will not reconnect by itself"
                        + " (drbdadm disconnect also does this)";
            };
        }
    }

    /** Why a {@link SplitBrain} is reported. */
    enum Evidence {
        /** {@code call helper … helper:split-brain}: DRBD's own verdict, a split brain found and left unresolved. */
        HANDLER_CALLED,
        /**
         * A connection seen Connected later went StandAlone. A split brain leaves it so, but so does {@code drbdadm
         * disconnect}: supporting evidence, not proof.
         */
        CONNECTION_WENT_STANDALONE
    }

    /**
     * A line that is not events2 as this code knows it. It changed nothing: the monitor never guesses past it.
     *
     * @param lineNumber 1-based, within the output of the events2 process that printed it
     * @param undecodableSoFar lines this monitor could not decode since it started, this one included
     */
    record UndecodableLine(int lineNumber, String line, String reason, long undecodableSoFar) implements DrbdEvent {
        public UndecodableLine {
            Objects.requireNonNull(line, "line");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The events2 process ended, or could not be started, while the monitor was running. Until the restart has
     * listed DRBD's state again, what was last reported may be stale.
     *
     * @param command the argv that was run
     * @param exitCode empty when the process could not be started
     * @param diagnostics the last lines the process wrote to stderr, or why it could not be started
     * @param linesRead lines read from its stdout
     * @param restartIn when the monitor runs {@code events2 --now} and then the command again
     */
    record EventsProcessEnded(List<String> command, Cause cause, OptionalInt exitCode, String diagnostics,
            long linesRead, Duration restartIn) implements DrbdEvent {

        public EventsProcessEnded {
            command = List.copyOf(command);
            Objects.requireNonNull(cause, "cause");
            Objects.requireNonNull(exitCode, "exitCode");
            Objects.requireNonNull(diagnostics, "diagnostics");
            Objects.requireNonNull(restartIn, "restartIn");
        }

        /** One line for an operator: the cause first, then what DRBD said. */
        public String description() {
            String commandLine = String.join(" ", command);
            String said = diagnostics.isBlank() ? "" : ": " + diagnostics.strip().replace('\n', ' ');
            return switch (cause) {
                case NO_KERNEL_MODULE -> "no DRBD kernel module on this machine: " + commandLine + " exited "
                        + exitCode.orElse(-1) + said;
                case COULD_NOT_START -> "could not start " + commandLine + said;
                case EXITED -> commandLine + " exited " + exitCode.orElse(-1) + " after " + linesRead + " lines"
                        + said;
            };
        }
    }

    /** Why the events2 process ended. */
    enum Cause {
        /**
         * drbdsetup found no /proc/drbd and could not load the module: exit 20 with {@code Failed to modprobe drbd}
         * (or {@code Make sure that the DRBD kernel module is installed}). Nothing DRBD-related runs on this machine.
         */
        NO_KERNEL_MODULE,
        /** The program could not be executed at all (not installed, not executable). */
        COULD_NOT_START,
        /** Any other end: the command is meant to run until stopped. */
        EXITED
    }
}

package io.tandem.drbd.flow;

import java.util.List;

/** How a flow of {@link Flows} ended: every step done, or stopped before an unsafe one. */
public sealed interface FlowOutcome {

    /** @param transcript what was run, in order, as {@code node: command} */
    record Completed(List<String> transcript) implements FlowOutcome {
        public Completed {
            transcript = List.copyOf(transcript);
        }
    }

    /**
     * @param reason what is unsafe or what DRBD refused, in the nodes' terms
     * @param recoveryCommands the exact commands an operator runs next, prefixed with the node ({@code on NODE: })
     *     where it matters; comment lines start with {@code #}
     * @param transcript what was run before stopping
     */
    record Stopped(String reason, List<String> recoveryCommands, List<String> transcript) implements FlowOutcome {
        public Stopped {
            recoveryCommands = List.copyOf(recoveryCommands);
            transcript = List.copyOf(transcript);
        }

        /** The reason and the recovery commands, ready for a terminal. */
        public String message() {
            StringBuilder text = new StringBuilder(reason);
            if (!recoveryCommands.isEmpty()) {
                text.append("\nRecover with:");
                recoveryCommands.forEach(line -> text.append("\n  ").append(line));
            }
            return text.toString();
        }
    }

    default boolean isCompleted() {
        return this instanceof Completed;
    }
}

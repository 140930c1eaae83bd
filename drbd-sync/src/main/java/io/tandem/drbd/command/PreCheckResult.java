package io.tandem.drbd.command;

import java.util.List;

/** The answer of a {@link PreChecks} method: go ahead with the plan, or do not and here is what to do instead. */
public sealed interface PreCheckResult {

    /** The node's state allows the plan. */
    record Proceed() implements PreCheckResult {}

    /**
     * The plan is refused.
     *
     * @param reason what is unsafe, in the node's terms (roles and disk states)
     * @param recoveryCommands the exact commands, in order, that an operator would run instead
     * @param retriable whether the same check may pass later without anyone acting (a device still being unmounted),
     *     as opposed to needing a decision
     */
    record Refused(String reason, List<String> recoveryCommands, boolean retriable) implements PreCheckResult {

        public Refused {
            recoveryCommands = List.copyOf(recoveryCommands);
            if (reason == null || reason.isBlank()) {
                throw new IllegalArgumentException("a refusal says why");
            }
        }

        /** The reason followed by the recovery commands, one per line, ready for a log or a terminal. */
        public String message() {
            StringBuilder message = new StringBuilder(reason);
            if (!recoveryCommands.isEmpty()) {
                message.append("\nRecover with:");
                recoveryCommands.forEach(command -> message.append("\n  ").append(command));
            }
            return message.toString();
        }
    }

    default boolean isRefused() {
        return this instanceof Refused;
    }
}

package io.tandem.replicator.check;

import io.tandem.replicator.config.StartupCheck;
import java.util.Objects;

/**
 * One reason the replicator must not start.
 *
 * @param check the check that found it; its id is what {@code allow} takes
 * @param message what is wrong, on which server, and what to do, for an operator; never a password
 * @param overridable whether {@code allow = <check>} can switch it off (some findings of an overridable
 *     check are not, such as {@code binlog_format=STATEMENT})
 */
public record Problem(StartupCheck check, String message, boolean overridable) {

    public Problem {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(message, "message");
        if (overridable && !check.isOverridable()) {
            throw new IllegalArgumentException(check + " cannot be overridden");
        }
    }

    /** The problem as one report line: the message, then how to override it or that it cannot be. */
    public String describe() {
        return message + (overridable ? " [override: allow = " + check.id() + "]" : " [" + check.id()
                + ": cannot be overridden]");
    }
}

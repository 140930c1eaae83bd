package io.tandem.heartbeat.vip;

import java.util.Optional;

/** An {@code ip} command failed, could not be started, or ran past its time. */
public final class IpCommandFailedException extends VirtualIpException {

    private final transient CommandResult result;

    IpCommandFailedException(String message, CommandResult result) {
        super(message + ": " + result.describe());
        this.result = result;
    }

    IpCommandFailedException(String message, Throwable cause) {
        super(message + ": " + cause.getMessage(), cause);
        this.result = null;
    }

    /** How the command ended; empty when it could not be started. */
    public Optional<CommandResult> result() {
        return Optional.ofNullable(result);
    }

    /** Whether the command was killed for running past its timeout. */
    public boolean isTimedOut() {
        return result != null && result.isTimedOut();
    }
}

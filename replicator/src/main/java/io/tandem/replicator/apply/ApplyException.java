package io.tandem.replicator.apply;

/**
 * A transaction could not be applied. {@code retriable} failures (deadlock, lock wait timeout, a lost
 * connection) are retried from the checkpoint; the others stop the channel with this message, which
 * names the event, the position, the GTID, the statement and a command to inspect the event.
 */
public final class ApplyException extends Exception {

    private final boolean retriable;
    private final int errorCode;

    public ApplyException(String message, boolean retriable, int errorCode, Throwable cause) {
        super(message, cause);
        this.retriable = retriable;
        this.errorCode = errorCode;
    }

    public boolean isRetriable() {
        return retriable;
    }

    public int errorCode() {
        return errorCode;
    }
}

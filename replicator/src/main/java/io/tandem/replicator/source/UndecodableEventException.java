package io.tandem.replicator.source;

/**
 * An event tandem cannot decode exactly. The channel stops at it: continuing would lose the event,
 * which is what the binlog library does by default (it logs and skips).
 */
public final class UndecodableEventException extends RuntimeException {

    public UndecodableEventException(String message) {
        super(message);
    }

    public UndecodableEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
